"""The public side of objections: object to a published penalty (/objections/new?penalty=ID,
linked from its page), the confirmation with the objection number, and the status
(/objections/status, number + contact phone; JSON twin POST /api/v1/objections/status). Rules in
``app.objections.service``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from app.kit.uploads import ACCEPT, Upload, read_upload
from app.models.objection import OBJECTOR_KIND_LABELS
from app.objections import service
from app.objections.schemas import ObjectionStatusOut
from app.repairs.repository import PublicPenalty
from app.repairs.service import FileLimits
from app.web.auth import client_ip
from app.web.deps import session_dependency
from app.web.forms import attempt, parse_id
from app.web.public_forms import check_form, form_token, normalise_number, remember_form_seed

router = APIRouter()


NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


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


def _form_page(
    request: Request,
    record: PublicPenalty,
    values: dict[str, Any],
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    settings = _settings(request)
    return _render(
        request,
        "objections/new.html",
        status_code,
        page_title="对公示信息提出异议",
        record=record,
        kinds=OBJECTOR_KIND_LABELS,
        values=values,
        errors=_errors(errors or []),
        csrf_token=form_token(request),
        accept=ACCEPT,
        max_mb=round(settings.upload_max_bytes / (1024 * 1024), 1),
        max_files=settings.upload_max_files,
    )


def _record_id(raw: str) -> int:
    record_id = parse_id(raw)
    if record_id is None:
        raise NotFound("请从行政处罚公示页面进入异议申请")
    return record_id


@router.get("/objections/new", response_class=HTMLResponse, include_in_schema=False)
def new_page(
    request: Request, penalty: str = "", session: Session = Depends(session_dependency)
) -> Response:
    record = service.public_record(session, _record_id(penalty))
    return _form_page(request, record, {})


@router.post("/objections/new", response_class=HTMLResponse, include_in_schema=False)
def submit(
    request: Request,
    penalty_record_id: str = Form(""),
    objector_kind: str = Form(""),
    objector_name: str = Form(""),
    contact_name: str = Form(""),
    contact_phone: str = Form(""),
    reason: str = Form(""),
    csrf_token: str = Form(""),
    files: list[UploadFile] = File(default=[]),
    session: Session = Depends(session_dependency),
) -> Response:
    check_form(request, csrf_token)
    record_id = _record_id(penalty_record_id)
    settings = _settings(request)
    form = service.ObjectionForm(
        objector_kind=objector_kind,
        objector_name=objector_name,
        contact_name=contact_name,
        contact_phone=contact_phone,
        reason=reason,
    )
    uploads: list[Upload] = [
        upload
        for item in files
        if (upload := read_upload(item.filename, item.file, settings.upload_max_bytes))
    ]
    limits = FileLimits(settings.upload_dir, settings.upload_max_bytes, settings.upload_max_files)
    try:
        with attempt(session):
            found = service.submit(session, record_id, form, uploads, limits, client_ip(request))
    except DomainError as exc:
        if exc.status_code not in (413, 422):
            raise
        record = service.public_record(session, record_id)
        values = {
            "objector_kind": objector_kind,
            "objector_name": objector_name,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "reason": reason,
        }
        return _form_page(request, record, values, exc.fields, exc.status_code)
    return RedirectResponse(f"/objections/submitted?number={found.number}", status_code=303)


@router.get("/objections/submitted", response_class=HTMLResponse, include_in_schema=False)
def submitted(request: Request, number: str = "") -> Response:
    return _render(
        request,
        "objections/submitted.html",
        page_title="异议已提交",
        number=normalise_number(number),
    )


def _status_page(
    request: Request,
    number: str,
    phone: str,
    *,
    result: ObjectionStatusOut | None = None,
    errors: list[FieldError] | None = None,
    message: str = "",
    status_code: int = 200,
) -> Response:
    return _render(
        request,
        "objections/status.html",
        status_code,
        page_title="异议处理进度",
        number=number,
        phone=phone,
        result=result,
        errors=_errors(errors or []),
        message=message,
    )


@router.get("/objections/status", response_class=HTMLResponse, include_in_schema=False)
def status_form(request: Request, number: str = "") -> Response:
    return _status_page(request, normalise_number(number), "")


@router.post("/objections/status", response_class=HTMLResponse, include_in_schema=False)
def status_lookup(
    request: Request,
    number: str = Form(""),
    phone: str = Form(""),
    session: Session = Depends(session_dependency),
) -> Response:
    try:
        found = service.find_for_objector(session, number, phone)
    except ValidationFailed as exc:
        return _status_page(request, number, phone, errors=exc.fields, status_code=422)
    except NotFound as exc:
        return _status_page(request, number, phone, message=exc.message, status_code=404)
    return _status_page(request, found.number, phone, result=ObjectionStatusOut.of(session, found))
