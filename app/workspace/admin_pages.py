"""The officer's home page (/admin: the panels that features provide, ``app.web.panels``) and
the review queue (/admin/review): what awaits a reviewer across every workflow."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.access.guards import CHECKER_ROLES
from app.lists.forms import LIST_TYPE_LABELS
from app.models.nomination import BAR_STATUS_LABELS
from app.models.person import PERSON_ROLE_LABELS
from app.penalties.forms import STATUS_LABELS
from app.web.admin import render_admin
from app.web.auth import AnyUser, OverseerUser
from app.web.deps import DbSession, PanelsDep
from app.web.panels import build_panels
from app.workspace.service import review_queue

router = APIRouter(include_in_schema=False)


@router.get("/admin/review")
def review(
    request: Request,
    actor: OverseerUser,
    session: DbSession,
) -> Response:
    queue = review_queue(session, actor)
    return render_admin(
        request,
        actor,
        "admin/review.html",
        page_title="待审核",
        queue=queue,
        public_status={},  # submissions: no derived status yet
        can_decide=actor.role in CHECKER_ROLES,
        status_labels=STATUS_LABELS,
        type_labels=LIST_TYPE_LABELS,
        bar_labels=BAR_STATUS_LABELS,
        role_labels=PERSON_ROLE_LABELS,
    )


@router.get("/admin")
def home(
    request: Request,
    panels: PanelsDep,
    actor: AnyUser,
    session: DbSession,
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/home.html",
        page_title="工作台",
        panels=build_panels(session, actor, panels),
    )
