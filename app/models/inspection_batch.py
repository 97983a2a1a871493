"""A batch (批次) of complaint cases handed over by an inspection team on one day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class InspectionBatch(TimestampMixin, Base):
    __tablename__ = "inspection_batches"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("inspection_campaigns.id"), index=True)
    number: Mapped[int]  # 第N批
    handed_over_on: Mapped[dt.date] = mapped_column(index=True)  # 交办日期
    # The campaign's deadlines as dates, fixed when the batch is handed over.
    findings_due_on: Mapped[dt.date]  # findings reported by this day
    public_from: Mapped[dt.date]  # findings public from this day
    calls: Mapped[int] = mapped_column(default=0)  # 来电
    letters: Mapped[int] = mapped_column(default=0)  # 来信
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
