"""Queries on the audit trail: filtered, newest first, keyset-paginated by id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.kit.clock import SHANGHAI
from app.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # username, exact
    action: str = ""  # exact, or a prefix ending with "." (e.g. "auth.")
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None  # days in Asia/Shanghai, inclusive
    date_to: dt.date | None = None

    def as_dict(self) -> dict[str, str]:
        values = {
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in values.items() if v}


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=SHANGHAI).astimezone(dt.UTC)


def filtered(f: AuditFilter) -> Select[AuditEntry]:
    stmt = select(AuditEntry)
    if f.actor:
        stmt = stmt.where(AuditEntry.actor_username == f.actor)
    if f.action:
        if f.action.endswith("."):
            stmt = stmt.where(AuditEntry.action.startswith(f.action, autoescape=True))
        else:
            stmt = stmt.where(AuditEntry.action == f.action)
    if f.object_type:
        stmt = stmt.where(AuditEntry.object_type == f.object_type)
    if f.object_id:
        stmt = stmt.where(AuditEntry.object_id == f.object_id)
    if f.date_from:
        stmt = stmt.where(AuditEntry.created_at >= _start_of(f.date_from))
    if f.date_to:
        stmt = stmt.where(AuditEntry.created_at < _start_of(f.date_to + dt.timedelta(days=1)))
    return stmt


def page(
    session: Session, f: AuditFilter, *, before_id: int | None, limit: int
) -> Sequence[AuditEntry]:
    """Up to ``limit + 1`` entries older than ``before_id`` (the extra one says there is more)."""
    stmt = filtered(f)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    return session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit + 1)).all()


def export_rows(session: Session, f: AuditFilter, limit: int) -> Sequence[AuditEntry]:
    return session.scalars(filtered(f).order_by(AuditEntry.id).limit(limit)).all()
