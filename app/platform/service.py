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
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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


_MAX_INT = 2**31 - 1  # the integer columns, 32 bits on PostgreSQL
# Longest text each column holds (HeldRecord, Receipt).
_LIMITS = {"event_id": 40, "kind": 40, "record_type": 20, "uscc": 18, "name": 200}


def _refuse_constant(name: str) -> Any:
    raise BadEvent(f"事件格式错误：不接受 {name}")


def parse_body(body: bytes) -> Any:
    """The JSON of a push. NaN and Infinity (which Python's parser accepts and no database JSON
    column stores) and NUL characters (PostgreSQL text cannot hold them) are refused."""
    if b"\\u0000" in body or b"\x00" in body:
        raise BadEvent("事件格式错误：不能包含空字符（\\0）")
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise BadEvent("事件格式错误：应为 UTF-8 编码的 JSON") from None
    except json.JSONDecodeError as exc:
        raise BadEvent(f"事件格式错误：{exc}") from None


def _checked(event: Event) -> Event:
    """Values the tables cannot hold are a 400, never a database error (a 500)."""
    for name in ("record_id", "record_version", "sequence"):
        if not 0 <= getattr(event, name) <= _MAX_INT:
            raise BadEvent(f"事件格式错误：record.{name} 超出范围")
    uscc, party = _identity(event)
    texts = {"event_id": event.event_id, "kind": event.kind, "record_type": event.record_type}
    for name, value in {**texts, "uscc": uscc or "", "name": party or ""}.items():
        if len(value) > _LIMITS[name]:
            raise BadEvent(f"事件格式错误：{name} 过长（最多 {_LIMITS[name]} 个字符）")
    return event


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
    return _checked(event)


def _identity(event: Event) -> tuple[str | None, str | None]:
    data = event.data
    uscc = data.get("party_uscc") or data.get("uscc")
    name = data.get("party_name") or data.get("enterprise_name") or data.get("name")
    return (str(uscc) if uscc else None, str(name) if name else None)


STATE = ("sequence", "record_version", "event_id", "kind", "state", "updated_at")
CONTENT = ("data", "content_hash", "uscc", "name")
RECEIPT = ("event_id", "record_type", "record_id", "sequence", "kind", "outcome", "via")


def _params(table: Table, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: bindparam(f"p_{n}", type_=table.c[n].type) for n in names}


@lru_cache(maxsize=8)
def _statements(dialect: str, withdrawn: bool) -> tuple[Any, Any]:
    """The two statements of ``apply_event``, built once per dialect and kind (building them is
    most of the cost of a push otherwise)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    held = cast(Table, HeldRecord.__table__)
    base = insert(held).values(_params(held, ("record_type", "record_id", *STATE, *CONTENT)))
    # A withdrawal keeps the content last published (the platform shows what was withdrawn).
    changed = (*STATE, *([] if withdrawn else CONTENT))
    upsert = base.on_conflict_do_update(
        index_elements=[held.c.record_type, held.c.record_id],
        set_={name: base.excluded[name] for name in changed},
        where=held.c.sequence < base.excluded.sequence,
    ).returning(held.c.id)
    receipts = cast(Table, Receipt.__table__)
    receipt = (
        insert(receipts)
        .values(
            **_params(receipts, RECEIPT),
            received_at=bindparam("p_updated_at", type_=receipts.c.received_at.type),
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(receipts.c.id)
    )
    return upsert, receipt


def apply_event(db: Session | Connection, event: Event, via: str, now: dt.datetime) -> str:
    """Apply one event; returns applied, stale or duplicate. The caller commits.

    Two statements: an upsert of the held record that only moves forward (``sequence`` higher
    than the one held), then the receipt, unique by event id. A concurrent second delivery of
    the same event waits on the record's row, then changes nothing and finds its receipt.
    """
    dialect = db.dialect if isinstance(db, Connection) else db.get_bind().dialect
    withdrawn = event.kind in WITHDRAWALS
    upsert, receipt = _statements(dialect.name, withdrawn)
    uscc, name = _identity(event)
    values = {
        "p_record_type": event.record_type,
        "p_record_id": event.record_id,
        "p_sequence": event.sequence,
        "p_record_version": event.record_version,
        "p_event_id": event.event_id,
        "p_kind": event.kind,
        "p_state": "withdrawn" if withdrawn else "active",
        "p_updated_at": now,
        "p_data": event.data,
        "p_content_hash": canonical_hash(event.data),
        "p_uscc": uscc,
        "p_name": name,
        "p_via": via,
    }
    applied = db.execute(upsert, values).first() is not None
    values["p_outcome"] = "applied" if applied else "stale"
    if db.execute(receipt, values).first() is None:
        return "duplicate"
    return "applied" if applied else "stale"


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
