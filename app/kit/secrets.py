"""Keyed hashes and encryption for personal identifiers. Keys come from the settings."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet


def keyed_hash(key: str, value: str) -> str:
    """HMAC-SHA256 of ``value``: equal inputs match, the value cannot be read back."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def _fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode())
    except ValueError:
        # Not a Fernet key: derive one, so that development and test keys of any form work.
        return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def encrypt(key: str, value: str) -> str:
    return _fernet(key).encrypt(value.encode()).decode()


def decrypt(key: str, token: str) -> str:
    return _fernet(key).decrypt(token.encode()).decode()
