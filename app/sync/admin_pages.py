"""/admin/sync: the officers' page of the credit platform link (push backlog, dead letters,
feed consumers and their lag), and the replay of dead letters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.access.guards import OVERSEER_ROLES
from app.models.sync import OUTBOX_STATUS_LABELS
from app.sync import service
from app.web.admin import render_admin
from app.web.auth import OverseerUser, StaffUser
from app.web.deps import DbSession
from app.web.params import RecordId

router = APIRouter(prefix="/admin/sync", include_in_schema=False)


@router.get("")
def sync_page(
    request: Request,
    actor: StaffUser,
    session: DbSession,
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/sync.html",
        page_title="数据同步",
        overview=service.overview(session),
        status_labels=OUTBOX_STATUS_LABELS,
        can_replay=actor.role in OVERSEER_ROLES,
        replayed=request.query_params.get("replayed", "")[:6],
    )


@router.post("/replay")
def replay(
    actor: OverseerUser,
    session: DbSession,
    message_id: Annotated[RecordId | None, Form()] = None,
) -> Response:
    count = service.replay(session, actor, None if message_id is None else [message_id])
    return RedirectResponse(f"/admin/sync?replayed={count}", status_code=303)
