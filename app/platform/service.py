"""What the platform does with an event: apply it once, in order per record.

An event is applied when its ``record.sequence`` is higher than the sequence the platform holds
for that record; a lower or equal one is *stale* (acknowledged, ignored: a later state already
arrived, e.g. through the pull feed). An event id seen before is a *duplicate* (acknowledged,
nothing happens). Every first receipt is kept, in arrival order, with its outcome.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.platform.models import HeldRecord, KeyValue, Receipt

WITHDRAWALS = ("penalty.withdrawn", "list_entry.withdrawn")


class BadEvent(ValueError):
    pass


@dataclass(frozen=True)
class Event:
    event_id: str
    kind: str
    record_type: str
    record_id: int
    record_version: int
    sequence: int
    data: dict[str, Any]


def canonical_hash(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def parse_event(envelope: Any) -> Event:
    try:
        record = envelope["record"]
        event = Event(
            event_id=str(envelope["id"]),
            kind=str(envelope["type"]),
            record_type=str(record["type"]),
            record_id=int(record["id"]),
            record_version=int(record["version"]),
            sequence=int(record["sequence"]),
            data=dict(envelope["data"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadEvent(f"事件格式错误：{exc}") from None
    if not event.kind.startswith(event.record_type + "."):
        raise BadEvent("事件类型与记录类型不符")
    return event


def _identity(event: Event) -> tuple[str | None, str | None]:
    data = event.data
    uscc = data.get("party_uscc") or data.get("uscc")
    name = data.get("party_name") or data.get("enterprise_name") or data.get("name")
    return (str(uscc) if uscc else None, str(name) if name else None)


def apply_event(session: Session, event: Event, via: str, now: dt.datetime) -> str:
    """Apply one event; returns applied, stale or duplicate. The caller commits."""
    if session.scalar(select(Receipt.id).where(Receipt.event_id == event.event_id)):
        return "duplicate"
    held = session.scalars(
        select(HeldRecord)
        .where(HeldRecord.record_type == event.record_type, HeldRecord.record_id == event.record_id)
        .with_for_update()
    ).one_or_none()
    outcome = "applied"
    if held is not None and event.sequence <= held.sequence:
        outcome = "stale"
    receipt = Receipt(
        event_id=event.event_id,
        record_type=event.record_type,
        record_id=event.record_id,
        sequence=event.sequence,
        kind=event.kind,
        outcome=outcome,
        via=via,
        received_at=now,
    )
    try:
        with session.begin_nested():
            session.add(receipt)
            session.flush()
    except IntegrityError:  # the same event arrived at the same moment by another way
        return "duplicate"
    if outcome == "stale":
        return outcome
    withdrawn = event.kind in WITHDRAWALS
    uscc, name = _identity(event)
    if held is None:
        held = HeldRecord(record_type=event.record_type, record_id=event.record_id)
        session.add(held)
    held.sequence = event.sequence
    held.record_version = event.record_version
    held.event_id = event.event_id
    held.kind = event.kind
    held.state = "withdrawn" if withdrawn else "active"
    if not withdrawn or held.data is None:
        held.data = event.data
        held.content_hash = canonical_hash(event.data)
        held.uscc, held.name = uscc, name
    held.updated_at = now
    session.flush()
    return outcome


def counts(session: Session, uscc: str | None = None) -> dict[str, dict[str, int]]:
    query = select(HeldRecord.record_type, HeldRecord.state, func.count()).group_by(
        HeldRecord.record_type, HeldRecord.state
    )
    if uscc:
        query = query.where(HeldRecord.uscc == uscc)
    result: dict[str, dict[str, int]] = {}
    for record_type, state, n in session.execute(query):
        result.setdefault(record_type, {"active": 0, "withdrawn": 0})[state] = int(n)
    return result


def records(
    session: Session,
    *,
    uscc: str | None,
    record_type: str | None,
    state: str | None,
    after_id: int,
    limit: int,
) -> list[HeldRecord]:
    query = select(HeldRecord).where(HeldRecord.id > after_id)
    if uscc:
        query = query.where(HeldRecord.uscc == uscc)
    if record_type:
        query = query.where(HeldRecord.record_type == record_type)
    if state:
        query = query.where(HeldRecord.state == state)
    return list(session.scalars(query.order_by(HeldRecord.id).limit(limit)))


def get_value(session: Session, key: str) -> str | None:
    row = session.get(KeyValue, key)
    return row.value if row else None


def set_value(session: Session, key: str, value: str) -> None:
    row = session.get(KeyValue, key)
    if row is None:
        session.add(KeyValue(key=key, value=value))
    else:
        row.value = value
    session.flush()
