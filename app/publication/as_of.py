"""``?as_of=YYYY-MM-DD``: the day a public answer is about (default today).

The enterprise, penalty and list endpoints (pages and API) answer what was public on that day,
from the history the records keep (``app.publication.visibility``). A day after today or before
2000-01-01 is refused (422) with a Chinese reason.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from app.kit import clock
from app.kit.errors import FieldError, ValidationFailed

EARLIEST = dt.date(2000, 1, 1)


_ASCII_DIGITS = frozenset("0123456789")


def _checked(raw: str | None) -> tuple[dt.date | None, FieldError | None]:
    """The day ``raw`` names (None when blank) or what is wrong with it. The one parser of
    ``as_of``: the check and the value cannot disagree (``2023-1-5`` and full-width digits once
    passed the check and then failed ``date.fromisoformat``, a 500)."""
    # Full-width digits and dashes (typed with a Chinese input method) mean what they look like.
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return None, None
    parts = text.split("-")
    shaped = [len(p) for p in parts] == [4, 2, 2]
    if not shaped or not all(set(p) <= _ASCII_DIGITS for p in parts):
        message = "查询日期格式应为 YYYY-MM-DD，如 2025-06-01"
        return None, FieldError("as_of", message, "date_format")
    try:
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None, FieldError("as_of", f"“{text}”不是有效日期", "date_invalid")
    today = clock.today()
    if day > today:
        message = f"查询日期不能晚于今天（{today.isoformat()}）：未来的公示状态无从知晓"
        return None, FieldError("as_of", message, "future")
    if day < EARLIEST:
        message = f"查询日期不能早于 {EARLIEST.isoformat()}：本平台不提供更早的记录"
        return None, FieldError("as_of", message, "too_early")
    return day, None


def as_of_problem(raw: str | None) -> FieldError | None:
    """What is wrong with ``raw`` as an ``as_of`` day, or None when it is fine (or blank)."""
    return _checked(raw)[1]


def parse_as_of(raw: str | None) -> dt.date:
    """The day to answer for: ``raw`` (checked) or today when blank; 422 otherwise."""
    day, problem = _checked(raw)
    if problem is not None:
        raise ValidationFailed(problem.message, code="invalid_as_of", fields=[problem])
    return day if day is not None else clock.today()


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
