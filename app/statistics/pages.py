"""``/statistics``: the public statistics page (charts drawn on the server, each with its table,
its CSV and its JSON), following the filters and ``as_of``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.kit.errors import ValidationFailed
from app.kit.regions import current_divisions
from app.publication.as_of import as_of_form, as_of_problem
from app.statistics import links
from app.statistics.filters import MEASURES, StatFilters
from app.statistics.presentation import block
from app.statistics.service import CAVEATS, industries, read_filters, report
from app.web.deps import session_dependency

router = APIRouter()


@router.get("/statistics", response_class=HTMLResponse, include_in_schema=False)
def statistics_page(
    request: Request,
    district: str | None = None,
    industry: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    measure: str | None = None,
    as_of: str | None = None,
    session: Session = Depends(session_dependency),
) -> Any:
    settings: Settings = request.app.state.settings
    raw = {
        "district": district,
        "industry": industry,
        "date_from": date_from,
        "date_to": date_to,
        "as_of": as_of,
        "measure": measure,
    }
    form = {k: (v or "").strip() for k, v in raw.items()}
    errors: dict[str, str] = {}
    filters: StatFilters | None = None
    try:
        filters = read_filters(session, settings, **raw)
    except ValidationFailed as exc:
        errors = {f.field: f.message for f in exc.fields}
    day = filters.day if filters else clock.today()
    sections: list[dict[str, Any]] = []
    if filters is not None:
        result = report(session, settings, filters)
        sections = [
            {"key": key, "title": title, "blocks": [block(t, filters) for t in tables]}
            for key, title, tables in result.sections()
        ]
    context = {
        "page_title": "统计",
        "form": form,
        "errors": errors,
        "divisions": current_divisions(),
        "industries": industries(session, settings),
        "measures": MEASURES,
        "sections": sections,
        "caveats": CAVEATS,
        "filters": filters,
        "json_url": links.json_url(filters) if filters else links.API,
        "as_of": as_of_form(as_of if as_of_problem(as_of) is None else None, day),
    }
    return request.app.state.templates.TemplateResponse(
        request, "statistics/page.html", context, status_code=422 if errors else 200
    )
