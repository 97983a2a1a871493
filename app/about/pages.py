"""The 说明 page: the lists, the levels, how long records stay public and why they disappear."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.about.service import about_facts
from app.kit import clock
from app.measures.service import catalogue
from app.record.service import badge_colors
from app.web.deps import DbSession, TemplatesDep

router = APIRouter()


@router.get("/about", response_class=HTMLResponse, include_in_schema=False)
def about_page(request: Request, templates: TemplatesDep, session: DbSession) -> Any:
    facts = about_facts(session, clock.today())
    context = {
        "page_title": "说明",
        "facts": facts,
        "badges": {lv.code: badge_colors(lv.color) for lv in facts.levels},
        "measures": catalogue(session, clock.today()),
    }
    return templates.TemplateResponse(request, "about.html", context)
