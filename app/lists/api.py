"""The red list (honour, 守信激励) and black list (dishonesty, 失信惩戒) pages, their JSON twin
and their CSV download (the same service functions answer all three)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query, Request, Response

from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_bytes
from app.lists.public_service import (
    CSV_HEADER,
    LIST_LABELS,
    all_entries,
    csv_rows,
    list_page,
    parse_list_filters,
    parse_list_name,
)
from app.lists.schemas import ListPage
from app.publication.as_of import parse_as_of
from app.web.deps import DbSession, SettingsDep
from app.web.http import cacheable, cacheable_json
from app.web.openapi import error_responses, example
from app.web.params import AS_OF_QUERY

router = APIRouter()

LIST_NAME = Path(
    description="`black`: the dishonesty list (黑名单, 失信惩戒); `red`: the honour list "
    "(红名单, 守信激励). Any other name is 404.",
    examples=["black"],
    openapi_examples=example("black"),
)


DISTRICT = Query(
    None,
    description="区县: 6-digit division code of Yantai. 行政区划代码",
    examples=["370611"],
    openapi_examples=example("370611"),
)


INDUSTRY = Query(
    None,
    description="所属行业: exact industry name. 行业",
    examples=["化学原料和化学制品制造业"],
    openapi_examples=example("化学原料和化学制品制造业"),
)


CURSOR = Query(
    None,
    description="Opaque cursor from the previous page's `next_cursor` (JSON only). 翻页参数",
    examples=["eyJsIjoiYmxhY2siLCJzIjoiMjAyNi0wNi0wMSIsImlkIjo3N30.1a2b3c4d5e6f7a8b"],
    openapi_examples=example(
        "eyJsIjoiYmxhY2siLCJzIjoiMjAyNi0wNi0wMSIsImlkIjo3N30.1a2b3c4d5e6f7a8b"
    ),
)


@router.get(
    "/api/v1/lists/{name}",
    tags=["红黑名单 lists"],
    summary="The black (dishonesty) or red (honour) list, as JSON or CSV",
    response_model=ListPage,
    responses={
        **error_responses(400, 404, 422),
        200: {
            "description": "A page of the list (JSON), or the whole list as CSV with "
            "`format=csv` (UTF-8 with BOM, Chinese headers).",
            "content": {"text/csv": {"example": "\ufeff名单,企业名称,统一社会信用代码,…"}},
        },
    },
)
def api_list(
    request: Request,
    settings: SettingsDep,
    session: DbSession,
    name: str = LIST_NAME,
    district: str | None = DISTRICT,
    industry: str | None = INDUSTRY,
    cursor: str | None = CURSOR,
    limit: int = Query(
        20,
        ge=1,
        le=200,
        description="Rows per page (1-200, JSON only). 每页条数",
        examples=[20],
        openapi_examples=example(20),
    ),
    answer_format: Literal["json", "csv"] = Query(
        "json",
        alias="format",
        description="`json` (one page) or `csv` (the whole filtered list, a download). 格式",
        examples=["csv"],
        openapi_examples=example("csv"),
    ),
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Enterprises on the black list (dishonesty, 失信惩戒) or the red list (honour, 守信激励)
    today: since when, until when, why (basis, category, cited penalties), newest first. In
    Chinese usage red is good. Entries that ended, were removed or are not yet approved never
    appear. `format=csv` returns every matching entry as a CSV download for Excel. With `as_of`,
    the list as it stood on that day (was this enterprise on the black list on 1 June 2025?)."""
    list_type = parse_list_name(name)
    day = parse_as_of(as_of)
    filters = parse_list_filters(session, district, industry)
    if answer_format == "csv":
        body = csv_bytes(CSV_HEADER, csv_rows(all_entries(session, day, list_type, filters)))
        label = LIST_LABELS[list_type]
        headers = attachment(f"{label}-{day.isoformat()}.csv", f"{name}-list-{day.isoformat()}.csv")
        return cacheable(request, body, media_type=CSV_MEDIA_TYPE, headers=headers)
    secret = settings.secret_key
    page = list_page(session, secret, day, list_type, filters, cursor, limit)
    return cacheable_json(request, page, next_cursor=page.next_cursor)
