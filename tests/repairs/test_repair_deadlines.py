"""Deadlines in working days: an application or objection not handled in time is flagged on the
officers' home page, in the lists and in the API, counted on the holiday calendar (the 2026
中秋节 and 国庆节 holidays, and the Saturday worked on 10 October), with the clock moved day by day
across the boundaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import Authority, Objection, RepairApplication
from tests.support.auth import BASE_URL, login
from tests.support.factories import make_authority, make_enterprise
from tests.support.repairs import apply_for_repair, form_csrf, number_from, published_penalty

Clock = Callable[[dt.date], None]


@pytest.fixture(autouse=True)
def _https(client: TestClient) -> None:
    client.base_url = BASE_URL


def _flags(client: TestClient, authority: Authority, kind: str, number: str) -> dict[str, bool]:
    """Whether ``number`` is flagged overdue on each officers' view of ``kind``."""
    login(client, Role.reviewer, authority=authority)
    home = client.get("/admin").text
    listed = client.get(f"/admin/{kind}?overdue=1").text
    api = client.get(f"/api/v1/admin/{kind}?status=all").json()
    (row,) = [item for item in api if item["number"] == number]
    client.cookies.clear()
    return {
        "home": number in home and "已逾期" in home,
        "list": number in listed,
        "api": row["overdue"],
    }


def test_a_repair_application_is_overdue_only_after_its_working_day_deadlines(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session)
    version = published_penalty(
        session, enterprise=enterprise, authority=authority, decided=dt.date(2026, 5, 1)
    )
    frozen_clock(dt.date(2026, 9, 24))  # Thursday; 25-27 September are 中秋节 days off
    number = number_from(apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc))
    repair_id = session.scalars(
        select(RepairApplication.id).where(RepairApplication.number == number)
    ).one()

    # Acceptance within 3 working days: 28, 29, 30 September; a Monday-to-Friday count would
    # wrongly make it due on the 29th.
    for day, overdue in [
        (dt.date(2026, 9, 28), False),
        (dt.date(2026, 9, 29), False),
        (dt.date(2026, 9, 30), False),
        (dt.date(2026, 10, 1), True),
        (dt.date(2026, 10, 8), True),
    ]:
        frozen_clock(day)
        assert _flags(client, authority, "repairs", number) == {
            "home": overdue,
            "list": overdue,
            "api": overdue,
        }, day

    frozen_clock(dt.date(2026, 10, 8))
    login(client, Role.clerk, authority=authority)
    assert client.post(f"/api/v1/admin/repairs/{repair_id}/accept").status_code == 200
    client.cookies.clear()
    status = client.post("/api/v1/repairs/status", json={"number": number, "uscc": enterprise.uscc})
    accept_step, decide_step = status.json()["steps"]
    assert accept_step["due"] == "2026-09-30"
    assert accept_step["late"] is True
    # The decision within 10 working days of 8 October, counting Saturday 10 October (worked).
    assert decide_step["due"] == "2026-10-21"

    for day, overdue in [
        (dt.date(2026, 10, 20), False),
        (dt.date(2026, 10, 21), False),
        (dt.date(2026, 10, 22), True),
    ]:
        frozen_clock(day)
        assert _flags(client, authority, "repairs", number) == {
            "home": overdue,
            "list": overdue,
            "api": overdue,
        }, day

    login(client, Role.reviewer, authority=authority)
    approved = client.post(f"/api/v1/admin/repairs/{repair_id}/approve", json={"reason": "同意"})
    assert approved.status_code == 200
    assert approved.json()["overdue"] is False
    assert number not in client.get("/admin/repairs?overdue=1").text


def test_an_objection_is_overdue_after_its_answer_deadline(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    authority = make_authority(session)
    version = published_penalty(session, enterprise=make_enterprise(session), authority=authority)
    frozen_clock(dt.date(2026, 9, 30))  # Wednesday, the day before the 国庆节 days off
    page = client.get(f"/objections/new?penalty={version.record_id}")
    submitted = client.post(
        "/objections/new",
        data={
            "csrf_token": form_csrf(page),
            "penalty_record_id": str(version.record_id),
            "objector_kind": "person",
            "objector_name": "张先生",
            "contact_name": "张先生",
            "contact_phone": "13800000001",
            "reason": "违法事实中的日期有误。",
        },
        follow_redirects=False,
    )
    number = number_from(submitted)
    assert session.scalar(select(Objection.id)) is not None

    # 10 working days: 8, 9, 10 (Saturday worked), 12-16, 19, 20 October.
    for day, overdue in [
        (dt.date(2026, 10, 9), False),
        (dt.date(2026, 10, 20), False),
        (dt.date(2026, 10, 21), True),
    ]:
        frozen_clock(day)
        assert _flags(client, authority, "objections", number) == {
            "home": overdue,
            "list": overdue,
            "api": overdue,
        }, day
