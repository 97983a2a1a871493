"""Queries of the licence workflow: versions of a record, the review queue, the kinds.

Every list is limited to the actor's jurisdiction (their districts; the city bureau sees all).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.models import LicenceKind, LicenceRecord, LicenceVersion, VersionStatus

OPEN = (VersionStatus.draft, VersionStatus.submitted, VersionStatus.returned)


def kinds(session: Session) -> list[LicenceKind]:
    return list(session.scalars(select(LicenceKind).order_by(LicenceKind.sort_order)))


def kind_names(session: Session) -> dict[str, str]:
    return {k.code: k.name for k in kinds(session)}


def kind_by_code(session: Session, code: str) -> LicenceKind | None:
    return session.scalar(select(LicenceKind).where(LicenceKind.code == code))


def current_published(session: Session, record_id: int) -> LicenceVersion | None:
    return session.scalar(
        select(LicenceVersion).where(
            LicenceVersion.record_id == record_id,
            LicenceVersion.status == VersionStatus.published,
        )
    )


def open_version(session: Session, record_id: int) -> LicenceVersion | None:
    return session.scalar(
        select(LicenceVersion).where(
            LicenceVersion.record_id == record_id, LicenceVersion.status.in_(OPEN)
        )
    )


def was_published(session: Session, record_id: int) -> bool:
    found = session.scalar(
        select(LicenceVersion.id).where(
            LicenceVersion.record_id == record_id,
            LicenceVersion.status.in_([VersionStatus.published, VersionStatus.superseded]),
        )
    )
    return found is not None


def history(session: Session, record_id: int) -> Sequence[LicenceVersion]:
    return session.scalars(
        select(LicenceVersion)
        .where(LicenceVersion.record_id == record_id)
        .order_by(LicenceVersion.version)
    ).all()


def _covered(actor: Actor) -> list[ColumnElement[bool]]:
    if not actor.districts:
        return []
    return [LicenceVersion.district_code.in_(sorted(actor.districts))]


def review_queue(session: Session, actor: Actor) -> list[tuple[LicenceVersion, LicenceRecord]]:
    """Submitted versions another officer made, and revocations another officer proposed."""
    rows = session.execute(
        select(LicenceVersion, LicenceRecord)
        .join(LicenceRecord, LicenceRecord.id == LicenceVersion.record_id)
        .where(
            or_(
                LicenceVersion.status == VersionStatus.submitted,
                (LicenceVersion.status == VersionStatus.published)
                & LicenceRecord.revocation_proposed_at.is_not(None)
                & LicenceRecord.revoked_at.is_(None),
            ),
            *_covered(actor),
        )
        .order_by(LicenceVersion.id)
        .limit(200)
    )
    return [(r[0], r[1]) for r in rows]


def recent(
    session: Session, actor: Actor, limit: int = 50
) -> list[tuple[LicenceVersion, LicenceRecord]]:
    """The latest versions of the jurisdiction, newest first (the workspace list)."""
    rows = session.execute(
        select(LicenceVersion, LicenceRecord)
        .join(LicenceRecord, LicenceRecord.id == LicenceVersion.record_id)
        .where(LicenceVersion.status != VersionStatus.superseded, *_covered(actor))
        .order_by(LicenceVersion.id.desc())
        .limit(limit)
    )
    return [(r[0], r[1]) for r in rows]
