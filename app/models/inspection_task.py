"""A task of a feedback problem's rectification plan (整改方案): who, by when, what, how.

The responsible official (责任人) is public: the plan publishes them by name and office.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class InspectionTask(TimestampMixin, Base):
    __tablename__ = "inspection_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("inspection_problems.id"), index=True)
    responsible_unit: Mapped[str] = mapped_column(String(200))  # 责任单位
    responsible_person: Mapped[str] = mapped_column(String(100))  # 责任人
    deadline: Mapped[dt.date]  # 整改时限
    target: Mapped[str] = mapped_column(Text)  # 整改目标
    measures: Mapped[str] = mapped_column(Text)  # 整改措施
