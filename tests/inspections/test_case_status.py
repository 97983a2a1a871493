"""A case's status and overdue reasons, derived from dates and milestones day by day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from app.inspections import findings, public_service, rules, service, snapshot
from app.inspections.fields import parse_finding
from app.inspections.repository import case_facts
from app.inspections.rules import CaseStatus, Overdue
from app.models import InspectionCase, MilestoneKind
from tests.support.inspections import (
    add_case,
    batch,
    campaign,
    finding_raw,
    officers,
)

Clock = Callable[[dt.datetime | dt.date], None]
HANDED = dt.date(2026, 6, 2)  # due 2026-06-07 (5 days), public from 2026-06-10 (8th day)


def _state(session: Session, case: InspectionCase, day: dt.date) -> rules.CaseState:
    return rules.case_state(case_facts(session, case, day), day)


def test_status_day_by_day_across_due_and_publication_days(
    session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(HANDED)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, HANDED)
    assert (b.findings_due_on, b.public_from) == (dt.date(2026, 6, 7), dt.date(2026, 6, 10))
    case = add_case(session, o.office_clerk, b.id, "D3SX202606020001")
    seen: dict[dt.date, tuple[CaseStatus, bool, tuple[Overdue, ...]]] = {}

    def look(day: dt.date) -> None:
        frozen_clock(day)
        state = _state(session, case, day)
        seen[day] = (state.status, state.findings_public, state.overdue)

    for offset in range(0, 7):  # up to 06-08: nothing reported yet
        look(HANDED + dt.timedelta(days=offset))
    assert seen[dt.date(2026, 6, 7)] == (CaseStatus.in_progress, False, ())  # the due day itself
    assert seen[dt.date(2026, 6, 8)] == (CaseStatus.in_progress, False, (Overdue.findings,))
    # reported and approved on 06-08: not public before the publication day
    frozen_clock(dt.date(2026, 6, 8))
    version = findings.record_findings(
        session, o.fushan_clerk, case.id, parse_finding(finding_raw()), and_submit=True
    )
    findings.approve(session, o.office_reviewer, version.id)
    look(dt.date(2026, 6, 8))
    assert seen[dt.date(2026, 6, 8)] == (CaseStatus.in_progress, False, ())
    look(dt.date(2026, 6, 9))
    assert seen[dt.date(2026, 6, 9)] == (CaseStatus.in_progress, False, ())
    look(dt.date(2026, 6, 10))
    assert seen[dt.date(2026, 6, 10)] == (CaseStatus.in_progress, True, ())
    # the public table has it from the publication day, not before
    assert public_service.case_detail(session, case.id, dt.date(2026, 6, 10)).truth == "属实"
    assert snapshot.campaign_snapshot(session, c.id, dt.date(2026, 6, 9)).rows[0].truth is None
    # rectification deadline 06-30 passes without 办结
    look(dt.date(2026, 6, 30))
    assert seen[dt.date(2026, 6, 30)][2] == ()
    look(dt.date(2026, 7, 1))
    assert seen[dt.date(2026, 7, 1)] == (CaseStatus.in_progress, True, (Overdue.deadline,))
    # 办结 on 07-02; 30 days later without 销号 it is overdue
    frozen_clock(dt.date(2026, 7, 2))
    service.record_milestone(
        session, o.fushan_clerk, case.id, MilestoneKind.closed, dt.date(2026, 7, 2)
    )
    look(dt.date(2026, 7, 2))
    assert seen[dt.date(2026, 7, 2)] == (CaseStatus.closed, True, ())
    look(dt.date(2026, 8, 1))
    assert seen[dt.date(2026, 8, 1)] == (CaseStatus.closed, True, ())
    look(dt.date(2026, 8, 2))
    assert seen[dt.date(2026, 8, 2)] == (CaseStatus.closed, True, (Overdue.closing,))
    service.record_milestone(
        session, o.office_clerk, case.id, MilestoneKind.cancelled, dt.date(2026, 8, 2)
    )
    look(dt.date(2026, 8, 2))
    assert seen[dt.date(2026, 8, 2)] == (CaseStatus.cancelled, True, ())
    # as_of the past: the state of that day, not today's
    assert _state(session, case, dt.date(2026, 7, 1)).status == CaseStatus.in_progress


def test_not_public_on_publication_day_is_overdue(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(HANDED)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, HANDED)
    case = add_case(session, o.office_clerk, b.id, "20260602-1")
    frozen_clock(dt.date(2026, 6, 6))
    findings.record_findings(
        session, o.fushan_clerk, case.id, parse_finding(finding_raw()), and_submit=True
    )  # reported in time, but nobody approves it
    for day, expected in [
        (dt.date(2026, 6, 9), (Overdue.findings,)),
        (dt.date(2026, 6, 10), (Overdue.findings, Overdue.publication)),
    ]:
        frozen_clock(day)
        assert _state(session, case, day).overdue == expected


def test_problem_status_counts_as_the_article_does() -> None:
    day = dt.date(2026, 6, 1)
    later = [dt.date(2026, 12, 31)]
    past = [dt.date(2026, 5, 1)]
    closed = rules.problem_state(
        {MilestoneKind.standard_reached: day, MilestoneKind.cancelled: day}, past, day
    )
    assert (closed.standard_reached, closed.closed, closed.on_schedule) == (True, True, False)
    standard = rules.problem_state({MilestoneKind.standard_reached: day}, past, day)
    assert (standard.standard_reached, standard.closed, standard.on_schedule) == (True, False, True)
    going = rules.problem_state({}, later, day)
    assert going.status == rules.ProblemStatus.on_schedule
    late = rules.problem_state({}, past, day)
    assert (late.status, late.on_schedule) == (rules.ProblemStatus.overdue, False)
