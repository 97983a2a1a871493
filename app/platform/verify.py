"""Verifying Standard Webhooks signatures on the platform's side (its own implementation).

A push is accepted only when all of these hold; otherwise it is refused with 401 and the reason:
``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` are present and well formed; the
timestamp is within the tolerance (default 5 minutes, both ways); and one of the ``v1,``
signatures in the header equals HMAC-SHA256 over ``"{id}.{timestamp}.{body}"`` with one of the
accepted secrets (several during a rotation). Comparisons are constant-time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping

_ID = re.compile(r"^[A-Za-z0-9_\-.:]{1,40}$")
# ASCII digits only: str.isdigit() also accepts "²", which int() then refuses (once a 500).
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")


class SignatureRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def verify(
    secrets: list[str], headers: Mapping[str, str], body: bytes, now: int, tolerance: int
) -> str:
    """Return the verified ``webhook-id`` or raise :class:`SignatureRefused`."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signature_header = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signature_header:
        raise SignatureRefused(
            "缺少签名请求头（webhook-id / webhook-timestamp / webhook-signature）"
        )
    if not _ID.fullmatch(msg_id):
        raise SignatureRefused("webhook-id 格式错误")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise SignatureRefused("webhook-timestamp 格式错误")
    if abs(now - int(timestamp)) > tolerance:
        raise SignatureRefused("webhook-timestamp 超出允许的时间偏差")
    given: list[bytes] = []
    for part in signature_header.split(" "):
        version, _, value = part.partition(",")
        if version != "v1" or not value:
            continue
        try:
            given.append(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError):
            continue
    if not given:
        raise SignatureRefused("webhook-signature 格式错误（应为 v1,<base64>）")
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    for secret in secrets:
        expected = hmac.new(_key(secret), to_sign, hashlib.sha256).digest()
        if any(hmac.compare_digest(expected, g) for g in given):
            return msg_id
    raise SignatureRefused("签名校验失败")
