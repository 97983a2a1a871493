"""The red list (honour, 守信激励) and black list (dishonesty, 失信惩戒) pages, their JSON twin
and their CSV download (the same service functions answer all three)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.kit import clock
from app.kit.errors import ValidationFailed
from app.kit.regions import current_divisions
from app.lists.public_service import (
    LIST_LABELS,
    LIST_MEANINGS,
    list_industries,
    list_page,
    parse_list_filters,
    parse_list_name,
)
from app.models import ListType
from app.publication.as_of import as_of_form, as_of_problem, parse_as_of
from app.web.deps import DbSession, SettingsDep, TemplatesDep
from app.web.http import path_with, query_with

router = APIRouter()


@router.get("/lists/{name}", response_class=HTMLResponse, include_in_schema=False)
def list_html(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    name: str,
    session: DbSession,
    district: str | None = None,
    industry: str | None = None,
    cursor: str | None = None,
    as_of: str | None = None,
) -> Any:
    list_type = parse_list_name(name)
    problem = as_of_problem(as_of)
    day = clock.today() if problem else parse_as_of(as_of)
    errors: dict[str, str] = {}
    page = None
    try:
        filters = parse_list_filters(session, district, industry)
    except ValidationFailed as exc:
        errors = {f.field: f.message for f in exc.fields}
    if problem is not None:
        errors["as_of"] = problem.message
    if not errors:
        page = list_page(
            session,
            settings.secret_key,
            day,
            list_type,
            filters,
            cursor,
            settings.page_size_default,
        )
    label = LIST_LABELS[list_type]
    api_path = f"/api/v1/lists/{list_type.value}"
    context = {
        "page_title": f"{label}（{LIST_MEANINGS[list_type]}）",
        "list_type": list_type.value,
        "label": label,
        "meaning": LIST_MEANINGS[list_type],
        "other": ListType.red.value if list_type == ListType.black else ListType.black.value,
        "form": {"district": district or "", "industry": industry or ""},
        "errors": errors,
        "page": page,
        "divisions": current_divisions(),
        "industries": list_industries(session, day, list_type),
        "first_page": not cursor,
        "next_url": path_with(request, cursor=page.next_cursor)
        if page and page.next_cursor
        else None,
        "first_url": path_with(request, cursor=None),
        "json_url": api_path + query_with(request, cursor=None),
        "csv_url": api_path + query_with(request, cursor=None, format="csv"),
        "today": day,
        "as_of": as_of_form(as_of, day),
    }
    return templates.TemplateResponse(
        request, "lists/list.html", context, status_code=422 if errors else 200
    )
