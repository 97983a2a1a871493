"""Verifying a report from its number and code (报告核验), for anyone, rate-limited and audited.

A genuine report is confirmed with its issue time and content hash. Its content is assembled
again as of today for the same enterprise and period: a different hash means the record has
changed since ("当前记录已有变化"). The stored summary is shown again only while every item the
report showed is still public; after a credit repair, an expiry or a removal the page confirms
the report but does not show what is no longer public.

An unknown number and a wrong code get the same answer. Every attempt counts against the
client's limit and is audited (never with the code typed); so a refusal is an answer, not an
exception that would roll the count back.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.access.rate_limits import hit
from app.audit.service import record as audit
from app.config import Settings
from app.kit import clock
from app.models import IssuedReport, ReportKind
from app.reports import repository
from app.reports.content import ReportContent, SummaryItem
from app.reports.service import (
    NOT_VERIFIED,
    RATE_WINDOW,
    TooManyRequests,
    assemble,
    stored_content,
)
from app.web.public_forms import normalise_number


@dataclass(frozen=True)
class Verification:
    """The answer to a number and code. ``report`` is None when not verified."""

    report: IssuedReport | None
    content: ReportContent | None
    record_changed: bool = False
    content_withdrawn: bool = False
    latest_url: str | None = None

    @property
    def verified(self) -> bool:
        return self.report is not None


def latest_url(content: ReportContent, report: IssuedReport) -> str:
    """Where the latest report of the same kind (and period) is."""
    base = f"/enterprises/{content.subject.uscc}"
    if report.kind == ReportKind.special and content.period is not None:
        period = content.period
        return f"{base}/special-report?from={period.start}&to={period.end}"
    return f"{base}/report"


def _compare(session: Session, report: IssuedReport, content: ReportContent) -> Verification:
    today = clock.today()
    current = assemble(session, content.subject.uscc, today, report.kind, content.period)
    return Verification(
        report=report,
        content=content,
        record_changed=current.sha256 != report.content_sha256,
        content_withdrawn=not content.item_keys() <= current.content.item_keys(),
        latest_url=latest_url(content, report),
    )


def _outcome(answer: Verification) -> str:
    if not answer.verified:
        return "not_verified"
    return "changed" if answer.record_changed else "genuine"


def verify(
    session: Session,
    settings: Settings,
    raw_number: str | None,
    raw_code: str | None,
    client_ip: str | None,
) -> Verification:
    """Check ``raw_number`` with ``raw_code`` (full-width, spaces and case forgiven)."""
    limit = settings.report_verify_rate_per_minute
    # The first write of the unit of work (see app.access.rate_limits).
    wait = hit(session, f"report.verify:{client_ip}", limit, RATE_WINDOW)
    if wait is not None:
        raise TooManyRequests(
            f"核验过于频繁：每个地址每分钟最多核验{limit}次，请在{wait}秒后重试",
            headers={"Retry-After": str(wait)},
        )
    number, code = normalise_number(raw_number), normalise_number(raw_code)
    found = repository.by_number(session, number) if number else None
    answer = Verification(None, None)
    # As bytes: compare_digest refuses text that is not ASCII (a code typed in any script).
    if found is not None and code and secrets.compare_digest(found.code.encode(), code.encode()):
        answer = _compare(session, found, stored_content(found))
    audit(
        session,
        None,
        "report.verify",
        "issued_report",
        answer.report.id if answer.report else None,
        after={"number": number[:40], "result": _outcome(answer)},
        source_ip=client_ip,
    )
    return answer


@dataclass(frozen=True)
class AnswerView:
    """What the verification page and its JSON twin say (flags and sentences, computed here)."""

    verified: bool
    message: str
    report: IssuedReport | None = None
    content: ReportContent | None = None
    issued_at_local: dt.datetime | None = None
    record_changed: bool = False
    content_withdrawn: bool = False
    summary: list[SummaryItem] | None = None
    latest_url: str | None = None


CHANGED = "当前记录已有变化，请查看最新报告"
WITHDRAWN = (
    "本报告所载的部分信息已依法停止公示（如已信用修复、公示期满或已移出名单），"
    "为此不再显示本报告的内容概要；本报告确为本平台出具。"
)


def answer_view(answer: Verification, base_url: str) -> AnswerView:
    report, content = answer.report, answer.content
    if report is None or content is None:
        return AnswerView(verified=False, message=NOT_VERIFIED)
    issued_at = clock.to_local(report.issued_at)
    message = f"本报告由本平台于 {issued_at:%Y-%m-%d %H:%M} 出具，内容哈希 {report.content_sha256}"
    return AnswerView(
        verified=True,
        message=message,
        report=report,
        content=content,
        issued_at_local=issued_at,
        record_changed=answer.record_changed,
        content_withdrawn=answer.content_withdrawn,
        summary=None if answer.content_withdrawn else list(content.summary),
        latest_url=f"{base_url.rstrip('/')}{answer.latest_url}" if answer.latest_url else None,
    )
