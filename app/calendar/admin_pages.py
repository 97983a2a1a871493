"""/admin/calendar: administrators keep the holiday calendar that working-day deadlines use."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.calendar.service import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    add_day,
    days_of_year,
    parse_day_form,
    remove_day,
)
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError, NotFound
from app.models.calendar_day import DAY_KIND_LABELS
from app.web.admin import field_errors, render_admin
from app.web.auth import AdminUser
from app.web.deps import DbSession

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    actor: Actor,
    session: Session,
    year: int,
    *,
    form: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/calendar/index.html",
        page_title=f"节假日日历（{year}年）",
        year=year,
        days=days_of_year(session, year),
        kinds=DAY_KIND_LABELS,
        form=form or {"day": "", "kind": "holiday", "name": ""},
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/calendar")
def calendar_page(
    request: Request,
    actor: AdminUser,
    session: DbSession,
    year: int | None = Query(None, ge=EARLIEST_YEAR, le=LATEST_YEAR),
) -> Response:
    return _page(request, actor, session, year or clock.today().year)


@router.post("/admin/calendar")
def calendar_add(
    request: Request,
    actor: AdminUser,
    session: DbSession,
    day: str = Form(""),
    kind: str = Form(""),
    name: str = Form(""),
) -> Response:
    form = {"day": day, "kind": kind, "name": name}
    try:
        when, day_kind, label = parse_day_form(day, kind, name)
        add_day(session, actor, when, day_kind, label)
    except DomainError as exc:
        year = _year_of(day) or clock.today().year
        errors = exc.fields or [FieldError("day", exc.message)]
        return _page(
            request, actor, session, year, form=form, errors=errors, status_code=exc.status_code
        )
    return RedirectResponse(f"/admin/calendar?year={when.year}&notice=saved", status_code=303)


@router.post("/admin/calendar/{day}/delete")
def calendar_remove(
    request: Request,
    day: str,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    when = _year_day(day)
    remove_day(session, actor, when)
    return RedirectResponse(f"/admin/calendar?year={when.year}&notice=deleted", status_code=303)


def _year_of(raw: str) -> int | None:
    try:
        year = dt.date.fromisoformat(raw.strip()).year
    except ValueError:
        return None
    return year if EARLIEST_YEAR <= year <= LATEST_YEAR else None


def _year_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise NotFound(f"日历中没有 {raw}") from None
