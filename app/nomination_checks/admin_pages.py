"""The nomination check page for nomination bodies (提名审查 accounts only; nothing is public).

- ``GET /admin/nomination-check``: the upload form and the account's recent checks;
- ``POST /admin/nomination-check``: upload a CSV or XLSX list, run the check, see the results;
- ``GET /admin/nomination-check/{id}``: the results, barred candidates first;
- ``GET /admin/nomination-check/{id}/results.csv``: the result file (masked numbers only).

Results are visible to the account that ran the check and kept for
``nomination_check_retention_days``; expired results are deleted whenever these pages are used
(and by ``ecocredit nominations purge``).

The record of nomination checks, for administrators: list with filters, export as CSV.

The record holds who asked, when, as of which date, how many candidates, how many barred / to
review / invalid / clear, the data and rule used, and which barred persons were answered; never an
ID number. The export is itself audited.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from app.audit.service import record as audit
from app.kit import clock
from app.kit.actor import Actor
from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_bytes
from app.kit.errors import DomainError, FieldError, NotFound, PayloadTooLarge
from app.kit.pagination import decode_cursor, encode_cursor
from app.models import CheckChannel, NominationCheck
from app.models.nomination_check import CANDIDATE_STATUS_LABELS, CHECK_CHANNEL_LABELS
from app.nomination_checks import repository as repo
from app.nomination_checks.files import UploadError, read_candidates, result_file
from app.nomination_checks.matching import STATUS_ORDER
from app.nomination_checks.service import own_check, purge_expired_results, run_check, via_api
from app.web.admin import field_errors, render_admin
from app.web.auth import AdminUser, NominationUser
from app.web.deps import DbSession, SettingsDep, get_settings
from app.web.params import RecordId

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
    settings = get_settings(request)
    checks = repo.checks_of_user(session, actor.user_id, RECENT_CHECKS)
    return render_admin(
        request,
        actor,
        "nominations/check.html",
        status_code=status_code,
        headers={**NO_STORE, **(headers or {})},
        page_title="提名人选审查",
        as_of=as_of or clock.today().isoformat(),
        errors=errors or {},
        checks=checks,
        via_api=via_api(checks),
        max_batch=settings.nomination_check_max_batch,
        retention_days=settings.nomination_check_retention_days,
    )


@router.get(PAGE)
def check_form(
    request: Request,
    actor: NominationUser,
    session: DbSession,
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
    settings = get_settings(request)
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
    actor: NominationUser,
    session: DbSession,
    _size: None = Depends(limit_upload),
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


@router.get(PAGE + "/{check_id}")
def results_page(
    request: Request,
    check_id: RecordId,
    actor: NominationUser,
    session: DbSession,
) -> Response:
    purge_expired_results(session)
    check = own_check(session, actor, check_id)
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
    check_id: RecordId,
    actor: NominationUser,
    session: DbSession,
) -> Response:
    purge_expired_results(session)
    check = own_check(session, actor, check_id)
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


RECORDS_PAGE = "/admin/nomination-checks"
RECORDS_EXPORT_LIMIT = 100_000


def _records_day_start(value: str, name: str, problems: list[FieldError]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(FieldError(name, "应为日期（YYYY-MM-DD）"))
        return None


def _utc(day: dt.date) -> dt.datetime:
    """Midnight of a day in Shanghai, as UTC (the filters are in local days)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SHANGHAI).astimezone(dt.UTC)


def _filter(request: Request) -> tuple[repo.ChecksFilter, dict[str, str], list[FieldError]]:
    q = request.query_params
    problems: list[FieldError] = []
    raw = {
        "username": q.get("username", "").strip()[:50],
        "date_from": q.get("date_from", "").strip()[:10],
        "date_to": q.get("date_to", "").strip()[:10],
    }
    start = _records_day_start(raw["date_from"], "date_from", problems)
    end = _records_day_start(raw["date_to"], "date_to", problems)
    f = repo.ChecksFilter(
        username=raw["username"],
        date_from=_utc(start) if start else None,
        date_to=_utc(end + dt.timedelta(days=1)) if end else None,
    )
    return f, {k: v for k, v in raw.items() if v}, problems


@router.get(RECORDS_PAGE)
def checks_list(
    request: Request,
    settings: SettingsDep,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    f, filters, problems = _filter(request)
    cursor = request.query_params.get("cursor")
    before_id = int(decode_cursor(settings.secret_key, cursor)["id"]) if cursor else None
    limit = settings.page_size_default
    rows = repo.checks_page(session, f, before_id=before_id, limit=limit)
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        token = encode_cursor(settings.secret_key, {"id": rows[-1][0].id})
        next_url = RECORDS_PAGE + "?" + urlencode({**filters, "cursor": token})
    return render_admin(
        request,
        actor,
        "nominations/checks_admin.html",
        page_title="提名审查记录",
        rows=[{"check": c, "username": u} for c, u in rows],
        channels={k.value: v for k, v in CHECK_CHANNEL_LABELS.items()},
        filters=filters,
        errors=field_errors(problems),
        next_url=next_url,
        export_url=RECORDS_PAGE + "/export.csv" + (("?" + urlencode(filters)) if filters else ""),
    )


EXPORT_HEADER = (
    "审查编号",
    "时间（北京时间）",
    "账户",
    "方式",
    "审查基准日",
    "候选人数",
    "受限",
    "需人工核对",
    "身份证号有误",
    "未发现限制",
    "数据更新时间（北京时间）",
    "规则版本",
    "涉及的受限人员编号",
    "文件名",
    "来源IP",
)


def _local(value: dt.datetime | None) -> str:
    return clock.to_local(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _export_row(check: NominationCheck, username: str) -> list[object]:
    return [
        check.id,
        _local(check.created_at),
        username,
        CHECK_CHANNEL_LABELS[check.channel],
        check.as_of.isoformat(),
        check.candidates,
        check.barred,
        check.needs_review,
        check.invalid,
        check.clear,
        _local(check.data_changed_at),
        check.rule_version,
        " ".join(str(i) for i in check.matched_person_ids),
        check.file_name or "",
        check.source_ip or "",
    ]


@router.get(RECORDS_PAGE + "/export.csv")
def checks_export(
    request: Request,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    f, filters, _problems = _filter(request)
    rows = repo.checks_page(session, f, before_id=None, limit=RECORDS_EXPORT_LIMIT)[
        :RECORDS_EXPORT_LIMIT
    ]
    body = csv_bytes(EXPORT_HEADER, [_export_row(c, u) for c, u in rows])
    audit(
        session,
        actor,
        "nomination_check.export",
        "nomination_check",
        None,
        after={"filters": filters, "rows": len(rows)},
    )
    stamp = clock.to_local(clock.now()).strftime("%Y%m%d-%H%M")
    headers = {
        **attachment(f"提名审查记录-{stamp}.csv", f"nomination-checks-{stamp}.csv"),
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=CSV_MEDIA_TYPE, headers=headers)
