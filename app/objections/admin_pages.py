"""The workspace pages of objections (/admin/objections): the list with overdue flags, an
objection with its files and the record's correction, and the answering authority's uphold /
reject. Rules in ``app.objections.service``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import MAKER_ROLES
from app.access.names import user_names
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import DomainError, NotFound
from app.models import ObjectionStatus, PenaltyRecord
from app.models.objection import OBJECTION_STATUS_LABELS, OBJECTOR_KIND_LABELS
from app.objections import repository, service
from app.penalties.forms import STATUS_LABELS
from app.repairs.repository import authority_name
from app.web.admin import field_errors, render_admin
from app.web.auth import require_user
from app.web.deps import session_dependency
from app.web.downloads import file_response
from app.web.forms import attempt, see_other
from app.web.params import RecordId, one_of

router = APIRouter(include_in_schema=False)
staff = require_user(Role.clerk, Role.reviewer, Role.admin)
deciders = require_user(Role.reviewer)

FILTERS = {
    "open": ("处理中", (ObjectionStatus.open,)),
    "upheld": ("异议成立", (ObjectionStatus.upheld,)),
    "rejected": ("异议不成立", (ObjectionStatus.rejected,)),
    "all": ("全部", ()),
}


def _decision_numbers(session: Session, record_ids: list[int]) -> dict[int, str]:
    if not record_ids:
        return {}
    rows = session.execute(
        select(PenaltyRecord.id, PenaltyRecord.decision_number).where(
            PenaltyRecord.id.in_(record_ids)
        )
    )
    return {int(row[0]): str(row[1]) for row in rows}


@router.get("/admin/objections")
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
    rows = repository.objections(
        session, actor, today, statuses=FILTERS[chosen][1], overdue_only=bool(overdue)
    )
    numbers = _decision_numbers(session, [row.penalty_record_id for row in rows])
    return render_admin(
        request,
        actor,
        "admin/objections/index.html",
        page_title="异议",
        rows=[
            (row, numbers.get(row.penalty_record_id, ""), service.deadline(session, row, today))
            for row in rows
        ],
        filters={key: label for key, (label, _statuses) in FILTERS.items()},
        status=chosen,
        overdue=bool(overdue),
        status_labels=OBJECTION_STATUS_LABELS,
    )


def _detail(
    request: Request,
    actor: Actor,
    session: Session,
    objection_id: int,
    *,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
) -> Response:
    found = service.load_for_officer(session, actor, objection_id)
    return render_admin(
        request,
        actor,
        "admin/objections/detail.html",
        page_title=f"异议 {found.number}",
        objection=found,
        decision_number=_decision_numbers(session, [found.penalty_record_id]).get(
            found.penalty_record_id, ""
        ),
        status_label=OBJECTION_STATUS_LABELS[found.status],
        kind_label=OBJECTOR_KIND_LABELS[found.objector_kind],
        authority=authority_name(session, found.authority_id),
        files=repository.files_of(session, found.id),
        limit=service.deadline(session, found, clock.today()),
        later=repository.later_versions(session, found.penalty_record_id, found.record_version),
        version_labels=STATUS_LABELS,
        can_correct=actor.role in MAKER_ROLES and found.authority_id == actor.authority_id,
        actions=service.allowed_actions(actor, found),
        names=user_names(session, [found.decided_by_id]),
        errors=errors or {},
        status_code=status_code,
    )


@router.get("/admin/objections/{objection_id}")
def detail(
    request: Request,
    objection_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    return _detail(request, actor, session, objection_id)


@router.get("/admin/objections/{objection_id}/files/{file_id}")
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


def _answer(
    request: Request, actor: Actor, session: Session, objection_id: int, action: str, reason: str
) -> Response:
    try:
        with attempt(session):
            if action == "uphold":
                service.uphold(session, actor, objection_id, reason)
            else:
                service.reject(session, actor, objection_id, reason)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        errors = {f"{action}_{k}": v for k, v in field_errors(exc.fields).items()}
        return _detail(request, actor, session, objection_id, errors=errors, status_code=422)
    return see_other(f"/admin/objections/{objection_id}?notice=objection_{action}")


@router.post("/admin/objections/{objection_id}/uphold")
def uphold(
    request: Request,
    objection_id: RecordId,
    reason: str = Form(""),
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> Response:
    return _answer(request, actor, session, objection_id, "uphold", reason)


@router.post("/admin/objections/{objection_id}/reject")
def reject(
    request: Request,
    objection_id: RecordId,
    reason: str = Form(""),
    actor: Actor = Depends(deciders),
    session: Session = Depends(session_dependency),
) -> Response:
    return _answer(request, actor, session, objection_id, "reject", reason)
