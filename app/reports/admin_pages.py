"""/admin/reports: officers issue a credit report or a special credit report for an enterprise,
and see the reports issued (who, when, which enterprise); every issue is audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.actor import Actor
from app.kit.csv import attachment
from app.kit.errors import DomainError, FieldError, NotFound
from app.models import ReportChannel, ReportKind
from app.publication.as_of import parse_as_of
from app.record.service import find_uscc
from app.reports import repository, service
from app.reports.document import report_document
from app.reports.issuing import base_url, pdf_filename
from app.reports.pdf import render_pdf
from app.web.admin import STAFF, field_errors, render_admin
from app.web.auth import require_user
from app.web.deps import get_settings, session_dependency
from app.web.forms import attempt, see_other

router = APIRouter(include_in_schema=False)
staff = require_user(*STAFF)
LIST_LIMIT = 100
KIND_LABELS = {ReportKind.full: "信用报告", ReportKind.special: "专项信用报告"}
CHANNEL_LABELS = {ReportChannel.public: "公众自助", ReportChannel.workspace: "工作台出具"}


def _page(
    request: Request,
    actor: Actor,
    session: Session,
    *,
    form: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
    issued: str | None = None,
    uscc: str | None = None,
    status_code: int = 200,
) -> Response:
    rows, total = repository.recent(session, LIST_LIMIT, uscc)
    just_issued = repository.by_number(session, issued) if issued else None
    return render_admin(
        request,
        actor,
        "admin/reports/index.html",
        page_title="信用报告",
        rows=rows,
        total=total,
        limit=LIST_LIMIT,
        filter_uscc=uscc or "",
        kinds=KIND_LABELS,
        channels=CHANNEL_LABELS,
        issued=just_issued,
        max_years=request.app.state.settings.report_special_max_years,
        form=form or {"uscc": uscc or "", "kind": "full", "as_of": "", "from": "", "to": ""},
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/reports")
def reports_page(
    request: Request,
    issued: str | None = Query(None, max_length=40),
    uscc: str | None = Query(None, max_length=40),
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
) -> Response:
    code = find_uscc(uscc) if uscc and uscc.strip() else None
    return _page(request, actor, session, issued=issued, uscc=code)


def _issue(session: Session, settings: Settings, actor: Actor, form: dict[str, str]) -> str:
    try:
        kind = ReportKind(form["kind"])
    except ValueError:
        raise DomainError(fields=[FieldError("kind", "请选择报告类型")]) from None
    day = parse_as_of(form["as_of"])
    period = None
    if kind == ReportKind.special:
        period = service.parse_period(
            form["from"], form["to"], day, settings.report_special_max_years
        )
    assembled = service.assemble(session, form["uscc"], day, kind, period)
    if not actor.covers(repository.district_of(session, assembled.enterprise_id)):
        raise NotFound("未找到该企业：不在本账户的管辖范围内")
    return service.issue_by_officer(session, settings, actor, assembled).number


@router.post("/admin/reports")
def reports_issue(
    request: Request,
    uscc: str = Form(""),
    kind: str = Form("full"),
    as_of: str = Form(""),
    period_from: str = Form("", alias="from"),
    period_to: str = Form("", alias="to"),
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> Response:
    form = {"uscc": uscc, "kind": kind, "as_of": as_of, "from": period_from, "to": period_to}
    try:
        with attempt(session):
            number = _issue(session, settings, actor, form)
    except DomainError as exc:
        errors = exc.fields or [FieldError("uscc", exc.message)]
        status = exc.status_code
        return _page(request, actor, session, form=form, errors=errors, status_code=status)
    return see_other(f"/admin/reports?issued={number}")


@router.get("/admin/reports/{number}.pdf")
def issued_pdf(
    request: Request,
    number: str,
    actor: Actor = Depends(staff),
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> Response:
    """The PDF of an issued report, drawn again from its stored content."""
    report = service.report_for_officer(session, number)
    content = service.stored_content(report)
    document = report_document(report, content, base_url(request, settings))
    body = render_pdf(document, settings.report_font_path)
    filename, fallback = pdf_filename(report, content)
    headers = {**attachment(filename, fallback), "Cache-Control": "no-store"}
    return Response(body, media_type="application/pdf", headers=headers)
