"""``?as_of=YYYY-MM-DD``: the day a public answer is about (default today).

The enterprise, penalty and list endpoints (pages and API) answer what was public on that day,
from the history the records keep (``app.publication.visibility``). A day after today or before
2000-01-01 is refused (422) with a Chinese reason.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.kit import clock
from app.kit.errors import FieldError, ValidationFailed

EARLIEST = dt.date(2000, 1, 1)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_of_problem(raw: str | None) -> FieldError | None:
    """What is wrong with ``raw`` as an ``as_of`` day, or None when it is fine (or blank)."""
    text = (raw or "").strip()
    if not text:
        return None
    if not _DAY.fullmatch(text):  # ASCII digits, 4-2-2 (date.fromisoformat needs exactly this)
        return FieldError("as_of", "查询日期格式应为 YYYY-MM-DD，如 2025-06-01", "date_format")
    parts = text.split("-")
    try:
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return FieldError("as_of", f"“{text}”不是有效日期", "date_invalid")
    today = clock.today()
    if day > today:
        message = f"查询日期不能晚于今天（{today.isoformat()}）：未来的公示状态无从知晓"
        return FieldError("as_of", message, "future")
    if day < EARLIEST:
        return FieldError(
            "as_of", f"查询日期不能早于 {EARLIEST.isoformat()}：本平台不提供更早的记录", "too_early"
        )
    return None


def parse_as_of(raw: str | None) -> dt.date:
    """The day to answer for: ``raw`` (checked) or today when blank; 422 otherwise."""
    problem = as_of_problem(raw)
    if problem is not None:
        raise ValidationFailed(problem.message, code="invalid_as_of", fields=[problem])
    text = (raw or "").strip()
    return dt.date.fromisoformat(text) if text else clock.today()


def as_of_form(raw: str | None, day: dt.date) -> dict[str, Any]:
    """What the pages' date picker needs: the value typed, the day answered, whether it is the
    past, and the bounds of the picker."""
    today = clock.today()
    return {
        "value": (raw or "").strip(),
        "day": day,
        "history": day < today,
        "min": EARLIEST.isoformat(),
        "max": today.isoformat(),
    }
