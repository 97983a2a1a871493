"""Publication periods by severity (DOMAIN.md; 《信用修复管理办法》, in force since 2026-04-01).

Kept as data: the publication rules issue turns this into a versioned configuration with effective
dates. Periods count from the decision date; the last day of publication is the day before the
same calendar day ``months`` later.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from app.models.penalty import Severity


@dataclass(frozen=True)
class Period:
    published: bool
    minimum_months: int  # before repair may be applied for
    maximum_months: int  # publication stops by itself after this


DEFAULT_PERIODS: dict[Severity, Period] = {
    Severity.minor: Period(published=False, minimum_months=0, maximum_months=3),
    Severity.general: Period(published=True, minimum_months=3, maximum_months=12),
    Severity.serious: Period(published=True, minimum_months=12, maximum_months=36),
}


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def publication_end_date(severity: Severity, decision_date: dt.date) -> dt.date | None:
    """公示截止期: the last day the record is public, or None when it is not published."""
    period = DEFAULT_PERIODS[severity]
    if not period.published:
        return None
    return add_months(decision_date, period.maximum_months) - dt.timedelta(days=1)
