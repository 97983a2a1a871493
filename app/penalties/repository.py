"""Queries of the penalty workflow pages: queues, what I submitted, what came back, history.

Every query is limited to the actor's jurisdiction (their districts; the city bureau sees all).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.kit.db import escape_like
from app.models import AuditEntry, PenaltyRecord, PenaltyVersion, VersionStatus

Row = tuple[PenaltyVersion, PenaltyRecord]
RowQuery = Select[PenaltyVersion, PenaltyRecord]
CURRENT = (
    VersionStatus.draft,
    VersionStatus.submitted,
    VersionStatus.returned,
    VersionStatus.published,
)


OPEN = (VersionStatus.draft, VersionStatus.submitted, VersionStatus.returned)


def current_published(session: Session, record_id: int) -> PenaltyVersion | None:
    return session.scalar(
        select(PenaltyVersion).where(
            PenaltyVersion.record_id == record_id,
            PenaltyVersion.status == VersionStatus.published,
        )
    )


def open_version(session: Session, record_id: int) -> PenaltyVersion | None:
    return session.scalar(
        select(PenaltyVersion).where(
            PenaltyVersion.record_id == record_id, PenaltyVersion.status.in_(OPEN)
        )
    )


def was_published(session: Session, record_id: int) -> bool:
    """Whether the record was ever public (its open version is then a correction)."""
    found = session.scalar(
        select(PenaltyVersion.id).where(
            PenaltyVersion.record_id == record_id,
            PenaltyVersion.status.in_([VersionStatus.published, VersionStatus.superseded]),
        )
    )
    return found is not None


def _base(actor: Actor) -> RowQuery:
    query = select(PenaltyVersion, PenaltyRecord).join(
        PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id
    )
    if actor.districts:
        query = query.where(PenaltyVersion.district_code.in_(sorted(actor.districts)))
    return query


# The audited actions that change a version's content: whoever did one of them is a maker of it.
MAKING_ACTIONS = ("penalty.create", "penalty.correct", "penalty.edit", "penalty.submit")


def _made_by(actor: Actor) -> Any:
    """A condition: ``actor`` changed the content of the version (``PenaltyVersion``)."""
    return exists().where(
        AuditEntry.object_type == "penalty_version",
        AuditEntry.object_id == cast(PenaltyVersion.id, String),
        AuditEntry.action.in_(MAKING_ACTIONS),
        AuditEntry.actor_user_id == actor.user_id,
    )


def makers(session: Session, version: PenaltyVersion) -> tuple[int | None, ...]:
    """Everyone who changed the content of ``version``: its creator and submitter, and every
    officer who edited it (e.g. a reviewer who edited a returned version), from the audit trail,
    which records every change with its actor."""
    editors = session.scalars(
        select(AuditEntry.actor_user_id)
        .where(
            AuditEntry.object_type == "penalty_version",
            AuditEntry.object_id == str(version.id),
            AuditEntry.action.in_(MAKING_ACTIONS),
        )
        .distinct()
    )
    return (version.created_by_id, version.submitted_by_id, *editors)


def _rows(session: Session, query: RowQuery) -> list[Row]:
    return [(v, r) for v, r in session.execute(query).all()]


def awaiting_review(session: Session, actor: Actor, limit: int = 200) -> list[Row]:
    """Single submissions (not from a batch) the actor may decide: none they made or edited."""
    query = (
        _base(actor)
        .where(
            PenaltyVersion.status == VersionStatus.submitted,
            PenaltyVersion.import_batch_id.is_(None),
            or_(
                PenaltyVersion.created_by_id.is_(None),
                PenaltyVersion.created_by_id != actor.user_id,
            ),
            or_(
                PenaltyVersion.submitted_by_id.is_(None),
                PenaltyVersion.submitted_by_id != actor.user_id,
            ),
            ~_made_by(actor),
        )
        .order_by(PenaltyVersion.submitted_at, PenaltyVersion.id)
        .limit(limit)
    )
    return _rows(session, query)


def returned_to(session: Session, actor: Actor, limit: int = 100) -> list[Row]:
    query = (
        _base(actor)
        .where(
            PenaltyVersion.status == VersionStatus.returned,
            or_(
                PenaltyVersion.created_by_id == actor.user_id,
                PenaltyVersion.submitted_by_id == actor.user_id,
            ),
        )
        .order_by(PenaltyVersion.reviewed_at.desc(), PenaltyVersion.id.desc())
        .limit(limit)
    )
    return _rows(session, query)


def submitted_by(session: Session, actor: Actor, limit: int = 100) -> list[Row]:
    query = (
        _base(actor)
        .where(
            PenaltyVersion.status == VersionStatus.submitted,
            PenaltyVersion.submitted_by_id == actor.user_id,
        )
        .order_by(PenaltyVersion.submitted_at.desc(), PenaltyVersion.id.desc())
        .limit(limit)
    )
    return _rows(session, query)


def drafts_of(session: Session, actor: Actor, limit: int = 100) -> list[Row]:
    query = (
        _base(actor)
        .where(
            PenaltyVersion.status == VersionStatus.draft,
            PenaltyVersion.created_by_id == actor.user_id,
        )
        .order_by(PenaltyVersion.updated_at.desc(), PenaltyVersion.id.desc())
        .limit(limit)
    )
    return _rows(session, query)


def _search(actor: Actor, q: str, status: VersionStatus | None) -> RowQuery:
    query = _base(actor).where(PenaltyVersion.status.in_([status] if status else CURRENT))
    text = q.strip()[:100]
    if text:
        pattern = f"%{escape_like(text)}%"
        query = query.where(
            or_(
                PenaltyRecord.decision_number.like(pattern, escape="\\"),
                PenaltyVersion.party_name.like(pattern, escape="\\"),
                PenaltyVersion.party_uscc.like(pattern, escape="\\"),
            )
        )
    return query


def search(
    session: Session,
    actor: Actor,
    q: str = "",
    status: VersionStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Row]:
    """Current versions (not superseded or discarded), newest first, by decision number or party."""
    query = _search(actor, q, status).order_by(
        PenaltyVersion.updated_at.desc(), PenaltyVersion.id.desc()
    )
    return _rows(session, query.limit(limit).offset(offset))


def count_search(
    session: Session, actor: Actor, q: str = "", status: VersionStatus | None = None
) -> int:
    """How many rows ``search`` has in all."""
    query = _search(actor, q, status).with_only_columns(func.count(PenaltyVersion.id))
    return int(session.scalar(query) or 0)


def history(session: Session, record_id: int) -> Sequence[PenaltyVersion]:
    return session.scalars(
        select(PenaltyVersion)
        .where(PenaltyVersion.record_id == record_id)
        .order_by(PenaltyVersion.version)
    ).all()


def maker_ids(rows: Sequence[PenaltyVersion]) -> set[int | None]:
    ids: set[int | None] = set()
    for v in rows:
        ids.update((v.created_by_id, v.submitted_by_id, v.reviewed_by_id))
    return ids
