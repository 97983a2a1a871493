"""Queries of objections: objections by number and by authority, the overdue ones, their files.
The open-objection flag of the public penalty pages is
``app.publication.visibility.objection_open``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from app.kit.actor import Actor, Role
from app.models import (
    CaseFile,
    Objection,
    ObjectionStatus,
    PenaltyVersion,
    VersionStatus,
)
from app.publication.calendar import add_working_days


def by_number(session: Session, number: str) -> Objection | None:
    return session.scalar(select(Objection).where(Objection.number == number))


def files_of(session: Session, objection_id: int) -> list[CaseFile]:
    return list(
        session.scalars(
            select(CaseFile).where(CaseFile.objection_id == objection_id).order_by(CaseFile.id)
        )
    )


def file_of(session: Session, objection_id: int, file_id: int) -> CaseFile | None:
    return session.scalar(
        select(CaseFile).where(CaseFile.id == file_id, CaseFile.objection_id == objection_id)
    )


def overdue_condition(session: Session, today: dt.date) -> ColumnElement[bool]:
    """Open objections past their working-day deadline on ``today``: submitted on S with n
    working days, due on ``add_working_days(S, n)``, overdue exactly when
    ``S < add_working_days(today, -n)`` (see ``app.repairs.repository.overdue_condition``)."""
    within = session.scalars(
        select(Objection.answer_within).where(Objection.status == ObjectionStatus.open).distinct()
    ).all()
    late = [
        and_(
            Objection.answer_within == n,
            Objection.submitted_on < add_working_days(session, today, -int(n)),
        )
        for n in within
    ]
    return and_(Objection.status == ObjectionStatus.open, or_(false(), *late))


def _visible(actor: Actor) -> ColumnElement[bool] | None:
    if actor.role == Role.admin:
        return None
    return Objection.authority_id == (actor.authority_id or -1)


def objections(
    session: Session,
    actor: Actor,
    today: dt.date,
    *,
    statuses: Sequence[ObjectionStatus] = (),
    overdue_only: bool = False,
    limit: int = 200,
) -> list[Objection]:
    """Objections the actor may see, open ones first (oldest first)."""
    query = select(Objection)
    visible = _visible(actor)
    if visible is not None:
        query = query.where(visible)
    if statuses:
        query = query.where(Objection.status.in_(statuses))
    if overdue_only:
        query = query.where(overdue_condition(session, today))
    query = query.order_by(
        (Objection.status == ObjectionStatus.open).desc(), Objection.submitted_at, Objection.id
    )
    return list(session.scalars(query.limit(limit)))


def counts(session: Session, actor: Actor, today: dt.date) -> tuple[int, int]:
    """(open, overdue) objections the actor may see."""
    base = select(func.count()).select_from(Objection)
    visible = _visible(actor)
    if visible is not None:
        base = base.where(visible)
    open_count = session.scalar(base.where(Objection.status == ObjectionStatus.open))
    overdue = session.scalar(base.where(overdue_condition(session, today)))
    return int(open_count or 0), int(overdue or 0)


def later_versions(
    session: Session, record_id: int, version: int
) -> list[tuple[int, int, VersionStatus]]:
    """(version id, version number, status) of the record's versions after ``version``: the
    correction an upheld objection leads to."""
    rows = session.execute(
        select(PenaltyVersion.id, PenaltyVersion.version, PenaltyVersion.status)
        .where(PenaltyVersion.record_id == record_id, PenaltyVersion.version > version)
        .order_by(PenaltyVersion.version)
    ).all()
    return [(int(r[0]), int(r[1]), VersionStatus(r[2])) for r in rows]
