"""Builders for the nomination watch tests: a watch registered through the API, a callback
receiver that is a real HTTP server on 127.0.0.1, and every text the watch's tables hold."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import NominationWatch, WatchCandidate, WatchNotification, WatchReview

URL = "/api/v1/nomination-watches"


def register(
    client: TestClient,
    token: str,
    candidates: list[dict[str, Any]],
    *,
    end_date: str = "2026-12-01",
    callback_url: str | None = None,
    name: str = "2026年区人大代表换届选举",
) -> Response:
    body: dict[str, Any] = {"name": name, "end_date": end_date, "candidates": candidates}
    if callback_url is not None:
        body["callback_url"] = callback_url
    response: Response = client.post(URL, json=body, headers={"Authorization": f"Bearer {token}"})
    return response


def poll(client: TestClient, token: str, watch_id: int, after: int = 0) -> list[dict[str, Any]]:
    response = client.get(
        f"{URL}/{watch_id}/notifications",
        params={"after": after},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def stored_text(session: Session) -> str:
    """Every value of every row of the watch's tables, as one text."""
    parts: list[str] = []
    for model in (NominationWatch, WatchCandidate, WatchNotification, WatchReview):
        for row in session.scalars(select(model)):
            parts.extend(repr(getattr(row, c.key)) for c in model.__table__.columns)
    return "\n".join(parts)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that records callbacks and answers with ``statuses`` in turn
    (then 200)."""

    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/ecocredit/watch"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                receiver.received.append(Received(dict(self.headers.items()), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
