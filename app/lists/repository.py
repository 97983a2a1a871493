"""Queries of list decisions: the pages' lists, limited to the actor's jurisdiction (the
enterprise's district), the penalties an entry may cite, an enterprise's open black-list
entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.access.jurisdiction import stored_codes
from app.kit.actor import Actor
from app.models import (
    Enterprise,
    EntryStatus,
    ListEntry,
    ListType,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)
from app.models.listing import list_entry_penalties

Row = tuple[ListEntry, Enterprise]
RowQuery = Select[ListEntry, Enterprise]


def _base(actor: Actor) -> RowQuery:
    query = select(ListEntry, Enterprise).join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
    if actor.districts:
        query = query.where(Enterprise.district_code.in_(stored_codes(actor.districts)))
    return query


def _rows(session: Session, query: RowQuery) -> list[Row]:
    return [(e, ent) for e, ent in session.execute(query).all()]


def awaiting_decision(session: Session, actor: Actor, limit: int = 200) -> list[Row]:
    """Proposals the actor may decide (not their own)."""
    query = (
        _base(actor)
        .where(
            ListEntry.status == EntryStatus.proposed,
            or_(ListEntry.proposed_by_id.is_(None), ListEntry.proposed_by_id != actor.user_id),
        )
        .order_by(ListEntry.proposed_at, ListEntry.id)
        .limit(limit)
    )
    return _rows(session, query)


def awaiting_removal(session: Session, actor: Actor, limit: int = 200) -> list[Row]:
    query = (
        _base(actor)
        .where(
            ListEntry.status == EntryStatus.approved,
            ListEntry.removal_proposed_by_id.is_not(None),
            ListEntry.removal_proposed_by_id != actor.user_id,
        )
        .order_by(ListEntry.removal_proposed_at, ListEntry.id)
        .limit(limit)
    )
    return _rows(session, query)


def proposed_by(session: Session, actor: Actor, limit: int = 100) -> list[Row]:
    query = (
        _base(actor)
        .where(
            or_(
                (ListEntry.status == EntryStatus.proposed)
                & (ListEntry.proposed_by_id == actor.user_id),
                (ListEntry.status == EntryStatus.approved)
                & (ListEntry.removal_proposed_by_id == actor.user_id),
            )
        )
        .order_by(ListEntry.id.desc())
        .limit(limit)
    )
    return _rows(session, query)


def entries(
    session: Session,
    actor: Actor,
    list_type: ListType | None = None,
    status: EntryStatus | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    query = _filtered(actor, list_type, status)
    return _rows(session, query.order_by(ListEntry.id.desc()).limit(limit).offset(offset))


def count_entries(
    session: Session,
    actor: Actor,
    list_type: ListType | None = None,
    status: EntryStatus | None = None,
) -> int:
    """How many rows ``entries`` has in all."""
    query = _filtered(actor, list_type, status).with_only_columns(func.count(ListEntry.id))
    return int(session.scalar(query) or 0)


def _filtered(actor: Actor, list_type: ListType | None, status: EntryStatus | None) -> RowQuery:
    query = _base(actor)
    if list_type is not None:
        query = query.where(ListEntry.list_type == list_type)
    if status is not None:
        query = query.where(ListEntry.status == status)
    return query


def published_penalties(session: Session, enterprise_id: int) -> list[PenaltyVersion]:
    """The enterprise's penalties a black-list entry may cite (current version published)."""
    return list(
        session.scalars(
            select(PenaltyVersion)
            .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
            .where(
                PenaltyRecord.enterprise_id == enterprise_id,
                PenaltyRecord.withdrawn_at.is_(None),
                PenaltyVersion.status == VersionStatus.published,
            )
            .order_by(PenaltyVersion.decision_date.desc(), PenaltyVersion.id.desc())
        )
    )


def open_black_entry(session: Session, enterprise_id: int, day: dt.date) -> int | None:
    """A black-list entry of the enterprise that is proposed, or approved and not ended."""
    return session.scalar(
        select(ListEntry.id).where(
            ListEntry.enterprise_id == enterprise_id,
            ListEntry.list_type == ListType.black,
            or_(
                ListEntry.status == EntryStatus.proposed,
                and_(
                    ListEntry.status == EntryStatus.approved,
                    ListEntry.removed_at.is_(None),
                    ListEntry.end_date >= day,
                ),
            ),
        )
    )


def clashing_entry(
    session: Session, enterprise_id: int, list_type: ListType, start: dt.date, end: dt.date
) -> int | None:
    """An entry of the same list for the enterprise that is proposed, or approved, not removed
    and overlapping ``start``-``end``."""
    return session.scalar(
        select(ListEntry.id).where(
            ListEntry.enterprise_id == enterprise_id,
            ListEntry.list_type == list_type,
            (ListEntry.status == EntryStatus.proposed)
            | (
                (ListEntry.status == EntryStatus.approved)
                & ListEntry.removed_at.is_(None)
                & (ListEntry.start_date <= end)
                & (ListEntry.end_date >= start)
            ),
        )
    )


def black_entry_until(session: Session, enterprise_id: int, day: dt.date) -> int | None:
    """A black-list entry of the enterprise, proposed or approved, not removed, not ended before
    ``day``."""
    return session.scalar(
        select(ListEntry.id).where(
            ListEntry.enterprise_id == enterprise_id,
            ListEntry.list_type == ListType.black,
            ListEntry.status.in_([EntryStatus.proposed, EntryStatus.approved]),
            ListEntry.removed_at.is_(None),
            ListEntry.end_date >= day,
        )
    )


def district_of(session: Session, enterprise_id: int) -> str | None:
    return session.scalar(select(Enterprise.district_code).where(Enterprise.id == enterprise_id))


def cited_records(session: Session, entry_id: int) -> list[int]:
    """The penalty records an entry cites."""
    return list(
        session.scalars(
            select(list_entry_penalties.c.penalty_record_id)
            .where(list_entry_penalties.c.list_entry_id == entry_id)
            .order_by(list_entry_penalties.c.penalty_record_id)
        )
    )
