"""Queries of credit repair: the black-list entry applied for and the penalties it cites, an
enterprise's records that may be repaired, the open application of a record. Lists, numbers
and files of applications are those of every case (``app.cases.repository``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.kit.errors import ValidationFailed
from app.kit.identifiers import IdentifierError, parse_uscc
from app.models import (
    Enterprise,
    ListEntry,
    ListType,
    PenaltyRecord,
    PenaltyVersion,
    RepairApplication,
    RepairTarget,
    VersionStatus,
)
from app.models.listing import list_entry_penalties
from app.models.repair import OPEN_REPAIR_STATUSES
from app.publication.visibility import list_entry_in_force, penalty_version_public


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
