"""The platform pulls the portal's change feed with its API key, resuming from its stored cursor.

A platform without a cursor starts from the portal's snapshot (the current public set and the
cursor it reflects), unless told to read the whole feed from the beginning. Each page is applied
and its cursor stored in one transaction, so a pull that stops anywhere resumes exactly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from app.kit import clock
from app.kit.db import session_scope
from app.platform import service

CURSOR_KEY = "pull_cursor"


@dataclass
class PullReport:
    pages: int = 0
    events: int = 0
    applied: int = 0
    stale: int = 0
    duplicate: int = 0
    snapshot_records: int = 0
    cursor: str | None = None

    def count(self, outcome: str) -> None:
        self.events += 1
        if outcome == "applied":
            self.applied += 1
        elif outcome == "stale":
            self.stale += 1
        else:
            self.duplicate += 1


class FeedClient:
    """The portal's feed over HTTP. A failed request (no answer, 5xx, 429) is tried again a few
    times with a growing pause (honouring Retry-After) before the pull gives up."""

    def __init__(
        self,
        portal_url: str,
        api_key: str,
        client: httpx.Client | None = None,
        tries: int = 5,
        pause: float = 0.5,
    ) -> None:
        self.base = portal_url.rstrip("/")
        self.client = client or httpx.Client(timeout=60)
        self.headers = {"authorization": f"Bearer {api_key}"}
        self.tries = tries
        self.pause = pause

    def _get(self, path: str, params: dict[str, str | int]) -> dict[str, Any]:
        for attempt in range(1, self.tries + 1):
            try:
                response = self.client.get(self.base + path, params=params, headers=self.headers)
            except httpx.TransportError:
                if attempt == self.tries:
                    raise
                time.sleep(self.pause * attempt)
                continue
            if response.status_code in (429, 500, 502, 503, 504) and attempt < self.tries:
                retry_after = response.headers.get("retry-after", "")
                wait = float(retry_after) if retry_after.isdigit() else self.pause * attempt
                time.sleep(min(wait, 60.0))
                continue
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            return body
        raise RuntimeError("unreachable")  # pragma: no cover

    def snapshot(self) -> dict[str, Any]:
        return self._get("/api/v1/feed/snapshot", {})

    def page(self, cursor: str | None, limit: int) -> dict[str, Any]:
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["after"] = cursor
        return self._get("/api/v1/feed", params)


def _load_snapshot(factory: sessionmaker[Session], feed: FeedClient, report: PullReport) -> str:
    snap = feed.snapshot()
    cursor = str(snap["cursor"])
    items: list[dict[str, Any]] = snap["items"]
    with session_scope(factory) as session:
        now = clock.now()
        for item in items:
            record = item["record"]
            event = service.Event(
                event_id=f"snap_{record['type']}_{record['id']}_{record['sequence']}",
                kind=f"{record['type']}.published",
                record_type=record["type"],
                record_id=int(record["id"]),
                record_version=int(record["version"]),
                sequence=int(record["sequence"]),
                data=item["data"],
            )
            service.apply_event(session, event, "snapshot", now)
        service.set_value(session, CURSOR_KEY, cursor)
    report.snapshot_records = len(items)
    return cursor


def pull(
    factory: sessionmaker[Session],
    feed: FeedClient,
    *,
    page_size: int,
    from_start: bool = False,
    follow: bool = False,
    poll_seconds: float = 2.0,
    max_pages: int | None = None,
) -> PullReport:
    """Read the feed up to its end (or forever with ``follow``); returns what happened."""
    report = PullReport()
    with session_scope(factory) as session:
        cursor = service.get_value(session, CURSOR_KEY)
    if cursor is None and not from_start:
        cursor = _load_snapshot(factory, feed, report)
    while max_pages is None or report.pages < max_pages:
        page = feed.page(cursor, page_size)
        events: list[dict[str, Any]] = page["events"]
        with session_scope(factory) as session:
            now = clock.now()
            for envelope in events:
                event = service.parse_event(envelope)
                report.count(service.apply_event(session, event, "pull", now))
            cursor = str(page["next_cursor"])
            service.set_value(session, CURSOR_KEY, cursor)
        report.pages += 1
        if not page["has_more"]:
            if not follow:
                break
            time.sleep(poll_seconds)
    report.cursor = cursor
    return report
