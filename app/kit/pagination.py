"""Keyset pagination with opaque, signed cursors.

A cursor is the sort key of the last row served, signed with the secret key so that a tampered
cursor is refused (400) instead of silently serving the wrong page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from app.kit.errors import DomainError, FieldError


class InvalidCursor(DomainError):
    status_code = 400
    code = "invalid_cursor"
    message = "翻页参数无效或已被修改，请从第一页重新开始"


def _sign(secret: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()[:16]


def encode_cursor(secret: str, key: dict[str, Any]) -> str:
    payload = json.dumps(key, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{token}.{_sign(secret, payload)}"


def decode_cursor(secret: str, cursor: str, field: str = "cursor") -> dict[str, Any]:
    try:
        token, signature = cursor.rsplit(".", 1)
        payload = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        raise InvalidCursor(fields=[FieldError(field, "翻页参数格式错误")]) from None
    if not hmac.compare_digest(_sign(secret, payload).encode(), signature.encode()):
        raise InvalidCursor(fields=[FieldError(field, "翻页参数校验失败")])
    try:
        key = json.loads(payload)
    except ValueError:
        raise InvalidCursor(fields=[FieldError(field, "翻页参数格式错误")]) from None
    if not isinstance(key, dict):
        raise InvalidCursor(fields=[FieldError(field, "翻页参数格式错误")])
    return key
