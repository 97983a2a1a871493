"""Queries of the nomination-bar pages, limited to the actor's jurisdiction. Persons come with
their masked ID number only."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.models import BarStatus, Enterprise, NominationBar, Person

Row = tuple[NominationBar, Person, Enterprise | None]
RowQuery = Select[NominationBar, Person, Enterprise]


def _base(actor: Actor) -> RowQuery:
    query = (
        select(NominationBar, Person, Enterprise)
        .join(Person, Person.id == NominationBar.person_id)
        .outerjoin(Enterprise, Enterprise.id == NominationBar.enterprise_id)
    )
    if actor.districts:
        query = query.where(NominationBar.district_code.in_(sorted(actor.districts)))
    return query


def _rows(session: Session, query: RowQuery) -> list[Row]:
    return [(b, p, e) for b, p, e in session.execute(query).all()]


def awaiting_confirmation(session: Session, actor: Actor, limit: int = 200) -> list[Row]:
    query = (
        _base(actor)
        .where(
            NominationBar.status == BarStatus.proposed,
            or_(
                NominationBar.proposed_by_id.is_(None),
                NominationBar.proposed_by_id != actor.user_id,
            ),
        )
        .order_by(NominationBar.proposed_at, NominationBar.id)
        .limit(limit)
    )
    return _rows(session, query)


def proposed_by(session: Session, actor: Actor, limit: int = 100) -> list[Row]:
    query = (
        _base(actor)
        .where(
            NominationBar.status == BarStatus.proposed,
            NominationBar.proposed_by_id == actor.user_id,
        )
        .order_by(NominationBar.id.desc())
        .limit(limit)
    )
    return _rows(session, query)


def bars(
    session: Session, actor: Actor, status: BarStatus | None = None, limit: int = 100
) -> list[Row]:
    query = _base(actor)
    if status is not None:
        query = query.where(NominationBar.status == status)
    return _rows(session, query.order_by(NominationBar.id.desc()).limit(limit))


def bar_row(session: Session, bar: NominationBar) -> Row:
    person = session.get_one(Person, bar.person_id)
    enterprise = session.get(Enterprise, bar.enterprise_id) if bar.enterprise_id else None
    return bar, person, enterprise
