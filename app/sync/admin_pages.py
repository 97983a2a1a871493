"""/admin/sync: the officers' page of the credit platform link (the last reconciliation, push
backlog, dead letters, feed consumers and their lag); running a reconciliation, resending what it
found different and replaying dead letters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.access.guards import OVERSEER_ROLES
from app.feed.payloads import RECORD_TYPES
from app.feed.publications import unpublished
from app.kit import clock
from app.models.sync import OUTBOX_STATUS_LABELS
from app.sync import service
from app.sync.reconcile import KIND_LABELS
from app.web.admin import render_admin
from app.web.auth import OverseerUser, StaffUser
from app.web.deps import DbSession, SettingsDep
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
        last=service.last_reconciliation(session),
        unpublished=len(unpublished(session, clock.today())),
        difference_labels=KIND_LABELS,
        record_type_labels=RECORD_TYPES,
        status_labels=OUTBOX_STATUS_LABELS,
        outcome_labels=service.OUTCOME_LABELS,
        can_replay=actor.role in OVERSEER_ROLES,
        replayed=_count(request, "replayed"),
        resent=[_count(request, k) for k in ("published", "withdrawn", "requeued")],
    )


def _count(request: Request, name: str) -> str:
    value = request.query_params.get(name, "")[:6]
    return value if value.isdigit() else ""


@router.post("/reconcile")
def run_reconciliation(actor: OverseerUser, session: DbSession, settings: SettingsDep) -> Response:
    service.run_reconciliation(session, settings.sync_platform_url, actor=actor, trigger="admin")
    return RedirectResponse("/admin/sync#reconciliation", status_code=303)


@router.post("/resend")
def resend(actor: OverseerUser, session: DbSession) -> Response:
    done = service.resend(session, actor)
    return RedirectResponse(
        f"/admin/sync?published={done.published}&withdrawn={done.withdrawn}"
        f"&requeued={done.requeued}#reconciliation",
        status_code=303,
    )


@router.post("/replay")
def replay(
    actor: OverseerUser,
    session: DbSession,
    message_id: Annotated[RecordId | None, Form()] = None,
) -> Response:
    count = service.replay(session, actor, None if message_id is None else [message_id])
    return RedirectResponse(f"/admin/sync?replayed={count}", status_code=303)
