"""Handling units (承办单位) of inspection cases: a 区市, a functional zone, or a 市直部门.

Which accounts work a unit's cases: a unit with a ``district_code`` is worked by the accounts whose
districts include it (the county bureaus, as for penalties); a unit with an ``authority_id`` by
the accounts of that authority. See ``app/inspections/scope.py``.
"""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class UnitKind(enum.StrEnum):
    district = "district"  # 区市
    zone = "zone"  # 功能区 (高新区, 长岛综试区 …)
    department = "department"  # 市直部门


UNIT_KIND_LABELS = {
    UnitKind.district: "区市",
    UnitKind.zone: "功能区",
    UnitKind.department: "市直部门",
}


class InspectionUnit(TimestampMixin, Base):
    __tablename__ = "inspection_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind, "unit_kind"))
    district_code: Mapped[str | None] = mapped_column(String(6), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)  # the order boards list units in
