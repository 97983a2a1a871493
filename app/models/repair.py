"""Credit repair applications (信用修复申请): an enterprise asks for a penalty record or a
black-list entry to stop being published once the minimum period has passed and its duties are
fulfilled. The authority that made the finding accepts and decides ("谁认定、谁修复").

Deadlines are kept as numbers of working days (``accept_within``, ``decide_within``, from the
rule set in force when the application arrived); the due dates are derived from the working-day
calendar when served (``app.cases.deadlines``), so that a calendar update moves them.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class RepairTarget(enum.StrEnum):
    penalty = "penalty"  # 行政处罚信息
    list_entry = "list_entry"  # 黑名单（严重失信主体名单）


class RepairStatus(enum.StrEnum):
    submitted = "submitted"  # 已提交，待受理
    accepted = "accepted"  # 已受理，审查中
    approved = "approved"  # 准予修复（停止公示）
    rejected = "rejected"  # 不予受理或不予修复


REPAIR_STATUS_LABELS = {
    RepairStatus.submitted: "已提交，待受理",
    RepairStatus.accepted: "已受理，审查中",
    RepairStatus.approved: "准予修复，已停止公示",
    RepairStatus.rejected: "不予修复",
}
REPAIR_TARGET_LABELS = {
    RepairTarget.penalty: "行政处罚信息",
    RepairTarget.list_entry: "黑名单（失信惩戒名单）",
}
OPEN_REPAIR_STATUSES = (RepairStatus.submitted, RepairStatus.accepted)


class RepairApplication(TimestampMixin, Base):
    __tablename__ = "repair_applications"
    __table_args__ = (Index("ix_repair_applications_authority_status", "authority_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)  # XF20260701ABCDEFGH2K
    target_type: Mapped[RepairTarget] = mapped_column(str_enum(RepairTarget, "repair_target"))
    penalty_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("penalty_records.id"), index=True
    )
    list_entry_id: Mapped[int | None] = mapped_column(ForeignKey("list_entries.id"), index=True)
    record_version: Mapped[int | None]  # the penalty version public when applying
    # The deciding authority: the one that made the finding.
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    uscc: Mapped[str] = mapped_column(String(18))
    party_name: Mapped[str] = mapped_column(String(200))  # as published when applying
    decision_number: Mapped[str | None] = mapped_column(String(100))  # of the record
    # The applicant's contact and what it declares.
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(20))  # digits only
    fine_paid: Mapped[bool | None]  # None: the record has no fine
    rectification_done: Mapped[bool]
    duties_statement: Mapped[str] = mapped_column(Text)  # 履行义务情况说明
    pledge_version: Mapped[str] = mapped_column(String(40))
    pledge_text: Mapped[str] = mapped_column(Text)  # the 信用承诺书 exactly as accepted
    status: Mapped[RepairStatus] = mapped_column(
        str_enum(RepairStatus, "repair_status"), default=RepairStatus.submitted
    )
    submitted_at: Mapped[dt.datetime]
    submitted_on: Mapped[dt.date]  # Asia/Shanghai day: deadlines count from it
    accept_within: Mapped[int]  # working days
    decide_within: Mapped[int]  # working days after acceptance
    accepted_at: Mapped[dt.datetime | None]
    accepted_on: Mapped[dt.date | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
