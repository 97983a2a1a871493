"""The JSON twins of the report pages: the report and the special report of an enterprise, and
the verification of a report from its number and code."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.models import ReportKind
from app.reports import verification
from app.reports.issuing import Issued, base_url, issue_for_request
from app.reports.schemas import ReportOut, VerificationOut, VerifiedSubject
from app.reports.service import NOT_VERIFIED
from app.web.auth import client_ip
from app.web.deps import get_settings, session_dependency, writing_session_dependency
from app.web.errors import ErrorBody
from app.web.openapi import error_responses
from app.web.params import AS_OF_QUERY

router = APIRouter(tags=["信用报告 reports"])

FROM_QUERY = Query(
    None,
    alias="from",
    description="查询期间起 (YYYY-MM-DD); default: the longest period allowed, up to `to`",
)
TO_QUERY = Query(None, alias="to", description="查询期间止 (YYYY-MM-DD); default: the `as_of` day")


def _out(issued: Issued, pdf_path: str) -> ReportOut:
    report, content = issued.report, issued.content
    return ReportOut(
        number=report.number,
        code=report.code,
        kind=report.kind.value,
        title=content.title,
        issuer=report.issuer_name,
        issued_at=report.issued_at,
        as_of=report.as_of,
        period=content.period,
        content_sha256=report.content_sha256,
        verify_url=issued.document.verify_url,
        pdf_url=pdf_path,
        content=content,
    )


@router.get(
    "/api/v1/enterprises/{uscc}/report",
    summary="An enterprise's credit report (信用报告)",
    response_model=ReportOut,
    responses=error_responses(404, 422, 429),
)
def api_report(
    request: Request,
    uscc: str,
    as_of: str | None = AS_OF_QUERY,
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> ReportOut:
    """The report as of `as_of` (default today): number, code, issuer, issue time, data-as-of
    day, SHA-256 of its content and the content (subject, summary, chapters with their data).
    The same content on the same day keeps its number."""
    issued = issue_for_request(request, session, settings, uscc, ReportKind.full, as_of)
    suffix = f"?as_of={as_of}" if as_of else ""
    return _out(issued, f"/enterprises/{issued.content.subject.uscc}/report.pdf{suffix}")


@router.get(
    "/api/v1/enterprises/{uscc}/special-report",
    summary="An enterprise's special credit report (专项信用报告, 生态环境领域)",
    response_model=ReportOut,
    responses=error_responses(404, 422, 429),
)
def api_special_report(
    request: Request,
    uscc: str,
    as_of: str | None = AS_OF_QUERY,
    raw_from: str | None = FROM_QUERY,
    raw_to: str | None = TO_QUERY,
    session: Session = Depends(session_dependency),
    settings: Settings = Depends(get_settings),
) -> ReportOut:
    """Whether the enterprise had public environmental administrative penalties or serious
    dishonesty (black) list entries in the period (at most `ECOCREDIT_REPORT_SPECIAL_MAX_YEARS`
    years, ending on or before `as_of`), and which."""
    issued = issue_for_request(
        request, session, settings, uscc, ReportKind.special, as_of, raw_from, raw_to
    )
    period = issued.content.period
    query = f"?from={period.start}&to={period.end}" if period else ""
    if as_of:
        query += f"&as_of={as_of}"
    return _out(issued, f"/enterprises/{issued.content.subject.uscc}/special-report.pdf{query}")


@router.get(
    "/api/v1/reports/{number}",
    summary="Verify a report (报告核验)",
    response_model=VerificationOut,
    responses=error_responses(404, 429),
)
def api_verify(
    request: Request,
    number: str,
    code: str = Query("", description="核验码 printed on the report"),
    session: Session = Depends(writing_session_dependency),
    settings: Settings = Depends(get_settings),
) -> Response | VerificationOut:
    """A genuine report's issue time, hash and subject, whether the record has changed since,
    and its summary while all it showed is still public. An unknown number and a wrong code are
    the same 404. Rate-limited per client (`429` with `Retry-After`); every attempt is audited."""
    answer = verification.verify(session, settings, number, code, client_ip(request))
    view = verification.answer_view(answer, base_url(request, settings))
    report, content = view.report, view.content
    if report is None or content is None:
        # Answered, not raised: the attempt's count and audit entry are committed.
        return ErrorBody(404, "report_not_verified", NOT_VERIFIED).render(request)
    return VerificationOut(
        verified=True,
        message=view.message,
        number=report.number,
        title=content.title,
        kind=report.kind.value,
        issuer=report.issuer_name,
        issued_at=report.issued_at,
        as_of=report.as_of,
        period=content.period,
        content_sha256=report.content_sha256,
        subject=VerifiedSubject(name=content.subject.name, uscc=content.subject.uscc),
        record_changed=view.record_changed,
        content_withdrawn=view.content_withdrawn,
        summary=view.summary,
        latest_url=view.latest_url or "",
    )
