"""The enterprise search page and its JSON twin: both call app.search.service.search."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.kit import clock
from app.kit.db import request_sessionmaker, session_scope
from app.kit.errors import ValidationFailed
from app.search.counts import FACET_CAP, CountCache
from app.search.schemas import SearchResult
from app.search.service import MAX_QUERY_LENGTH, SearchRequest, search
from app.web.http import cacheable, cacheable_json, path_with
from app.web.openapi import error_responses, example

router = APIRouter()


@contextmanager
def request_session(request: Request) -> Iterator[Session]:
    """The request's unit of work, committed at the edge like ``session_dependency``.

    The search endpoints are ``async`` and run their (short, ~1 ms) queries on the event loop:
    a worker then answers one search after another instead of switching threads under the GIL
    (one worker, 8 connections, 300,000 enterprises: 650 searches/s, against 320 in the
    threadpool). A search only reads, and on PostgreSQL it reads in autocommit mode: no BEGIN
    and COMMIT round trips around its one or two statements."""
    with session_scope(request_sessionmaker(request)) as session:
        bind = session.get_bind()
        if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session


def count_cache(request: Request) -> CountCache:
    """The app's cache of search counts (one per process), made on first use."""
    cache: CountCache | None = getattr(request.app.state, "search_count_cache", None)
    if cache is None:
        cache = CountCache(request.app.state.settings.search_count_cache_seconds)
        request.app.state.search_count_cache = cache
    return cache


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
async def api_search(
    request: Request,
    q: str = Q,
    district: str | None = DISTRICT,
    industry: str | None = INDUSTRY,
    level: str | None = LEVEL,
    list_status: str | None = LIST,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
) -> Response:
    """Search enterprises by name, part of a name (every 2-character word finds every enterprise
    whose name or former name contains it) or credit code. Ranked: exact code, code prefix, exact
    name, name prefix, other matches. Facet counts for each filter; pages follow `next_cursor`
    (also in the `Link: rel="next"` header). 企业查询：名称、名称中的词或统一社会信用代码。"""
    with request_session(request) as session:
        result = search(
            session,
            SearchRequest(q, district, industry, level, list_status, cursor, limit),
            secret=request.app.state.settings.secret_key,
            day=clock.today(),
            cache=count_cache(request),
        )
    return cacheable_json(request, result, next_cursor=result.next_cursor)


@router.get("/enterprises", response_class=HTMLResponse, include_in_schema=False)
async def search_page(
    request: Request,
    q: str = Query("", max_length=MAX_QUERY_LENGTH),
    district: str | None = None,
    industry: str | None = None,
    level: str | None = None,
    list_status: str | None = Query(None, alias="list"),
    cursor: str | None = None,
) -> Any:
    settings = request.app.state.settings
    errors: dict[str, str] = {}
    result: SearchResult | None = None
    searched = bool(q.strip() or district or industry or level or list_status)
    if searched:
        try:
            with request_session(request) as session:
                result = search(
                    session,
                    SearchRequest(
                        q,
                        district,
                        industry,
                        level,
                        list_status,
                        cursor,
                        settings.page_size_default,
                    ),
                    secret=settings.secret_key,
                    day=clock.today(),
                    cache=count_cache(request),
                )
        except ValidationFailed as exc:
            errors = {f.field: f.message for f in exc.fields}
    form = {
        "q": q,
        "district": district or "",
        "industry": industry or "",
        "level": level or "",
        "list": list_status or "",
    }
    context = {
        "page_title": f"“{q.strip()}”的查询结果" if q.strip() else "企业查询",
        "form": form,
        "errors": errors,
        "result": result,
        "first_page": not cursor,
        "facet_cap": FACET_CAP,
        "next_url": path_with(request, cursor=result.next_cursor)
        if result and result.next_cursor
        else None,
        "first_url": path_with(request, cursor=None),
        "json_url": "/api/v1/enterprises"
        + path_with(request, cursor=None)[len(request.url.path) :],
        "clear_url": "/enterprises" + (f"?{_q(q)}" if q.strip() else ""),
        "facet_url": lambda name, value: path_with(request, cursor=None, **{name: value}),
        "query_url": lambda text: f"/enterprises?{_q(text)}",
    }
    response = request.app.state.templates.TemplateResponse(
        request, "search/results.html", context, status_code=422 if errors else 200
    )
    if errors:
        return response
    return cacheable(request, bytes(response.body), media_type="text/html; charset=utf-8")


def _q(text: str) -> str:
    return urlencode({"q": text})
