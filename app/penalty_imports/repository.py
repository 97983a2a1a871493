"""Queries of the import pages: my batches, batches awaiting review (with their open rows)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.models import ImportStatus, PenaltyImportBatch, PenaltyVersion, VersionStatus


def batches_of(session: Session, actor: Actor, limit: int = 50) -> list[PenaltyImportBatch]:
    return list(
        session.scalars(
            select(PenaltyImportBatch)
            .where(PenaltyImportBatch.uploaded_by_id == actor.user_id)
            .order_by(PenaltyImportBatch.id.desc())
            .limit(limit)
        )
    )


def awaiting_review(
    session: Session, actor: Actor, *, exclude_own: bool = True, limit: int = 100
) -> list[tuple[PenaltyImportBatch, int]]:
    """Submitted batches with rows still awaiting review in the actor's jurisdiction."""
    pending = (
        select(PenaltyVersion.import_batch_id, func.count().label("open_rows"))
        .where(
            PenaltyVersion.import_batch_id.is_not(None),
            PenaltyVersion.status == VersionStatus.submitted,
        )
        .group_by(PenaltyVersion.import_batch_id)
    )
    if actor.districts:
        pending = pending.where(PenaltyVersion.district_code.in_(sorted(actor.districts)))
    counts = pending.subquery()
    query = (
        select(PenaltyImportBatch, counts.c.open_rows)
        .join(counts, counts.c.import_batch_id == PenaltyImportBatch.id)
        .where(PenaltyImportBatch.status == ImportStatus.submitted)
    )
    if exclude_own:
        query = query.where(PenaltyImportBatch.uploaded_by_id != actor.user_id)
    rows = session.execute(query.order_by(PenaltyImportBatch.submitted_at).limit(limit)).all()
    return [(batch, int(count)) for batch, count in rows]
