"""The nomination check page for nomination bodies (提名审查 accounts only; nothing is public).

- ``GET /admin/nomination-check``: the upload form and the account's recent checks;
- ``POST /admin/nomination-check``: upload a CSV or XLSX list, run the check, see the results;
- ``GET /admin/nomination-check/{id}``: the results, barred candidates first;
- ``GET /admin/nomination-check/{id}/results.csv``: the result file (masked numbers only).

Results are visible to the account that ran the check and kept for
``nomination_check_retention_days``; expired results are deleted whenever these pages are used
(and by ``ecocredit nominations purge``).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from app.audit.service import record as audit
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.csv import CSV_MEDIA_TYPE, attachment
from app.kit.db import session_dependency
from app.kit.errors import DomainError, FieldError, NotFound, PayloadTooLarge
from app.models import CheckChannel, NominationCheck
from app.models.nomination_check import CANDIDATE_STATUS_LABELS
from app.nomination_checks import repository as repo
from app.nomination_checks.files import UploadError, read_candidates, result_file
from app.nomination_checks.matching import STATUS_ORDER
from app.nomination_checks.service import purge_expired_results, run_check
from app.web.admin import render_admin
from app.web.auth import require_user

router = APIRouter(include_in_schema=False)
PAGE = "/admin/nomination-check"
# Starlette keeps an uploaded file in memory up to 1 MiB and spools larger ones to a temporary
# file: a candidate list (about 50 bytes a row, 10,000 rows ≈ 0.5 MB) must never touch the disk.
UPLOAD_MAX_BYTES = 1024 * 1024
RECENT_CHECKS = 20
NO_STORE = {"Cache-Control": "no-store"}


async def limit_upload(request: Request) -> None:
    """Before the form is parsed: refuse a body larger than ``UPLOAD_MAX_BYTES``."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > UPLOAD_MAX_BYTES:
        message = "文件过大：名单文件最多1 MB（约2万行），请分成几个文件分别上传"
        raise PayloadTooLarge(message, fields=[FieldError("file", message, "too_large")])


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _form(
    request: Request,
    actor: Actor,
    session: Session,
    *,
    as_of: str = "",
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    settings = _settings(request)
    return render_admin(
        request,
        actor,
        "nominations/check.html",
        status_code=status_code,
        headers={**NO_STORE, **(headers or {})},
        page_title="提名人选审查",
        as_of=as_of or clock.today().isoformat(),
        errors=errors or {},
        checks=repo.checks_of_user(session, actor.user_id, RECENT_CHECKS),
        max_batch=settings.nomination_check_max_batch,
        retention_days=settings.nomination_check_retention_days,
    )


@router.get(PAGE)
def check_form(
    request: Request,
    actor: Actor = Depends(require_user(Role.nomination)),
    session: Session = Depends(session_dependency),
) -> Response:
    purge_expired_results(session)
    return _form(request, actor, session)


def _parse_as_of(raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return dt.date.min  # reported by the caller


def _run_upload(
    request: Request,
    actor: Actor,
    session: Session,
    file_name: str,
    data: bytes,
    as_of_raw: str,
) -> Response:
    settings = _settings(request)
    as_of = _parse_as_of(as_of_raw)
    if as_of == dt.date.min:
        errors = {"as_of": ["应为日期（YYYY-MM-DD）"]}
        return _form(request, actor, session, as_of=as_of_raw, errors=errors, status_code=422)
    if not data:
        errors = {"file": ["请选择要上传的候选人名单文件（CSV或XLSX）"]}
        return _form(request, actor, session, as_of=as_of_raw, errors=errors, status_code=422)
    try:
        candidates = read_candidates(data, settings.nomination_check_max_batch)
        report = run_check(
            session,
            settings,
            actor,
            candidates,
            as_of=as_of,
            channel=CheckChannel.page,
            file_name=file_name,
        )
    except UploadError as error:
        errors = {"file": [error.message]}
        return _form(request, actor, session, as_of=as_of_raw, errors=errors, status_code=422)
    except DomainError as error:
        errors = {"file": [error.message]}
        return _form(
            request,
            actor,
            session,
            as_of=as_of_raw,
            errors=errors,
            status_code=error.status_code,
            headers=error.headers,
        )
    return RedirectResponse(f"{PAGE}/{report.check.id}", status_code=303)


@router.post(PAGE)
async def upload(
    request: Request,
    _size: None = Depends(limit_upload),
    actor: Actor = Depends(require_user(Role.nomination)),
    session: Session = Depends(session_dependency),
) -> Response:
    form = await request.form()
    try:
        upload = form.get("file")
        as_of = form.get("as_of")
        file_name, data = "", b""
        if isinstance(upload, UploadFile):
            file_name, data = upload.filename or "", await upload.read()
    finally:
        await form.close()
    as_of_raw = as_of.strip() if isinstance(as_of, str) else ""
    return await run_in_threadpool(_run_upload, request, actor, session, file_name, data, as_of_raw)


def _own_check(session: Session, actor: Actor, check_id: int) -> NominationCheck:
    check = session.get(NominationCheck, check_id)
    if check is None or check.user_id != actor.user_id or check.channel != CheckChannel.page:
        raise NotFound("未找到该审查记录")
    return check


@router.get(PAGE + "/{check_id}")
def results_page(
    request: Request,
    check_id: int,
    actor: Actor = Depends(require_user(Role.nomination)),
    session: Session = Depends(session_dependency),
) -> Response:
    purge_expired_results(session)
    check = _own_check(session, actor, check_id)
    results = sorted(
        repo.results_of(session, check.id), key=lambda r: (STATUS_ORDER[r.status], r.position)
    )
    return render_admin(
        request,
        actor,
        "nominations/check_result.html",
        headers=NO_STORE,
        page_title=f"审查结果（第{check.id}号）",
        check=check,
        results=results,
        labels={status.value: label for status, label in CANDIDATE_STATUS_LABELS.items()},
    )


@router.get(PAGE + "/{check_id}/results.csv")
def results_file(
    check_id: int,
    actor: Actor = Depends(require_user(Role.nomination)),
    session: Session = Depends(session_dependency),
) -> Response:
    purge_expired_results(session)
    check = _own_check(session, actor, check_id)
    if check.results_purged_at is not None:
        raise NotFound("该次审查的结果已超过保存期限，已删除")
    results = sorted(
        repo.results_of(session, check.id), key=lambda r: (STATUS_ORDER[r.status], r.position)
    )
    body = result_file(results)
    audit(
        session,
        actor,
        "nomination_check.download",
        "nomination_check",
        check.id,
        after={"rows": len(results)},
    )
    return Response(
        body,
        media_type=CSV_MEDIA_TYPE,
        headers={
            **attachment(f"提名审查结果-{check.id}.csv", f"nomination-check-{check.id}.csv"),
            **NO_STORE,
        },
    )
