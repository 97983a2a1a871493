"""Feed queries: a page after a position, the head, consumers, the current public set."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (
    Authority,
    Enterprise,
    LicenceKind,
    LicenceRecord,
    LicenceVersion,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
)
from app.models.feed import FeedConsumer, FeedEvent, FeedHead
from app.models.listing import list_entry_penalties
from app.publication.visibility import (
    licence_version_public,
    list_entry_in_force,
    penalty_version_public,
)


def page(session: Session, after: int, limit: int) -> list[tuple[int, str]]:
    """(position, body) of up to ``limit`` events after ``after``, in order."""
    rows = session.execute(
        select(FeedEvent.id, FeedEvent.body)
        .where(FeedEvent.id > after)
        .order_by(FeedEvent.id)
        .limit(limit)
    )
    return [(int(r[0]), r[1]) for r in rows]


def head(session: Session, *, lock: bool = False) -> int:
    """The last position handed out. ``lock`` (PostgreSQL: FOR SHARE) keeps feed writers from
    committing until this transaction ends: what it then reads is consistent with the head."""
    query = select(FeedHead.last_position).where(FeedHead.id == 1)
    if lock:
        query = query.with_for_update(read=True)
    return int(session.scalar(query) or 0)


def latest_sequences(session: Session, up_to: int) -> dict[tuple[str, int], int]:
    rows = session.execute(
        select(FeedEvent.record_type, FeedEvent.record_id, func.max(FeedEvent.sequence))
        .where(FeedEvent.id <= up_to)
        .group_by(FeedEvent.record_type, FeedEvent.record_id)
    )
    return {(r[0], int(r[1])): int(r[2]) for r in rows}


def public_penalties(
    session: Session, day: dt.date
) -> list[tuple[PenaltyVersion, PenaltyRecord, Authority]]:
    rows = session.execute(
        select(PenaltyVersion, PenaltyRecord, Authority)
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .join(Authority, Authority.id == PenaltyRecord.authority_id)
        .where(penalty_version_public(day))
        .order_by(PenaltyRecord.id)
    )
    return [(r[0], r[1], r[2]) for r in rows]


def public_licences(
    session: Session, day: dt.date
) -> list[tuple[LicenceVersion, LicenceRecord, Authority, LicenceKind]]:
    rows = session.execute(
        select(LicenceVersion, LicenceRecord, Authority, LicenceKind)
        .join(LicenceRecord, LicenceRecord.id == LicenceVersion.record_id)
        .join(Authority, Authority.id == LicenceRecord.authority_id)
        .join(LicenceKind, LicenceKind.id == LicenceVersion.kind_id)
        .where(licence_version_public(day))
        .order_by(LicenceRecord.id)
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def entries_in_force(
    session: Session, day: dt.date
) -> list[tuple[ListEntry, Enterprise, list[int]]]:
    rows = session.execute(
        select(ListEntry, Enterprise)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(list_entry_in_force(day))
        .order_by(ListEntry.id)
    ).all()
    cited: dict[int, list[int]] = defaultdict(list)
    ids = [r[0].id for r in rows]
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for entry_id, record_id in session.execute(
            select(
                list_entry_penalties.c.list_entry_id, list_entry_penalties.c.penalty_record_id
            ).where(list_entry_penalties.c.list_entry_id.in_(chunk))
        ):
            cited[int(entry_id)].append(int(record_id))
    return [(r[0], r[1], cited[r[0].id]) for r in rows]


def note_consumer(session: Session, name: str, position: int, now: dt.datetime) -> None:
    """Remember how far a consumer has read (for its lag on the officers' page)."""
    # Locks the consumer's row: third in the lock order (``app.feed.service.lock_in_order``);
    # callers hold the audit head already.
    consumer = session.scalars(
        select(FeedConsumer).where(FeedConsumer.name == name).with_for_update()
    ).one_or_none()
    if consumer is None:
        try:
            with session.begin_nested():
                session.add(
                    FeedConsumer(name=name, last_position=position, last_read_at=now, reads=1)
                )
            return
        except IntegrityError:  # its first two reads arrived together
            consumer = session.scalars(
                select(FeedConsumer).where(FeedConsumer.name == name).with_for_update()
            ).one()
    consumer.last_position = max(consumer.last_position, position)
    consumer.last_read_at = now
    consumer.reads += 1
    session.flush()


def consumers(session: Session) -> list[FeedConsumer]:
    return list(session.scalars(select(FeedConsumer).order_by(FeedConsumer.name)))
