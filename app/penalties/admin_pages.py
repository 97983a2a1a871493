"""The penalty pages of the workspace: record (draft, submit), review (approve, return), correct,
and read a record's history. The rules and the jurisdiction are in ``service``, ``corrections``
and ``records``; these views only build contexts and show the same Chinese errors next to the
form fields."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.enterprises.repository import find_enterprises
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError
from app.models import Enterprise, PenaltyRecord, PenaltyVersion, VersionStatus
from app.penalties import corrections, records
from app.penalties import forms as admin_views
from app.penalties import repository as workflow_repository
from app.penalties import service as workflow
from app.penalties.fields import PenaltyInput, validate_penalty
from app.persons.service import load_enterprise
from app.publication.status import penalty_statuses, status_labels
from app.web.admin import field_errors, render_admin
from app.web.auth import CheckerUser, MakerUser, StaffUser
from app.web.deps import DbSession, SettingsDep
from app.web.forms import PostedForm, attempt, parse_id, posted_form, see_other
from app.web.paging import page_number, paging
from app.web.params import RecordId, one_of

router = APIRouter(include_in_schema=False)


def public_status_of(
    session: Session, rows: list[tuple[PenaltyVersion, PenaltyRecord]]
) -> dict[int, str]:
    """The derived status (公示中, 公示期满, 已修复 …) of the published versions among ``rows``."""
    ids = [version.id for version, _record in rows]
    return status_labels(penalty_statuses(session, ids, clock.today()))


MULTI = ("penalty_categories",)
TITLES = {"new": "录入行政处罚", "edit": "修改行政处罚", "correct": "更正行政处罚"}


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
    errors, message = _failed(failure) if failure else ([], "")
    return render_admin(
        request,
        actor,
        "admin/penalties/form.html",
        page_title=TITLES[mode],
        mode=mode,
        values=values,
        action=action,
        errors=field_errors(errors),
        form_message=message,
        version=version,
        record=record,
        q=q,
        found=found,
        returned_comment=workflow.returned_comment(version) if mode == "edit" and version else None,
        status_code=failure.status_code if failure else 200,
        **records.form_options(session, mode, record),
    )


def _failed(exc: DomainError) -> tuple[list[FieldError], str]:
    """Field errors to show next to the fields, and a message for the top of the form."""
    return exc.fields, exc.message if not exc.fields else "请修改标出的内容后重新提交"


def _saved(version: PenaltyVersion, raw: dict[str, Any], data: PenaltyInput) -> Response:
    notice = "submitted" if raw.get("action") == "submit" else "saved"
    if data.masked_fields:  # the officer is told that numbers in the text were masked
        notice += "_masked"
    return see_other(f"/admin/penalties/versions/{version.id}?notice={notice}")


@router.get("/admin/penalties")
def index(
    request: Request,
    actor: StaffUser,
    session: DbSession,
    q: str = "",
    status: str = "",
    page: str = "",
) -> Response:
    chosen = VersionStatus(status) if one_of(status, VersionStatus, "status") else None
    pages = paging(
        request, workflow_repository.count_search(session, actor, q, chosen), page_number(page)
    )
    rows = workflow_repository.search(
        session, actor, q, chosen, limit=pages.size, offset=pages.offset
    )
    return render_admin(
        request,
        actor,
        "admin/penalties/index.html",
        page_title="行政处罚",
        rows=rows,
        pages=pages,
        public_status=public_status_of(session, rows),
        q=q[:100],
        status=chosen.value if chosen else "",
        status_labels=admin_views.STATUS_LABELS,
        can_record=actor.role in workflow.RECORD_ROLES,
    )


@router.get("/admin/penalties/new")
def new_form(
    request: Request, actor: MakerUser, session: DbSession, q: str = "", enterprise_id: str = ""
) -> Response:
    chosen = parse_id(enterprise_id)
    enterprise = load_enterprise(session, actor, chosen) if chosen else None
    values = admin_views.blank_values(records.officer_authority(session, actor), enterprise)
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
def create(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form(*MULTI))],
    actor: MakerUser,
    session: DbSession,
    settings: SettingsDep,
) -> Response:
    try:
        with attempt(session):
            data = validate_penalty(raw, settings)
            and_submit = raw.get("action") == "submit"
            version = workflow.create_draft(session, actor, data, and_submit=and_submit)
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
    return _saved(version, raw, data)


def _version_page(
    request: Request,
    actor: Actor,
    session: Session,
    version_id: int,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    view = records.version_view(session, actor, version_id)
    version, record = view.version, view.record
    return render_admin(
        request,
        actor,
        "admin/penalties/version.html",
        page_title=f"行政处罚 {record.decision_number}",
        version=version,
        record=record,
        rows=admin_views.version_rows(
            version, record.decision_number, view.authority_name, view.period
        ),
        status_label=public_status_of(session, [(version, record)]).get(
            version.id, admin_views.STATUS_LABELS[version.status]
        ),
        names=view.names,
        actions=view.actions,
        returned_comment=view.returned_comment,
        awaits_another_reviewer=view.awaits_another_reviewer,
        end_preview=view.end_preview,
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/penalties/versions/{version_id}")
def version_page(
    request: Request, version_id: RecordId, actor: StaffUser, session: DbSession
) -> Response:
    return _version_page(request, actor, session, version_id)


@router.get("/admin/penalties/versions/{version_id}/edit")
def edit_form(
    request: Request, version_id: RecordId, actor: MakerUser, session: DbSession
) -> Response:
    version, record = records.version_with_record(session, actor, version_id)
    if version.status not in workflow.EDITABLE:
        return see_other(f"/admin/penalties/versions/{version.id}")
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
def edit(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form(*MULTI))],
    version_id: RecordId,
    actor: MakerUser,
    session: DbSession,
    settings: SettingsDep,
) -> Response:
    version, record = records.version_with_record(session, actor, version_id)
    try:
        with attempt(session):
            data = validate_penalty(
                raw,
                settings,
                existing_party_id=version.party_id_hash is not None,
                existing_legal_rep_id=version.legal_rep_id_hash is not None,
            )
            and_submit = raw.get("action") == "submit"
            workflow.update_draft(session, actor, version.id, data, and_submit=and_submit)
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
            record=record,
        )
    return _saved(version, raw, data)


@router.post("/admin/penalties/versions/{version_id}/submit")
def submit(version_id: RecordId, actor: MakerUser, session: DbSession) -> Response:
    workflow.submit(session, actor, version_id)
    return see_other(f"/admin/penalties/versions/{version_id}?notice=submitted")


@router.post("/admin/penalties/versions/{version_id}/discard")
def discard(version_id: RecordId, actor: MakerUser, session: DbSession) -> Response:
    workflow.discard(session, actor, version_id)
    return see_other(f"/admin/penalties/versions/{version_id}?notice=discarded")


@router.post("/admin/penalties/versions/{version_id}/approve")
def approve(version_id: RecordId, actor: CheckerUser, session: DbSession) -> Response:
    workflow.approve(session, actor, version_id)
    return see_other("/admin/review?notice=approved")


@router.post("/admin/penalties/versions/{version_id}/return")
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
    return see_other("/admin/review?notice=returned")


@router.get("/admin/penalties/{record_id}")
def record_page(
    request: Request, record_id: RecordId, actor: StaffUser, session: DbSession
) -> Response:
    history = records.record_history(session, actor, record_id)
    return render_admin(
        request,
        actor,
        "admin/penalties/record.html",
        page_title=f"处罚记录 {history.record.decision_number}",
        record=history.record,
        versions=history.versions,
        public_status=status_labels(
            penalty_statuses(session, [v.id for v in history.versions], clock.today())
        ),
        names=history.names,
        status_labels=admin_views.STATUS_LABELS,
        can_correct=history.can_correct,
    )


@router.get("/admin/penalties/{record_id}/correct")
def correct_form(
    request: Request, record_id: RecordId, actor: MakerUser, session: DbSession
) -> Response:
    record, current = corrections.correction_base(session, actor, record_id)
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
def correct(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form(*MULTI))],
    record_id: RecordId,
    actor: MakerUser,
    session: DbSession,
    settings: SettingsDep,
) -> Response:
    record, current = corrections.correction_base(session, actor, record_id)
    try:
        with attempt(session):
            data = validate_penalty(
                raw,
                settings,
                existing_party_id=current.party_id_hash is not None,
                existing_legal_rep_id=current.legal_rep_id_hash is not None,
            )
            and_submit = raw.get("action") == "submit"
            version = corrections.start_correction(
                session, actor, record.id, data, and_submit=and_submit
            )
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
    return _saved(version, raw, data)
