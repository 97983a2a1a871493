"""The admin API of credit repair (/api/v1/admin/repairs): the same list, view, files and
decisions as the workspace pages, with the same roles and the same authority rule."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import NotFound
from app.repairs import repository, service
from app.repairs.admin_pages import FILTERS
from app.repairs.schemas import RepairOut, RepairReasonIn
from app.web.auth import require_api_actor
from app.web.deps import session_dependency
from app.web.downloads import file_response
from app.web.openapi import error_responses
from app.web.params import RecordId, one_of

router = APIRouter(prefix="/api/v1/admin/repairs", tags=["管理接口 admin"])
staff = require_api_actor(Role.clerk, Role.reviewer, Role.admin)
acceptors = require_api_actor(Role.clerk, Role.reviewer)
deciders = require_api_actor(Role.reviewer)


@router.get("", summary="Credit repair applications (信用修复申请)")
def index(
    status: str = Query("open", description="open, submitted, accepted, approved, rejected or all"),
    overdue: bool = Query(False, description="only those past a working-day deadline"),
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> list[RepairOut]:
    """The applications of the caller's authority (administrators: all), open ones first."""
    chosen = FILTERS[one_of(status, FILTERS, "status") or "open"][1]
    rows = repository.applications(
        session, actor, clock.today(), statuses=chosen, overdue_only=overdue
    )
    return [RepairOut.full(session, row) for row in rows]


@router.get("/{repair_id}", summary="A credit repair application", responses=error_responses(404))
def read(
    repair_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> RepairOut:
    return RepairOut.full(session, service.load_for_officer(session, actor, repair_id))


@router.get(
    "/{repair_id}/files/{file_id}",
    summary="Download a supporting file (officers only)",
    response_class=Response,
    responses=error_responses(404),
)
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


@router.post(
    "/{repair_id}/accept",
    summary="Accept an application (受理)",
    responses=error_responses(403, 404, 409),
)
def accept(
    repair_id: RecordId,
    actor: Actor = Depends(acceptors),
    session: Session = Depends(session_dependency),
) -> RepairOut:
    """Clerks and reviewers of the deciding authority (谁认定、谁修复)."""
    return RepairOut.full(session, service.accept(session, actor, repair_id))


@router.post(
    "/{repair_id}/approve",
    summary="Approve: the record stops being published (准予修复)",
    responses=error_responses(403, 404, 409, 422),
)
def approve(
    repair_id: RecordId,
    body: RepairReasonIn,
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> RepairOut:
    """Reviewers of the deciding authority, after acceptance. The record is withdrawn today and
    the withdrawal goes to the change feed and the credit platform."""
    return RepairOut.full(session, service.approve(session, actor, repair_id, body.reason))


@router.post(
    "/{repair_id}/reject",
    summary="Reject, with the reasons (不予受理 / 不予修复)",
    responses=error_responses(403, 404, 409, 422),
)
def reject(
    repair_id: RecordId,
    body: RepairReasonIn,
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> RepairOut:
    return RepairOut.full(session, service.reject(session, actor, repair_id, body.reason))
