"""Signing pushes with the Standard Webhooks scheme (https://www.standardwebhooks.com).

Headers: ``webhook-id`` (the event id, the same on every retry), ``webhook-timestamp`` (Unix
seconds of this attempt) and ``webhook-signature`` = ``v1,`` + base64(HMAC-SHA256(key,
"{id}.{timestamp}.{body}")), where the key is the base64 part of the secret ``whsec_<base64>``.
During a secret rotation, several secrets sign at once: the header then carries several
space-separated signatures and the receiver accepts the message if any one verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SECRET_PREFIX = "whsec_"  # noqa: S105 - the scheme's prefix, not a secret


class BadSecret(ValueError):
    pass


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_<base64>`` secret."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise BadSecret("webhook secret must be whsec_ followed by base64") from None
    if len(key) < 24:
        raise BadSecret("webhook secret must hold at least 24 bytes")
    return key


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature."""
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), to_sign, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secrets: list[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers of a push, signed with every secret in ``secrets``."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, msg_id, timestamp, body) for s in secrets),
    }


def split_secrets(value: str) -> list[str]:
    """Settings hold one secret, or several separated by commas or spaces (rotation)."""
    return [s for s in value.replace(",", " ").split() if s]
