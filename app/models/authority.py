"""Authorities that decide penalties and list entries (处罚机关, 数据来源单位)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class Authority(TimestampMixin, Base):
    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    district_code: Mapped[str] = mapped_column(String(6), index=True)
    # The prefix of its decision numbers, e.g. 烟环罚 (city) or 烟福环罚 (福山分局).
    decision_prefix: Mapped[str] = mapped_column(String(20))
