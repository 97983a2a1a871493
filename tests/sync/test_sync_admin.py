"""/admin/sync: officers see the push backlog, the dead letters and the feed consumers; reviewers
and administrators replay dead letters."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.feed.repository import note_consumer
from app.feed.service import emit_penalty_published
from app.kit import clock
from app.kit.actor import Role
from app.models import AuditEntry, DeliveryAttempt, OutboxMessage, OutboxStatus
from tests.support.auth import login
from tests.support.factories import make_enterprise, make_penalty


def _dead_letter(session: Session) -> OutboxMessage:
    version = make_penalty(session, make_enterprise(session, name="烟台死信测试化工有限公司"))
    event = emit_penalty_published(session, version)
    assert event is not None
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.event_id == event.id)).one()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(status=OutboxStatus.dead, attempts=15, last_status=422, last_error="字段缺失")
    )
    session.add(
        DeliveryAttempt(
            message_id=message.id,
            attempt=15,
            started_at=clock.now(),
            duration_ms=12,
            worker="test-worker",
            status_code=422,
            outcome="dead",
            response='{"error": "字段缺失 <script>"}',
        )
    )
    session.flush()
    return message


def test_officers_see_backlog_dead_letters_and_consumers(
    client: TestClient, session: Session
) -> None:
    _dead_letter(session)
    emit_penalty_published(session, make_penalty(session, make_enterprise(session)))
    note_consumer(session, "city-platform", 1, dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC))
    session.commit()
    login(client, Role.clerk)
    page = client.get("/admin/sync")
    assert page.status_code == 200
    html = page.text
    assert "<h1>数据同步（市公共信用信息平台）</h1>" in html
    assert "烟台死信测试化工有限公司" in html
    assert "字段缺失 &lt;script&gt;" in html  # the platform's answer, escaped
    assert "city-platform" in html
    assert "重新推送" not in html  # clerks look, reviewers and administrators replay
    assert 'href="/admin/sync" aria-current="page"' in html


def test_a_reviewer_replays_a_dead_letter(client: TestClient, session: Session) -> None:
    message = _dead_letter(session)
    session.commit()
    login(client, Role.reviewer)
    assert "重新推送" in client.get("/admin/sync").text
    response = client.post(
        "/admin/sync/replay", data={"message_id": str(message.id)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sync?replayed=1"
    session.refresh(message)
    assert message.status == OutboxStatus.pending
    assert message.attempts == 0
    replays = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync.replay")).all()
    assert replays[-1].after == {"replayed": 1, "all": False}


def test_replay_without_the_csrf_token_is_refused(client: TestClient, session: Session) -> None:
    message = _dead_letter(session)
    session.commit()
    login(client, Role.admin, csrf=False)
    response = client.post("/admin/sync/replay", data={"message_id": str(message.id)})
    assert response.status_code == 403
    session.refresh(message)
    assert message.status == OutboxStatus.dead
