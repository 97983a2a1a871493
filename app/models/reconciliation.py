"""A reconciliation with the credit platform: when it ran, who ran it, what it found.

``differences`` keeps the first differences found (type, id, name, kind, detail), enough for the
officers' page; ``difference_count`` is the full number. ``error`` is set when the platform could
not be asked (then the counts are what the portal side had).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class SyncReconciliation(Base):
    __tablename__ = "sync_reconciliations"
    __table_args__ = (Index("ix_sync_reconciliations_ran_at", "ran_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ran_at: Mapped[dt.datetime]
    ran_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    trigger: Mapped[str] = mapped_column(String(20))  # cli | admin
    portal_count: Mapped[int] = mapped_column(default=0)
    platform_count: Mapped[int] = mapped_column(default=0)
    scheduled_count: Mapped[int] = mapped_column(default=0)
    difference_count: Mapped[int] = mapped_column(default=0)
    differences: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(String(500))
