"""/admin/sync: officers see the push backlog, the dead letters and the feed consumers; reviewers
and administrators replay dead letters."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.feed.publications import unpublished as unpublished_records
from app.feed.repository import note_consumer
from app.feed.service import emit_penalty_published
from app.kit import clock
from app.kit.actor import Role
from app.models import AuditEntry, DeliveryAttempt, OutboxMessage, OutboxStatus
from app.sync.service import run_reconciliation
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


def _platform_holding(items: list[dict[str, object]]) -> httpx.Client:
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"counts": {}, "items": items, "next_after": None})

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_the_page_shows_the_last_reconciliation_and_resends_what_is_missing(
    client: TestClient, session: Session
) -> None:
    version = make_penalty(session, make_enterprise(session, name="烟台核对测试化工有限公司"))
    event = emit_penalty_published(session, version)
    assert event is not None
    session.execute(  # delivered, as far as the portal knows; yet the platform lacks it
        update(OutboxMessage)
        .where(OutboxMessage.event_id == event.id)
        .values(status=OutboxStatus.delivered, delivered_at=clock.now())
    )
    unpublished = make_penalty(session, make_enterprise(session, name="烟台未推送测试有限公司"))
    session.commit()

    reviewer = login(client, Role.reviewer)
    first = client.get("/admin/sync").text
    assert "尚未核对过" in first
    assert "有 1 条尚未写入变更订阅" in first
    kept, report = run_reconciliation(
        session, "http://platform", actor=reviewer, client=_platform_holding([])
    )
    session.commit()
    assert report is not None
    assert kept.difference_count == 2
    html = client.get("/admin/sync").text
    assert "差异 2 条" in html
    assert "烟台核对测试化工有限公司" in html
    assert "平台缺失" in html
    assert "补发差异记录" in html

    resent = client.post("/admin/sync/resend", follow_redirects=False)
    assert resent.status_code == 303
    page = client.get(resent.headers["location"]).text
    assert "已补写公示事件 1 条" in page
    assert "重新排队 1 条" in page
    session.expire_all()
    assert unpublished_records(session, clock.today()) == []
    pending = session.scalars(
        select(OutboxMessage.record_key).where(OutboxMessage.status == OutboxStatus.pending)
    ).all()
    assert sorted(pending) == sorted(
        [f"penalty:{version.record_id}", f"penalty:{unpublished.record_id}"]
    )


def test_an_unreachable_platform_is_shown_as_an_unfinished_check(
    client: TestClient, session: Session
) -> None:
    login(client, Role.admin)
    response = client.post("/admin/sync/reconcile", follow_redirects=True)
    assert response.status_code == 200
    assert "未能完成" in response.text
    assert "无差异" not in response.text
