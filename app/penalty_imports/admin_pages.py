"""Batch import pages: upload a 双公示 file, see every problem by row and column before anything
is saved, submit the valid rows as one batch; reviewers approve a batch in whole or in part."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.names import user_names
from app.kit.actor import Actor
from app.kit.csv import csv_bytes
from app.kit.errors import DomainError, FieldError
from app.models.penalty_import import IMPORT_STATUS_LABELS
from app.penalties.forms import STATUS_LABELS
from app.penalty_imports import repository, service
from app.penalty_imports.columns import COLUMNS, REQUIRED_COLUMNS, column_label
from app.penalty_imports.reader import MAX_BYTES, MAX_ROWS
from app.web.admin import field_errors, render_admin
from app.web.auth import CheckerUser, MakerUser, StaffUser
from app.web.deps import DbSession, SettingsDep
from app.web.forms import PostedForm, attempt, parse_id, posted_form, see_other
from app.web.params import RecordId

router = APIRouter(include_in_schema=False)


def _index(
    request: Request,
    actor: Actor,
    session: Session,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/imports/index.html",
        page_title="批量导入行政处罚",
        batches=repository.batches_of(session, actor),
        status_labels=IMPORT_STATUS_LABELS,
        columns=[
            (h, f in REQUIRED_COLUMNS) for h, f in COLUMNS.items() if f != "publication_end_date"
        ],
        max_mb=MAX_BYTES // (1024 * 1024),
        max_rows=MAX_ROWS,
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/imports")
def index(
    request: Request,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    return _index(request, actor, session)


@router.get("/admin/imports/template.csv")
def template(actor: MakerUser) -> Response:
    headers = [h for h, f in COLUMNS.items() if f != "publication_end_date"]
    return Response(
        csv_bytes(headers, []),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="penalty-import-template.csv"'},
    )


@router.post("/admin/imports")
def upload(
    request: Request,
    settings: SettingsDep,
    actor: MakerUser,
    session: DbSession,
    file: UploadFile | None = None,
) -> Response:
    if file is None or not file.filename:
        return _index(request, actor, session, [FieldError("file", "请选择要导入的文件")], 422)
    content = file.file.read(MAX_BYTES + 1)
    try:
        with attempt(session):
            batch = service.preview(session, settings, actor, file.filename, content)
    except DomainError as exc:
        if exc.status_code not in (413, 422):
            raise
        return _index(request, actor, session, exc.fields, exc.status_code)
    return see_other(f"/admin/imports/{batch.id}")


@router.get("/admin/imports/{batch_id}")
def batch_page(
    request: Request,
    batch_id: RecordId,
    actor: StaffUser,
    session: DbSession,
) -> Response:
    batch = service.load_batch(session, actor, batch_id)
    return render_admin(
        request,
        actor,
        "admin/imports/batch.html",
        page_title=f"导入批次第{batch.id}号",
        batch=batch,
        status_label=IMPORT_STATUS_LABELS[batch.status],
        staged=[{"row": item["row"], **item["data"]} for item in batch.staged[:200]],
        versions=service.batch_versions(session, actor, batch.id),
        version_labels=STATUS_LABELS,
        in_preview=service.in_preview(batch),
        can_submit=service.may_submit(actor, batch),
        uploader=user_names(session, [batch.uploaded_by_id]).get(batch.uploaded_by_id or 0, ""),
        column_label=column_label,
    )


@router.post("/admin/imports/{batch_id}/submit")
def submit(
    batch_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    service.submit_batch(session, actor, batch_id)
    return see_other(f"/admin/imports/{batch_id}?notice=batch_submitted")


@router.post("/admin/imports/{batch_id}/cancel")
def cancel(
    batch_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    service.cancel_batch(session, actor, batch_id)
    return see_other(f"/admin/imports/{batch_id}?notice=batch_cancelled")


def _review_page(
    request: Request,
    actor: Actor,
    session: Session,
    batch_id: int,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    batch = service.load_batch(session, actor, batch_id)
    versions = service.batch_versions(session, actor, batch.id)
    return render_admin(
        request,
        actor,
        "admin/imports/review.html",
        page_title=f"审核导入批次第{batch.id}号",
        batch=batch,
        versions=versions,
        reviewable=service.reviewable(versions),
        version_labels=STATUS_LABELS,
        uploader=user_names(session, [batch.uploaded_by_id]).get(batch.uploaded_by_id or 0, ""),
        own=batch.uploaded_by_id == actor.user_id,
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/review/batches/{batch_id}")
def review_page(
    request: Request,
    batch_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
) -> Response:
    return _review_page(request, actor, session, batch_id)


@router.post("/admin/review/batches/{batch_id}")
def review(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form("version_ids"))],
    batch_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
) -> Response:
    action = str(raw.get("action", ""))
    chosen = [i for i in (parse_id(v) for v in raw["version_ids"]) if i is not None]
    if action not in ("approve_all", "approve_selected", "return_selected"):
        return _review_page(
            request, actor, session, batch_id, [FieldError("action", "请选择操作")], 422
        )
    if action != "approve_all" and not chosen:
        error = FieldError("version_ids", "请先勾选记录")
        return _review_page(request, actor, session, batch_id, [error], 422)
    try:
        with attempt(session):
            service.review_rows(
                session,
                actor,
                batch_id,
                approve=action != "return_selected",
                version_ids=None if action == "approve_all" else chosen,
                comment=str(raw.get("comment", "")),
            )
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _review_page(request, actor, session, batch_id, exc.fields, 422)
    return see_other(f"/admin/review/batches/{batch_id}?notice=batch_reviewed")
