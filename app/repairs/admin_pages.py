"""The workspace pages of credit repair (/admin/repairs): the list with overdue flags, an
application with its files, and the deciding authority's accept / approve / reject. Rules in
``app.repairs.service``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.names import user_names
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import DomainError, NotFound
from app.models.repair import REPAIR_STATUS_LABELS, REPAIR_TARGET_LABELS, RepairStatus
from app.repairs import deadlines, repository, service
from app.repairs.schemas import target_label
from app.web.admin import field_errors, render_admin
from app.web.auth import require_user
from app.web.deps import session_dependency
from app.web.downloads import file_response
from app.web.forms import attempt, see_other
from app.web.params import RecordId, one_of

router = APIRouter(include_in_schema=False)
staff = require_user(Role.clerk, Role.reviewer, Role.admin)
acceptors = require_user(Role.clerk, Role.reviewer)
deciders = require_user(Role.reviewer)

FILTERS = {
    "open": ("办理中", (RepairStatus.submitted, RepairStatus.accepted)),
    "submitted": ("待受理", (RepairStatus.submitted,)),
    "accepted": ("审查中", (RepairStatus.accepted,)),
    "approved": ("准予修复", (RepairStatus.approved,)),
    "rejected": ("不予修复", (RepairStatus.rejected,)),
    "all": ("全部", ()),
}


@router.get("/admin/repairs")
def index(
    request: Request,
    status: str = "open",
    overdue: str = "",
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    chosen = one_of(status, FILTERS, "status") or "open"
    overdue = one_of(overdue, ("1",), "overdue")
    today = clock.today()
    rows = repository.applications(
        session, actor, today, statuses=FILTERS[chosen][1], overdue_only=bool(overdue)
    )
    return render_admin(
        request,
        actor,
        "admin/repairs/index.html",
        page_title="信用修复申请",
        rows=[(row, target_label(row), deadlines.steps(session, row, today)) for row in rows],
        filters={key: label for key, (label, _statuses) in FILTERS.items()},
        status=chosen,
        overdue=bool(overdue),
        status_labels=REPAIR_STATUS_LABELS,
    )


def _detail(
    request: Request,
    actor: Actor,
    session: Session,
    repair_id: int,
    *,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
) -> Response:
    found = service.load_for_officer(session, actor, repair_id)
    return render_admin(
        request,
        actor,
        "admin/repairs/detail.html",
        page_title=f"信用修复申请 {found.number}",
        repair=found,
        label=target_label(found),
        target_type_label=REPAIR_TARGET_LABELS[found.target_type],
        status_label=REPAIR_STATUS_LABELS[found.status],
        authority=repository.authority_name(session, found.authority_id),
        files=repository.files_of(session, found.id),
        steps=deadlines.steps(session, found, clock.today()),
        actions=service.allowed_actions(actor, found),
        names=user_names(session, [found.accepted_by_id, found.decided_by_id]),
        errors=errors or {},
        status_code=status_code,
    )


@router.get("/admin/repairs/{repair_id}")
def detail(
    request: Request,
    repair_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    return _detail(request, actor, session, repair_id)


@router.get("/admin/repairs/{repair_id}/files/{file_id}")
def download(
    request: Request,
    repair_id: RecordId,
    file_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    found = service.load_for_officer(session, actor, repair_id)
    stored = repository.file_of(session, found.id, file_id)
    if stored is None:
        raise NotFound("未找到该文件")
    settings: Settings = request.app.state.settings
    name = f"{found.number}-{stored.id}"
    return file_response(settings.upload_dir, stored.stored_name, stored.kind, name)


def _act(
    request: Request, actor: Actor, session: Session, repair_id: int, action: str, reason: str = ""
) -> Response:
    try:
        with attempt(session):
            if action == "accept":
                service.accept(session, actor, repair_id)
            elif action == "approve":
                service.approve(session, actor, repair_id, reason)
            else:
                service.reject(session, actor, repair_id, reason)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _detail(
            request,
            actor,
            session,
            repair_id,
            errors={f"{action}_{k}": v for k, v in field_errors(exc.fields).items()},
            status_code=422,
        )
    return see_other(f"/admin/repairs/{repair_id}?notice=repair_{action}")


@router.post("/admin/repairs/{repair_id}/accept")
def accept(
    request: Request,
    repair_id: RecordId,
    actor: Actor = Depends(acceptors),
    session: Session = Depends(session_dependency),
) -> Response:
    return _act(request, actor, session, repair_id, "accept")


@router.post("/admin/repairs/{repair_id}/approve")
def approve(
    request: Request,
    repair_id: RecordId,
    reason: str = Form(""),
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> Response:
    return _act(request, actor, session, repair_id, "approve", reason)


@router.post("/admin/repairs/{repair_id}/reject")
def reject(
    request: Request,
    repair_id: RecordId,
    reason: str = Form(""),
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> Response:
    return _act(request, actor, session, repair_id, "reject", reason)
