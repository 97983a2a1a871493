"""The rule set as data (versions chosen by decision date), 公示截止期 derived from the decision
date and severity only, the working-day calendar (2026 Spring Festival and National Day) and its
administration page, and the ``ecocredit rules`` commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.config import Settings
from app.kit.actor import Role
from app.models import AuditEntry, CalendarDay, PenaltyRecord, RuleSet, RuleTick, Severity
from app.publication.calendar import add_working_days, working_calendar, working_days_between
from app.publication.periods import publication_end_date, repair_possible_from, unrepairable_reason
from app.publication.rules import forget_rule_book, rules_for_decision
from tests.support.auth import login
from tests.support.factories import make_enterprise
from tests.support.publication import DAY, SetClock, correct, make_bureau, publish

D = dt.date


@pytest.mark.parametrize(
    ("decided", "code", "unrepairable"),
    [
        (D(2019, 5, 1), "pre-2026", True),
        (D(2026, 3, 31), "pre-2026", True),  # the last day of the older rules
        (D(2026, 4, 1), "ndrc-36-2026", False),  # 《信用修复管理办法》 in force
        (D(2026, 11, 1), "ndrc-36-2026", False),
    ],
)
def test_each_record_is_judged_by_the_rules_in_force_on_its_decision_date(
    session: Session, decided: dt.date, code: str, unrepairable: bool
) -> None:
    assert rules_for_decision(session, decided).code == code
    reason = unrepairable_reason(session, ["罚款", "责令停产停业"], decided)
    assert (reason is not None) is unrepairable
    assert unrepairable_reason(session, ["罚款"], decided) is None


@pytest.mark.parametrize(
    ("severity", "decided", "last", "repair_from"),
    [
        (Severity.minor, D(2026, 6, 1), None, D(2026, 6, 1)),
        (Severity.general, D(2026, 6, 1), D(2027, 5, 31), D(2026, 9, 1)),
        (Severity.serious, D(2026, 6, 1), D(2029, 5, 31), D(2027, 6, 1)),
        (Severity.general, D(2026, 3, 31), D(2027, 3, 30), D(2026, 6, 30)),
        # a leap day: the same calendar day later is the month's last (28 February)
        (Severity.serious, D(2024, 2, 29), D(2027, 2, 27), D(2025, 2, 28)),
    ],
)
def test_periods_count_from_the_decision_date(
    session: Session,
    severity: Severity,
    decided: dt.date,
    last: dt.date | None,
    repair_from: dt.date,
) -> None:
    assert publication_end_date(session, severity, decided) == last
    assert repair_possible_from(session, severity, decided) == repair_from


def test_a_new_rule_version_is_a_row_and_judges_only_later_decisions(session: Session) -> None:
    current = session.scalars(select(RuleSet).where(RuleSet.code == "ndrc-36-2026")).one()
    longer = {**current.definition}
    longer["periods"] = {**longer["periods"], "general": {**longer["periods"]["general"]}}
    longer["periods"]["general"]["maximum_months"] = 24
    session.add(
        RuleSet(code="test-2030", name="测试规则", effective_from=D(2030, 1, 1), definition=longer)
    )
    session.flush()
    forget_rule_book(session)
    assert publication_end_date(session, Severity.general, D(2029, 12, 31)) == D(2030, 12, 30)
    assert publication_end_date(session, Severity.general, D(2030, 1, 1)) == D(2031, 12, 31)


def test_the_end_of_publication_moves_only_with_the_decision_date_or_severity(
    session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(D(2026, 6, 10))
    bureau = make_bureau(session)
    company = make_enterprise(session)
    first = publish(session, settings, bureau, company, decision_date=D(2026, 6, 1))
    assert first.publication_end_date == D(2027, 5, 31)
    frozen_clock(D(2026, 8, 20))  # weeks later, an unrelated edit: the remarks
    remarks = correct(session, settings, bureau, first, company, remarks="补充：已缴纳罚款")
    assert remarks.publication_end_date == D(2027, 5, 31)
    facts = correct(session, settings, bureau, remarks, company, violation_facts="更正违法事实。")
    assert facts.publication_end_date == D(2027, 5, 31)
    decided = correct(session, settings, bureau, facts, company, decision_date="2026-05-20")
    assert decided.publication_end_date == D(2027, 5, 19)
    graver = correct(session, settings, bureau, decided, company, severity="serious")
    assert graver.publication_end_date == D(2029, 5, 19)
    record = session.get_one(PenaltyRecord, first.record_id)
    assert record.withdrawn_at is None


# (start, n, n-th working day after start): across the 2026 Spring Festival (holidays 2-15 to
# 2-23; 2-14 and 2-28 worked) and National Day (9-25 to 9-27 mid-autumn, 10-1 to 10-7;
# 9-20 and 10-10 worked).
WORKING_DAYS = [
    (D(2026, 2, 12), 1, D(2026, 2, 13)),
    (D(2026, 2, 12), 2, D(2026, 2, 14)),  # a Saturday worked instead
    (D(2026, 2, 12), 3, D(2026, 2, 24)),  # over the nine days off
    (D(2026, 2, 13), 3, D(2026, 2, 25)),
    (D(2026, 2, 15), 1, D(2026, 2, 24)),  # applied on a holiday: counting starts after it
    (D(2026, 2, 20), 10, D(2026, 3, 6)),  # 2-24..2-28 (Saturday worked), then 3-2..3-6
    (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Sunday 9-20 worked
    (D(2026, 9, 24), 1, D(2026, 9, 28)),  # over mid-autumn
    (D(2026, 9, 29), 3, D(2026, 10, 9)),  # 9-30, then 10-8, 10-9
    (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Saturday 10-10 worked
    (D(2026, 9, 18), 10, D(2026, 10, 9)),
    (D(2026, 10, 1), 0, D(2026, 10, 1)),
    (D(2026, 2, 24), -1, D(2026, 2, 14)),  # backwards over the Spring Festival
]


@pytest.mark.parametrize(("start", "n", "expected"), WORKING_DAYS)
def test_working_days_follow_the_state_council_schedule(
    session: Session, start: dt.date, n: int, expected: dt.date
) -> None:
    assert add_working_days(session, start, n) == expected
    assert working_days_between(session, start, expected) == n


def test_the_2025_and_2026_schedules_are_seeded(session: Session) -> None:
    calendar = working_calendar(session)
    assert len([d for d in calendar.holidays if d.year == 2025]) == 28
    assert len([d for d in calendar.holidays if d.year == 2026]) == 33
    assert sorted(d.isoformat() for d in calendar.workdays if d.year == 2026) == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    # 261 weekdays, 19 of them days off, 6 weekend days worked
    assert working_days_between(session, D(2025, 12, 31), D(2026, 12, 31)) == 248


def test_an_administrator_keeps_the_calendar_and_every_change_is_audited(
    client: TestClient, session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    frozen_clock(D(2026, 11, 28))
    login(client, Role.admin)
    page = client.get("/admin/calendar?year=2026")
    assert page.status_code == 200
    assert "2026-02-15" in page.text
    assert "春节" in page.text
    assert add_working_days(session, D(2027, 1, 29), 1) == D(2027, 2, 1)

    added = client.post(
        "/admin/calendar",
        data={"day": "2027-02-01", "kind": "holiday", "name": "春节"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert session.scalar(select(CalendarDay.name).where(CalendarDay.day == D(2027, 2, 1)))
    session.info.clear()  # the next read sees the new calendar
    assert add_working_days(session, D(2027, 1, 29), 1) == D(2027, 2, 2)

    bad = client.post("/admin/calendar", data={"day": "2027-02-03", "kind": "workday", "name": ""})
    assert bad.status_code == 422
    assert "调休上班日应为周六或周日" in bad.text or "请填写节日名称" in bad.text
    twice = client.post(
        "/admin/calendar", data={"day": "2027-02-01", "kind": "holiday", "name": "春节"}
    )
    assert twice.status_code == 409
    assert "已在日历中" in twice.text

    removed = client.post("/admin/calendar/2027-02-01/delete", follow_redirects=False)
    assert removed.status_code == 303
    session.info.clear()
    assert add_working_days(session, D(2027, 1, 29), 1) == D(2027, 2, 1)
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "calendar_day")
        .order_by(AuditEntry.id)
    ).all()
    assert list(actions) == ["calendar.add", "calendar.remove"]


def test_only_administrators_keep_the_calendar(client: TestClient) -> None:
    login(client, Role.reviewer)
    assert client.get("/admin/calendar").status_code == 403
    refused = client.post(
        "/admin/calendar", data={"day": "2027-02-01", "kind": "holiday", "name": "春节"}
    )
    assert refused.status_code == 403


def test_the_rules_commands(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli import app as cli
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker

    url = fresh_database()
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        shown = runner.invoke(cli, ["rules", "show"])
        assert shown.exit_code == 0, shown.output
        assert "ndrc-36-2026" in shown.output
        assert "pre-2026" in shown.output
        assert "一般：公示，最短3个月，最长12个月" in shown.output
        for _ in range(2):
            ticked = runner.invoke(cli, ["rules", "tick"])
            assert ticked.exit_code == 0, ticked.output
            assert "撤下公示事件：新发 0 条" in ticked.output
    finally:
        get_settings.cache_clear()
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as check:
            assert len(check.scalars(select(RuleTick)).all()) == 2
    finally:
        engine.dispose()
    assert DAY.days == 1


def test_every_rule_reads_today_from_the_one_clock() -> None:
    """Nothing in the portal reads the system date itself: tests move ``app.kit.clock``."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    reads = re.compile(r"\b(date\.today|datetime\.(now|utcnow|today))\(")
    offenders = [
        f"{path.relative_to(root.parent)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if reads.search(line)
    ]
    assert offenders == []


def test_serve_runs_the_tick_in_the_background(fresh_database: Callable[[], str]) -> None:
    """The ticker of ``ecocredit serve`` runs a tick at once (in short transactions), then
    waits for its period; stopping it ends the thread."""
    import time

    from app.jobs.tick import start_ticker
    from app.kit.db import make_engine, make_sessionmaker

    engine = make_engine(fresh_database())
    factory = make_sessionmaker(engine)
    stop = start_ticker(factory, every_seconds=3600, trigger="test")
    try:
        deadline = time.monotonic() + 20
        finished: list[RuleTick] = []
        while not finished and time.monotonic() < deadline:
            time.sleep(0.05)
            with factory() as check:
                finished = list(
                    check.scalars(select(RuleTick).where(RuleTick.finished_at.is_not(None)))
                )
        assert [t.trigger for t in finished] == ["test"]
    finally:
        stop()
        engine.dispose()
