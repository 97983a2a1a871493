"""Credit levels follow from penalty points over a rolling 12 months (Shandong's 绿/蓝/黄/黑):
recomputed on publication and by the tick, dated the day points change (also when the tick runs
late), looked up by day; reaching 黑 proposes a black-list entry to the reviewers once per
crossing, never approving it; the reviewers' dashboard lists red-list candidates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.jobs.tick import run_tick
from app.kit.actor import Role
from app.lists import service as lists
from app.models import CreditAssessment, CreditScheme, EntryStatus, ListEntry, ListType
from app.workspace.service import review_queue
from tests.support.auth import login
from tests.support.factories import make_enterprise
from tests.support.public_data import make_assessment
from tests.support.publication import SetClock, make_bureau, publish

D = dt.date
FINE_12_WAN: dict[str, Any] = {
    "penalty_categories": ["罚款"],
    "fine_amount_yuan": "123456.78",
}  # 4 points
SHUTDOWN: dict[str, Any] = {  # 责令停产停业: 12 points at once
    "penalty_categories": ["责令停产停业"],
    "penalty_content": "责令停产整治",
    "fine_amount_yuan": "",
}


def _levels(session: Session, enterprise_id: int) -> list[tuple[str, int, dt.date, dt.date | None]]:
    rows = session.scalars(
        select(CreditAssessment)
        .where(CreditAssessment.enterprise_id == enterprise_id)
        .order_by(CreditAssessment.valid_from, CreditAssessment.id)
    ).all()
    return [(r.level, r.points, r.valid_from, r.valid_to) for r in rows]


def _proposals(session: Session, enterprise_id: int) -> list[ListEntry]:
    return list(
        session.scalars(
            select(ListEntry)
            .where(ListEntry.enterprise_id == enterprise_id, ListEntry.list_type == ListType.black)
            .order_by(ListEntry.id)
        )
    )


def test_levels_follow_the_points_and_black_proposes_once_per_crossing(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(D(2026, 6, 1))
    bureau = make_bureau(session)
    company = make_enterprise(session, name="烟台信用等级测试有限公司")
    fine = publish(session, settings, bureau, company, decision_date=D(2026, 6, 1), **FINE_12_WAN)
    assert _levels(session, company.id) == [("yellow", 4, D(2026, 6, 1), None)]
    record = client.get(f"/api/v1/enterprises/{company.uscc}").json()
    assert (record["credit_level"]["code"], record["credit_level"]["label"]) == ("yellow", "黄色")

    frozen_clock(D(2026, 7, 1))
    shutdown = publish(session, settings, bureau, company, decision_date=D(2026, 6, 28), **SHUTDOWN)
    assert _levels(session, company.id)[-1] == ("black", 16, D(2026, 7, 1), None)
    [proposal] = _proposals(session, company.id)
    assert proposal.status == EntryStatus.proposed  # never approved by itself
    assert proposal.proposed_by_id is None
    assert proposal.start_date == D(2026, 7, 1)
    assert proposal.end_date == D(2027, 6, 30)
    assert fine.record_id != shutdown.record_id
    assert "达到黑色" in proposal.basis
    assert lists.cited_records(session, proposal.id) == sorted([fine.record_id, shutdown.record_id])
    assert proposal.id in [row[0].id for row in review_queue(session, bureau.reviewer).entries]
    assert client.get(f"/api/v1/enterprises/{company.uscc}").json()["on_black_list"] is False

    for day in (D(2026, 7, 1), D(2026, 7, 2), D(2026, 8, 1)):
        frozen_clock(day)
        run_tick(session, trigger="test")
    assert len(_proposals(session, company.id)) == 1  # one crossing, one proposal
    lists.reject(session, bureau.reviewer, proposal.id, "已责令整改，暂不列入")
    run_tick(session, trigger="test")
    assert len(_proposals(session, company.id)) == 1

    # The tick runs late: the points left the window on 2027-06-01 (12 months after the
    # decisions of 2026-06-01) and 2027-06-28; the levels are dated those days.
    frozen_clock(D(2027, 8, 15))
    run_tick(session, trigger="test")
    assert _levels(session, company.id)[-2:] == [
        ("black", 12, D(2027, 6, 1), D(2027, 6, 27)),  # the fine left: 12 points remain
        ("green", 0, D(2027, 6, 28), None),
    ]
    for as_of, code in [("2026-06-30", "yellow"), ("2026-12-01", "black"), ("2027-07-01", "green")]:
        body = client.get(f"/api/v1/enterprises/{company.uscc}?as_of={as_of}").json()
        assert body["credit_level"]["code"] == code, as_of

    # A second crossing, a second proposal.
    frozen_clock(D(2027, 9, 1))
    publish(session, settings, bureau, company, decision_date=D(2027, 8, 30), **SHUTDOWN)
    assert [p.status for p in _proposals(session, company.id)] == [
        EntryStatus.rejected,
        EntryStatus.proposed,
    ]
    page = client.get(f"/enterprises/{company.uscc}").text
    assert "黑色" in page
    assert "绿色" in page
    assert "信用等级历史" in page


def test_an_enterprise_without_points_and_never_assessed_gets_no_level(
    session: Session, frozen_clock: SetClock
) -> None:
    frozen_clock(D(2026, 6, 1))
    company = make_enterprise(session)
    run_tick(session, trigger="test", full=True)
    assert _levels(session, company.id) == []


def test_the_dashboard_lists_red_list_candidates(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(D(2026, 7, 1))
    scheme = session.scalars(select(CreditScheme).where(CreditScheme.code == "sd-2020")).one()
    green = make_enterprise(session, name="烟台红名单候选测试有限公司")
    make_assessment(session, green, scheme, "green", D(2026, 1, 10))
    punished = make_enterprise(session, name="烟台近两年受罚测试有限公司")
    make_assessment(session, punished, scheme, "green", D(2026, 1, 10))
    bureau = make_bureau(session)
    publish(session, settings, bureau, punished, decision_date=D(2025, 3, 1), severity="minor")
    login(client, Role.reviewer)
    home = client.get("/admin").text
    assert "红名单候选企业" in home
    assert "烟台红名单候选测试有限公司" in home
    assert "烟台近两年受罚测试有限公司" not in home
    assert f"/admin/lists/new?list_type=red&amp;enterprise_id={green.id}" in home


def test_a_county_officer_sees_the_candidates_of_their_districts(
    client: TestClient, session: Session, frozen_clock: SetClock
) -> None:
    frozen_clock(D(2026, 7, 1))
    scheme = session.scalars(select(CreditScheme).where(CreditScheme.code == "sd-2020")).one()
    near = make_enterprise(session, name="烟台福山候选测试有限公司", district="370611")
    far = make_enterprise(session, name="烟台牟平候选测试有限公司", district="370612")
    for company in (near, far):
        make_assessment(session, company, scheme, "green", D(2026, 1, 10))
    login(client, Role.clerk, districts={"370611"})
    home = client.get("/admin").text
    assert "烟台福山候选测试有限公司" in home
    assert "烟台牟平候选测试有限公司" not in home


def test_points_of_a_penalty_decided_on_a_leap_day_leave_on_the_first_of_march(
    session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(D(2024, 2, 29))
    company = make_enterprise(session)
    publish(
        session,
        settings,
        make_bureau(session),
        company,
        decision_date=D(2024, 2, 29),
        **FINE_12_WAN,
    )
    frozen_clock(D(2025, 3, 5))
    run_tick(session, trigger="test")
    assert _levels(session, company.id) == [
        ("yellow", 4, D(2024, 2, 29), D(2025, 2, 28)),
        ("green", 0, D(2025, 3, 1), None),
    ]
