"""The admin API of objections (/api/v1/admin/objections): the same list, view, files and
answers as the workspace pages, with the same roles and the same authority rule."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import NotFound
from app.objections import repository, service
from app.objections.admin_pages import FILTERS
from app.objections.schemas import ObjectionOut, ObjectionReasonIn
from app.web.auth import require_api_actor
from app.web.deps import session_dependency
from app.web.downloads import file_response
from app.web.openapi import error_responses
from app.web.params import RecordId, one_of

router = APIRouter(prefix="/api/v1/admin/objections", tags=["管理接口 admin"])
staff = require_api_actor(Role.clerk, Role.reviewer, Role.admin)
deciders = require_api_actor(Role.reviewer)


@router.get("", summary="Objections to published penalties (异议)")
def index(
    status: str = Query("open", description="open, upheld, rejected or all"),
    overdue: bool = Query(False, description="only those past the working-day deadline"),
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> list[ObjectionOut]:
    """The objections to the caller's authority's records (administrators: all), open first."""
    chosen = FILTERS[one_of(status, FILTERS, "status") or "open"][1]
    rows = repository.objections(
        session, actor, clock.today(), statuses=chosen, overdue_only=overdue
    )
    return [ObjectionOut.full(session, row) for row in rows]


@router.get("/{objection_id}", summary="An objection", responses=error_responses(404))
def read(
    objection_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> ObjectionOut:
    return ObjectionOut.full(session, service.load_for_officer(session, actor, objection_id))


@router.get(
    "/{objection_id}/files/{file_id}",
    summary="Download a supporting file (officers only)",
    response_class=Response,
    responses=error_responses(404),
)
def download(
    request: Request,
    objection_id: RecordId,
    file_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    found = service.load_for_officer(session, actor, objection_id)
    stored = repository.file_of(session, found.id, file_id)
    if stored is None:
        raise NotFound("未找到该文件")
    settings: Settings = request.app.state.settings
    name = f"{found.number}-{stored.id}"
    return file_response(settings.upload_dir, stored.stored_name, stored.kind, name)


@router.post(
    "/{objection_id}/uphold",
    summary="Uphold: the record is to be corrected (异议成立)",
    responses=error_responses(403, 404, 409, 422),
)
def uphold(
    objection_id: RecordId,
    body: ObjectionReasonIn,
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> ObjectionOut:
    """Reviewers of the authority that made the record. The correction itself is a new version
    (`POST /api/v1/admin/penalties/{record_id}/corrections`), reviewed as usual."""
    return ObjectionOut.full(session, service.uphold(session, actor, objection_id, body.reason))


@router.post(
    "/{objection_id}/reject",
    summary="Reject, with the reasons (异议不成立)",
    responses=error_responses(403, 404, 409, 422),
)
def reject(
    objection_id: RecordId,
    body: ObjectionReasonIn,
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> ObjectionOut:
    return ObjectionOut.full(session, service.reject(session, actor, objection_id, body.reason))
