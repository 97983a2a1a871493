"""Issued credit reports (信用报告 and 专项信用报告): what anyone can verify from a report's number.

A row keeps the report's number and short code (核验码), the enterprise, the kind, the day its
data are as of, the period of a special report, the SHA-256 of the canonical JSON of its content
and that content itself (public data only: never an ID number), when and by whom it was issued.
Status questions ("has the record changed since?") are answered when served, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class ReportKind(enum.StrEnum):
    full = "full"  # 企业环境信用报告
    special = "special"  # 专项信用报告（生态环境领域）


class ReportChannel(enum.StrEnum):
    public = "public"  # self-service on the public site
    workspace = "workspace"  # issued by an officer in the workspace


class IssuedReport(Base):
    __tablename__ = "issued_reports"
    __table_args__ = (
        Index("ix_issued_reports_lookup", "enterprise_id", "kind", "as_of", "content_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)  # HJXY20260701ABCDEFGH2K
    code: Mapped[str] = mapped_column(String(16))  # 核验码, printed on the report
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind, "report_kind"))
    as_of: Mapped[dt.date]  # 数据截止日期: what was public on this day
    period_start: Mapped[dt.date | None]  # special reports: 查询期间
    period_end: Mapped[dt.date | None]
    content_sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_at: Mapped[dt.datetime] = mapped_column(index=True)
    issuer_name: Mapped[str] = mapped_column(String(100))  # 出具单位 (the bureau)
    channel: Mapped[ReportChannel] = mapped_column(str_enum(ReportChannel, "report_channel"))
    issued_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_by_username: Mapped[str | None] = mapped_column(String(50))
