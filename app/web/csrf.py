"""CSRF protection for everything posted with the session cookie.

Two checks, both required for POST/PUT/PATCH/DELETE:

- a token tied to the session (an HMAC of the session token with the secret key): in the hidden
  form field ``csrf_token`` or the ``X-CSRF-Token`` header. Before sign-in (the sign-in form itself)
  the token is tied to a random value in the ``ecocredit_csrf`` cookie instead;
- ``Origin`` (or, without it, ``Referer``) must be the request's own origin when the browser sends
  one. Behind a TLS-terminating proxy, the proxy must pass ``X-Forwarded-Proto`` (uvicorn's
  ``--proxy-headers``) so that the request's own origin is ``https://…``.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from fastapi import Request

from app.kit.errors import Forbidden

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
PRE_SESSION_COOKIE = "ecocredit_csrf"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfFailed(Forbidden):
    code = "csrf_failed"
    message = "表单校验失败（页面已过期或来自其他网站），请返回刷新页面后重新提交"


def derive_token(secret_key: str, purpose: str, seed: str) -> str:
    return hmac.new(secret_key.encode(), f"{purpose}:{seed}".encode(), hashlib.sha256).hexdigest()


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}".lower()


def origin_ok(request: Request) -> bool:
    """The browser's ``Origin`` (or ``Referer``) is this site; absent headers are allowed (the
    token still has to match)."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() == own_origin(request)
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}".lower() == own_origin(request)
    return True


async def submitted_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        if isinstance(value, str):
            return value
    return ""


async def submitted_csrf(request: Request) -> str:
    """Dependency: the token sent with an unsafe request ("" for GET and HEAD). Reading the body
    is the only async part, so that the dependencies that check it can run in the threadpool
    with the (blocking) database session."""
    if request.method not in UNSAFE_METHODS:
        return ""
    return await submitted_token(request)


def check_csrf(request: Request, expected: str, submitted: str) -> None:
    """Raise ``CsrfFailed`` (403) unless the request is same-origin and carries ``expected``."""
    if not origin_ok(request):
        raise CsrfFailed()
    if not submitted or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise CsrfFailed()
