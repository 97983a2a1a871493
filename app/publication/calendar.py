"""Working days: Monday to Friday, except the public holidays, plus the weekend days worked
instead (调休), as listed in ``calendar_days`` (administrators keep it up to date).

Deadlines in working days count from the day after the start: ``add_working_days(day, 3)`` is
the third working day after ``day`` (whatever ``day`` itself is), and
``working_days_between(a, add_working_days(a, n)) == n``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CalendarDay, DayKind

_CACHE_KEY = "ecocredit.working_calendar"
_ONE = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]  # weekend days worked instead

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative; ``day``
        itself when ``n`` is 0)."""
        step = _ONE if n >= 0 else -_ONE
        remaining = abs(n)
        current = day
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is
        earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += _ONE
            if self.is_working_day(current):
                count += 1
        return count


def load_calendar(session: Session) -> WorkingCalendar:
    rows = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    return WorkingCalendar(
        holidays=frozenset(r.day for r in rows if r.kind == DayKind.holiday),
        workdays=frozenset(r.day for r in rows if r.kind == DayKind.workday),
    )


def working_calendar(session: Session) -> WorkingCalendar:
    """The calendar, read once per session (changes through ``app.publication.calendar_admin``
    forget it)."""
    found = session.info.get(_CACHE_KEY)
    if not isinstance(found, WorkingCalendar):
        found = load_calendar(session)
        session.info[_CACHE_KEY] = found
    return found


def forget_calendar(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)


def is_working_day(session: Session, day: dt.date) -> bool:
    return working_calendar(session).is_working_day(day)


def add_working_days(session: Session, day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (see the module docstring)."""
    return working_calendar(session).add_working_days(day, n)


def working_days_between(session: Session, start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return working_calendar(session).working_days_between(start, end)
