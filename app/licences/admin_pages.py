"""The licence pages of the workspace: record (draft, submit), review (approve, return),
propose and confirm a revocation. The rules and the jurisdiction are in ``service``; these
views only build contexts and show the same Chinese errors next to the form fields."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.names import user_names
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError, NotFound
from app.kit.values import ValueProblem, parse_date
from app.licences import forms, repository
from app.licences import service as workflow
from app.licences.fields import validate_licence
from app.models import Authority, LicenceKind
from app.web.admin import field_errors, render_admin
from app.web.auth import CheckerUser, MakerUser, StaffUser
from app.web.deps import DbSession
from app.web.forms import PostedForm, attempt, posted_form, see_other
from app.web.params import RecordId

router = APIRouter(include_in_schema=False)


@router.get("/admin/licences")
def index(request: Request, actor: StaffUser, session: DbSession) -> Response:
    return render_admin(
        request,
        actor,
        "admin/licences/index.html",
        page_title="行政许可",
        rows=repository.recent(session, actor),
        queue=repository.review_queue(session, actor),
        status_labels=forms.STATUS_LABELS,
        can_record="edit" in workflow.maker_actions(actor),
    )


def _form_page(
    request: Request,
    actor: Actor,
    session: Session,
    values: dict[str, Any],
    failure: DomainError | None = None,
) -> Response:
    errors: list[FieldError] = failure.fields if failure else []
    message = ""
    if failure is not None:
        message = failure.message if not failure.fields else "请修改标出的内容后重新提交"
    return render_admin(
        request,
        actor,
        "admin/licences/form.html",
        page_title="录入行政许可",
        values=values,
        errors=field_errors(errors),
        form_message=message,
        status_code=failure.status_code if failure else 200,
        **forms.choices(session),
    )


@router.get("/admin/licences/new")
def new_form(request: Request, actor: MakerUser, session: DbSession) -> Response:
    authority = session.get(Authority, actor.authority_id) if actor.authority_id else None
    return _form_page(request, actor, session, forms.blank_values(authority))


@router.post("/admin/licences/new")
def create(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    actor: MakerUser,
    session: DbSession,
) -> Response:
    try:
        with attempt(session):
            data = validate_licence(raw, repository.kind_names(session))
            and_submit = raw.get("action") == "submit"
            version = workflow.create_draft(session, actor, data, and_submit=and_submit)
    except DomainError as exc:
        if exc.status_code not in (403, 409, 422):
            raise
        return _form_page(request, actor, session, dict(raw), exc)
    notice = "submitted" if raw.get("action") == "submit" else "saved"
    return see_other(f"/admin/licences/versions/{version.id}?notice={notice}")


def _version_page(
    request: Request,
    actor: Actor,
    session: Session,
    version_id: int,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    version = workflow.load_version(session, actor, version_id)
    record = workflow.load_record(session, version.record_id)
    kind = session.get_one(LicenceKind, version.kind_id)
    authority = session.get_one(Authority, record.authority_id)
    makers = [
        version.created_by_id,
        version.submitted_by_id,
        version.reviewed_by_id,
        record.revocation_proposed_by_id,
        record.revoked_by_id,
    ]
    return render_admin(
        request,
        actor,
        "admin/licences/version.html",
        page_title=f"行政许可 {record.document_number}",
        version=version,
        record=record,
        rows=forms.version_rows(version, record, kind.name, authority.name),
        status_label=forms.STATUS_LABELS[version.status],
        names=user_names(session, [m for m in makers if m is not None]),
        actions=workflow.allowed_actions(session, actor, version),
        errors=field_errors(errors or []),
        status_code=status_code,
        **forms.choices(session),
    )


@router.get("/admin/licences/versions/{version_id}")
def version_page(
    request: Request, version_id: RecordId, actor: StaffUser, session: DbSession
) -> Response:
    return _version_page(request, actor, session, version_id)


@router.post("/admin/licences/versions/{version_id}/submit")
def submit(version_id: RecordId, actor: MakerUser, session: DbSession) -> Response:
    workflow.submit(session, actor, version_id)
    return see_other(f"/admin/licences/versions/{version_id}?notice=submitted")


@router.post("/admin/licences/versions/{version_id}/approve")
def approve(version_id: RecordId, actor: CheckerUser, session: DbSession) -> Response:
    workflow.approve(session, actor, version_id)
    return see_other(f"/admin/licences/versions/{version_id}?notice=approved")


@router.post("/admin/licences/versions/{version_id}/return")
def return_to_maker(
    request: Request,
    version_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
    comment: str = Form(""),
) -> Response:
    try:
        with attempt(session):
            workflow.return_to_maker(session, actor, version_id, comment)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _version_page(request, actor, session, version_id, exc.fields, 422)
    return see_other(f"/admin/licences/versions/{version_id}?notice=returned")


@router.post("/admin/licences/versions/{version_id}/revocation")
def propose_revocation(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    version_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    version = workflow.load_version(session, actor, version_id)
    try:
        on = parse_date(raw.get("revocation_date")) if raw.get("revocation_date") else None
    except ValueProblem as problem:
        errors = [FieldError("revocation_date", problem.message, problem.code)]
        return _version_page(request, actor, session, version_id, errors, 422)
    try:
        with attempt(session):
            workflow.propose_revocation(
                session,
                actor,
                version.record_id,
                kind=str(raw.get("kind", "")),
                on=on,
                reason=str(raw.get("reason", "")),
                document=str(raw.get("document", "")),
            )
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _version_page(request, actor, session, version_id, exc.fields, 422)
    return see_other(f"/admin/licences/versions/{version_id}?notice=saved")


@router.post("/admin/licences/versions/{version_id}/revocation/{decision}")
def decide_revocation(
    version_id: RecordId, decision: str, actor: CheckerUser, session: DbSession
) -> Response:
    version = workflow.load_version(session, actor, version_id)
    if decision not in ("confirm", "reject"):
        raise NotFound("没有这项操作")
    workflow.decide_revocation(session, actor, version.record_id, confirm=decision == "confirm")
    return see_other(f"/admin/licences/versions/{version_id}?notice=approved")
