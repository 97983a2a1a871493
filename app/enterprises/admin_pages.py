"""The enterprise finder of the workspace (/admin/enterprises): by name or credit code, within
the officer's jurisdiction."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.access.guards import MAKER_ROLES
from app.enterprises.repository import find_enterprises
from app.web.admin import render_admin
from app.web.auth import StaffUser
from app.web.deps import DbSession

router = APIRouter(include_in_schema=False)


@router.get("/admin/enterprises")
def enterprises(
    request: Request,
    actor: StaffUser,
    session: DbSession,
    q: str = "",
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/enterprises.html",
        page_title="查找企业",
        q=q[:100],
        found=find_enterprises(session, actor, q) if q.strip() else None,
        can_act=actor.role in MAKER_ROLES,
    )
