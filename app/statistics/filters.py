"""The filters every statistic follows: district, industry, period, the day (``as_of``) and, for
the penalty charts, what they draw (the number of penalties or the fines).

Every problem is reported at once (422, field by field, in Chinese), as on the list pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from app.kit.errors import FieldError, ValidationFailed
from app.kit.regions import parse_district
from app.penalties.public_service import parse_day
from app.publication.as_of import as_of_problem, parse_as_of

Measure = Literal["count", "fine"]
MEASURES: dict[str, str] = {"count": "处罚数量", "fine": "罚款金额"}
MONTHS_DEFAULT = 24  # the month table without a period: the 24 months up to the day
MONTHS_MAX = 120  # a longer period shows its last 120 months (and says so)
YEARS_DEFAULT = 5


@dataclass(frozen=True)
class StatFilters:
    day: dt.date  # as_of: what was public that day
    district: str | None = None
    industry: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    measure: Measure = "count"

    @property
    def period_end(self) -> dt.date:
        """The last day the period covers: its end, never after the day looked at."""
        return min(self.date_to, self.day) if self.date_to else self.day

    def query(self) -> dict[str, str]:
        """The filters as query parameters (the links to the JSON and the CSV keep them)."""
        raw = {
            "district": self.district,
            "industry": self.industry,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "measure": None if self.measure == "count" else self.measure,
        }
        return {k: v for k, v in raw.items() if v}


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_filters(
    industries: Collection[str],
    *,
    district: str | None,
    industry: str | None,
    date_from: str | None,
    date_to: str | None,
    as_of: str | None,
    measure: str | None,
) -> StatFilters:
    """The filters, checked against the known districts and ``industries``; 422 otherwise."""
    problems: list[FieldError] = []
    code = parse_district(district, problems)
    trade = _blank(industry)
    if trade is not None and trade not in industries:
        problems.append(FieldError("industry", f"未知的行业“{trade}”", "unknown"))
        trade = None
    start = parse_day("from", date_from, problems)
    end = parse_day("to", date_to, problems)
    if start and end and start > end:
        problems.append(FieldError("to", "截止日期不能早于起始日期", "date_range"))
    problem = as_of_problem(as_of)
    if problem is not None:
        problems.append(problem)
    chosen = _blank(measure) or "count"
    if chosen not in MEASURES:
        message = "图表指标应为 count（处罚数量）或 fine（罚款金额）"
        problems.append(FieldError("measure", message, "unknown"))
    if problems:
        raise ValidationFailed(fields=problems)
    day = parse_as_of(as_of)
    return StatFilters(
        day=day,
        district=code,
        industry=trade,
        date_from=start,
        date_to=end,
        measure="fine" if chosen == "fine" else "count",
    )


def months(filters: StatFilters) -> list[dt.date]:
    """The first days of the months the month table covers, oldest first."""
    end = filters.period_end.replace(day=1)
    if filters.date_from is not None:
        start = filters.date_from.replace(day=1)
    else:
        start = _add_months(end, -(MONTHS_DEFAULT - 1))
    found: list[dt.date] = []
    month = max(start, _add_months(end, -(MONTHS_MAX - 1)))
    while month <= end:
        found.append(month)
        month = _add_months(month, 1)
    return found


def months_cut(filters: StatFilters) -> int:
    """How many months of the period the month table leaves out (beyond ``MONTHS_MAX``)."""
    if filters.date_from is None:
        return 0
    end = filters.period_end.replace(day=1)
    start = filters.date_from.replace(day=1)
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return max(0, count - MONTHS_MAX)


def years(filters: StatFilters) -> list[int]:
    """The years the year tables cover: the period's, or the last five up to the day."""
    last = filters.period_end.year
    first = filters.date_from.year if filters.date_from else last - YEARS_DEFAULT + 1
    return list(range(max(first, last - 29), last + 1))


def _add_months(day: dt.date, count: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)
