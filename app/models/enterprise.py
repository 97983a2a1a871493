"""Enterprises: the parties of the credit record, keyed by their unified social credit code."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class RegistrationStatus(enum.StrEnum):
    active = "active"  # 存续（在营、开业、在册）
    revoked = "revoked"  # 吊销
    cancelled = "cancelled"  # 注销
    moved_out = "moved_out"  # 迁出


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.active: "存续",
    RegistrationStatus.revoked: "吊销",
    RegistrationStatus.cancelled: "注销",
    RegistrationStatus.moved_out: "迁出",
}


class Enterprise(TimestampMixin, Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    former_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    district_code: Mapped[str | None] = mapped_column(String(6), index=True)
    industry: Mapped[str | None] = mapped_column(String(50), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    registration_status: Mapped[RegistrationStatus] = mapped_column(
        str_enum(RegistrationStatus, "registration_status"), default=RegistrationStatus.active
    )
    established_on: Mapped[dt.date | None]
