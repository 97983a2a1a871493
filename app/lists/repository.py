"""Queries of the list-decision pages, limited to the actor's jurisdiction (the enterprise's
district)."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.access.jurisdiction import stored_codes
from app.kit.actor import Actor
from app.models import Enterprise, EntryStatus, ListEntry, ListType

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
) -> list[Row]:
    query = _base(actor)
    if list_type is not None:
        query = query.where(ListEntry.list_type == list_type)
    if status is not None:
        query = query.where(ListEntry.status == status)
    return _rows(session, query.order_by(ListEntry.id.desc()).limit(limit))
