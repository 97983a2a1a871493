"""Request plumbing: request id, access log, metrics and a cap on body size (pure ASGI)."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.kit.logging import request_id_var
from app.kit.metrics import Metrics

log = logging.getLogger("ecocredit.access")

_REQUEST_ID_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def _route_template(scope: Scope) -> str:
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "<unmatched>"


class RequestContextMiddleware:
    """Gives every request an id (kept from a sane ``X-Request-ID``), logs and measures it."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        if incoming and len(incoming) <= 64 and set(incoming) <= _REQUEST_ID_OK:
            request_id = incoming
        else:
            request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _too_large(send, request_id)
            status_holder["status"] = 413
            self._finish(scope, status_holder["status"], started)
            request_id_var.reset(token)
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_id)
        except BodyTooLarge:
            status_holder["status"] = 413
            await _too_large(send, request_id)
        finally:
            self._finish(scope, status_holder["status"], started)
            request_id_var.reset(token)

    def _finish(self, scope: Scope, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        route = _route_template(scope)
        if self.metrics is not None and route != "/metrics":
            self.metrics.observe(route, scope["method"], status, elapsed)
        log.info(
            "%s %s %s",
            scope["method"],
            scope["path"],
            status,
            extra={
                "method": scope["method"],
                "path": scope["path"],
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            },
        )


class BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, request_id: str) -> None:
    body = (
        '{"error":{"status":413,"code":"payload_too_large","message":"请求内容过大",'
        f'"fields":[],"request_id":"{request_id}"}}}}'
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
