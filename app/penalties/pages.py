"""Public penalty pages and their JSON twins (the same service functions answer both)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.kit import clock
from app.kit.errors import ValidationFailed
from app.kit.regions import current_divisions
from app.penalties.public_service import (
    get_penalty,
    list_penalties,
    parse_filters,
    public_violation_types,
)
from app.publication.as_of import as_of_form, as_of_problem, parse_as_of
from app.web.deps import DbSession, SettingsDep, TemplatesDep
from app.web.http import path_with, query_with
from app.web.params import RecordId

router = APIRouter()


@router.get("/penalties", response_class=HTMLResponse, include_in_schema=False)
def penalties_page(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    session: DbSession,
    district: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    violation_type: str | None = Query(None, alias="type"),
    q: str | None = None,
    cursor: str | None = None,
    as_of: str | None = None,
) -> Any:
    form = {"district": district or "", "from": date_from or "", "to": date_to or ""}
    form["type"] = violation_type or ""
    form["q"] = (q or "")[:100]
    errors: dict[str, str] = {}
    result = None
    problem = as_of_problem(as_of)
    day = clock.today() if problem else parse_as_of(as_of)
    try:
        filters = parse_filters(session, district, date_from, date_to, violation_type, q)
    except ValidationFailed as exc:
        errors = {f.field: f.message for f in exc.fields}
    if problem is not None:
        errors["as_of"] = problem.message
    if not errors:
        result = list_penalties(
            session, settings.secret_key, day, filters, cursor, settings.page_size_default
        )
    context = {
        "page_title": "行政处罚公示",
        "form": form,
        "errors": errors,
        "result": result,
        "divisions": current_divisions(),
        "violation_types": public_violation_types(session, day),
        "first_page": bool(cursor) is False,
        "next_url": path_with(request, cursor=result.next_cursor)
        if result and result.next_cursor
        else None,
        "first_url": path_with(request, cursor=None),
        "json_url": "/api/v1/penalties" + query_with(request, cursor=None),
        "page_size": settings.page_size_default,
        "today": day,
        "as_of": as_of_form(as_of, day),
    }
    return templates.TemplateResponse(
        request, "penalties/list.html", context, status_code=422 if errors else 200
    )


@router.get("/penalties/{penalty_id}", response_class=HTMLResponse, include_in_schema=False)
def penalty_page(
    request: Request,
    templates: TemplatesDep,
    penalty_id: RecordId,
    session: DbSession,
    as_of: str | None = None,
) -> Any:
    day = parse_as_of(as_of)
    detail = get_penalty(session, day, penalty_id)
    context = {
        "page_title": detail.decision_number,
        "penalty": detail,
        "as_of": as_of_form(as_of, day),
    }
    return templates.TemplateResponse(request, "penalties/detail.html", context)
