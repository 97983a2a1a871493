"""The 说明 page: the lists, the levels, how long records stay public and why they disappear."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.about.service import about_facts
from app.kit import clock
from app.record.service import badge_colors
from app.web.deps import session_dependency

router = APIRouter()


@router.get("/about", response_class=HTMLResponse, include_in_schema=False)
def about_page(request: Request, session: Session = Depends(session_dependency)) -> Any:
    facts = about_facts(session, clock.today())
    context = {
        "page_title": "说明",
        "facts": facts,
        "badges": {lv.code: badge_colors(lv.color) for lv in facts.levels},
    }
    return request.app.state.templates.TemplateResponse(request, "about.html", context)
