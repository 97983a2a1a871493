"""emit_change: the feed event and its outbox row are written in the caller's transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.feed.payloads import (
    LIST_ENTRY_FIELDS,
    PENALTY_FIELDS,
    WITHDRAWAL_FIELDS,
    content_hash,
    penalty_payload,
)
from app.feed.service import (
    emit_change,
    emit_list_entry_published,
    emit_list_entry_withdrawn,
    emit_penalty_published,
    emit_penalty_withdrawn,
)
from app.models import Authority, FeedEvent, OutboxMessage, OutboxStatus, PartyType, PenaltyRecord
from tests.support.factories import make_enterprise, make_list_entry, make_penalty


def _events(session: Session) -> list[FeedEvent]:
    return list(session.scalars(select(FeedEvent).order_by(FeedEvent.id)))


def test_publish_writes_feed_event_and_outbox_row(session: Session) -> None:
    version = make_penalty(session, make_enterprise(session))
    event = emit_penalty_published(session, version)
    assert event is not None
    body = json.loads(event.body)
    assert body["type"] == "penalty.published"
    assert body["id"] == event.event_id
    assert body["record"] == {
        "type": "penalty",
        "id": version.record_id,
        "version": 1,
        "sequence": 1,
    }
    assert set(body["data"]) == set(PENALTY_FIELDS)
    assert body["data"]["fine_amount"] == "10.500000"
    assert body["data"]["party_type"] == "法人及非法人组织"
    assert event.content_hash == content_hash(body["data"])
    outbox = session.scalars(select(OutboxMessage).where(OutboxMessage.event_id == event.id)).all()
    assert [(m.destination, m.status, m.record_key) for m in outbox] == [
        ("platform", OutboxStatus.pending, f"penalty:{version.record_id}")
    ]


def test_positions_are_gapless_and_sequences_count_per_record(session: Session) -> None:
    enterprise = make_enterprise(session)
    first = make_penalty(session, enterprise)
    second = make_penalty(session, enterprise)
    before = session.scalar(select(func.coalesce(func.max(FeedEvent.id), 0))) or 0
    emit_penalty_published(session, first)
    emit_penalty_published(session, second)
    emit_penalty_published(session, first, corrected=True)
    emitted = [e for e in _events(session) if e.id > before]
    assert [e.id for e in emitted] == [before + 1, before + 2, before + 3]
    assert [(e.record_id, e.sequence, e.kind) for e in emitted] == [
        (first.record_id, 1, "penalty.published"),
        (second.record_id, 1, "penalty.published"),
        (first.record_id, 2, "penalty.corrected"),
    ]


def test_withdrawal_is_emitted_once(session: Session) -> None:
    version = make_penalty(session, make_enterprise(session))
    emit_penalty_published(session, version)
    first = emit_penalty_withdrawn(session, version, "expired")
    again = emit_penalty_withdrawn(session, version, "expired")
    assert first is not None
    assert again is None
    data = json.loads(first.body)["data"]
    assert set(data) == set(WITHDRAWAL_FIELDS)
    assert data["reason_label"] == "公示期满"
    kinds = [e.kind for e in _events(session) if e.record_id == version.record_id]
    assert kinds == ["penalty.published", "penalty.withdrawn"]


def test_list_entry_published_and_withdrawn(session: Session) -> None:
    enterprise = make_enterprise(session)
    entry = make_list_entry(session, enterprise)
    published = emit_list_entry_published(session, entry)
    withdrawn = emit_list_entry_withdrawn(session, entry, "removed")
    assert published is not None
    assert withdrawn is not None
    data = json.loads(published.body)["data"]
    assert set(data) == set(LIST_ENTRY_FIELDS)
    assert data["list_name"] == "黑名单"
    assert data["category_label"] == "通过暗管、渗井、渗坑或旁路等逃避监管方式排放"
    assert json.loads(withdrawn.body)["record"]["sequence"] == 2


def test_natural_person_id_number_is_never_in_plain_text(session: Session) -> None:
    version = make_penalty(session, make_enterprise(session))
    version.party_type = PartyType.natural_person
    version.party_id_type = "身份证"
    version.party_id_masked = "370602199001011234"  # not masked by mistake: must not leak
    session.flush()
    event = emit_penalty_published(session, version)
    assert event is not None
    assert "370602199001011234" not in event.body
    assert json.loads(event.body)["data"]["party_id_masked"] == "370602********1234"


def test_payload_with_an_id_number_field_is_refused(session: Session) -> None:
    version = make_penalty(session, make_enterprise(session))
    record = session.get_one(PenaltyRecord, version.record_id)
    payload = penalty_payload(version, record, session.get_one(Authority, record.authority_id))
    payload["party_id_number"] = "370602199001011234"
    with pytest.raises(ValueError, match="ID numbers"):
        emit_change(
            session,
            kind="penalty.published",
            record_type="penalty",
            record_id=record.id,
            record_version=1,
            payload=payload,
        )


@pytest.mark.parametrize(
    ("kind", "record_type"),
    [("penalty.deleted", "penalty"), ("list_entry.published", "penalty")],
)
def test_unknown_or_mismatched_kind_is_refused(
    session: Session, kind: str, record_type: str
) -> None:
    with pytest.raises(ValueError, match="kind"):
        emit_change(
            session,
            kind=kind,
            record_type=record_type,
            record_id=1,
            record_version=1,
            payload={},
        )


def test_nothing_is_written_when_the_callers_transaction_rolls_back(session: Session) -> None:
    before = session.scalar(select(func.count()).select_from(FeedEvent))
    nested = session.begin_nested()
    version = make_penalty(session, make_enterprise(session))
    emit_penalty_published(session, version)
    nested.rollback()
    assert session.scalar(select(func.count()).select_from(FeedEvent)) == before
