"""The working-day calendar: public holidays and the weekend days worked instead (调休).

A day not listed is a working day from Monday to Friday and a rest day on Saturday and Sunday.
Administrators maintain the list (``/admin/calendar``), as the State Council publishes each
year's schedule.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class DayKind(enum.StrEnum):
    holiday = "holiday"  # 法定节假日（放假）
    workday = "workday"  # 调休上班（周末上班）


DAY_KIND_LABELS = {DayKind.holiday: "放假", DayKind.workday: "调休上班"}


class CalendarDay(TimestampMixin, Base):
    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(unique=True)
    kind: Mapped[DayKind] = mapped_column(str_enum(DayKind, "calendar_day_kind"))
    name: Mapped[str] = mapped_column(String(50))  # e.g. 春节, 国庆节
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
