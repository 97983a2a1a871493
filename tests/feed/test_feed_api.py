"""GET /api/v1/feed and /api/v1/feed/snapshot, as an API client with a feed:read token sees them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.feed.payloads import PENALTY_FIELDS
from app.feed.service import (
    emit_list_entry_published,
    emit_penalty_published,
    emit_penalty_withdrawn,
)
from app.kit.actor import Role
from app.models import AuditEntry, FeedConsumer, PenaltyRecord, User
from app.sync.service import overview
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.workflows import make_officer

TODAY = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def _token(session: Session, scopes: list[str], name: str = "city-platform") -> str:
    owner = make_officer(session, Role.reviewer, None, name=name)
    secret, _ = create_token(session, owner, session.get_one(User, owner.user_id), "拉取", scopes)
    return secret


def _get(client: TestClient, path: str, token: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


def _publish(session: Session, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        version = make_penalty(session, make_enterprise(session))
        emit_penalty_published(session, version)
        ids.append(version.record_id)
    return ids


def test_only_feed_read_tokens_read_the_feed(client: TestClient, session: Session) -> None:
    assert client.get("/api/v1/feed").status_code == 401
    admin_only = _token(session, ["admin"], name="bureau-system")
    response = client.get("/api/v1/feed", headers={"Authorization": f"Bearer {admin_only}"})
    assert response.status_code == 403
    assert "feed:read" in response.json()["error"]["message"]
    reader = _token(session, ["feed:read"])
    assert client.get("/api/v1/feed", headers={"Authorization": f"Bearer {reader}"}).is_success


def test_following_the_cursor_gives_every_event_once_in_order(
    client: TestClient, session: Session
) -> None:
    token = _token(session, ["feed:read"])
    start = _get(client, "/api/v1/feed", token, limit=5000)["next_cursor"]  # skip older events
    ids = _publish(session, 23)
    emit_penalty_withdrawn(session, make_penalty(session, make_enterprise(session)), "expired")
    seen: list[str] = []
    cursor, pages = start, []
    while True:
        page = _get(client, "/api/v1/feed", token, after=cursor, limit=10)
        pages.append(len(page["events"]))
        seen.extend(e["id"] for e in page["events"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == [10, 10, 4]
    # The cursor also travels in headers, to ask for the next page before parsing this one.
    response = client.get(
        "/api/v1/feed",
        params={"after": start, "limit": 10},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.headers["x-next-cursor"] == response.json()["next_cursor"]
    assert response.headers["x-has-more"] == "true"
    assert 'rel="next"' in response.headers["link"]
    assert len(seen) == len(set(seen)) == 24
    # Nothing new: the same cursor comes back; a new event appears on the next poll.
    idle = _get(client, "/api/v1/feed", token, after=cursor)
    assert idle == {"events": [], "has_more": False, "next_cursor": cursor}
    _publish(session, 1)
    fresh = _get(client, "/api/v1/feed", token, after=cursor)
    assert [e["type"] for e in fresh["events"]] == ["penalty.published"]
    assert fresh["events"][0]["id"] not in seen
    first = _get(client, "/api/v1/feed", token, after=start, limit=1)["events"][0]
    assert first["record"] == {"type": "penalty", "id": ids[0], "version": 1, "sequence": 1}
    assert set(first["data"]) == set(PENALTY_FIELDS)


def test_withdrawals_are_events(client: TestClient, session: Session) -> None:
    token = _token(session, ["feed:read"])
    start = _get(client, "/api/v1/feed", token, limit=5000)["next_cursor"]
    version = make_penalty(session, make_enterprise(session))
    emit_penalty_published(session, version)
    emit_penalty_withdrawn(session, version, "repaired")
    events = _get(client, "/api/v1/feed", token, after=start)["events"]
    assert [(e["type"], e["record"]["sequence"]) for e in events] == [
        ("penalty.published", 1),
        ("penalty.withdrawn", 2),
    ]
    assert events[1]["data"]["reason_label"] == "信用修复"


def test_a_modified_cursor_is_refused(client: TestClient, session: Session) -> None:
    token = _token(session, ["feed:read"])
    cursor = _get(client, "/api/v1/feed", token)["next_cursor"]
    forged = cursor[:-1] + ("0" if cursor[-1] != "0" else "1")
    response = client.get(
        "/api/v1/feed", params={"after": forged}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["field"] == "after"


def test_every_read_is_audited_and_the_consumer_lag_is_known(
    client: TestClient, session: Session
) -> None:
    token = _token(session, ["feed:read"], name="lagging-platform")
    _publish(session, 3)
    reads_before = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "feed.read")
    )
    first = _get(client, "/api/v1/feed", token, limit=1)
    _get(client, "/api/v1/feed", token, after=first["next_cursor"], limit=1)
    reads = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "feed.read").order_by(AuditEntry.seq)
    ).all()
    assert len(reads) == (reads_before or 0) + 2
    assert reads[-1].actor_username == "lagging-platform"
    assert reads[-1].after is not None
    assert reads[-1].after["events"] == 1
    consumer = session.scalars(
        select(FeedConsumer).where(FeedConsumer.name == "lagging-platform")
    ).one()
    assert consumer.reads == 2
    lag = {c.name: c.lag for c in overview(session).consumers}
    assert lag["lagging-platform"] == overview(session).head - 2


def test_a_new_consumer_starts_from_a_snapshot_and_continues(
    client: TestClient, session: Session
) -> None:
    token = _token(session, ["feed:read"])
    public = make_penalty(session, make_enterprise(session))
    emit_penalty_published(session, public)
    expired = make_penalty(session, make_enterprise(session), decision_date=dt.date(2024, 1, 5))
    withdrawn = make_penalty(session, make_enterprise(session))
    record = session.get_one(PenaltyRecord, withdrawn.record_id)
    record.withdrawn_at = dt.datetime(2026, 6, 20, tzinfo=dt.UTC)
    entry = make_list_entry(session, make_enterprise(session))
    emit_list_entry_published(session, entry)
    session.flush()
    snap = _get(client, "/api/v1/feed/snapshot", token)
    keys = {(i["record"]["type"], i["record"]["id"]) for i in snap["items"]}
    assert ("penalty", public.record_id) in keys
    assert ("list_entry", entry.id) in keys
    assert ("penalty", expired.record_id) not in keys  # its period ended in 2025
    assert ("penalty", withdrawn.record_id) not in keys
    item = next(i for i in snap["items"] if i["record"]["id"] == public.record_id)
    assert item["record"]["sequence"] == 1  # the record's last event before the cursor
    assert snap["as_of"] == "2026-07-01"
    assert snap["count"] == len(snap["items"])
    # Continue with the feed: only what happened after the snapshot.
    later = _publish(session, 1)
    events = _get(client, "/api/v1/feed", token, after=snap["cursor"])["events"]
    assert [(e["record"]["id"], e["type"]) for e in events] == [(later[0], "penalty.published")]
    assert session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "feed.snapshot")
    )


def test_the_feed_format_is_documented_in_openapi(app: FastAPI) -> None:
    spec = app.openapi()
    feed = spec["paths"]["/api/v1/feed"]["get"]
    assert "feed:read" in feed["description"]
    example = feed["responses"]["200"]["content"]["application/json"]["example"]
    assert example["events"][0]["type"] == "penalty.published"
    schemas = spec["components"]["schemas"]
    penalty = schemas["PenaltyData"]["properties"]
    assert penalty["decision_number"]["description"] == "行政处罚决定书文号"
    assert penalty["party_id_masked"]["description"].startswith("证件号码（自然人，仅脱敏形式")
    assert "sequence" in schemas["RecordRef"]["properties"]
    assert "/api/v1/feed/snapshot" in spec["paths"]
