"""Accounts, sign-in, sessions, CSRF protection and API tokens of the regulators' workspace."""
