"""A report as both renderers draw it: the envelope (number, code, issuer, dates, hash, the
verification URL and its QR code) and the chapters, numbered, as blocks.

It is built from an issued report's stored content, so that the page, the PDF and the
verification all show what was recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.kit import clock
from app.models import IssuedReport, ReportKind
from app.reports.blocks import Block, Facts, Text
from app.reports.chapters import PROVIDERS
from app.reports.content import ReportContent, SummaryItem
from app.reports.qr import qr_data_uri

NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """一 … 十, 十一 … 九十九 (chapter numbers)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{NUMERALS[tens - 1] if tens > 1 else ''}十{NUMERALS[ones - 1] if ones else ''}"


@dataclass(frozen=True)
class RenderedChapter:
    heading: str  # 一、登记信息
    key: str
    blocks: Sequence[Block]


@dataclass(frozen=True)
class ReportDocument:
    number: str
    code: str
    kind: ReportKind
    title: str
    issuer: str
    issued_at: dt.datetime  # Asia/Shanghai
    as_of: dt.date
    period: str | None
    sha256: str
    verify_url: str
    verify_form_url: str
    qr_data_uri: str
    cover: Facts  # the report's own facts, first on the first page
    subject_name: str
    subject_uscc: str
    summary: Sequence[SummaryItem]
    chapters: Sequence[RenderedChapter]


def verify_url(base_url: str, number: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/reports/{number}?code={code}"


def _chapters(content: ReportContent) -> list[RenderedChapter]:
    found = []
    for n, chapter in enumerate(content.chapters, start=1):
        provider = PROVIDERS.get(chapter.key)
        blocks = (
            list(provider.blocks(chapter.data))
            if provider
            else [Text("（本章节的内容已无法显示）", tone="muted")]
        )
        found.append(RenderedChapter(f"{numeral(n)}、{chapter.title}", chapter.key, blocks))
    return found


def report_document(report: IssuedReport, content: ReportContent, base_url: str) -> ReportDocument:
    url = verify_url(base_url, report.number, report.code)
    issued_at = clock.to_local(report.issued_at)
    period = f"{content.period.start} 至 {content.period.end}" if content.period else None
    rows = [
        ("报告编号", report.number),
        ("核验码", report.code),
        ("出具单位", report.issuer_name),
        ("出具时间", issued_at.strftime("%Y-%m-%d %H:%M")),
        ("数据截止日期", report.as_of.isoformat()),
    ]
    if period:
        rows.append(("查询期间", period))
    rows.append(("内容哈希（SHA-256）", report.content_sha256))
    return ReportDocument(
        number=report.number,
        code=report.code,
        kind=report.kind,
        title=content.title,
        issuer=report.issuer_name,
        issued_at=issued_at,
        as_of=report.as_of,
        period=period,
        sha256=report.content_sha256,
        verify_url=url,
        verify_form_url=f"{base_url.rstrip('/')}/reports/verify",
        qr_data_uri=qr_data_uri(url),
        cover=Facts(rows),
        subject_name=content.subject.name,
        subject_uscc=content.subject.uscc,
        summary=content.summary,
        chapters=_chapters(content),
    )
