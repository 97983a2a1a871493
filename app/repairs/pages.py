"""The public side of credit repair: apply (/repairs/new), the confirmation with the application
number, and the status (/repairs/status, number + USCC; JSON twin POST /api/v1/repairs/status).
Rules in ``app.repairs.service``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from app.kit.uploads import ACCEPT, Upload, read_upload
from app.models.repair import REPAIR_TARGET_LABELS, RepairTarget
from app.repairs import repository, service
from app.repairs.pledge import pledge_text
from app.repairs.schemas import RepairStatusOut
from app.repairs.targets import Target, find_target, parse_kind, refusal
from app.web.auth import client_ip
from app.web.deps import session_dependency
from app.web.forms import attempt, parse_id
from app.web.public_forms import check_form, form_token, normalise_number, remember_form_seed

router = APIRouter()


NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _limits(settings: Settings) -> service.FileLimits:
    return service.FileLimits(
        settings.upload_dir, settings.upload_max_bytes, settings.upload_max_files
    )


def _render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("errors", {})
    response: Response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code, headers=NO_STORE
    )
    return remember_form_seed(request, response)


def _errors(fields: list[FieldError]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for field in fields:
        found.setdefault(field.field, []).append(field.message)
    return found


def _target_from_query(penalty: str, entry: str) -> tuple[RepairTarget, int] | None:
    if (record_id := parse_id(penalty)) is not None:
        return RepairTarget.penalty, record_id
    if (entry_id := parse_id(entry)) is not None:
        return RepairTarget.list_entry, entry_id
    return None


def _form_page(
    request: Request,
    target: Target,
    values: dict[str, Any],
    errors: list[FieldError] | None = None,
    message: str = "",
    status_code: int = 200,
) -> Response:
    settings = _settings(request)
    today = clock.today()
    return _render(
        request,
        "repairs/new.html",
        status_code,
        page_title="申请信用修复",
        target=target,
        target_type_label=REPAIR_TARGET_LABELS[target.kind],
        refused=refusal(target, today),
        pledge=pledge_text(target.uscc or "", target.label),
        values=values,
        errors=_errors(errors or []),
        message=message,
        csrf_token=form_token(request),
        accept=ACCEPT,
        max_mb=round(settings.upload_max_bytes / (1024 * 1024), 1),
        max_files=settings.upload_max_files,
    )


def _chooser(request: Request, session: Session, uscc: str, status_code: int = 200) -> Response:
    """Without a record: find the enterprise's records that are public today."""
    today = clock.today()
    records: list[tuple[Target, FieldError | None]] = []
    problem = ""
    if uscc.strip():
        try:
            found = repository.records_of(session, uscc, today)
        except ValidationFailed as exc:
            problem = exc.fields[0].message if exc.fields else exc.message
            found = []
        for kind, target_id in found:
            target = find_target(session, kind, target_id, today)
            records.append((target, refusal(target, today)))
    return _render(
        request,
        "repairs/choose.html",
        422 if problem else status_code,
        page_title="申请信用修复",
        uscc=uscc,
        problem=problem,
        records=records,
        searched=bool(uscc.strip()),
        target_labels=REPAIR_TARGET_LABELS,
    )


@router.get("/repairs/new", response_class=HTMLResponse, include_in_schema=False)
def new_page(
    request: Request,
    penalty: str = "",
    entry: str = "",
    uscc: str = "",
    session: Session = Depends(session_dependency),
) -> Response:
    chosen = _target_from_query(penalty, entry)
    if chosen is None:
        return _chooser(request, session, uscc)
    target = find_target(session, chosen[0], chosen[1], clock.today())
    return _form_page(request, target, {"uscc": uscc})


@router.post("/repairs/new", response_class=HTMLResponse, include_in_schema=False)
def apply(
    request: Request,
    target_type: str = Form(""),
    target_id: str = Form(""),
    uscc: str = Form(""),
    contact_name: str = Form(""),
    contact_phone: str = Form(""),
    fine_paid: str = Form(""),
    rectification_done: str = Form(""),
    duties_statement: str = Form(""),
    pledge_accepted: str = Form(""),
    csrf_token: str = Form(""),
    files: list[UploadFile] = File(default=[]),
    session: Session = Depends(session_dependency),
) -> Response:
    check_form(request, csrf_token)
    kind = parse_kind(target_type)
    record_id = parse_id(target_id)
    if kind is None or record_id is None:
        raise NotFound("请从行政处罚或黑名单的公示页面进入信用修复申请")
    settings = _settings(request)
    form = service.ApplicationForm(
        uscc=uscc,
        contact_name=contact_name,
        contact_phone=contact_phone,
        fine_paid=bool(fine_paid),
        rectification_done=bool(rectification_done),
        duties_statement=duties_statement,
        pledge_accepted=bool(pledge_accepted),
    )
    uploads: list[Upload] = [
        upload
        for item in files
        if (upload := read_upload(item.filename, item.file, settings.upload_max_bytes))
    ]
    values = {
        "uscc": uscc,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "fine_paid": form.fine_paid,
        "rectification_done": form.rectification_done,
        "duties_statement": duties_statement,
        "pledge_accepted": form.pledge_accepted,
    }
    try:
        with attempt(session):
            found = service.apply(
                session, kind, record_id, form, uploads, _limits(settings), client_ip(request)
            )
    except DomainError as exc:
        if exc.status_code not in (409, 413, 422):
            raise
        target = find_target(session, kind, record_id, clock.today())
        message = exc.message if exc.status_code == 409 or not exc.fields else ""
        return _form_page(request, target, values, exc.fields, message, exc.status_code)
    return RedirectResponse(f"/repairs/submitted?number={found.number}", status_code=303)


@router.get("/repairs/submitted", response_class=HTMLResponse, include_in_schema=False)
def submitted(request: Request, number: str = "") -> Response:
    return _render(
        request, "repairs/submitted.html", page_title="申请已提交", number=normalise_number(number)
    )


def _status_page(
    request: Request,
    number: str,
    uscc: str,
    *,
    result: RepairStatusOut | None = None,
    errors: list[FieldError] | None = None,
    message: str = "",
    status_code: int = 200,
) -> Response:
    return _render(
        request,
        "repairs/status.html",
        status_code,
        page_title="信用修复办理进度",
        number=number,
        uscc=uscc,
        result=result,
        errors=_errors(errors or []),
        message=message,
    )


@router.get("/repairs/status", response_class=HTMLResponse, include_in_schema=False)
def status_form(request: Request, number: str = "") -> Response:
    return _status_page(request, normalise_number(number), "")


@router.post("/repairs/status", response_class=HTMLResponse, include_in_schema=False)
def status_lookup(
    request: Request,
    number: str = Form(""),
    uscc: str = Form(""),
    session: Session = Depends(session_dependency),
) -> Response:
    try:
        found = service.find_for_applicant(session, number, uscc)
    except ValidationFailed as exc:
        return _status_page(request, number, uscc, errors=exc.fields, status_code=422)
    except NotFound as exc:
        return _status_page(request, number, uscc, message=exc.message, status_code=404)
    return _status_page(request, found.number, uscc, result=RepairStatusOut.of(session, found))
