"""The pollution types a case raises (one case can raise several problems)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

POLLUTION_TYPES = ("水", "大气", "土壤", "生态破坏", "噪声", "辐射", "海洋", "固废", "其他")


class InspectionCaseProblem(Base):
    __tablename__ = "inspection_case_problems"

    case_id: Mapped[int] = mapped_column(ForeignKey("inspection_cases.id"), primary_key=True)
    pollution_type: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)
