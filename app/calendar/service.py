"""Keeping the working-day calendar: administrators add and remove holidays and adjusted working
days (调休上班) as the State Council publishes each year's schedule. Every change is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.audit.service import record as audit
from app.kit.actor import Actor, Role
from app.kit.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from app.models import CalendarDay, DayKind
from app.models.calendar_day import DAY_KIND_LABELS
from app.publication.calendar import forget_calendar, working_calendar

WEEKDAYS = "一二三四五六日"
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    weekday: str
    kind: DayKind
    kind_label: str
    name: str


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.admin:
        raise Forbidden("只有管理员可以维护节假日日历")


def days_of_year(session: Session, year: int) -> list[DayRow]:
    rows = session.scalars(
        select(CalendarDay)
        .where(extract("year", CalendarDay.day) == year)
        .order_by(CalendarDay.day)
    ).all()
    return [
        DayRow(r.day, "周" + WEEKDAYS[r.day.weekday()], r.kind, DAY_KIND_LABELS[r.kind], r.name)
        for r in rows
    ]


def parse_day_form(raw_day: str, raw_kind: str, raw_name: str) -> tuple[dt.date, DayKind, str]:
    """The add-a-day form, checked; every problem is reported at once (422)."""
    problems: list[FieldError] = []
    day: dt.date | None = None
    try:
        day = dt.date.fromisoformat(raw_day.strip())
    except ValueError:
        problems.append(FieldError("day", "请填写日期，格式如 2027-01-01", "date_format"))
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        problems.append(FieldError("day", f"日期应在{EARLIEST_YEAR}年至{LATEST_YEAR}年之间"))
    try:
        kind = DayKind(raw_kind)
    except ValueError:
        kind = DayKind.holiday
        problems.append(FieldError("kind", "请选择“放假”或“调休上班”", "required"))
    name = raw_name.strip()
    if not name:
        problems.append(FieldError("name", "请填写节日名称，如“春节”", "required"))
    elif len(name) > 50:
        problems.append(FieldError("name", "节日名称不能超过50个字", "too_long"))
    if day is not None and not problems and kind == DayKind.workday and day.weekday() < 5:
        problems.append(FieldError("kind", "调休上班日应为周六或周日", "not_weekend"))
    if problems or day is None:
        raise ValidationFailed(fields=problems)
    return day, kind, name


def add_day(session: Session, actor: Actor, day: dt.date, kind: DayKind, name: str) -> CalendarDay:
    _require_admin(actor)
    if session.scalar(select(CalendarDay.id).where(CalendarDay.day == day)) is not None:
        raise Conflict(
            f"{day.isoformat()} 已在日历中，请先删除再添加",
            fields=[FieldError("day", f"{day.isoformat()} 已在日历中", "duplicate")],
        )
    before = working_calendar(session).is_working_day(day)
    row = CalendarDay(day=day, kind=kind, name=name, created_by_id=actor.user_id)
    session.add(row)
    session.flush()
    forget_calendar(session)
    audit(
        session,
        actor,
        "calendar.add",
        "calendar_day",
        day.isoformat(),
        before={"working_day": before},
        after={"kind": kind, "name": name, "working_day": kind == DayKind.workday},
    )
    return row


def remove_day(session: Session, actor: Actor, day: dt.date) -> None:
    _require_admin(actor)
    row = session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is None:
        raise NotFound(f"日历中没有 {day.isoformat()}")
    before = {"kind": row.kind, "name": row.name}
    session.delete(row)
    session.flush()
    forget_calendar(session)
    audit(
        session,
        actor,
        "calendar.remove",
        "calendar_day",
        day.isoformat(),
        before=before,
        after={"working_day": working_calendar(session).is_working_day(day)},
    )
