"""Security headers on every answer (pure ASGI): a Content Security Policy, ``nosniff``, a
Referrer-Policy, no framing, and HSTS in production.

The portal's pages use no script at all and only their own style sheets (``/static``): the policy
allows nothing else. Style *attributes* stay allowed (``style-src-attr 'unsafe-inline'``): the
pages colour credit-level badges with them, and a style attribute cannot run code. No page may be
framed (``frame-ancestors 'none'``, and ``X-Frame-Options: DENY`` for older browsers), so the
workspace cannot be overlaid by another site (clickjacking). ``base-uri 'none'`` and
``object-src 'none'`` close the two classic ways around a script policy.

The API documentation page (``/api/docs``, Swagger UI served from the project under
``/api/docs/assets``) is the one exception: it starts Swagger UI with an inline script and
inline styles; nothing on it comes from another site.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
DOCS_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)


def security_headers(
    hsts_seconds: int,
) -> tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes]]]:
    """(headers of every answer, headers of the docs page) as ASGI header pairs."""
    common = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if hsts_seconds > 0:
        common.append((b"strict-transport-security", f"max-age={hsts_seconds}".encode()))
    pages = [(b"content-security-policy", PAGE_POLICY.encode()), *common]
    docs = [(b"content-security-policy", DOCS_POLICY.encode()), *common]
    return pages, docs


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP answer (an answer that set one keeps its own)."""

    def __init__(
        self, app: ASGIApp, *, docs_path: str | None = None, hsts_seconds: int = 0
    ) -> None:
        self.app = app
        self.docs_path = docs_path
        self.pages, self.docs = security_headers(hsts_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs if scope.get("path") == self.docs_path else self.pages

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(pair for pair in extra if pair[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
