"""The home page and its JSON twin."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.home.service import home_figures, home_overview
from app.kit import clock
from app.web.deps import DbSession, SettingsDep, TemplatesDep

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(
    request: Request, templates: TemplatesDep, settings: SettingsDep, session: DbSession
) -> Any:
    day = clock.today()
    figures = home_figures(session, day)
    overview = home_overview(session, settings, day)
    context = {"figures": figures, "overview": overview, "page_title": "首页"}
    return templates.TemplateResponse(request, "home.html", context)


@router.get("/api/v1/stats", tags=["概览 overview"], summary="Headline figures")
def stats(session: DbSession) -> dict[str, Any]:
    """Counts on the home page: enterprises, public penalties, black and red list entries in force
    today. 首页统计：企业数、公示中的行政处罚、在列黑名单与红名单。"""
    figures = home_figures(session, clock.today())
    data = dataclasses.asdict(figures)
    data["as_of"] = figures.as_of.isoformat()
    return data
