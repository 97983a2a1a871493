"""The public board (/inspections), the case table and a case's page; JSON twins in api.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.inspections import public_service
from app.inspections.rules import CASE_STATUS_LABELS
from app.kit.errors import ValidationFailed
from app.kit.regions import current_divisions
from app.models.inspection_case_problem import POLLUTION_TYPES
from app.publication.as_of import as_of_form, parse_as_of
from app.web.deps import DbSession, SettingsDep, TemplatesDep
from app.web.http import path_with, query_with
from app.web.params import MAX_RECORD_ID, RecordId

router = APIRouter()
ID_QUERY = Query(None, ge=1, le=MAX_RECORD_ID)


@router.get("/inspections", response_class=HTMLResponse, include_in_schema=False)
def board_page(
    request: Request,
    templates: TemplatesDep,
    session: DbSession,
    campaign: int | None = ID_QUERY,
    as_of: str | None = None,
) -> Any:
    day = parse_as_of(as_of)
    board, charts = public_service.board_with_charts(session, day, campaign)
    context = {
        "page_title": "督察交办信访件整改公开",
        "board": board,
        "charts": charts,
        "as_of": as_of_form(as_of, day),
        "json_url": "/api/v1/inspections" + query_with(request),
        "cases_url": "/inspections/cases" + query_with(request, campaign=board.campaign_id),
    }
    return templates.TemplateResponse(request, "inspections/board.html", context)


@router.get("/inspections/cases", response_class=HTMLResponse, include_in_schema=False)
def cases_page(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    session: DbSession,
    campaign: int | None = ID_QUERY,
    batch: int | None = ID_QUERY,
    area: str | None = None,
    pollution_type: str | None = Query(None, alias="type"),
    status: str | None = None,
    cursor: str | None = None,
    as_of: str | None = None,
) -> Any:
    day = parse_as_of(as_of)
    errors: dict[str, str] = {}
    result = None
    try:
        filters = public_service.parse_table_filters(
            session, day, campaign, batch, area, pollution_type, status
        )
        result = public_service.case_table(
            session, settings.secret_key, day, filters, cursor, settings.page_size_default
        )
    except ValidationFailed as exc:
        errors = {f.field: f.message for f in exc.fields}
    form = {
        "campaign": campaign,
        "batch": batch,
        "area": area or "",
        "type": pollution_type or "",
        "status": status or "",
    }
    context = {
        "page_title": "督察交办信访件公开表",
        "form": form,
        "errors": errors,
        "result": result,
        "campaigns": public_service.campaigns(session, day),
        "divisions": current_divisions(),
        "types": POLLUTION_TYPES,
        "statuses": [(s.value, label) for s, label in CASE_STATUS_LABELS.items()],
        "next_url": path_with(request, cursor=result.next_cursor)
        if result and result.next_cursor
        else None,
        "csv_url": "/api/v1/inspections/cases" + query_with(request, cursor=None, format="csv"),
        "json_url": "/api/v1/inspections/cases" + query_with(request, cursor=None),
        "as_of": as_of_form(as_of, day),
    }
    return templates.TemplateResponse(
        request, "inspections/cases.html", context, status_code=422 if errors else 200
    )


@router.get("/inspections/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_page(
    request: Request,
    templates: TemplatesDep,
    session: DbSession,
    case_id: RecordId,
    as_of: str | None = None,
) -> Any:
    day = parse_as_of(as_of)
    detail = public_service.case_detail(session, case_id, day)
    context = {
        "page_title": f"信访件 {detail.case_number}",
        "case": detail,
        "as_of": as_of_form(as_of, day),
        "json_url": f"/api/v1/inspections/cases/{detail.case_id}" + query_with(request),
    }
    return templates.TemplateResponse(request, "inspections/case.html", context)
