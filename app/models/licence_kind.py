"""Kinds of environmental administrative licence a city bureau grants (reference data).

建设项目环评审批, 排污许可, 危险废物经营许可, 辐射安全许可 …: seeded by the migration, extended by
adding rows. ``code`` is the stable key (API filters, the search facet ``pollutant_discharge``).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class LicenceKind(TimestampMixin, Base):
    __tablename__ = "licence_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))  # e.g. 排污许可
    category: Mapped[str] = mapped_column(String(16))  # the usual 许可类别 of this kind
    certificate_name: Mapped[str | None] = mapped_column(String(100))  # e.g. 排污许可证
    sort_order: Mapped[int] = mapped_column(default=0)
