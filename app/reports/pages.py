"""Public report pages: an enterprise's credit report (HTML, printable, and its PDF), the special
credit report for a chosen period, and the verification of a report from its number and code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.csv import attachment
from app.kit.errors import ValidationFailed
from app.models import ReportKind
from app.reports import verification
from app.reports.issuing import Issued, base_url, issue_for_request, pdf_filename
from app.reports.pdf import render_pdf
from app.web.admin import field_errors
from app.web.auth import client_ip
from app.web.deps import get_settings, session_dependency, writing_session_dependency

router = APIRouter(include_in_schema=False)


def _query(**values: str | None) -> str:
    kept = {k: v for k, v in values.items() if v}
    return f"?{urlencode(kept)}" if kept else ""


def _links(issued: Issued, query: str) -> dict[str, str]:
    uscc = issued.content.subject.uscc
    path = "special-report" if issued.report.kind == ReportKind.special else "report"
    return {
        "pdf": f"/enterprises/{uscc}/{path}.pdf{query}",
        "json": f"/api/v1/enterprises/{uscc}/{path}{query}",
        "record": f"/enterprises/{uscc}",
        "full": f"/enterprises/{uscc}/report",
        "special": f"/enterprises/{uscc}/special-report",
        "verify": f"/reports/{issued.report.number}?code={issued.report.code}",
    }


def _render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Any:
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status
    )


def _pdf(issued: Issued, settings: Settings) -> Response:
    body = render_pdf(issued.document, settings.report_font_path)
    filename, fallback = pdf_filename(issued.report, issued.content)
    headers = {**attachment(filename, fallback), "Cache-Control": "private, no-cache"}
    return Response(body, media_type="application/pdf", headers=headers)


@router.get("/enterprises/{uscc}/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    uscc: str,
    as_of: str | None = None,
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> Any:
    issued = issue_for_request(request, session, settings, uscc, ReportKind.full, as_of)
    context: dict[str, Any] = {
        "page_title": f"{issued.content.title} · {issued.content.subject.name}",
        "doc": issued.document,
        "links": _links(issued, _query(as_of=as_of)),
        "period_form": None,
    }
    return _render(request, "reports/report.html", context)


@router.get("/enterprises/{uscc}/report.pdf")
def report_pdf(
    request: Request,
    uscc: str,
    as_of: str | None = None,
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> Response:
    issued = issue_for_request(request, session, settings, uscc, ReportKind.full, as_of)
    return _pdf(issued, settings)


def _period_form(
    settings: Settings, raw_from: str | None, raw_to: str | None, errors: dict[str, list[str]]
) -> dict[str, Any]:
    return {
        "from": raw_from or "",
        "to": raw_to or "",
        "max_years": settings.report_special_max_years,
        "errors": errors,
    }


@router.get("/enterprises/{uscc}/special-report", response_class=HTMLResponse)
def special_report_page(
    request: Request,
    uscc: str,
    as_of: str | None = None,
    raw_from: str | None = Query(None, alias="from"),
    raw_to: str | None = Query(None, alias="to"),
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> Any:
    try:
        issued = issue_for_request(
            request, session, settings, uscc, ReportKind.special, as_of, raw_from, raw_to
        )
    except ValidationFailed as exc:
        if not {f.field for f in exc.fields} <= {"from", "to"}:
            raise
        form = _period_form(settings, raw_from, raw_to, field_errors(exc.fields))
        choose = {
            "page_title": "专项信用报告（生态环境领域）",
            "uscc": uscc,
            "period_form": form,
            "errors": form["errors"],
        }
        return _render(request, "reports/choose_period.html", choose, status=422)
    period = issued.content.period
    query = _query(
        as_of=as_of,
        **{
            "from": str(period.start) if period else None,
            "to": str(period.end) if period else None,
        },
    )
    context: dict[str, Any] = {
        "page_title": f"{issued.content.title} · {issued.content.subject.name}",
        "doc": issued.document,
        "links": _links(issued, query),
        "period_form": _period_form(
            settings,
            str(period.start) if period else raw_from,
            str(period.end) if period else raw_to,
            {},
        ),
    }
    return _render(request, "reports/report.html", context)


@router.get("/enterprises/{uscc}/special-report.pdf")
def special_report_pdf(
    request: Request,
    uscc: str,
    as_of: str | None = None,
    raw_from: str | None = Query(None, alias="from"),
    raw_to: str | None = Query(None, alias="to"),
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> Response:
    issued = issue_for_request(
        request, session, settings, uscc, ReportKind.special, as_of, raw_from, raw_to
    )
    return _pdf(issued, settings)


def _verification_page(
    request: Request,
    session: Session,
    settings: Settings,
    number: str | None,
    code: str | None,
) -> Any:
    context: dict[str, Any] = {
        "page_title": "信用报告核验",
        "form": {"number": number or "", "code": code or ""},
        "asked": bool(number and code),
        "answer": None,
        "changed_message": verification.CHANGED,
        "withdrawn_message": verification.WITHDRAWN,
    }
    if not context["asked"]:
        return _render(request, "reports/verify.html", context)
    answer = verification.verify(session, settings, number, code, client_ip(request))
    context["answer"] = view = verification.answer_view(answer, base_url(request, settings))
    context["problem"] = "" if view.verified else view.message
    return _render(request, "reports/verify.html", context, 200 if answer.verified else 404)


@router.get("/reports/verify", response_class=HTMLResponse)
def verify_form(
    request: Request,
    number: str | None = None,
    code: str | None = None,
    session: Session = Depends(writing_session_dependency),
    settings: Settings = Depends(get_settings),
) -> Any:
    return _verification_page(request, session, settings, number, code)


@router.get("/reports/{number}", response_class=HTMLResponse)
def verify_number(
    request: Request,
    number: str,
    code: str | None = None,
    session: Session = Depends(writing_session_dependency),
    settings: Settings = Depends(get_settings),
) -> Any:
    return _verification_page(request, session, settings, number, code)
