"""Enterprises a case concerns, by 统一社会信用代码 (zero or more per case)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class InspectionCaseEnterprise(Base):
    __tablename__ = "inspection_case_enterprises"

    case_id: Mapped[int] = mapped_column(ForeignKey("inspection_cases.id"), primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), primary_key=True, index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
