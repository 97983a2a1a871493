"""The regulators' workspace shell: layout context, navigation, the officer's home page."""
