"""Each severity through its whole life, the clock moved day by day across the boundaries (the day
before, of and after the minimum and the maximum): the public page, the API, the enterprise's
record, the penalty list, the black list's CSV and the feed agree every day; the withdrawal
reaches the feed exactly once, on the day after 公示截止期. A black-list entry and the bars it
carries likewise, with the nomination check."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.jobs.tick import run_tick
from app.models import PenaltyRecord, PersonRole, PublicationEnding, Severity
from app.models.listing import list_entry_penalties
from app.publication.periods import repair_possible_from
from app.publication.rules import add_months
from tests.support.factories import make_enterprise, make_list_entry
from tests.support.nominations import black_list, check, nomination_token, only, resident_id
from tests.support.nominations import make_bureau as make_list_bureau
from tests.support.publication import (
    DAY,
    SetClock,
    feed_events,
    feed_token,
    kinds_of,
    make_bureau,
    publish,
    seen,
)

DECIDED = dt.date(2026, 6, 1)  # under 《信用修复管理办法》 (in force since 2026-04-01)

# severity, published, minimum months, maximum months (DOMAIN.md)
LIVES = [
    ("minor", False, 0, 3),
    ("general", True, 3, 12),
    ("serious", True, 12, 36),
]


def _days(minimum: dt.date, last: dt.date) -> list[dt.date]:
    """The decision day and the days before, of and after each boundary, in order."""
    days = {DECIDED, minimum - DAY, minimum, minimum + DAY, last - DAY, last, last + DAY}
    return sorted(d for d in days | {last + 2 * DAY} if d >= DECIDED)


@pytest.mark.parametrize(("severity", "published", "min_months", "max_months"), LIVES)
def test_a_penalty_lives_and_expires_the_same_way_everywhere(
    client: TestClient,
    session: Session,
    settings: Settings,
    frozen_clock: SetClock,
    severity: str,
    published: bool,
    min_months: int,
    max_months: int,
) -> None:
    frozen_clock(DECIDED)
    bureau = make_bureau(session)
    company = make_enterprise(session, name=f"烟台{severity}生命周期测试有限公司")
    version = publish(session, settings, bureau, company, severity=severity, decision_date=DECIDED)
    number_text = session.get_one(PenaltyRecord, version.record_id).decision_number
    entry = make_list_entry(session, company, start=DECIDED, end=dt.date(2030, 5, 31))
    session.execute(
        list_entry_penalties.insert().values(
            list_entry_id=entry.id, penalty_record_id=version.record_id
        )
    )
    session.flush()
    token = feed_token(session)
    minimum = add_months(DECIDED, min_months)
    last = add_months(DECIDED, max_months) - DAY  # 公示截止期
    assert version.publication_end_date == (last if published else None)

    for day in _days(minimum, last):
        frozen_clock(day)
        run_tick(session, trigger="test")
        run_tick(session, trigger="test")  # a second run the same day changes nothing
        expected = published and day <= last
        outputs = seen(client, version, company.uscc, number_text)
        assert outputs.agree, (day, outputs)
        assert outputs.page is expected, (day, outputs)
        kinds = kinds_of(feed_events(client, token), "penalty", version.record_id)
        if not published:
            assert kinds == [], day
        elif day <= last:
            assert kinds == ["penalty.published"], day
        else:
            assert kinds == ["penalty.published", "penalty.withdrawn"], day
        may_repair = day >= repair_possible_from(session, Severity(severity), DECIDED)
        assert may_repair is (day >= minimum), day

    withdrawal = [
        e
        for e in feed_events(client, token)
        if e["type"] == "penalty.withdrawn" and e["record"]["id"] == version.record_id
    ]
    if published:
        assert withdrawal[0]["data"]["reason"] == "expired"
        assert withdrawal[0]["data"]["withdrawn_on"] == (last + DAY).isoformat()
    ended = session.scalar(
        select(func.count())
        .select_from(PublicationEnding)
        .where(PublicationEnding.record_id == version.record_id)
    )
    assert ended == (1 if published else 0)


def test_a_black_list_entry_and_its_bars_end_together_everywhere(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    start, end = dt.date(2026, 7, 1), dt.date(2027, 6, 30)
    frozen_clock(start - 10 * DAY)
    bureau = make_list_bureau(session, make_bureau(session).authority)
    number = resident_id()
    entry, company = black_list(
        session,
        settings,
        bureau,
        [("王五", number, PersonRole.legal_representative)],
        company=make_enterprise(session, name="烟台名单生命周期测试有限公司"),
        start=start,
        end=end,
    )
    token = feed_token(session)
    nomination, _ = nomination_token(session)
    for day in [start - DAY, start, start + DAY, end - DAY, end, end + DAY, end + 2 * DAY]:
        frozen_clock(day)
        run_tick(session, trigger="test")
        expected = start <= day <= end
        page = client.get("/lists/black").text
        api = client.get("/api/v1/lists/black").json()
        csv = client.get("/api/v1/lists/black?format=csv").content.decode("utf-8-sig")
        record = client.get(f"/api/v1/enterprises/{company.uscc}").json()
        barred = only(check(client, [{"name": "王五", "id_number": number}], token=nomination))
        answers = {
            "page": company.name in page,
            "api": any(e["id"] == entry.id for e in api["items"]),
            "csv": company.uscc in csv,
            "record": record["on_black_list"],
            "nomination": barred["status"] == "barred",
        }
        assert set(answers.values()) == {expected}, (day, answers)
        kinds = kinds_of(feed_events(client, token), "list_entry", entry.id)
        withdrawn = ["list_entry.withdrawn"] if day > end else []
        assert kinds == ["list_entry.published", *withdrawn], day
