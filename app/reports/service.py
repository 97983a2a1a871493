"""Credit reports: assembling their content, issuing them, verifying them.

``assemble`` is the one assembly of a report's content (HTML, PDF, JSON and the hash use it):
the record service's answer as of the data-as-of day, turned into chapters by the providers of
``app.reports.chapters``. ``issue_public`` records a report the public side shows (the same
content on the same day gets the same number back, so that reloading a page does not issue
another one); ``issue_by_officer`` records one an officer issues. ``verify`` answers a number and
code: genuine (and whether the record has changed since, and whether all it showed is still
public) or not verified, the same answer for an unknown number and a wrong code.
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
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from app.models import IssuedReport, ReportChannel, ReportKind
from app.penalties.public_service import parse_day
from app.record.service import enterprise_record, find_uscc
from app.reports import repository
from app.reports.chapters import CHAPTERS
from app.reports.content import (
    REPORT_TITLES,
    Chapter,
    ChapterContext,
    Period,
    ReportContent,
    Subject,
    SummaryItem,
    content_dict,
    content_sha256,
)
from app.web.public_forms import NUMBER_ALPHABET, case_number, normalise_number

NUMBER_PREFIXES = {ReportKind.full: "HJXY", ReportKind.special: "HJZX"}
CODE_LENGTH = 6
RATE_WINDOW = dt.timedelta(minutes=1)
NOT_VERIFIED = "未能核验：报告编号或核验码不正确，请核对后重试"


class TooManyRequests(DomainError):
    status_code = 429
    code = "too_many_requests"
    message = "请求过于频繁，请稍后再试"


@dataclass(frozen=True)
class Assembled:
    """A report's content as of ``day``, before it is issued."""

    enterprise_id: int
    kind: ReportKind
    day: dt.date
    period: Period | None
    content: ReportContent
    sha256: str


# --- the period of a special report ------------------------------------------------------------


def years_before(day: dt.date, years: int) -> dt.date:
    """The first day of the ``years`` years that end on ``day`` (3 years to 2026-07-01 start on
    2023-07-02)."""
    try:
        same = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        same = day.replace(year=day.year - years, day=28)
    return same + dt.timedelta(days=1)


def parse_period(raw_from: str | None, raw_to: str | None, day: dt.date, max_years: int) -> Period:
    """查询期间: ``from``..``to`` (both days included), by default the ``max_years`` years up to
    the data-as-of day; at most ``max_years`` long and never past the data-as-of day (422)."""
    problems: list[FieldError] = []
    end = parse_day("to", raw_to, problems) or day
    start = parse_day("from", raw_from, problems)
    if problems:
        raise ValidationFailed(fields=problems)
    if end > day:
        message = f"查询期间止不能晚于数据截止日期（{day.isoformat()}）"
        problems.append(FieldError("to", message, "after_as_of"))
    start = start or years_before(end, max_years)
    if start > end:
        problems.append(FieldError("from", "查询期间起不能晚于查询期间止", "date_range"))
    elif start < years_before(end, max_years):
        message = f"查询期间最长 {max_years} 年（最早可从 {years_before(end, max_years)} 起）"
        problems.append(FieldError("from", message, "too_long"))
    if problems:
        raise ValidationFailed(problems[0].message, fields=problems)
    return Period(start=start, end=end)


# --- assembling --------------------------------------------------------------------------------


def assemble(
    session: Session, raw_uscc: str, day: dt.date, kind: ReportKind, period: Period | None = None
) -> Assembled:
    """The content of a report on the enterprise ``raw_uscc`` as of ``day`` (404 when unknown,
    422 for a malformed code)."""
    uscc = find_uscc(raw_uscc)
    record = enterprise_record(session, uscc, day)
    enterprise_id = repository.enterprise_id(session, uscc)
    if enterprise_id is None:  # the record service answered 404 already
        raise RuntimeError("unreachable")
    if kind == ReportKind.special and period is None:
        raise ValueError("a special report needs a period")
    ctx = ChapterContext(session, enterprise_id, record, day, period)
    chapters: list[Chapter] = []
    summary: list[SummaryItem] = []
    for provider in CHAPTERS[kind]:
        built = provider.build(ctx)
        chapters.append(
            Chapter(key=provider.key, title=provider.title, data=built.data, items=built.items)
        )
        summary.extend(provider.summary(built.data))
    content = ReportContent(
        kind=kind,
        title=REPORT_TITLES[kind],
        subject=Subject(
            name=record.name,
            uscc=record.uscc,
            legal_representative=record.legal_representative,
            established_on=record.established_on,
            address=record.address,
        ),
        period=period if kind == ReportKind.special else None,
        summary=summary,
        chapters=chapters,
    )
    return Assembled(
        enterprise_id, kind, day, content.period, content, content_sha256(content_dict(content))
    )


# --- issuing -----------------------------------------------------------------------------------


def _new_number(session: Session, kind: ReportKind) -> str:
    while True:
        number = case_number(NUMBER_PREFIXES[kind])
        if not repository.number_taken(session, number):
            return number


def _period_key(period: Period | None) -> tuple[dt.date, dt.date] | None:
    return (period.start, period.end) if period else None


def _issue(
    session: Session,
    settings: Settings,
    assembled: Assembled,
    actor: Actor | None,
    source_ip: str | None,
) -> IssuedReport:
    report = IssuedReport(
        number=_new_number(session, assembled.kind),
        code="".join(secrets.choice(NUMBER_ALPHABET) for _ in range(CODE_LENGTH)),
        enterprise_id=assembled.enterprise_id,
        kind=assembled.kind,
        as_of=assembled.day,
        period_start=assembled.period.start if assembled.period else None,
        period_end=assembled.period.end if assembled.period else None,
        content_sha256=assembled.sha256,
        content=content_dict(assembled.content),
        issued_at=clock.now(),
        issuer_name=settings.report_issuer,
        channel=ReportChannel.workspace if actor else ReportChannel.public,
        issued_by_user_id=actor.user_id if actor else None,
        issued_by_username=actor.username if actor else None,
    )
    session.add(report)
    session.flush()
    after = {
        "number": report.number,
        "kind": report.kind,
        "uscc": assembled.content.subject.uscc,
        "as_of": report.as_of,
        "period": _period_key(assembled.period),
        "content_sha256": report.content_sha256,
        "channel": report.channel,
    }
    audit(
        session, actor, "report.issue", "issued_report", report.id, after=after, source_ip=source_ip
    )
    return report


def issue_public(
    session: Session, settings: Settings, assembled: Assembled, client_ip: str | None
) -> IssuedReport:
    """The public side's report of this content: the one issued before for the same content
    and day, else a new one (at most ``report_issue_rate_per_minute`` new ones per client)."""
    found = repository.same_public_report(
        session,
        assembled.enterprise_id,
        assembled.kind,
        assembled.day,
        _period_key(assembled.period),
        assembled.sha256,
    )
    if found is not None:
        return found
    limit = settings.report_issue_rate_per_minute
    wait = hit(session, f"report.issue:{client_ip}", limit, RATE_WINDOW)
    if wait is not None:
        raise TooManyRequests(
            f"出具报告过于频繁：每个地址每分钟最多出具{limit}份新报告，请在{wait}秒后重试",
            headers={"Retry-After": str(wait)},
        )
    return _issue(session, settings, assembled, None, client_ip)


def issue_by_officer(
    session: Session, settings: Settings, actor: Actor, assembled: Assembled
) -> IssuedReport:
    """A new report issued in the workspace, in the officer's name (audited)."""
    return _issue(session, settings, assembled, actor, actor.source_ip)


def stored_content(report: IssuedReport) -> ReportContent:
    return ReportContent.model_validate(report.content)


def report_for_officer(session: Session, number: str) -> IssuedReport:
    found = repository.by_number(session, normalise_number(number))
    if found is None:
        raise NotFound("未找到该报告")
    return found
