"""Queries of objections beyond those of every case (``app.cases.repository``): the open ones on
a record, the records' decision numbers, the versions that correct a record. The open-objection
flag of the public penalty pages is ``app.publication.visibility.objection_open``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)


def decision_numbers(session: Session, record_ids: list[int]) -> dict[int, str]:
    """The decision numbers of these penalty records."""
    if not record_ids:
        return {}
    rows = session.execute(
        select(PenaltyRecord.id, PenaltyRecord.decision_number).where(
            PenaltyRecord.id.in_(record_ids)
        )
    )
    return {int(row[0]): str(row[1]) for row in rows}


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
