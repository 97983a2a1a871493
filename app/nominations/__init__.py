"""Barred from nomination (两代表一委员): bars recorded and confirmed by regulators."""
