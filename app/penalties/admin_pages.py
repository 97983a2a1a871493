"""The penalty pages of the workspace: record (draft, submit), review (approve, return), correct,
and read a record's history. The rules are in ``workflow``/``corrections``; these views only
build contexts and show the same Chinese errors next to the form fields."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.names import user_names
from app.config import Settings
from app.enterprises.repository import find_enterprises
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import DomainError, FieldError, NotFound
from app.models import Authority, Enterprise, PenaltyRecord, PenaltyVersion, VersionStatus
from app.penalties import corrections
from app.penalties import forms as admin_views
from app.penalties import repository as workflow_repository
from app.penalties import service as workflow
from app.penalties.fields import validate_penalty
from app.persons.service import load_enterprise
from app.publication.periods import period_for, publication_end_date
from app.publication.rules import rules_in_force
from app.web.admin import field_errors, render_admin
from app.web.auth import require_user
from app.web.deps import session_dependency
from app.web.forms import attempt, parse_id, posted, see_other
from app.web.params import RecordId, one_of

router = APIRouter(include_in_schema=False)
makers = require_user(Role.clerk, Role.reviewer)
checkers = require_user(Role.reviewer)
staff = require_user(Role.clerk, Role.reviewer, Role.admin)
MULTI = ("penalty_categories",)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _authority(session: Session, actor: Actor) -> Authority | None:
    return session.get(Authority, actor.authority_id) if actor.authority_id else None


def _form_page(
    request: Request,
    actor: Actor,
    session: Session,
    *,
    mode: str,
    values: dict[str, Any],
    action: str,
    failure: DomainError | None = None,
    version: PenaltyVersion | None = None,
    record: PenaltyRecord | None = None,
    q: str = "",
    found: list[Enterprise] | None = None,
) -> Response:
    """The form; after a failed post, ``failure``'s field errors next to the fields."""
    titles = {"new": "录入行政处罚", "edit": "修改行政处罚", "correct": "更正行政处罚"}
    errors, message = _failed(failure) if failure else ([], "")
    return render_admin(
        request,
        actor,
        "admin/penalties/form.html",
        page_title=titles[mode],
        mode=mode,
        values=values,
        action=action,
        errors=field_errors(errors),
        form_message=message,
        version=version,
        record=record,
        q=q,
        found=found,
        needs_reason=mode == "correct"
        or (record is not None and workflow_repository.was_published(session, record.id)),
        status_code=failure.status_code if failure else 200,
        **admin_views.choices(rules_in_force(session, clock.today()).periods),
    )


def _failed(exc: DomainError) -> tuple[list[FieldError], str]:
    """Field errors to show next to the fields, and a message for the top of the form."""
    return exc.fields, exc.message if not exc.fields else "请修改标出的内容后重新提交"


@router.get("/admin/penalties")
def index(
    request: Request,
    q: str = "",
    status: str = "",
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    chosen = VersionStatus(status) if one_of(status, VersionStatus, "status") else None
    rows = workflow_repository.search(session, actor, q, chosen)
    return render_admin(
        request,
        actor,
        "admin/penalties/index.html",
        page_title="行政处罚",
        rows=rows,
        q=q[:100],
        status=chosen.value if chosen else "",
        status_labels=admin_views.STATUS_LABELS,
        can_record=actor.role in workflow.RECORD_ROLES,
    )


@router.get("/admin/penalties/new")
def new_form(
    request: Request,
    q: str = "",
    enterprise_id: str = "",
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    chosen = parse_id(enterprise_id)
    enterprise = load_enterprise(session, actor, chosen) if chosen else None
    values = admin_views.blank_values(_authority(session, actor), enterprise)
    found = find_enterprises(session, actor, q) if q.strip() else None
    return _form_page(
        request,
        actor,
        session,
        mode="new",
        values=values,
        action="/admin/penalties/new",
        q=q[:100],
        found=found,
    )


@router.post("/admin/penalties/new")
async def create(
    request: Request,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    raw = await posted(request, MULTI)
    try:
        with attempt(session):
            data = validate_penalty(raw, _settings(request))
            version = workflow.create_draft(session, actor, data)
            if raw.get("action") == "submit":
                workflow.submit(session, actor, version.id)
    except DomainError as exc:
        if exc.status_code not in (409, 422):
            raise
        return _form_page(
            request,
            actor,
            session,
            mode="new",
            values=admin_views.typed_values(raw),
            action="/admin/penalties/new",
            failure=exc,
        )
    notice = "submitted" if raw.get("action") == "submit" else "saved"
    return see_other(f"/admin/penalties/versions/{version.id}?notice={notice}")


def _version_page(
    request: Request,
    actor: Actor,
    session: Session,
    version: PenaltyVersion,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    record = workflow.load_record(session, version.record_id)
    authority = session.get(Authority, record.authority_id)
    names = user_names(session, workflow_repository.maker_ids([version]))
    return render_admin(
        request,
        actor,
        "admin/penalties/version.html",
        page_title=f"行政处罚 {record.decision_number}",
        version=version,
        record=record,
        rows=admin_views.version_rows(
            version,
            record.decision_number,
            authority.name if authority else "",
            period_for(session, version.severity, version.decision_date),
        ),
        status_label=admin_views.STATUS_LABELS[version.status],
        names=names,
        actions=workflow.allowed_actions(session, actor, version),
        own_submission=actor.user_id in (version.created_by_id, version.submitted_by_id),
        end_preview=publication_end_date(session, version.severity, version.decision_date),
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/penalties/versions/{version_id}")
def version_page(
    request: Request,
    version_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    return _version_page(request, actor, session, workflow.load_version(session, actor, version_id))


@router.get("/admin/penalties/versions/{version_id}/edit")
def edit_form(
    request: Request,
    version_id: RecordId,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    version = workflow.load_version(session, actor, version_id)
    if version.status not in workflow.EDITABLE:
        return see_other(f"/admin/penalties/versions/{version.id}")
    record = workflow.load_record(session, version.record_id)
    return _form_page(
        request,
        actor,
        session,
        mode="edit",
        values=admin_views.version_values(version, record.decision_number, keep_reason=True),
        action=f"/admin/penalties/versions/{version.id}/edit",
        version=version,
        record=record,
    )


@router.post("/admin/penalties/versions/{version_id}/edit")
async def edit(
    request: Request,
    version_id: RecordId,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    version = workflow.load_version(session, actor, version_id)
    raw = await posted(request, MULTI)
    try:
        with attempt(session):
            data = validate_penalty(
                raw,
                _settings(request),
                existing_party_id=version.party_id_hash is not None,
                existing_legal_rep_id=version.legal_rep_id_hash is not None,
            )
            workflow.update_draft(session, actor, version.id, data)
            if raw.get("action") == "submit":
                workflow.submit(session, actor, version.id)
    except DomainError as exc:
        if exc.status_code not in (409, 422):
            raise
        return _form_page(
            request,
            actor,
            session,
            mode="edit",
            values=admin_views.typed_values(raw),
            action=f"/admin/penalties/versions/{version.id}/edit",
            failure=exc,
            version=version,
            record=workflow.load_record(session, version.record_id),
        )
    notice = "submitted" if raw.get("action") == "submit" else "saved"
    return see_other(f"/admin/penalties/versions/{version.id}?notice={notice}")


@router.post("/admin/penalties/versions/{version_id}/submit")
def submit(
    version_id: RecordId,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    workflow.submit(session, actor, version_id)
    return see_other(f"/admin/penalties/versions/{version_id}?notice=submitted")


@router.post("/admin/penalties/versions/{version_id}/discard")
def discard(
    version_id: RecordId,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    workflow.discard(session, actor, version_id)
    return see_other(f"/admin/penalties/versions/{version_id}?notice=discarded")


@router.post("/admin/penalties/versions/{version_id}/approve")
def approve(
    version_id: RecordId,
    actor: Actor = Depends(checkers),
    session: Session = Depends(session_dependency),
) -> Response:
    workflow.approve(session, actor, version_id)
    return see_other("/admin/review?notice=approved")


@router.post("/admin/penalties/versions/{version_id}/return")
def return_to_maker(
    request: Request,
    version_id: RecordId,
    comment: str = Form(""),
    actor: Actor = Depends(checkers),
    session: Session = Depends(session_dependency),
) -> Response:
    try:
        with attempt(session):
            workflow.return_to_maker(session, actor, version_id, comment)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        version = workflow.load_version(session, actor, version_id)
        return _version_page(request, actor, session, version, exc.fields, 422)
    return see_other("/admin/review?notice=returned")


@router.get("/admin/penalties/{record_id}")
def record_page(
    request: Request,
    record_id: RecordId,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    record = workflow.load_record(session, record_id)
    versions = workflow_repository.history(session, record.id)
    if not versions or not actor.covers(versions[-1].district_code):
        raise NotFound("未找到该处罚记录")
    current = workflow_repository.current_published(session, record.id)
    return render_admin(
        request,
        actor,
        "admin/penalties/record.html",
        page_title=f"处罚记录 {record.decision_number}",
        record=record,
        versions=versions,
        names=user_names(session, workflow_repository.maker_ids(versions)),
        status_labels=admin_views.STATUS_LABELS,
        can_correct=current is not None
        and "correct" in workflow.allowed_actions(session, actor, current),
    )


@router.get("/admin/penalties/{record_id}/correct")
def correct_form(
    request: Request,
    record_id: RecordId,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    record = workflow.load_record(session, record_id)
    current = workflow_repository.current_published(session, record.id)
    if current is None or not actor.covers(current.district_code):
        raise NotFound("未找到已公示的处罚记录")
    return _form_page(
        request,
        actor,
        session,
        mode="correct",
        values=admin_views.version_values(current, record.decision_number),
        action=f"/admin/penalties/{record.id}/correct",
        version=current,
        record=record,
    )


@router.post("/admin/penalties/{record_id}/correct")
async def correct(
    request: Request,
    record_id: RecordId,
    actor: Actor = Depends(makers),
    session: Session = Depends(session_dependency),
) -> Response:
    record = workflow.load_record(session, record_id)
    current = workflow_repository.current_published(session, record.id)
    if current is None or not actor.covers(current.district_code):
        raise NotFound("未找到已公示的处罚记录")
    raw = await posted(request, MULTI)
    try:
        with attempt(session):
            data = validate_penalty(
                raw,
                _settings(request),
                existing_party_id=current.party_id_hash is not None,
                existing_legal_rep_id=current.legal_rep_id_hash is not None,
            )
            version = corrections.start_correction(session, actor, record.id, data)
            if raw.get("action") == "submit":
                workflow.submit(session, actor, version.id)
    except DomainError as exc:
        if exc.status_code not in (409, 422):
            raise
        return _form_page(
            request,
            actor,
            session,
            mode="correct",
            values=admin_views.typed_values(raw),
            action=f"/admin/penalties/{record.id}/correct",
            failure=exc,
            version=current,
            record=record,
        )
    notice = "submitted" if raw.get("action") == "submit" else "saved"
    return see_other(f"/admin/penalties/versions/{version.id}?notice={notice}")
