"""The officer's home page: the panels that features provide (``app.web.panels``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.kit.db import session_dependency
from app.web.admin import render_admin
from app.web.auth import require_user
from app.web.panels import build_panels

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def home(
    request: Request,
    actor: Actor = Depends(require_user()),
    session: Session = Depends(session_dependency),
) -> Response:
    return render_admin(
        request, actor, "admin/home.html", page_title="工作台", panels=build_panels(session, actor)
    )
