"""Administrators browse, filter, page through and export the audit trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import record
from app.kit.actor import Actor, Role
from app.kit.clock import SHANGHAI
from app.models import AuditEntry
from tests.support.auth import login

Clock = Callable[[dt.datetime | dt.date], None]
CLERK = Actor(501, "wang.clerk", Role.clerk, None, frozenset(), "10.1.1.1")
REVIEWER = Actor(502, "chen.reviewer", Role.reviewer, None, frozenset(), "10.1.1.2")


def _history(session: Session, frozen_clock: Clock) -> None:
    for day in range(1, 6):
        frozen_clock(dt.datetime(2026, 10, day, 9, 30, tzinfo=SHANGHAI))
        record(session, CLERK, "penalty.submit", "penalty", str(day), after={"day": day})
        record(session, REVIEWER, "penalty.approve", "penalty", str(day))
    frozen_clock(dt.datetime(2026, 10, 10, 9, 0, tzinfo=SHANGHAI))


def test_filters_by_actor_action_object_and_dates(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    _history(session, frozen_clock)
    login(client, Role.admin)
    by_actor = client.get("/admin/audit", params={"actor": "wang.clerk"}).text
    assert by_actor.count("penalty.submit</code>") == 5
    assert "penalty.approve</code>" not in by_actor
    by_object = client.get("/admin/audit", params={"object_type": "penalty", "object_id": "3"}).text
    assert by_object.count("<td>penalty #3</td>") == 2
    by_dates = client.get(
        "/admin/audit",
        params={"action": "penalty.approve", "date_from": "2026-10-02", "date_to": "2026-10-03"},
    ).text
    assert by_dates.count("penalty.approve</code>") == 2
    prefix = client.get("/admin/audit", params={"action": "penalty."}).text
    assert prefix.count("<td>penalty #") == 10
    bad = client.get("/admin/audit", params={"date_from": "2026-13-01"})
    assert "应为日期（YYYY-MM-DD）" in bad.text


def test_pages_follow_a_signed_cursor(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    _history(session, frozen_clock)
    login(client, Role.admin)
    first = client.get("/admin/audit", params={"action": "penalty."})
    assert first.text.count("<td>penalty #") == 10  # default page size 20
    for _ in range(15):
        record(session, CLERK, "penalty.submit", "penalty", "9")
    page1 = client.get("/admin/audit", params={"action": "penalty."})
    assert page1.text.count("<td>penalty #") == 20
    assert 'rel="next"' in page1.text
    next_url = page1.text.split('<a href="')[-1].split('"')[0].replace("&amp;", "&")
    page2 = client.get(next_url)
    assert page2.text.count("<td>penalty #") == 5
    assert 'rel="next"' not in page2.text
    tampered = client.get("/admin/audit", params={"cursor": "eyJpZCI6OTl9.0000000000000000"})
    assert tampered.status_code == 400


def test_export_is_a_csv_and_is_itself_audited(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    _history(session, frozen_clock)
    admin = login(client, Role.admin)
    response = client.get("/admin/audit/export.csv", params={"actor": "chen.reviewer"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["序号", "时间（北京时间）", "操作人", "角色", "操作"]
    assert len(rows) == 6
    assert {row[2] for row in rows[1:]} == {"chen.reviewer"}
    export = session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.export")).one()
    assert export.actor_user_id == admin.user_id
    assert export.after == {"filters": {"actor": "chen.reviewer"}, "rows": 5}


def test_only_administrators_read_the_audit_trail(client: TestClient) -> None:
    for role in (Role.clerk, Role.reviewer, Role.nomination):
        login(client, role)
        assert client.get("/admin/audit").status_code == 403
        assert client.get("/admin/audit/export.csv").status_code == 403
