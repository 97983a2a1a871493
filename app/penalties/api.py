"""Public penalty pages and their JSON twins (the same service functions answer both)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request, Response

from app.penalties.public_service import (
    get_penalty,
    list_penalties,
    parse_filters,
)
from app.penalties.schemas import PenaltyDetail, PenaltyList
from app.publication.as_of import parse_as_of
from app.web.deps import DbSession, SettingsDep
from app.web.http import cacheable_json
from app.web.openapi import error_responses, example
from app.web.params import AS_OF_QUERY, MAX_RECORD_ID

router = APIRouter()

DISTRICT = Query(
    None,
    description="区县: 6-digit division code of Yantai (see /about). 行政区划代码",
    examples=["370611"],
    openapi_examples=example("370611"),
)


DATE_FROM = Query(
    None,
    alias="from",
    description="Decided on or after this day (YYYY-MM-DD). 处罚决定日期起",
    examples=["2026-01-01"],
    openapi_examples=example("2026-01-01"),
)


DATE_TO = Query(
    None,
    alias="to",
    description="Decided on or before this day (YYYY-MM-DD). 处罚决定日期止",
    examples=["2026-12-31"],
    openapi_examples=example("2026-12-31"),
)


TYPE = Query(
    None,
    alias="type",
    description="违法行为类型: exact violation type. 违法行为类型",
    examples=["超标排放"],
    openapi_examples=example("超标排放"),
)


CURSOR = Query(
    None,
    description="Opaque cursor from the previous page's `next_cursor`. 翻页参数",
    examples=["eyJkIjoiMjAyNi0wNi0wMSIsImlkIjoxMDI0fQ.1a2b3c4d5e6f7a8b"],
    openapi_examples=example("eyJkIjoiMjAyNi0wNi0wMSIsImlkIjoxMDI0fQ.1a2b3c4d5e6f7a8b"),
)


PENALTY_ID = Path(
    description="The penalty's permalink id. 记录编号",
    examples=[1024],
    openapi_examples=example(1024),
    ge=1,
    le=MAX_RECORD_ID,
)


@router.get(
    "/api/v1/penalties",
    tags=["行政处罚 penalties"],
    summary="List public penalties",
    response_model=PenaltyList,
    responses=error_responses(400, 422),
)
def api_penalties(
    request: Request,
    settings: SettingsDep,
    session: DbSession,
    district: str | None = DISTRICT,
    date_from: str | None = DATE_FROM,
    date_to: str | None = DATE_TO,
    violation_type: str | None = TYPE,
    q: str | None = Query(
        None,
        max_length=100,
        description="Words of the party name or the decision number, all of them. "
        "当事人名称或决定书文号",
        examples=["电镀"],
        openapi_examples=example("电镀"),
    ),
    cursor: str | None = CURSOR,
    limit: int = Query(
        20,
        ge=1,
        le=200,
        description="Rows per page (1-200). 每页条数",
        examples=[20],
        openapi_examples=example(20),
    ),
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Administrative penalties (行政处罚) public today, newest decision first, filtered by
    district, decision date, violation type and words of the party name or decision number (`q`);
    `total` counts the matches on all pages. Pages follow `next_cursor` (also in the `Link:
    rel="next"` header). Drafts, records under review, superseded, expired, withdrawn and repaired
    records never appear. With `as_of`, the penalties that were public on that day."""
    day = parse_as_of(as_of)
    filters = parse_filters(session, district, date_from, date_to, violation_type, q)
    secret = settings.secret_key
    result = list_penalties(session, secret, day, filters, cursor, limit)
    return cacheable_json(request, result, next_cursor=result.next_cursor)


@router.get(
    "/api/v1/penalties/{penalty_id}",
    tags=["行政处罚 penalties"],
    summary="One public penalty",
    response_model=PenaltyDetail,
    responses=error_responses(404, 422),
)
def api_penalty(
    request: Request,
    session: DbSession,
    penalty_id: int = PENALTY_ID,
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Every public 双公示 field of a penalty's current public version; 404 when it is not public
    (any more). With `as_of`, the version that was public on that day (404 if none was)."""
    detail = get_penalty(session, parse_as_of(as_of), penalty_id)
    return cacheable_json(request, detail, last_modified=detail.updated_at)
