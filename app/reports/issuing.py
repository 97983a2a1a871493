"""What the public faces share: reading a report request's parameters, assembling the content in
the request's (reading) session and issuing it in a short unit of work of its own.

The issue is its own short write transaction (``app.state.sessionmaker``), committed before the
PDF is drawn: on SQLite a reading request cannot take the write lock late, and no write lock is
held while a PDF renders.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.kit.db import session_scope
from app.models import IssuedReport, ReportKind
from app.publication.as_of import parse_as_of
from app.reports import service
from app.reports.content import ReportContent
from app.reports.document import ReportDocument, report_document
from app.web.auth import client_ip


@dataclass(frozen=True)
class Issued:
    report: IssuedReport
    content: ReportContent
    document: ReportDocument


def base_url(request: Request, settings: Settings) -> str:
    """The portal's public address: ``ECOCREDIT_PUBLIC_BASE_URL``, else the request's."""
    return (settings.public_base_url or str(request.base_url)).rstrip("/")


def issue_for_request(
    request: Request,
    session: Session,
    settings: Settings,
    uscc: str,
    kind: ReportKind,
    as_of: str | None,
    period_from: str | None = None,
    period_to: str | None = None,
) -> Issued:
    day = parse_as_of(as_of)
    period = None
    if kind == ReportKind.special:
        period = service.parse_period(
            period_from, period_to, day, settings.report_special_max_years
        )
    assembled = service.assemble(session, uscc, day, kind, period)
    writer: sessionmaker[Session] = request.app.state.sessionmaker
    with session_scope(writer) as unit:
        report = service.issue_public(unit, settings, assembled, client_ip(request))
    document = report_document(report, assembled.content, base_url(request, settings))
    return Issued(report, assembled.content, document)


def pdf_filename(report: IssuedReport, content: ReportContent) -> tuple[str, str]:
    """The PDF's download name (Chinese) and its ASCII fallback."""
    return (
        f"{content.title}-{content.subject.name}-{report.number}.pdf",
        f"report-{report.number}.pdf",
    )
