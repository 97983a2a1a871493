"""Queries of credit repair: the record applied for, applications by number and by authority,
the overdue ones, their files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.kit.actor import Actor, Role
from app.kit.errors import ValidationFailed
from app.kit.identifiers import IdentifierError, parse_uscc
from app.models import (
    Authority,
    CaseFile,
    Enterprise,
    ListEntry,
    ListType,
    PenaltyRecord,
    PenaltyVersion,
    RepairApplication,
    RepairStatus,
    RepairTarget,
    VersionStatus,
)
from app.models.listing import list_entry_penalties
from app.models.repair import OPEN_REPAIR_STATUSES
from app.publication.calendar import add_working_days
from app.publication.visibility import list_entry_in_force, penalty_version_public


@dataclass(frozen=True)
class PublicPenalty:
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


@dataclass(frozen=True)
class CitedPenalty:
    record_id: int
    authority_id: int
    decision_date: dt.date
    categories: tuple[str, ...]


def black_entry_in_force(
    session: Session, entry_id: int, today: dt.date
) -> tuple[ListEntry, Enterprise] | None:
    row = session.execute(
        select(ListEntry, Enterprise)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(
            ListEntry.id == entry_id,
            ListEntry.list_type == ListType.black,
            list_entry_in_force(today),
        )
    ).first()
    return None if row is None else (row[0], row[1])


def cited_penalties(session: Session, entry_id: int) -> list[CitedPenalty]:
    """The penalties a list entry cites, with their latest published (or superseded) content."""
    rows = session.execute(
        select(
            PenaltyRecord.id,
            PenaltyRecord.authority_id,
            PenaltyVersion.decision_date,
            PenaltyVersion.penalty_categories,
        )
        .select_from(list_entry_penalties)
        .join(PenaltyRecord, PenaltyRecord.id == list_entry_penalties.c.penalty_record_id)
        .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
        .where(
            list_entry_penalties.c.list_entry_id == entry_id,
            PenaltyVersion.status == VersionStatus.published,
        )
        .order_by(PenaltyRecord.id)
    ).all()
    return [CitedPenalty(r[0], r[1], r[2], tuple(r[3] or ())) for r in rows]


def records_of(session: Session, raw_uscc: str, today: dt.date) -> list[tuple[RepairTarget, int]]:
    """The penalties and black-list entries of the enterprise ``raw_uscc`` public today (422 for
    a malformed code)."""
    try:
        uscc = parse_uscc(raw_uscc)
    except IdentifierError as exc:
        raise ValidationFailed.from_identifier("uscc", exc) from None
    penalties = session.scalars(
        select(PenaltyRecord.id)
        .select_from(PenaltyVersion)
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .outerjoin(Enterprise, Enterprise.id == PenaltyRecord.enterprise_id)
        .where(
            or_(PenaltyVersion.party_uscc == uscc, Enterprise.uscc == uscc),
            penalty_version_public(today),
        )
        .order_by(PenaltyVersion.decision_date.desc(), PenaltyRecord.id.desc())
    ).all()
    entries = session.scalars(
        select(ListEntry.id)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(
            Enterprise.uscc == uscc,
            ListEntry.list_type == ListType.black,
            list_entry_in_force(today),
        )
        .order_by(ListEntry.start_date.desc())
    ).all()
    return [(RepairTarget.list_entry, int(i)) for i in entries] + [
        (RepairTarget.penalty, int(i)) for i in penalties
    ]


def open_application(
    session: Session, *, penalty_record_id: int | None = None, list_entry_id: int | None = None
) -> RepairApplication | None:
    """An application for the same record still being handled."""
    query = select(RepairApplication).where(RepairApplication.status.in_(OPEN_REPAIR_STATUSES))
    if penalty_record_id is not None:
        query = query.where(RepairApplication.penalty_record_id == penalty_record_id)
    else:
        query = query.where(RepairApplication.list_entry_id == list_entry_id)
    return session.scalars(query.limit(1)).first()


def by_number(session: Session, number: str) -> RepairApplication | None:
    return session.scalar(select(RepairApplication).where(RepairApplication.number == number))


def authority_name(session: Session, authority_id: int) -> str:
    return session.scalar(select(Authority.name).where(Authority.id == authority_id)) or ""


def files_of(session: Session, repair_id: int) -> list[CaseFile]:
    return list(
        session.scalars(
            select(CaseFile).where(CaseFile.repair_id == repair_id).order_by(CaseFile.id)
        )
    )


def file_of(session: Session, repair_id: int, file_id: int) -> CaseFile | None:
    return session.scalar(
        select(CaseFile).where(CaseFile.id == file_id, CaseFile.repair_id == repair_id)
    )


# --- overdue -------------------------------------------------------------------------------


def _within_values(session: Session, column: InstrumentedAttribute[int]) -> list[int]:
    return [
        int(n)
        for n in session.scalars(
            select(column).where(RepairApplication.status.in_(OPEN_REPAIR_STATUSES)).distinct()
        )
    ]


def overdue_condition(session: Session, today: dt.date) -> ColumnElement[bool]:
    """Applications whose current step is past its working-day deadline on ``today``.

    A step that started on day S with a deadline of n working days is due on the n-th working
    day after S (``add_working_days(S, n)``) and overdue from the day after: exactly when
    ``S < add_working_days(today, -n)``. One comparison per distinct n (there are few)."""
    accept = [
        and_(
            RepairApplication.accept_within == n,
            RepairApplication.submitted_on < add_working_days(session, today, -n),
        )
        for n in _within_values(session, RepairApplication.accept_within)
    ]
    decide = [
        and_(
            RepairApplication.decide_within == n,
            RepairApplication.accepted_on < add_working_days(session, today, -n),
        )
        for n in _within_values(session, RepairApplication.decide_within)
    ]
    return or_(
        and_(RepairApplication.status == RepairStatus.submitted, or_(false(), *accept)),
        and_(RepairApplication.status == RepairStatus.accepted, or_(false(), *decide)),
    )


def _visible(actor: Actor) -> ColumnElement[bool] | None:
    """Officers see their own authority's applications; administrators see all."""
    if actor.role == Role.admin:
        return None
    return RepairApplication.authority_id == (actor.authority_id or -1)


def applications(
    session: Session,
    actor: Actor,
    today: dt.date,
    *,
    statuses: Sequence[RepairStatus] = (),
    overdue_only: bool = False,
    limit: int = 200,
) -> list[RepairApplication]:
    """Applications the actor may see, oldest open first, then newest decided."""
    query = select(RepairApplication)
    visible = _visible(actor)
    if visible is not None:
        query = query.where(visible)
    if statuses:
        query = query.where(RepairApplication.status.in_(statuses))
    if overdue_only:
        query = query.where(overdue_condition(session, today))
    query = query.order_by(
        RepairApplication.status.in_(OPEN_REPAIR_STATUSES).desc(),
        RepairApplication.submitted_at,
        RepairApplication.id,
    )
    return list(session.scalars(query.limit(limit)))


def counts(session: Session, actor: Actor, today: dt.date) -> tuple[int, int]:
    """(open, overdue) applications the actor may see."""
    base = select(func.count()).select_from(RepairApplication)
    visible = _visible(actor)
    if visible is not None:
        base = base.where(visible)
    open_count = session.scalar(base.where(RepairApplication.status.in_(OPEN_REPAIR_STATUSES)))
    overdue = session.scalar(base.where(overdue_condition(session, today)))
    return int(open_count or 0), int(overdue or 0)
