"""Outbox queries: claim the due head event of each record, record what happened, report.

Claiming is one ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``: on
PostgreSQL concurrent workers skip each other's rows; SQLite runs one writer at a time. Only the
*head* of a record's queue is claimable (no earlier event of the same record is pending or in
flight), so a record's events go out one after the other, and a failing event holds back its own
record only. A claimed row carries a lease (token and expiry): a worker that dies loses it when it
expires, and every later write of the worker checks the token (a fence), so a worker that comes
back late cannot overwrite another's result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.feed.service import DESTINATIONS
from app.models.feed import FeedEvent
from app.models.reconciliation import SyncReconciliation
from app.models.sync import DeliveryAttempt, OutboxMessage, OutboxStatus

RESPONSE_LIMIT = 1000  # characters of an answer kept per attempt


@dataclass(frozen=True)
class Claimed:
    message_id: int
    position: int
    event_id: str
    record_key: str
    attempt: int
    body: str


def claim(
    session: Session,
    *,
    destination: str,
    lease_token: str,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
) -> list[Claimed]:
    """Lease up to ``limit`` due head events; the caller commits right after."""
    # The head of its record's queue: the lowest id still pending or in flight. A correlated
    # scalar subquery (run per candidate through the (destination, record_key, id) index), not
    # NOT EXISTS: PostgreSQL may turn that into an anti-join that is quadratic while the table's
    # statistics are missing, e.g. after a burst into a fresh table.
    earlier = aliased(OutboxMessage)
    head = OutboxMessage.id == (
        select(func.min(earlier.id))
        .where(
            earlier.destination == OutboxMessage.destination,
            earlier.record_key == OutboxMessage.record_key,
            earlier.status.in_([OutboxStatus.pending, OutboxStatus.delivering]),
        )
        .scalar_subquery()
    )
    due = or_(
        and_(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.next_attempt_at <= now),
        and_(
            OutboxMessage.status == OutboxStatus.delivering,
            OutboxMessage.lease_expires_at < now,
        ),
    )
    candidates = (
        select(OutboxMessage.id)
        .where(OutboxMessage.destination == destination, due, head)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed_ids = list(
        session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(candidates.scalar_subquery()))
            .values(
                status=OutboxStatus.delivering,
                lease_token=lease_token,
                lease_expires_at=now + lease,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
    )
    if not claimed_ids:
        return []
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.record_key,
            OutboxMessage.attempts,
            FeedEvent.id.label("position"),
            FeedEvent.event_id,
            FeedEvent.body,
        )
        .join(FeedEvent, FeedEvent.id == OutboxMessage.event_id)
        .where(OutboxMessage.id.in_(claimed_ids), OutboxMessage.lease_token == lease_token)
        .order_by(OutboxMessage.id)
    )
    return [Claimed(r.id, r.position, r.event_id, r.record_key, r.attempts, r.body) for r in rows]


def release(session: Session, message_id: int, lease_token: str) -> None:
    """Give a claimed event back untouched (not sent: the lease was too short to send it)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.lease_token == lease_token)
        .values(
            status=OutboxStatus.pending,
            lease_token=None,
            lease_expires_at=None,
            attempts=OutboxMessage.attempts - 1,
        )
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Outcome:
    message_id: int
    attempt: int
    started_at: dt.datetime
    duration_ms: int
    status_code: int | None
    response: str | None
    delivered: bool
    retry_at: dt.datetime | None  # None with delivered=False: dead letter


def _word(outcome: Outcome) -> str:
    if outcome.delivered:
        return "delivered"
    return "dead" if outcome.retry_at is None else "retry"


def record_outcomes(
    session: Session, outcomes: list[Outcome], *, lease_token: str, worker: str
) -> list[str]:
    """Store a round's attempts and move each event on (one statement per kind of result);
    returns each attempt's outcome word. An event whose lease this worker no longer holds is
    left alone (``lost_lease``): another worker has it now."""
    if not outcomes:
        return []
    table = cast(Table, OutboxMessage.__table__)
    # Which of them this worker still holds. An UPDATE (not a SELECT … FOR UPDATE): it locks
    # the rows on PostgreSQL and, on SQLite, makes this transaction's first statement a write,
    # so that a commit of another writer in between cannot fail it with SQLITE_BUSY_SNAPSHOT.
    still_ours = set(
        session.scalars(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_([o.message_id for o in outcomes]),
                OutboxMessage.lease_token == lease_token,
                OutboxMessage.status == OutboxStatus.delivering,
            )
            .values(lease_expires_at=OutboxMessage.lease_expires_at)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
    )
    words: list[str] = []
    changes: dict[str, list[dict[str, object]]] = {"delivered": [], "retry": [], "dead": []}
    attempts: list[dict[str, object]] = []
    for outcome in outcomes:
        word = _word(outcome) if outcome.message_id in still_ours else "lost_lease"
        words.append(word)
        attempts.append(
            {
                "message_id": outcome.message_id,
                "attempt": outcome.attempt,
                "started_at": outcome.started_at,
                "duration_ms": outcome.duration_ms,
                "worker": worker[:80],
                "status_code": outcome.status_code,
                "outcome": word,
                "response": (outcome.response or "")[:RESPONSE_LIMIT] or None,
            }
        )
        if word == "lost_lease":
            continue
        changes[word].append(
            {
                "b_id": outcome.message_id,
                "b_status": outcome.status_code,
                "b_error": None if outcome.delivered else (outcome.response or "")[:500],
                # when the platform's answer came: commit-to-acknowledgement ends here
                "b_at": outcome.started_at + dt.timedelta(milliseconds=outcome.duration_ms),
                "b_next": outcome.retry_at,
            }
        )
    common: dict[str, object] = {
        "lease_token": None,
        "lease_expires_at": None,
        "last_status": bindparam("b_status"),
        "last_error": bindparam("b_error"),
    }
    statements: dict[str, dict[str, object]] = {
        "delivered": {"status": OutboxStatus.delivered, "delivered_at": bindparam("b_at")},
        "retry": {"status": OutboxStatus.pending, "next_attempt_at": bindparam("b_next")},
        "dead": {"status": OutboxStatus.dead},
    }
    connection = session.connection()
    for word, rows in changes.items():
        if rows:
            connection.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.lease_token == lease_token)
                .values(**statements[word], **common),
                rows,
            )
    connection.execute(insert(cast(Table, DeliveryAttempt.__table__)), attempts)
    return words


def record_outcome(session: Session, outcome: Outcome, *, lease_token: str, worker: str) -> str:
    """One attempt (see ``record_outcomes``)."""
    return record_outcomes(session, [outcome], lease_token=lease_token, worker=worker)[0]


# --- reports and replays ------------------------------------------------------------------


def counts_by_status(session: Session) -> dict[OutboxStatus, int]:
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    found = {OutboxStatus(r[0]): int(r[1]) for r in rows}
    return {s: found.get(s, 0) for s in OutboxStatus}


def oldest_undelivered(session: Session) -> dt.datetime | None:
    return session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_([OutboxStatus.pending, OutboxStatus.delivering])
        )
    )


def messages(
    session: Session, statuses: list[OutboxStatus], limit: int = 50
) -> list[tuple[OutboxMessage, FeedEvent]]:
    rows = session.execute(
        select(OutboxMessage, FeedEvent)
        .join(FeedEvent, FeedEvent.id == OutboxMessage.event_id)
        .where(OutboxMessage.status.in_(statuses))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [(r[0], r[1]) for r in rows]


def attempts_of(session: Session, message_ids: list[int]) -> dict[int, list[DeliveryAttempt]]:
    found: dict[int, list[DeliveryAttempt]] = {i: [] for i in message_ids}
    if not message_ids:
        return found
    for attempt in session.scalars(
        select(DeliveryAttempt)
        .where(DeliveryAttempt.message_id.in_(message_ids))
        .order_by(DeliveryAttempt.id)
    ):
        found[attempt.message_id].append(attempt)
    return found


def replay(session: Session, message_ids: list[int] | None, now: dt.datetime) -> int:
    """Put dead letters back in the queue (all of them when ``message_ids`` is None)."""
    condition = OutboxMessage.status == OutboxStatus.dead
    if message_ids is not None:
        condition = and_(condition, OutboxMessage.id.in_(message_ids))
    result = session.execute(
        update(OutboxMessage)
        .where(condition)
        .values(status=OutboxStatus.pending, attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]  # CursorResult of an UPDATE


def last_reconciliation(session: Session) -> SyncReconciliation | None:
    return session.scalars(
        select(SyncReconciliation).order_by(SyncReconciliation.id.desc()).limit(1)
    ).one_or_none()


def requeue_last_events(session: Session, keys: list[tuple[str, int]], now: dt.datetime) -> int:
    """Queue the last feed event of each record once more, for every destination, unless it is
    still waiting in the queue (a dead letter is put back instead). Returns the records queued."""
    queued = 0
    for record_type, record_id in keys:
        event_id = session.scalar(
            select(FeedEvent.id)
            .where(FeedEvent.record_type == record_type, FeedEvent.record_id == record_id)
            .order_by(FeedEvent.sequence.desc())
            .limit(1)
        )
        if event_id is None:
            continue
        rows = list(
            session.scalars(select(OutboxMessage).where(OutboxMessage.event_id == event_id))
        )
        if any(r.status in (OutboxStatus.pending, OutboxStatus.delivering) for r in rows):
            continue
        for destination in DESTINATIONS:
            dead = [
                r for r in rows if r.destination == destination and r.status == OutboxStatus.dead
            ]
            if dead:
                dead[0].status, dead[0].attempts, dead[0].next_attempt_at = (
                    OutboxStatus.pending,
                    0,
                    now,
                )
                continue
            session.add(
                OutboxMessage(
                    event_id=event_id,
                    destination=destination,
                    record_key=f"{record_type}:{record_id}",
                    status=OutboxStatus.pending,
                    attempts=0,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
        queued += 1
    session.flush()
    return queued
