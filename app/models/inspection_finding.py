"""Findings (调查处理情况) of a case, in versions reviewed by a second person like penalties.

Only a ``published`` version whose campaign's publication day has come is public; drafts,
submissions, returned and superseded versions and ``internal_note`` never are.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum
from app.models.penalty import VersionStatus


class Truth(enum.StrEnum):
    true = "true"  # 属实
    mostly_true = "mostly_true"  # 基本属实
    partly_true = "partly_true"  # 部分属实
    untrue = "untrue"  # 不属实


TRUTH_LABELS = {
    Truth.true: "属实",
    Truth.mostly_true: "基本属实",
    Truth.partly_true: "部分属实",
    Truth.untrue: "不属实",
}


class InspectionFinding(TimestampMixin, Base):
    __tablename__ = "inspection_findings"
    __table_args__ = (
        UniqueConstraint("case_id", "version"),
        Index("ix_inspection_findings_status_case", "status", "case_id"),
        Index("ix_inspection_findings_reviewed_at", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("inspection_cases.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[VersionStatus] = mapped_column(
        str_enum(VersionStatus, "finding_status"), default=VersionStatus.draft
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None]
    review_comment: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None]
    superseded_at: Mapped[dt.datetime | None]
    # The same two moments as days in Asia/Shanghai: what ``as_of`` compares with.
    published_on: Mapped[dt.date | None] = mapped_column(index=True)
    superseded_on: Mapped[dt.date | None]
    change_reason: Mapped[str | None] = mapped_column(Text)

    investigation: Mapped[str] = mapped_column(Text)  # 调查核实情况 (masked)
    truth: Mapped[Truth] = mapped_column(str_enum(Truth, "finding_truth"))  # 是否属实
    handling: Mapped[str] = mapped_column(Text)  # 处理和整改情况 (masked)
    accountability: Mapped[str] = mapped_column(Text, default="")  # 问责情况 (masked)
    ordered_rectification: Mapped[int] = mapped_column(default=0)  # 责令整改 (家)
    penalty_cases: Mapped[int] = mapped_column(default=0)  # 立案处罚 (家)
    penalty_record_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    fine_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))  # 罚款 (万元)
    criminal_cases: Mapped[int] = mapped_column(default=0)  # 立案侦查
    detentions: Mapped[int] = mapped_column(default=0)  # 拘留 (人)
    interviews: Mapped[int] = mapped_column(default=0)  # 约谈 (人)
    accountable_persons: Mapped[int] = mapped_column(default=0)  # 问责 (人)
    rectification_deadline: Mapped[dt.date | None]  # 整改时限
    internal_note: Mapped[str | None] = mapped_column(Text)  # never public
