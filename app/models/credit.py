"""Credit levels: versioned schemes and the assessments made under them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin
from app.models.enterprise import Enterprise


class CreditScheme(TimestampMixin, Base):
    """A level scheme in force from ``effective_from`` (e.g. Shandong's 绿/蓝/黄/黑 of 2020).

    ``definition`` holds the levels in order, each with its code, label, colour, meaning and the
    point range that leads to it; the points per penalty category live here too.
    """

    __tablename__ = "credit_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[dt.date]
    effective_to: Mapped[dt.date | None]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)


class CreditAssessment(TimestampMixin, Base):
    """An enterprise's level under a scheme, valid from a date until the next assessment."""

    __tablename__ = "credit_assessments"
    __table_args__ = (
        Index("ix_credit_assessments_enterprise_valid", "enterprise_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    scheme_id: Mapped[int] = mapped_column(ForeignKey("credit_schemes.id"), index=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    points: Mapped[int] = mapped_column(default=0)
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None]
    basis: Mapped[str | None] = mapped_column(Text)

    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
    scheme: Mapped[CreditScheme] = relationship(lazy="raise")
