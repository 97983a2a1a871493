"""The workspace page of joint measures: per list entry in force, which departments reported
their measures and which are overdue (the same service as the overview API)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.kit import clock
from app.measures import service
from app.web.admin import render_admin
from app.web.auth import StaffUser
from app.web.deps import DbSession

router = APIRouter(include_in_schema=False)


@router.get("/admin/measures")
def overview_page(request: Request, actor: StaffUser, session: DbSession) -> Response:
    rows = service.workspace_overview(session)
    return render_admin(
        request,
        actor,
        "admin/measures/index.html",
        page_title="联合奖惩措施反馈",
        rows=rows,
        today=clock.today(),
        overdue_count=sum(1 for r in rows for m in r.measures if m.overdue),
    )
