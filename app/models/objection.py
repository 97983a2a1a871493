"""Objections (异议) to a published penalty record: anyone may object; the record shows
"异议处理中" on its public page until the authority that made it answers (upholds: the record is
corrected by a new version through the usual review; or rejects, with reasons) within the
configured number of working days (``answer_within``, from the rule set in force when the
objection arrived; the due date is derived from the working-day calendar when served).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class ObjectionStatus(enum.StrEnum):
    open = "open"  # 异议处理中
    upheld = "upheld"  # 异议成立（记录将更正）
    rejected = "rejected"  # 异议不成立


class ObjectorKind(enum.StrEnum):
    party = "party"  # 被公示的行政相对人本身
    organisation = "organisation"  # 其他单位
    person = "person"  # 个人


OBJECTION_STATUS_LABELS = {
    ObjectionStatus.open: "异议处理中",
    ObjectionStatus.upheld: "异议成立，记录将予更正",
    ObjectionStatus.rejected: "异议不成立",
}
OBJECTOR_KIND_LABELS = {
    ObjectorKind.party: "被公示的单位或个人本身",
    ObjectorKind.organisation: "其他单位",
    ObjectorKind.person: "个人",
}


class Objection(TimestampMixin, Base):
    __tablename__ = "objections"
    __table_args__ = (
        Index("ix_objections_record_status", "penalty_record_id", "status"),
        Index("ix_objections_authority_status", "authority_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)  # YY20260701ABCDEFGH2K
    penalty_record_id: Mapped[int] = mapped_column(ForeignKey("penalty_records.id"))
    record_version: Mapped[int]  # the version public when objecting
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))  # who answers
    objector_kind: Mapped[ObjectorKind] = mapped_column(str_enum(ObjectorKind, "objector_kind"))
    objector_name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(20))  # digits only
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ObjectionStatus] = mapped_column(
        str_enum(ObjectionStatus, "objection_status"), default=ObjectionStatus.open
    )
    submitted_at: Mapped[dt.datetime]
    submitted_on: Mapped[dt.date]  # Asia/Shanghai day: the deadline counts from it
    answer_within: Mapped[int]  # working days
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
