"""Batch imports of penalties from a 双公示 CSV or XLSX file.

A batch is checked in full before anything becomes a penalty: ``staged`` holds the valid rows
(ID numbers already hashed, masked and encrypted, never plain) and ``problems`` every error by row
and column. Submitting turns the staged rows into versions awaiting review, linked to the batch.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class ImportStatus(enum.StrEnum):
    preview = "preview"  # 已校验，待提交
    submitted = "submitted"  # 已提交审核
    cancelled = "cancelled"  # 已取消


IMPORT_STATUS_LABELS = {
    ImportStatus.preview: "已校验，待提交",
    ImportStatus.submitted: "已提交审核",
    ImportStatus.cancelled: "已取消",
}


class PenaltyImportBatch(TimestampMixin, Base):
    __tablename__ = "penalty_import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    file_format: Mapped[str] = mapped_column(String(8))  # csv or xlsx
    file_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[ImportStatus] = mapped_column(
        str_enum(ImportStatus, "import_status"), default=ImportStatus.preview
    )
    total_rows: Mapped[int] = mapped_column(default=0)
    valid_rows: Mapped[int] = mapped_column(default=0)
    error_rows: Mapped[int] = mapped_column(default=0)
    staged: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[dt.datetime | None]
