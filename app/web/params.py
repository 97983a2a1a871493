"""Parameters that several faces share, described once for the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Query
from pydantic import Field

from app.kit.errors import FieldError, ValidationFailed
from app.web.openapi import example

# The largest id a record can have: the id columns are INTEGER, 32 bits on PostgreSQL.
MAX_RECORD_ID = 2**31 - 1

# The id of a record as a request names it (path or query parameter, form or JSON field). A
# number no id column can hold is refused (422) before it reaches the database, which would
# otherwise fail on it (SQLite: too large to convert; PostgreSQL: integer out of range).
RecordId = Annotated[int, Field(ge=1, le=MAX_RECORD_ID)]

AS_OF_QUERY: Any = Query(
    None,
    description="Answer as of this day (YYYY-MM-DD): what was public then, from the records' "
    "history (versions, repairs, removals with their dates). Default: today. A day after today "
    "or before 2000-01-01 is 422. 查询日期（历史公示状态）",
    examples=["2025-06-01"],
    openapi_examples=example("2025-06-01"),
)


def one_of(value: str, allowed: Iterable[str], field: str) -> str:
    """A filter chosen in a query string: ``""`` (none chosen) or one of ``allowed``. Anything
    else is refused (422 naming ``field``): an unknown filter must not quietly show another list.
    """
    if value and value not in set(allowed):
        raise ValidationFailed(fields=[FieldError(field, "取值不在允许范围内", "not_allowed")])
    return value
