"""Query parameters that several faces share, described once for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import Query

from app.web.openapi import example

AS_OF_QUERY: Any = Query(
    None,
    description="Answer as of this day (YYYY-MM-DD): what was public then, from the records' "
    "history (versions, repairs, removals with their dates). Default: today. A day after today "
    "or before 2000-01-01 is 422. 查询日期（历史公示状态）",
    examples=["2025-06-01"],
    openapi_examples=example("2025-06-01"),
)
