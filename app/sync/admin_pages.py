"""/admin/sync: the officers' page of the credit platform link (push backlog, dead letters,
feed consumers and their lag), and the replay of dead letters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.kit.actor import Actor, Role
from app.models.sync import OUTBOX_STATUS_LABELS
from app.sync import service
from app.web.admin import render_admin
from app.web.auth import require_user
from app.web.deps import session_dependency
from app.web.params import RecordId

router = APIRouter(prefix="/admin/sync", include_in_schema=False)
officer = require_user(Role.clerk, Role.reviewer, Role.admin)
replayer = require_user(Role.reviewer, Role.admin)


@router.get("")
def sync_page(
    request: Request,
    actor: Annotated[Actor, Depends(officer)],
    session: Annotated[Session, Depends(session_dependency)],
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/sync.html",
        page_title="数据同步",
        overview=service.overview(session),
        status_labels=OUTBOX_STATUS_LABELS,
        can_replay=actor.role in (Role.reviewer, Role.admin),
        replayed=request.query_params.get("replayed", "")[:6],
    )


@router.post("/replay")
def replay(
    actor: Annotated[Actor, Depends(replayer)],
    session: Annotated[Session, Depends(session_dependency)],
    message_id: Annotated[RecordId | None, Form()] = None,
) -> Response:
    count = service.replay(session, actor, None if message_id is None else [message_id])
    return RedirectResponse(f"/admin/sync?replayed={count}", status_code=303)
