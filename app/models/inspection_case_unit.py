"""A case's handling units and their shares (two units sharing a case count 0.5 each)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class InspectionCaseUnit(Base):
    __tablename__ = "inspection_case_units"

    case_id: Mapped[int] = mapped_column(ForeignKey("inspection_cases.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_units.id"), primary_key=True, index=True
    )
    share: Mapped[Decimal] = mapped_column(Numeric(6, 4))  # a case's shares sum to 1
