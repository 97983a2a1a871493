"""Departments' feedback on a joint measure for one list entry (措施反馈): applied (to whom,
when, the document number) or not applied (why). The latest report of a department counts."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class FeedbackOutcome(enum.StrEnum):
    applied = "applied"  # 已实施
    not_applied = "not_applied"  # 未实施 (with the reason)


FEEDBACK_OUTCOME_LABELS = {FeedbackOutcome.applied: "已实施", FeedbackOutcome.not_applied: "未实施"}


class MeasureFeedback(Base):
    __tablename__ = "measure_feedbacks"
    __table_args__ = (Index("ix_measure_feedbacks_entry_measure", "list_entry_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("joint_measures.id"))
    list_entry_id: Mapped[int] = mapped_column(ForeignKey("list_entries.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("measure_departments.id"), index=True)
    outcome: Mapped[FeedbackOutcome] = mapped_column(str_enum(FeedbackOutcome, "feedback_outcome"))
    applied_to: Mapped[str | None] = mapped_column(String(200))  # to whom
    applied_on: Mapped[dt.date | None]
    document_number: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)  # why not
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[dt.datetime]
