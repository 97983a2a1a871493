"""Expiry reaches the platform exactly once: whether ``rules tick`` runs zero, one or many times,
late or after a long stop, the feed carries one withdrawal per ended record (dated the first day
it was no longer public) and the push queues it once. Withdrawals the workflows send themselves
(a removal, a correction that ends publication, an approved repair) are never sent twice."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.feed.service import emit_list_entry_published
from app.feed.withdrawals import catch_up
from app.jobs.tick import run_tick
from app.kit import clock
from app.lists import service as lists
from app.models import (
    EntryStatus,
    FeedEvent,
    ListEntry,
    ListType,
    OutboxMessage,
    PublicationEnding,
)
from app.penalties.withdrawals import withdraw_penalty
from tests.support.factories import make_enterprise, make_penalty
from tests.support.nominations import Bureau
from tests.support.publication import (
    DAY,
    SetClock,
    correct,
    feed_events,
    feed_token,
    kinds_of,
    make_bureau,
    publish,
)

DECIDED = dt.date(2026, 6, 1)
LAST = dt.date(2027, 5, 31)  # 公示截止期 of a 一般 penalty decided on DECIDED


def _withdrawals(session: Session, record_id: int) -> list[FeedEvent]:
    return list(
        session.scalars(
            select(FeedEvent).where(
                FeedEvent.record_type == "penalty",
                FeedEvent.record_id == record_id,
                FeedEvent.kind == "penalty.withdrawn",
            )
        )
    )


def _pushes(session: Session, event_id: int) -> int:
    count = session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.event_id == event_id)
    )
    return int(count or 0)


# When the tick runs, relative to the day after 公示截止期 (None: it never runs).
PATTERNS = {
    "zero": [],
    "once, on the day": [1],
    "once, a month late": [30],
    "several times a day": [-2, -2, -1, 0, 1, 1, 1, 2, 3, 3],
    "after a long stop": [-5, 400],
}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_withdrawal_of_an_expiry_is_emitted_exactly_once(
    client: TestClient,
    session: Session,
    settings: Settings,
    frozen_clock: SetClock,
    pattern: str,
) -> None:
    frozen_clock(DECIDED)
    company = make_enterprise(session)
    version = publish(session, settings, make_bureau(session), company, decision_date=DECIDED)
    for offset in PATTERNS[pattern]:
        frozen_clock(LAST + offset * DAY)
        run_tick(session, trigger="test")
    frozen_clock(LAST + 500 * DAY)
    token = feed_token(session)
    for _ in range(3):  # reading the feed also catches up: never a second withdrawal
        kinds = kinds_of(feed_events(client, token), "penalty", version.record_id)
        assert kinds == ["penalty.published", "penalty.withdrawn"]
    run_tick(session, trigger="test")
    [withdrawal] = _withdrawals(session, version.record_id)
    assert f'"withdrawn_on":"{(LAST + DAY).isoformat()}"' in withdrawal.body
    assert _pushes(session, withdrawal.id) == 1
    endings = session.scalars(
        select(PublicationEnding).where(PublicationEnding.record_id == version.record_id)
    ).all()
    assert [(e.reason, e.ended_on, e.feed_event_id) for e in endings] == [
        ("expired", LAST + DAY, withdrawal.id)
    ]


def test_nothing_is_withdrawn_before_the_day_after_the_end(
    session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(DECIDED)
    version = publish(
        session, settings, make_bureau(session), make_enterprise(session), decision_date=DECIDED
    )
    frozen_clock(LAST)
    assert catch_up(session).emitted == 0
    assert _withdrawals(session, version.record_id) == []
    frozen_clock(LAST + DAY)
    assert catch_up(session).emitted == 1
    assert catch_up(session).emitted == 0


def test_a_removal_sent_by_the_workflow_is_not_sent_again(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    from tests.support.nominations import black_list
    from tests.support.nominations import make_bureau as list_bureau

    frozen_clock(dt.date(2026, 6, 20))
    bureau = list_bureau(session, make_bureau(session).authority)
    entry, _company = black_list(session, settings, bureau, [])
    frozen_clock(dt.date(2026, 8, 1))
    lists.propose_removal(session, bureau.clerk, entry.id, "已完成整改")
    lists.approve_removal(session, bureau.reviewer, entry.id)
    for day in (dt.date(2026, 8, 1), dt.date(2026, 8, 2), dt.date(2027, 8, 1)):
        frozen_clock(day)
        run_tick(session, trigger="test")
    kinds = kinds_of(feed_events(client, feed_token(session)), "list_entry", entry.id)
    assert kinds == ["list_entry.published", "list_entry.withdrawn"]
    ending = session.scalars(
        select(PublicationEnding).where(
            PublicationEnding.record_type == "list_entry", PublicationEnding.record_id == entry.id
        )
    ).one()
    assert (ending.reason, ending.ended_on) == ("removed", dt.date(2026, 8, 1))
    assert ending.feed_event_id is not None


def test_an_approved_repair_is_withdrawn_at_once_and_once(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(DECIDED)
    company = make_enterprise(session)
    version = publish(session, settings, make_bureau(session), company, decision_date=DECIDED)
    repaired_on = dt.date(2026, 9, 15)
    frozen_clock(repaired_on)
    withdraw_penalty(session, version.record_id, "repaired")
    withdraw_penalty(session, version.record_id, "repaired")  # a repeated call sends nothing
    [withdrawal] = _withdrawals(session, version.record_id)
    assert '"reason":"repaired"' in withdrawal.body
    level = client.get(f"/api/v1/enterprises/{company.uscc}").json()["credit_level"]
    assert (level["code"], level["points"], level["valid_from"]) == ("green", 0, "2026-09-15")
    assert client.get(f"/api/v1/penalties/{version.record_id}").status_code == 404
    day_before = (repaired_on - DAY).isoformat()
    assert (
        client.get(f"/api/v1/penalties/{version.record_id}?as_of={day_before}").status_code == 200
    )
    for day in (repaired_on, repaired_on + DAY, LAST + DAY):
        frozen_clock(day)
        run_tick(session, trigger="test")
    kinds = kinds_of(feed_events(client, feed_token(session)), "penalty", version.record_id)
    assert kinds == ["penalty.published", "penalty.withdrawn"]


def test_a_correction_is_carried_by_its_corrected_event_not_a_withdrawal(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(DECIDED)
    company = make_enterprise(session)
    bureau = make_bureau(session)
    version = publish(session, settings, bureau, company, decision_date=DECIDED)
    frozen_clock(dt.date(2026, 7, 1))
    correct(session, settings, bureau, version, company, remarks="更正：补充备注")
    frozen_clock(dt.date(2026, 7, 2))
    run_tick(session, trigger="test")
    kinds = kinds_of(feed_events(client, feed_token(session)), "penalty", version.record_id)
    assert kinds == ["penalty.published", "penalty.corrected"]


def test_a_correction_that_ends_publication_is_withdrawn_once(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(DECIDED)
    company = make_enterprise(session)
    bureau = make_bureau(session)
    version = publish(session, settings, bureau, company, decision_date=DECIDED)
    frozen_clock(dt.date(2026, 7, 1))
    correct(session, settings, bureau, version, company, severity="minor")  # 轻微: not published
    for day in (dt.date(2026, 7, 1), dt.date(2026, 7, 2), LAST + DAY):
        frozen_clock(day)
        run_tick(session, trigger="test")
    kinds = kinds_of(feed_events(client, feed_token(session)), "penalty", version.record_id)
    assert kinds == ["penalty.published", "penalty.withdrawn"]


def test_a_penalty_never_on_the_feed_gets_no_withdrawal(
    session: Session, frozen_clock: SetClock
) -> None:
    """Data loaded without the feed (e.g. the demo) ends silently: noted, nothing sent."""
    frozen_clock(LAST + DAY)
    version = make_penalty(session, make_enterprise(session), decision_date=DECIDED)
    result = catch_up(session)
    assert (result.emitted, result.noted) == (0, 1)
    assert _withdrawals(session, version.record_id) == []
    assert catch_up(session).noted == 0


def _proposed_black_entry(session: Session, settings: Settings) -> tuple[Bureau, int]:
    """A black-list proposal for 2026-06-20 .. 2027-06-19, and its reviewer (by bureau)."""
    from tests.support.nominations import make_bureau as list_bureau

    bureau = list_bureau(session, make_bureau(session).authority)
    company = make_enterprise(session, district="370611")
    penalty = make_penalty(session, company, decision_date=dt.date(2026, 5, 20))
    proposal = lists.Proposal(
        list_type=ListType.black,
        enterprise_id=company.id,
        basis="通过暗管排放含重金属废水",
        start_date=dt.date(2026, 6, 20),
        end_date=dt.date(2027, 6, 19),
        category="hidden_discharge",
        penalty_record_ids=(penalty.record_id,),
    )
    entry = lists.propose(session, bureau.clerk, proposal)
    return bureau, entry.id


def test_an_entry_approved_after_its_period_is_never_pushed_as_published(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    """What is pushed is what is public: approved when its period is already over, the entry
    never reaches the feed (nor the push), and its ending is noted without a withdrawal."""
    frozen_clock(dt.date(2026, 6, 20))
    bureau, entry_id = _proposed_black_entry(session, settings)
    for day in (dt.date(2026, 7, 1), dt.date(2027, 9, 1)):  # the ticker runs meanwhile
        frozen_clock(day)
        run_tick(session, trigger="test")
    lists.approve(session, bureau.reviewer, entry_id)
    run_tick(session, trigger="test")
    frozen_clock(dt.date(2027, 9, 2))
    run_tick(session, trigger="test")
    assert kinds_of(feed_events(client, feed_token(session)), "list_entry", entry_id) == []
    ending = session.scalars(
        select(PublicationEnding).where(
            PublicationEnding.record_type == "list_entry", PublicationEnding.record_id == entry_id
        )
    ).one()
    assert (ending.reason, ending.feed_event_id) == ("expired", None)


def test_the_catch_up_finds_an_old_ending_of_a_record_published_late(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    """However a record reached the feed after its period ended (a bulk path, an old release),
    the incremental catch-up finds that ending, however old, and withdraws it: not only
    ``rules tick --full``."""
    frozen_clock(dt.date(2026, 6, 20))
    _bureau, entry_id = _proposed_black_entry(session, settings)
    frozen_clock(dt.date(2027, 9, 1))
    run_tick(session, trigger="test")  # the last tick: its window starts a week before today
    entry = session.get_one(ListEntry, entry_id)
    entry.status = EntryStatus.approved
    entry.approved_at = clock.now()
    session.flush()
    emit_list_entry_published(session, entry)  # as a path that does not check would
    frozen_clock(dt.date(2027, 9, 2))
    run_tick(session, trigger="test")
    kinds = kinds_of(feed_events(client, feed_token(session)), "list_entry", entry_id)
    assert kinds == ["list_entry.published", "list_entry.withdrawn"]
