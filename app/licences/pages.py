"""Public licence pages (their JSON twins are in ``api.py``, from the same service)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.kit import clock
from app.kit.errors import ValidationFailed
from app.kit.regions import current_divisions
from app.licences.public_service import (
    STATUSES,
    get_licence,
    kind_choices,
    list_licences,
    parse_filters,
)
from app.publication.as_of import as_of_form, as_of_problem, parse_as_of
from app.publication.visibility import LICENCE_STATUS_LABELS
from app.web.deps import DbSession, SettingsDep, TemplatesDep
from app.web.http import path_with, query_with
from app.web.params import RecordId

router = APIRouter()


@router.get("/licences", response_class=HTMLResponse, include_in_schema=False)
def licences_page(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    session: DbSession,
    district: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    as_of: str | None = None,
) -> Any:
    form = {"district": district or "", "kind": kind or "", "status": status or ""}
    errors: dict[str, str] = {}
    result = None
    problem = as_of_problem(as_of)
    day = clock.today() if problem else parse_as_of(as_of)
    try:
        filters = parse_filters(session, district, kind, status)
    except ValidationFailed as exc:
        errors = {f.field: f.message for f in exc.fields}
    if problem is not None:
        errors["as_of"] = problem.message
    if not errors:
        result = list_licences(
            session, settings.secret_key, day, filters, cursor, settings.page_size_default
        )
    context = {
        "page_title": "行政许可公示",
        "form": form,
        "errors": errors,
        "result": result,
        "divisions": current_divisions(),
        "kinds": kind_choices(session),
        "statuses": [(s, LICENCE_STATUS_LABELS[s]) for s in STATUSES],
        "next_url": path_with(request, cursor=result.next_cursor)
        if result and result.next_cursor
        else None,
        "first_url": path_with(request, cursor=None),
        "json_url": "/api/v1/licences" + query_with(request, cursor=None),
        "csv_url": "/api/v1/licences" + query_with(request, cursor=None, format="csv"),
        "today": day,
        "as_of": as_of_form(as_of, day),
    }
    return templates.TemplateResponse(
        request, "licences/list.html", context, status_code=422 if errors else 200
    )


@router.get("/licences/{licence_id}", response_class=HTMLResponse, include_in_schema=False)
def licence_page(
    request: Request,
    templates: TemplatesDep,
    licence_id: RecordId,
    session: DbSession,
    as_of: str | None = None,
) -> Any:
    day = parse_as_of(as_of)
    detail = get_licence(session, day, licence_id)
    context = {
        "page_title": detail.document_number,
        "licence": detail,
        "json_url": f"/api/v1/licences/{detail.id}",
        "as_of": as_of_form(as_of, day),
    }
    return templates.TemplateResponse(request, "licences/detail.html", context)
