"""The workflows tell the credit platform: each approval writes its feed event and outbox row in
the same transaction (publish, correction, list entry, removal), and nothing else does."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.actor import Actor, Role
from app.lists import service as lists
from app.models import (
    Authority,
    Enterprise,
    FeedEvent,
    ListType,
    OutboxMessage,
    OutboxStatus,
)
from app.penalties import corrections
from app.penalties import service as penalties
from app.penalties.fields import validate_penalty
from tests.support.factories import make_authority, make_enterprise, make_penalty
from tests.support.workflows import RESIDENT_ID, TODAY, make_officer, penalty_form


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def bureau(session: Session) -> Authority:
    return make_authority(session)


@pytest.fixture
def clerk(session: Session, bureau: Authority) -> Actor:
    return make_officer(session, Role.clerk, bureau)


@pytest.fixture
def reviewer(session: Session, bureau: Authority) -> Actor:
    return make_officer(session, Role.reviewer, bureau)


def _events(session: Session, record_type: str, record_id: int) -> list[FeedEvent]:
    return list(
        session.scalars(
            select(FeedEvent)
            .where(FeedEvent.record_type == record_type, FeedEvent.record_id == record_id)
            .order_by(FeedEvent.id)
        )
    )


def _queued(session: Session, event: FeedEvent) -> bool:
    status = session.scalar(select(OutboxMessage.status).where(OutboxMessage.event_id == event.id))
    return status == OutboxStatus.pending


def test_approving_a_penalty_publishes_it_without_the_id_number(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor, reviewer: Actor
) -> None:
    """A natural person's penalty: the platform gets the masked number, never the number."""
    data = validate_penalty(penalty_form(None, bureau), settings)
    version = penalties.create_draft(session, clerk, data)
    penalties.submit(session, clerk, version.id)
    assert _events(session, "penalty", version.record_id) == []  # not public yet
    penalties.approve(session, reviewer, version.id)
    (event,) = _events(session, "penalty", version.record_id)
    assert event.kind == "penalty.published"
    assert _queued(session, event)
    data_out = json.loads(event.body)["data"]
    assert data_out["party_type"] == "自然人"
    assert data_out["party_id_masked"] == "370602********1234"
    assert RESIDENT_ID not in event.body


def test_an_approved_correction_is_a_new_version_event(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor, reviewer: Actor
) -> None:
    company = make_enterprise(session)
    raw = penalty_form(company, bureau)
    first = penalties.create_draft(session, clerk, validate_penalty(raw, settings))
    penalties.submit(session, clerk, first.id)
    penalties.approve(session, reviewer, first.id)
    corrected = dict(raw, violation_facts="更正：化学需氧量超标。", change_reason="笔误")
    second = corrections.start_correction(
        session, clerk, first.record_id, validate_penalty(corrected, settings)
    )
    penalties.submit(session, clerk, second.id)
    assert len(_events(session, "penalty", first.record_id)) == 1  # a draft changes nothing
    penalties.approve(session, reviewer, second.id)
    published, correction = _events(session, "penalty", first.record_id)
    assert published.kind == "penalty.published"
    assert correction.kind == "penalty.corrected"
    assert (correction.record_version, correction.sequence) == (2, 2)
    assert json.loads(correction.body)["data"]["violation_facts"] == "更正：化学需氧量超标。"
    assert _queued(session, correction)


def test_list_entry_approval_and_removal_are_events(
    session: Session, clerk: Actor, reviewer: Actor
) -> None:
    company = make_enterprise(session, district="370611")
    penalty = make_penalty(session, company)
    proposal = lists.Proposal(
        list_type=ListType.black,
        enterprise_id=company.id,
        basis="通过暗管排放含重金属废水",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2027, 6, 30),
        category="hidden_discharge",
        penalty_record_ids=(penalty.record_id,),
    )
    entry = lists.propose(session, clerk, proposal)
    assert _events(session, "list_entry", entry.id) == []
    lists.approve(session, reviewer, entry.id)
    (published,) = _events(session, "list_entry", entry.id)
    data = json.loads(published.body)["data"]
    assert published.kind == "list_entry.published"
    assert data["list_name"] == "黑名单"
    assert data["penalty_record_ids"] == [penalty.record_id]

    lists.propose_removal(session, clerk, entry.id, "信用修复已完成")
    assert len(_events(session, "list_entry", entry.id)) == 1  # a proposal changes nothing
    lists.approve_removal(session, reviewer, entry.id)
    withdrawn = _events(session, "list_entry", entry.id)[-1]
    assert withdrawn.kind == "list_entry.withdrawn"
    assert json.loads(withdrawn.body)["data"]["reason"] == "removed"
    assert _queued(session, withdrawn)


def test_rejections_and_returns_tell_the_platform_nothing(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor, reviewer: Actor
) -> None:
    company: Enterprise = make_enterprise(session)
    version = penalties.create_draft(
        session, clerk, validate_penalty(penalty_form(company, bureau), settings)
    )
    penalties.submit(session, clerk, version.id)
    penalties.return_to_maker(session, reviewer, version.id, "请补充违法事实")
    entry = lists.propose(
        session,
        clerk,
        lists.Proposal(
            list_type=ListType.black,
            enterprise_id=company.id,
            basis="通过暗管排放",
            start_date=dt.date(2026, 7, 1),
            end_date=dt.date(2027, 6, 30),
            category="hidden_discharge",
            penalty_record_ids=(make_penalty(session, company).record_id,),
        ),
    )
    lists.reject(session, reviewer, entry.id, "证据不足")
    assert _events(session, "penalty", version.record_id) == []
    assert _events(session, "list_entry", entry.id) == []
