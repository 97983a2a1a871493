"""The enterprise search page and its JSON twin: both call app.search.service.search."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from app.kit import clock
from app.search.counts import count_cache
from app.search.schemas import SearchResult
from app.search.service import MAX_QUERY_LENGTH, SearchRequest, search
from app.web.deps import SettingsDep, read_session
from app.web.http import cacheable_json
from app.web.openapi import error_responses, example

router = APIRouter()

Q = Query(
    "",
    max_length=MAX_QUERY_LENGTH,
    description="Part of a name, a full name, or a credit code (or its first 8+ characters); "
    "words separated by spaces must all occur. 企业名称（或其中的词，空格分隔表示同时包含）"
    "或统一社会信用代码（或前8位以上）",
    examples=["福山 电镀"],
    openapi_examples=example("福山 电镀"),
)


DISTRICT = Query(
    None,
    description="区县: 6-digit division code of Yantai (values in `facets.district`). 行政区划代码",
    examples=["370611"],
    openapi_examples=example("370611"),
)


INDUSTRY = Query(
    None,
    description="行业: exact industry (values in `facets.industry`). 所属行业",
    examples=["化学原料和化学制品制造业"],
    openapi_examples=example("化学原料和化学制品制造业"),
)


LEVEL = Query(
    None,
    description="信用等级 valid today: green, blue, yellow, black, or none (no assessment). "
    "信用等级",
    examples=["green"],
    openapi_examples=example("green"),
)


LIST = Query(
    None,
    alias="list",
    description="名单状态 today: red (红名单, honour list), black (黑名单, dishonesty list) "
    "or none. 名单状态",
    examples=["black"],
    openapi_examples=example("black"),
)


LICENCE = Query(
    None,
    description="Holds a licence of this kind in force today (有效许可), e.g. "
    "`pollutant_discharge` (持有有效排污许可). 许可事项代码",
    examples=["pollutant_discharge"],
    openapi_examples=example("pollutant_discharge"),
)


CURSOR = Query(
    None,
    description="Opaque cursor from the previous page's `next_cursor`. 翻页参数",
    examples=["eyJmIjoiYWJjIiwiayI6MTIzLCJ0Ijo0fQ.1a2b3c4d5e6f7a8b"],
    openapi_examples=example("eyJmIjoiYWJjIiwiayI6MTIzLCJ0Ijo0fQ.1a2b3c4d5e6f7a8b"),
)


LIMIT = Query(
    20,
    ge=1,
    le=200,
    description="Results per page (1-200). 每页条数",
    examples=[20],
    openapi_examples=example(20),
)


@router.get(
    "/api/v1/enterprises",
    tags=["企业 enterprises"],
    summary="Search enterprises",
    response_model=SearchResult,
    responses=error_responses(400, 422),
)
def api_search(
    request: Request,
    settings: SettingsDep,
    q: str = Q,
    district: str | None = DISTRICT,
    industry: str | None = INDUSTRY,
    level: str | None = LEVEL,
    list_status: str | None = LIST,
    licence: str | None = LICENCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> Response:
    """Search enterprises by name, part of a name (every 2-character word finds every enterprise
    whose name or former name contains it) or credit code. Ranked: exact code, code prefix, exact
    name, name prefix, other matches. Facet counts for each filter; pages follow `next_cursor`
    (also in the `Link: rel="next"` header). 企业查询：名称、名称中的词或统一社会信用代码。"""
    with read_session(request) as session:
        result = search(
            session,
            SearchRequest(q, district, industry, level, list_status, cursor, limit, licence),
            secret=settings.secret_key,
            day=clock.today(),
            cache=count_cache(request),
        )
    return cacheable_json(request, result, next_cursor=result.next_cursor)
