"""Queries of the nomination watch: watches, their candidates (plain columns, in bulk), the
reviewers' decisions, notifications due for delivery and the poll pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Row, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from app.models import (
    CandidateStatus,
    DeliveryStatus,
    NominationWatch,
    WatchCandidate,
    WatchNotification,
    WatchReview,
)

CHUNK = 5000


def active_watches(
    session: Session, day: dt.date, *, watch_ids: Collection[int] | None = None, lock: bool = False
) -> list[NominationWatch]:
    """Watches not ended whose election day is ``day`` or later (``lock``: FOR UPDATE, so that
    two re-checks of one watch run one after the other)."""
    query = select(NominationWatch).where(
        NominationWatch.ended_at.is_(None), NominationWatch.end_date >= day
    )
    if watch_ids is not None:
        query = query.where(NominationWatch.id.in_(watch_ids))
    if lock:
        query = query.with_for_update()
    return list(session.scalars(query.order_by(NominationWatch.id)))


def finished_watches(session: Session, day: dt.date) -> list[NominationWatch]:
    """Watches whose election day has passed, or that were ended, and are not purged yet."""
    return list(
        session.scalars(
            select(NominationWatch)
            .where(
                NominationWatch.purged_at.is_(None),
                or_(NominationWatch.end_date < day, NominationWatch.ended_at.is_not(None)),
            )
            .order_by(NominationWatch.id)
        )
    )


_CANDIDATE_COLUMNS = (
    WatchCandidate.id,
    WatchCandidate.watch_id,
    WatchCandidate.position,
    WatchCandidate.reference,
    WatchCandidate.name,
    WatchCandidate.id_hash,
    WatchCandidate.id_masked,
    WatchCandidate.id_legacy,
    WatchCandidate.status,
    WatchCandidate.person_ids,
    WatchCandidate.detail,
    WatchCandidate.changes,
)


def candidates_of(session: Session, watch_ids: Collection[int]) -> list[Row[Any]]:
    """Every candidate of these watches (plain rows), by watch and position."""
    rows: list[Row[Any]] = []
    ids = sorted(watch_ids)
    for start in range(0, len(ids), CHUNK):
        rows.extend(
            session.execute(
                select(*_CANDIDATE_COLUMNS)
                .where(WatchCandidate.watch_id.in_(ids[start : start + CHUNK]))
                .order_by(WatchCandidate.watch_id, WatchCandidate.position)
            ).all()
        )
    return rows


def candidate(session: Session, watch_id: int, position: int) -> WatchCandidate | None:
    return session.scalars(
        select(WatchCandidate).where(
            WatchCandidate.watch_id == watch_id, WatchCandidate.position == position
        )
    ).one_or_none()


def dismissed(session: Session, watch_ids: Collection[int]) -> dict[int, set[int]]:
    """Persons a reviewer said each candidate is not, by candidate id."""
    found: dict[int, set[int]] = defaultdict(set)
    if not watch_ids:
        return found
    rows = session.execute(
        select(WatchReview.candidate_id, WatchReview.person_id).where(
            WatchReview.watch_id.in_(sorted(watch_ids))
        )
    )
    for candidate_id, person_id in rows:
        found[int(candidate_id)].add(int(person_id))
    return found


def add_candidates(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    values = list(rows)
    for start in range(0, len(values), CHUNK):
        session.execute(insert(WatchCandidate), values[start : start + CHUNK])


def update_candidates(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk update by primary key (``id`` in each dict)."""
    if rows:
        session.execute(update(WatchCandidate), list(rows))


def add_notifications(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(WatchNotification), list(rows))


def notifications_page(
    session: Session, watch_id: int, after: int, limit: int
) -> list[WatchNotification]:
    return list(
        session.scalars(
            select(WatchNotification)
            .where(WatchNotification.watch_id == watch_id, WatchNotification.id > after)
            .order_by(WatchNotification.id)
            .limit(limit)
        )
    )


def due(session: Session, now: dt.datetime, limit: int) -> list[WatchNotification]:
    """Pending notifications whose next attempt is due and that no worker holds, oldest first
    (PostgreSQL: SKIP LOCKED, so that several workers share them)."""
    query = (
        select(WatchNotification)
        .where(
            WatchNotification.delivery == DeliveryStatus.pending,
            WatchNotification.next_attempt_at <= now,
            or_(
                WatchNotification.lease_expires_at.is_(None),
                WatchNotification.lease_expires_at < now,
            ),
        )
        .order_by(WatchNotification.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def earlier_undelivered(session: Session, notification: WatchNotification) -> bool:
    """Whether an earlier notification of the same watch is still waiting: a watch's
    notifications are delivered in order."""
    found = session.scalar(
        select(WatchNotification.id)
        .where(
            WatchNotification.watch_id == notification.watch_id,
            WatchNotification.id < notification.id,
            WatchNotification.delivery == DeliveryStatus.pending,
        )
        .limit(1)
    )
    return found is not None


def purge(session: Session, watch_id: int) -> dict[str, int]:
    """Delete a watch's candidates, notifications and decisions; returns how many of each."""
    counts: dict[str, int] = {}
    for name, model in (
        ("reviews", WatchReview),
        ("notifications", WatchNotification),
        ("candidates", WatchCandidate),
    ):
        result = session.execute(delete(model).where(model.watch_id == watch_id))
        counts[name] = int(getattr(result, "rowcount", 0) or 0)
    return counts


def watches_of(session: Session, user_id: int, limit: int = 100) -> list[NominationWatch]:
    return list(
        session.scalars(
            select(NominationWatch)
            .where(NominationWatch.user_id == user_id)
            .order_by(NominationWatch.id.desc())
            .limit(limit)
        )
    )


def needing_review(session: Session, watch_id: int) -> list[WatchCandidate]:
    """The candidates barred or to be reviewed, in batch order."""
    attention = [CandidateStatus.needs_review, CandidateStatus.barred]
    return list(
        session.scalars(
            select(WatchCandidate)
            .where(WatchCandidate.watch_id == watch_id, WatchCandidate.status.in_(attention))
            .order_by(WatchCandidate.position)
        )
    )
