"""The enterprise search page and its JSON twin: both call app.search.service.search."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.kit import clock
from app.kit.errors import ValidationFailed
from app.kit.identifiers import normalise
from app.search.counts import FACET_CAP, count_cache
from app.search.schemas import SearchResult
from app.search.service import MAX_QUERY_LENGTH, SearchRequest, search
from app.web.deps import SettingsDep, TemplatesDep, read_session
from app.web.http import cacheable_page, path_with

router = APIRouter()


@router.get("/enterprises", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    q: str = Query("", max_length=MAX_QUERY_LENGTH),
    district: str | None = None,
    industry: str | None = None,
    level: str | None = None,
    list_status: str | None = Query(None, alias="list"),
    licence: str | None = None,
    cursor: str | None = None,
) -> Any:
    errors: dict[str, str] = {}
    result: SearchResult | None = None
    searched = bool(q.strip() or district or industry or level or list_status or licence)
    if searched:
        try:
            with read_session(request) as session:
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
                        licence,
                    ),
                    secret=settings.secret_key,
                    day=clock.today(),
                    cache=count_cache(request),
                )
        except ValidationFailed as exc:
            errors = {f.field: f.message for f in exc.fields}
    opened = _the_one_code(q, cursor, result)
    if opened is not None:  # an exact credit code: its record, not a list of one
        return RedirectResponse(opened, status_code=303)
    context = _context(request, q, cursor, errors, result)
    context["form"] = {
        "q": q,
        "district": (result.query.district if result else None) or district or "",
        "industry": industry or "",
        "level": level or "",
        "list": list_status or "",
        "licence": licence or "",
    }
    response = templates.TemplateResponse(
        request, "search/results.html", context, status_code=422 if errors else 200
    )
    if errors:
        return response
    return cacheable_page(request, response)


def _context(
    request: Request,
    q: str,
    cursor: str | None,
    errors: dict[str, str],
    result: SearchResult | None,
) -> dict[str, Any]:
    """The results page's context beside the form: the answer and the links."""
    return {
        "page_title": f"“{q.strip()}”的查询结果" if q.strip() else "企业查询",
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


def _the_one_code(q: str, cursor: str | None, result: SearchResult | None) -> str | None:
    """The record page when ``q`` is exactly the credit code of the only match."""
    if result is None or cursor or len(result.items) != 1 or result.total != 1:
        return None
    item = result.items[0]
    return item.links.html if normalise(q) == item.uscc else None


def _q(text: str) -> str:
    return urlencode({"q": text})
