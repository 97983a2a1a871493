"""An enterprise's public credit record: the page and its JSON twin (one service function)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.inspections.public_service import enterprise_cases
from app.publication.as_of import as_of_form, parse_as_of
from app.record.service import enterprise_record
from app.web.deps import DbSession, TemplatesDep

router = APIRouter()


@router.get("/enterprises/{uscc}", response_class=HTMLResponse, include_in_schema=False)
def enterprise_page(
    request: Request,
    templates: TemplatesDep,
    uscc: str,
    session: DbSession,
    as_of: str | None = None,
) -> Any:
    day = parse_as_of(as_of)
    record = enterprise_record(session, uscc, day)
    context = {
        "page_title": record.name,
        "record": record,
        "as_of": as_of_form(as_of, day),
        "inspection_cases": enterprise_cases(session, record.uscc, day),
    }
    return templates.TemplateResponse(request, "enterprises/record.html", context)
