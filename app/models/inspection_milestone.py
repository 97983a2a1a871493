"""Dated, audited milestones of a case or of a feedback problem.

Status is derived from these and the campaign's dates when served, never stored. ``effective_on``
is the first day the milestone was known: the later of its date and the day it was recorded, so
that ``as_of`` never shows a milestone before anyone had recorded it.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class MilestoneKind(enum.StrEnum):
    stage_closed = "stage_closed"  # 阶段性办结
    closed = "closed"  # 办结
    accepted = "accepted"  # 验收
    closing_notice = "closing_notice"  # 销号公示
    cancelled = "cancelled"  # 销号 (the case or problem is closed off)
    standard_reached = "standard_reached"  # 达到整改标准 (feedback problems)


MILESTONE_LABELS = {
    MilestoneKind.stage_closed: "阶段性办结",
    MilestoneKind.closed: "办结",
    MilestoneKind.accepted: "验收",
    MilestoneKind.closing_notice: "销号公示",
    MilestoneKind.cancelled: "销号",
    MilestoneKind.standard_reached: "达到整改标准",
}


class InspectionMilestone(Base):
    __tablename__ = "inspection_milestones"
    __table_args__ = (Index("ix_inspection_milestones_kind_effective", "kind", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_cases.id"), index=True)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_problems.id"), index=True)
    kind: Mapped[MilestoneKind] = mapped_column(str_enum(MilestoneKind, "milestone_kind"))
    day: Mapped[dt.date]  # the day it happened
    effective_on: Mapped[dt.date]
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime]
