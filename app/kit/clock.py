"""One clock for every rule: "today" and "now" come from here, and tests can set it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in China (rules count calendar days in Asia/Shanghai)."""
    return now().astimezone(SHANGHAI).date()


def set_now(value: dt.datetime | None) -> None:
    """Freeze the clock at ``value`` (aware datetime), or unfreeze it with ``None``."""
    global _frozen
    if value is not None and value.tzinfo is None:
        raise ValueError("the clock needs a timezone-aware datetime")
    _frozen = value


def to_local(value: dt.datetime) -> dt.datetime:
    """A stored UTC time shown in Asia/Shanghai."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(SHANGHAI)
