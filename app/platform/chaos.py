"""Misbehaving on purpose, for tests: only when a setting enables it (all off by default).

``ChaosMiddleware`` acts on pushes (``POST /api/v1/records``): answer slowly, answer 429 with
Retry-After, or fail with 503 before applying / 500 after applying (the answer is lost, the event
was applied). ``refusing_protocol`` resets a share of connections without any answer.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.platform.config import PlatformSettings


class ChaosMiddleware:
    def __init__(self, app: ASGIApp, settings: PlatformSettings, rng: random.Random) -> None:
        self.app = app
        self.settings = settings
        self.rng = rng

    async def _answer(self, send: Send, status: int, message: str, headers: list[Any]) -> None:
        body = json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), *headers],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        is_push = (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == "/api/v1/records"
        )
        if not is_push:
            await self.app(scope, receive, send)
            return
        s, dice = self.settings, self.rng
        if s.slow_rate and dice.random() < s.slow_rate:
            await asyncio.sleep(s.slow_seconds)
        if s.throttle_rate and dice.random() < s.throttle_rate:
            retry = str(s.retry_after_seconds).encode()
            await self._answer(send, 429, "请求过于频繁", [(b"retry-after", retry)])
            return
        if s.fail_rate and dice.random() < s.fail_rate:
            if dice.random() >= s.fail_after_apply_share:
                await self._answer(send, 503, "平台暂时不可用（模拟故障）", [])
                return

            async def swallow(message: Message) -> None:
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    await self._answer(send, 500, "平台内部错误（模拟：已处理但应答丢失）", [])

            await self.app(scope, receive, swallow)
            return
        await self.app(scope, receive, send)


def refusing_protocol(base: type[asyncio.Protocol], rate: float, rng: random.Random) -> type[Any]:
    """A uvicorn HTTP protocol class that resets ``rate`` of the requests it receives (RST)."""

    class Refusing(base):  # type: ignore[valid-type,misc]  # a class built from a runtime base
        def data_received(self, data: bytes) -> None:
            if rng.random() < rate:
                transport = self.transport
                sock = transport.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                transport.abort()
                return
            super().data_received(data)

    return Refusing
