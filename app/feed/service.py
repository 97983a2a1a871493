"""Writing the change feed: ``emit_change`` is how every workflow tells the credit platform.

Call it in the same transaction as the change itself (it only flushes, never commits): the feed
event and its outbox row(s) are then committed with the change, or not at all.

    from app.feed.service import emit_change, emit_penalty_published

    emit_change(session, kind="penalty.published", record_type="penalty",
                record_id=record.id, record_version=version.version,
                payload=penalty_payload(version, record, authority))

Ordering: the first ``emit_change`` of a transaction locks the single ``feed_head`` row until the
transaction ends, so feed writers are serialised and positions become visible in commit order.
Keep the work between a transaction's first event and its commit short. It takes the audit
trail's lock first (``lock_in_order``), so that audit-then-feed and feed-then-audit callers never
deadlock each other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.audit.service import HEAD_ID as AUDIT_HEAD_ID
from app.feed import repository
from app.feed.payloads import (
    EVENT_KINDS,
    RECORD_TYPES,
    WITHDRAWAL_KINDS,
    assert_no_id_number,
    canonical_json,
    content_hash,
    licence_payload,
    list_entry_payload,
    list_entry_withdrawal_payload,
    penalty_payload,
    penalty_withdrawal_payload,
)
from app.kit import clock
from app.measures.service import feed_measures
from app.models import (
    AuditChainHead,
    Authority,
    Enterprise,
    LicenceKind,
    LicenceRecord,
    LicenceVersion,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
)
from app.models.feed import FeedEvent, FeedHead
from app.models.sync import OutboxMessage, OutboxStatus

# Where pushes go. One platform today; a second destination is one more name here and a URL.
DESTINATIONS: tuple[str, ...] = ("platform",)


def iso_utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def lock_in_order(session: Session) -> None:
    """Take the audit trail's lock before the feed's, whoever calls first.

    THE LOCK ORDER of every path that takes more than one of these row locks (PostgreSQL):
    1. ``audit_chain_head`` (every audited writer, here or in ``app.audit.service.record``),
    2. ``feed_head`` (``next_positions``, a snapshot's share lock),
    3. the rows of one feature: a ``feed_consumers`` row (``app.feed.repository.note_consumer``),
       a record being changed.
    A path that needs a lower-numbered lock after a higher one calls this first.

    Both the audit trail (``audit_chain_head``) and the feed (``feed_head``) serialise their
    writers with a row lock held until commit. A transaction that took them in the order
    audit -> feed and another in the order feed -> audit would deadlock on PostgreSQL, so the feed
    always takes the audit lock first: callers may record their audit entry before or after
    ``emit_change``. (Every feed writer is audited anyway, so this costs no extra waiting.)
    """
    if session.get_bind().dialect.name == "sqlite":
        # One writer at a time anyway; and a read before the first write would let another
        # writer's commit turn this transaction's first write into SQLITE_BUSY_SNAPSHOT.
        return
    session.execute(
        select(AuditChainHead.id).where(AuditChainHead.id == AUDIT_HEAD_ID).with_for_update()
    )


def next_positions(session: Session, count: int = 1) -> int:
    """Reserve ``count`` feed positions; returns the first. Locks ``feed_head`` until commit."""
    lock_in_order(session)
    last = session.execute(
        update(FeedHead)
        .where(FeedHead.id == 1)
        .values(last_position=FeedHead.last_position + count)
        .returning(FeedHead.last_position)
    ).scalar_one()
    return int(last) - count + 1


def emit_change(
    session: Session,
    *,
    kind: str,
    record_type: str,
    record_id: int,
    record_version: int,
    payload: dict[str, Any],
) -> FeedEvent | None:
    """Append an event to the feed and queue its push, in the caller's transaction.

    ``kind`` is one of ``EVENT_KINDS`` and must start with ``record_type``. ``payload`` is the
    event's ``data`` (build it with ``app.feed.payloads``). A withdrawal of a record whose last
    event is already a withdrawal is not repeated: it returns ``None`` (so that a job noticing
    expiries can run twice). Otherwise returns the flushed event.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}; expected one of {sorted(EVENT_KINDS)}")
    if record_type not in RECORD_TYPES or not kind.startswith(record_type + "."):
        raise ValueError(f"event kind {kind!r} does not belong to record type {record_type!r}")
    assert_no_id_number(payload)

    position = next_positions(session)  # serialises feed writers: see the module docstring
    last = session.execute(
        select(FeedEvent.kind, FeedEvent.sequence)
        .where(FeedEvent.record_type == record_type, FeedEvent.record_id == record_id)
        .order_by(FeedEvent.sequence.desc())
        .limit(1)
    ).first()
    if kind in WITHDRAWAL_KINDS and last is not None and last.kind in WITHDRAWAL_KINDS:
        # Give the position back: the row lock is ours, nobody else has taken the next one.
        session.execute(update(FeedHead).where(FeedHead.id == 1).values(last_position=position - 1))
        return None
    sequence = (last.sequence if last is not None else 0) + 1
    now = clock.now()
    event_id = f"evt_{uuid.uuid4().hex}"
    envelope = {
        "id": event_id,
        "type": kind,
        "timestamp": iso_utc(now),
        "record": {
            "type": record_type,
            "id": record_id,
            "version": record_version,
            "sequence": sequence,
        },
        "data": payload,
    }
    event = FeedEvent(
        id=position,
        event_id=event_id,
        kind=kind,
        record_type=record_type,
        record_id=record_id,
        record_version=record_version,
        sequence=sequence,
        occurred_at=now,
        body=canonical_json(envelope),
        content_hash=content_hash(payload),
    )
    session.add(event)
    session.flush()
    for destination in DESTINATIONS:
        session.add(
            OutboxMessage(
                event_id=event.id,
                destination=destination,
                record_key=f"{record_type}:{record_id}",
                status=OutboxStatus.pending,
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
        )
    session.flush()
    return event


# --- convenience wrappers for the workflows ------------------------------------------------


def _penalty_parts(session: Session, version: PenaltyVersion) -> tuple[PenaltyRecord, Authority]:
    record = session.get_one(PenaltyRecord, version.record_id)
    authority = session.get_one(Authority, record.authority_id)
    return record, authority


def emit_penalty_published(
    session: Session, version: PenaltyVersion, *, corrected: bool = False
) -> FeedEvent | None:
    """A penalty version became public: ``penalty.published`` (or ``penalty.corrected`` when it
    replaces an earlier public version)."""
    record, authority = _penalty_parts(session, version)
    return emit_change(
        session,
        kind="penalty.corrected" if corrected else "penalty.published",
        record_type="penalty",
        record_id=record.id,
        record_version=version.version,
        payload=penalty_payload(version, record, authority),
    )


def emit_penalty_withdrawn(
    session: Session, version: PenaltyVersion, reason: str, on: dt.date | None = None
) -> FeedEvent | None:
    """A penalty's publication ended (``reason``: expired, repaired, revoked …)."""
    record, _authority = _penalty_parts(session, version)
    return emit_change(
        session,
        kind="penalty.withdrawn",
        record_type="penalty",
        record_id=record.id,
        record_version=version.version,
        payload=penalty_withdrawal_payload(record, version, reason, on or clock.today()),
    )


def _licence_payload(session: Session, version: LicenceVersion) -> dict[str, Any]:
    record = session.get_one(LicenceRecord, version.record_id)
    authority = session.get_one(Authority, record.authority_id)
    kind = session.get_one(LicenceKind, version.kind_id)
    return licence_payload(version, record, authority, kind)


def emit_licence_change(session: Session, version: LicenceVersion, kind: str) -> FeedEvent | None:
    """A licence version became public (``licence.published``), replaced an earlier public
    version (``licence.corrected``) or its licence was revoked or cancelled (``licence.revoked``:
    the record stays public, with the revocation in its data)."""
    return emit_change(
        session,
        kind=kind,
        record_type="licence",
        record_id=version.record_id,
        record_version=version.version,
        payload=_licence_payload(session, version),
    )


def _entry_penalty_ids(session: Session, entry: ListEntry) -> list[int]:
    from app.models.listing import list_entry_penalties

    rows = session.execute(
        select(list_entry_penalties.c.penalty_record_id).where(
            list_entry_penalties.c.list_entry_id == entry.id
        )
    )
    return [int(r[0]) for r in rows]


def emit_list_entry_published(session: Session, entry: ListEntry) -> FeedEvent | None:
    """A red- or black-list entry was approved: ``list_entry.published``."""
    enterprise = session.get_one(Enterprise, entry.enterprise_id)
    return emit_change(
        session,
        kind="list_entry.published",
        record_type="list_entry",
        record_id=entry.id,
        record_version=1,
        payload=list_entry_payload(
            entry,
            enterprise,
            _entry_penalty_ids(session, entry),
            feed_measures(session, entry.list_type, entry.start_date),
        ),
    )


def emit_list_entry_withdrawn(
    session: Session, entry: ListEntry, reason: str, on: dt.date | None = None
) -> FeedEvent | None:
    """A list entry was removed or ended: ``list_entry.withdrawn`` (``reason``: removed …)."""
    enterprise = session.get_one(Enterprise, entry.enterprise_id)
    return emit_change(
        session,
        kind="list_entry.withdrawn",
        record_type="list_entry",
        record_id=entry.id,
        record_version=1,
        payload=list_entry_withdrawal_payload(entry, enterprise, reason, on or clock.today()),
    )


# --- reading the feed -----------------------------------------------------------------------

MAX_PAGE = 5000
DEFAULT_PAGE = 500


@dataclass(frozen=True)
class FeedPage:
    bodies: list[str]
    last_position: int  # where the next page starts (the cursor's position)
    has_more: bool


def read_page(session: Session, after: int, limit: int) -> FeedPage:
    """Events after position ``after``, in order. Positions become visible in commit order
    (see ``next_positions``), so following ``last_position`` never skips nor repeats one."""
    rows = repository.page(session, after, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    return FeedPage(
        bodies=[body for _position, body in rows],
        last_position=rows[-1][0] if rows else after,
        has_more=has_more,
    )


@dataclass(frozen=True)
class Snapshot:
    position: int
    as_of: dt.date
    items: list[dict[str, Any]]


def snapshot(session: Session) -> Snapshot:
    """Everything public now, consistent with the feed position it returns.

    On PostgreSQL the ``feed_head`` row is share-locked for the rest of the transaction, so no
    feed writer commits while the public set is read; SQLite reads one snapshot anyway. The
    audit lock is taken first, in the feed's lock order (``lock_in_order``).
    """
    lock_in_order(session)
    position = repository.head(session, lock=True)
    day = clock.today()
    sequences = repository.latest_sequences(session, position)
    return Snapshot(position=position, as_of=day, items=public_items(session, day, sequences))


def public_items(
    session: Session, day: dt.date, sequences: dict[tuple[str, int], int] | None = None
) -> list[dict[str, Any]]:
    """Every record public on ``day`` (the one visibility rule), as snapshot items."""
    sequences = sequences or {}
    items: list[dict[str, Any]] = []
    for version, record, authority in repository.public_penalties(session, day):
        data = penalty_payload(version, record, authority)
        items.append(_snapshot_item("penalty", record.id, version.version, sequences, data))
    for entry, enterprise, cited in repository.entries_in_force(session, day):
        measures = feed_measures(session, entry.list_type, entry.start_date)
        data = list_entry_payload(entry, enterprise, cited, measures)
        items.append(_snapshot_item("list_entry", entry.id, 1, sequences, data))
    for lversion, lrecord, authority, kind in repository.public_licences(session, day):
        data = licence_payload(lversion, lrecord, authority, kind)
        items.append(_snapshot_item("licence", lrecord.id, lversion.version, sequences, data))
    return items


def _snapshot_item(
    record_type: str,
    record_id: int,
    version: int,
    sequences: dict[tuple[str, int], int],
    data: dict[str, Any],
) -> dict[str, Any]:
    return {
        "record": {
            "type": record_type,
            "id": record_id,
            "version": version,
            "sequence": sequences.get((record_type, record_id), 0),
        },
        "data": data,
        "content_hash": content_hash(data),
    }
