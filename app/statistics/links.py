"""Links between the statistics' renderings, keeping the filters: page, JSON, CSV, feeds."""

from __future__ import annotations

from urllib.parse import urlencode

from app.kit import clock
from app.statistics.filters import StatFilters

PAGE = "/statistics"
API = "/api/v1/statistics"


def params(filters: StatFilters, **extra: str) -> dict[str, str]:
    """The filters as query parameters; ``as_of`` only for a day in the past."""
    values = filters.query()
    if filters.day != clock.today():
        values["as_of"] = filters.day.isoformat()
    values.update(extra)
    return values


def _with(path: str, values: dict[str, str]) -> str:
    return f"{path}?{urlencode(values)}" if values else path


def json_url(filters: StatFilters, key: str | None = None) -> str:
    return _with(f"{API}/{key}" if key else API, params(filters))


def csv_url(filters: StatFilters, key: str) -> str:
    return _with(f"{API}/{key}", params(filters, format="csv"))
