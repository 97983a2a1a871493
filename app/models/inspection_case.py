"""Complaint cases (信访件) handed over by an inspection team.

The case number (受理编号) is stored exactly as received (``D3SX202505280018``, ``20211210-6``),
never re-minted, unique within its campaign. Texts are stored as the service made them public-safe
(private persons as surname + 某); nothing about the complainant is stored.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class InspectionCase(TimestampMixin, Base):
    __tablename__ = "inspection_cases"
    __table_args__ = (
        UniqueConstraint("campaign_id", "case_number"),
        Index("ix_inspection_cases_campaign_batch", "campaign_id", "batch_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("inspection_campaigns.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("inspection_batches.id"), index=True)
    case_number: Mapped[str] = mapped_column(String(40))  # 受理编号, as received
    sequence: Mapped[int]  # 序号 within the batch, as received
    channel: Mapped[str] = mapped_column(String(10))  # 来电 / 来信
    key_concern: Mapped[bool] = mapped_column(default=False)  # 重点关注
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_cases.id"))
    summary: Mapped[str] = mapped_column(Text)  # 交办问题基本情况 (masked)
    area_code: Mapped[str] = mapped_column(String(6), index=True)  # 行政区域
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
