"""Queries of the publication rules: records whose publication has ended, the feed's view of a
record, the rule ticks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    EntryStatus,
    FeedEvent,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
    PublicationEnding,
    RuleTick,
    VersionStatus,
)
from app.publication.visibility import day_end, local_day


@dataclass(frozen=True)
class Ended:
    """A record version whose publication ended on ``ended_on`` (its first non-public day)."""

    record_type: str  # penalty | list_entry
    record_id: int
    version: int
    reason: str
    ended_on: dt.date


def _not_noted(record_type: str, record_id: Any, version: Any) -> ColumnElement[bool]:
    return ~exists().where(
        PublicationEnding.record_type == record_type,
        PublicationEnding.record_id == record_id,
        PublicationEnding.record_version == version,
    )


def ended_penalties(session: Session, today: dt.date, since: dt.date | None) -> list[Ended]:
    """Published penalty versions whose publication ended by ``today`` and is not yet noted:
    the maximum period reached (ended the day after 公示截止期), or the record withdrawn
    (repaired, revoked). ``since`` limits the search to endings on or after that day (None:
    all)."""
    found: list[Ended] = []
    expired = (
        select(
            PenaltyVersion.record_id, PenaltyVersion.version, PenaltyVersion.publication_end_date
        )
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .where(
            PenaltyVersion.status == VersionStatus.published,
            PenaltyVersion.publication_end_date.is_not(None),
            PenaltyVersion.publication_end_date < today,
            PenaltyRecord.withdrawn_at.is_(None),
            _not_noted("penalty", PenaltyVersion.record_id, PenaltyVersion.version),
        )
    )
    if since is not None:
        # Ended since then, or published since then whenever it ended (a version approved
        # after its period: its ending is old, and no earlier run could have seen it).
        expired = expired.where(
            or_(
                PenaltyVersion.publication_end_date >= since - dt.timedelta(days=1),
                PenaltyVersion.published_at >= day_end(since) - dt.timedelta(days=1),
            )
        )
    for row in session.execute(expired.order_by(PenaltyVersion.record_id)):
        end = row.publication_end_date + dt.timedelta(days=1)
        found.append(Ended("penalty", row.record_id, row.version, "expired", end))
    withdrawn = (
        select(
            PenaltyRecord.id,
            PenaltyRecord.withdrawn_at,
            PenaltyRecord.withdrawal_reason,
            PenaltyVersion.version,
        )
        .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
        .where(
            PenaltyVersion.status == VersionStatus.published,
            PenaltyRecord.withdrawn_at.is_not(None),
            PenaltyRecord.withdrawn_at < day_end(today),
            _not_noted("penalty", PenaltyRecord.id, PenaltyVersion.version),
        )
    )
    if since is not None:
        withdrawn = withdrawn.where(
            PenaltyRecord.withdrawn_at >= day_end(since) - dt.timedelta(days=1)
        )
    for gone in session.execute(withdrawn.order_by(PenaltyRecord.id)):
        reason = gone.withdrawal_reason or "revoked"
        on = local_day(gone.withdrawn_at)
        found.append(Ended("penalty", gone.id, gone.version, reason, on))
    return found


def ended_entries(session: Session, today: dt.date, since: dt.date | None) -> list[Ended]:
    """Approved list entries that ended (end date passed) or were removed by ``today``, not yet
    noted."""
    found: list[Ended] = []
    expired = select(ListEntry.id, ListEntry.end_date).where(
        ListEntry.status == EntryStatus.approved,
        ListEntry.removed_at.is_(None),
        ListEntry.end_date < today,
        _not_noted("list_entry", ListEntry.id, 1),
    )
    if since is not None:
        # Ended since then, or approved since then whenever it ended (see ended_penalties).
        expired = expired.where(
            or_(
                ListEntry.end_date >= since - dt.timedelta(days=1),
                ListEntry.approved_at >= day_end(since) - dt.timedelta(days=1),
            )
        )
    for row in session.execute(expired.order_by(ListEntry.id)):
        end = row.end_date + dt.timedelta(days=1)
        found.append(Ended("list_entry", row.id, 1, "expired", end))
    removed = select(ListEntry.id, ListEntry.removed_at).where(
        ListEntry.removed_at.is_not(None),
        ListEntry.removed_at < day_end(today),
        ListEntry.approved_at.is_not(None),
        _not_noted("list_entry", ListEntry.id, 1),
    )
    if since is not None:
        removed = removed.where(ListEntry.removed_at >= day_end(since) - dt.timedelta(days=1))
    for gone in session.execute(removed.order_by(ListEntry.id)):
        found.append(Ended("list_entry", gone.id, 1, "removed", local_day(gone.removed_at)))
    return found


@dataclass(frozen=True)
class LastEvent:
    position: int
    kind: str
    record_version: int


def last_events(
    session: Session, record_type: str, record_ids: Sequence[int]
) -> dict[int, LastEvent]:
    """The last feed event of each record, by record id (records never on the feed: absent)."""
    result: dict[int, LastEvent] = {}
    for start in range(0, len(record_ids), 500):
        chunk = list(record_ids[start : start + 500])
        latest = (
            select(FeedEvent.record_id, func.max(FeedEvent.sequence).label("sequence"))
            .where(FeedEvent.record_type == record_type, FeedEvent.record_id.in_(chunk))
            .group_by(FeedEvent.record_id)
            .subquery()
        )
        rows = session.execute(
            select(FeedEvent.record_id, FeedEvent.id, FeedEvent.kind, FeedEvent.record_version)
            .join(
                latest,
                and_(
                    FeedEvent.record_id == latest.c.record_id,
                    FeedEvent.sequence == latest.c.sequence,
                ),
            )
            .where(FeedEvent.record_type == record_type)
        )
        for row in rows:
            result[int(row.record_id)] = LastEvent(int(row.id), row.kind, int(row.record_version))
    return result


def last_tick_day(session: Session) -> dt.date | None:
    """The day of the last completed rule tick, or None when none ever ran."""
    return session.scalar(select(func.max(RuleTick.day)).where(RuleTick.finished_at.is_not(None)))
