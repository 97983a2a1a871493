"""Queries of cases: by number, the officers' lists and counts, the supporting files, the names
of authorities, and the published penalty a case is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.cases.deadlines import overdue_condition
from app.cases.kinds import C, CaseKind
from app.kit.actor import Actor, Role
from app.models import Authority, CaseFile, Enterprise, PenaltyRecord, PenaltyVersion
from app.publication.visibility import penalty_version_public


def by_number(session: Session, kind: CaseKind[C], number: str) -> C | None:
    return session.scalar(select(kind.model).where(kind.column("number") == number))


def for_update(session: Session, kind: CaseKind[C], case_id: int) -> C | None:
    """The case, locked until the end of the transaction (one decision at a time)."""
    return session.scalar(select(kind.model).where(kind.column("id") == case_id).with_for_update())


def authority_name(session: Session, authority_id: int) -> str:
    return session.scalar(select(Authority.name).where(Authority.id == authority_id)) or ""


def files_of(session: Session, kind: CaseKind[C], case_id: int) -> list[CaseFile]:
    query = select(CaseFile).where(kind.file_column() == case_id).order_by(CaseFile.id)
    return list(session.scalars(query))


def file_of(session: Session, kind: CaseKind[C], case_id: int, file_id: int) -> CaseFile | None:
    return session.scalar(
        select(CaseFile).where(CaseFile.id == file_id, kind.file_column() == case_id)
    )


def _visible(kind: CaseKind[C], actor: Actor) -> ColumnElement[bool] | None:
    """Officers see their own authority's cases; administrators see all."""
    if actor.role == Role.admin:
        return None
    return kind.column("authority_id") == (actor.authority_id or -1)


def listed(
    session: Session,
    kind: CaseKind[C],
    actor: Actor,
    today: dt.date,
    *,
    statuses: Sequence[object] = (),
    overdue_only: bool = False,
    limit: int = 200,
) -> list[C]:
    """The cases the actor may see, open ones first (oldest first), then the decided ones."""
    query = select(kind.model)
    visible = _visible(kind, actor)
    if visible is not None:
        query = query.where(visible)
    status = kind.column("status")
    if statuses:
        query = query.where(status.in_(statuses))
    if overdue_only:
        query = query.where(overdue_condition(session, kind, today))
    query = query.order_by(
        status.in_(kind.open_statuses).desc(), kind.column("submitted_at"), kind.column("id")
    )
    return list(session.scalars(query.limit(limit)))


def counts(session: Session, kind: CaseKind[C], actor: Actor, today: dt.date) -> tuple[int, int]:
    """(open, overdue) cases the actor may see."""
    base = select(func.count()).select_from(kind.model)
    visible = _visible(kind, actor)
    if visible is not None:
        base = base.where(visible)
    open_count = session.scalar(base.where(kind.column("status").in_(kind.open_statuses)))
    overdue = session.scalar(base.where(overdue_condition(session, kind, today)))
    return int(open_count or 0), int(overdue or 0)


@dataclass(frozen=True)
class PublicPenalty:
    """A penalty record as public today: what a repair or an objection is about."""

    record_id: int
    authority_id: int
    enterprise_id: int | None
    enterprise_uscc: str | None
    decision_number: str
    version: int
    party_name: str
    party_uscc: str | None
    severity: str
    decision_date: dt.date
    categories: tuple[str, ...]


def public_penalty(session: Session, record_id: int, today: dt.date) -> PublicPenalty | None:
    """The penalty's version public today (the one visibility rule), or None."""
    row = session.execute(
        select(
            PenaltyRecord.id,
            PenaltyRecord.authority_id,
            PenaltyRecord.enterprise_id,
            Enterprise.uscc,
            PenaltyRecord.decision_number,
            PenaltyVersion.version,
            PenaltyVersion.party_name,
            PenaltyVersion.party_uscc,
            PenaltyVersion.severity,
            PenaltyVersion.decision_date,
            PenaltyVersion.penalty_categories,
        )
        .select_from(PenaltyVersion)
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .outerjoin(Enterprise, Enterprise.id == PenaltyRecord.enterprise_id)
        .where(PenaltyRecord.id == record_id, penalty_version_public(today))
    ).first()
    if row is None:
        return None
    return PublicPenalty(
        record_id=row[0],
        authority_id=row[1],
        enterprise_id=row[2],
        enterprise_uscc=row[3],
        decision_number=row[4],
        version=row[5],
        party_name=row[6],
        party_uscc=row[7],
        severity=row[8],
        decision_date=row[9],
        categories=tuple(row[10] or ()),
    )
