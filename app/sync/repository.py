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

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.models.feed import FeedEvent
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
    earlier = aliased(OutboxMessage)
    head = ~exists().where(
        earlier.destination == OutboxMessage.destination,
        earlier.record_key == OutboxMessage.record_key,
        earlier.id < OutboxMessage.id,
        earlier.status.in_([OutboxStatus.pending, OutboxStatus.delivering]),
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


def record_outcome(session: Session, outcome: Outcome, *, lease_token: str, worker: str) -> str:
    """Store one attempt and move the event on; returns the attempt's outcome word."""
    fence = and_(
        OutboxMessage.id == outcome.message_id,
        OutboxMessage.lease_token == lease_token,
        OutboxMessage.status == OutboxStatus.delivering,
    )
    error = None if outcome.delivered else (outcome.response or "")[:500]
    if outcome.delivered:
        word = "delivered"
        values: dict[str, object] = {
            "status": OutboxStatus.delivered,
            "delivered_at": outcome.started_at,
        }
    elif outcome.retry_at is None:
        word = "dead"
        values = {"status": OutboxStatus.dead}
    else:
        word = "retry"
        values = {"status": OutboxStatus.pending, "next_attempt_at": outcome.retry_at}
    values.update(
        lease_token=None,
        lease_expires_at=None,
        last_status=outcome.status_code,
        last_error=error,
    )
    result = session.execute(
        update(OutboxMessage)
        .where(fence)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        word = "lost_lease"
    session.add(
        DeliveryAttempt(
            message_id=outcome.message_id,
            attempt=outcome.attempt,
            started_at=outcome.started_at,
            duration_ms=outcome.duration_ms,
            worker=worker[:80],
            status_code=outcome.status_code,
            outcome=word,
            response=(outcome.response or "")[:RESPONSE_LIMIT] or None,
        )
    )
    return word


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
