"""Departments that implement joint measures (联合奖惩措施的实施部门): 市发展改革委, 市财政局 …

Reference data seeded by the migration. A department's accounts (role ``department``) point here
(``users.department_id``) and read and report on the measures of their department only.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class MeasureDepartment(TimestampMixin, Base):
    __tablename__ = "measure_departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
