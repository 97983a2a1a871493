"""Feedback problems (督察反馈问题) of a campaign: a separate ledger, with rectification tasks."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class ProblemKind(enum.StrEnum):
    specific = "specific"  # 个性问题
    common = "common"  # 共性问题


PROBLEM_KIND_LABELS = {ProblemKind.specific: "个性问题", ProblemKind.common: "共性问题"}


class InspectionProblem(TimestampMixin, Base):
    __tablename__ = "inspection_problems"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("inspection_campaigns.id"), index=True)
    number: Mapped[int]
    kind: Mapped[ProblemKind] = mapped_column(str_enum(ProblemKind, "problem_kind"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
