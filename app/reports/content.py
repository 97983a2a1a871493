"""A report's content: the one assembly that the HTML page, the PDF, the JSON and the hash share.

The content is a subject, a summary and a list of chapters. Each chapter comes from a
``ChapterProvider`` (``app/reports/chapters/``): ``build`` reads what was public on the
data-as-of day through the features' public services and returns the chapter's data (plain JSON
values) and the keys of the public items it shows; ``blocks`` turns that data into what both
renderers draw; ``summary`` adds lines to the summary of counts.

The SHA-256 covers the canonical JSON of the content (sorted keys, no spaces, UTF-8). The content
holds nothing that changes by itself from one day to the next (the data-as-of day and the issue
time are in the report's envelope), so that content assembled today for the same enterprise and
period has the same hash exactly when nothing public has changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.models import ReportKind
from app.record.schemas import EnterpriseRecord
from app.reports.blocks import Block

REPORT_TITLES = {
    ReportKind.full: "企业环境信用报告",
    ReportKind.special: "专项信用报告（生态环境领域）",
}


class Subject(BaseModel):
    """报告主体: the enterprise the report is about (registration facts, no ID number)."""

    name: str = Field(description="企业名称", examples=["烟台某某化工有限公司"])
    uscc: str = Field(description="统一社会信用代码", examples=["91370611MA3C00003F"])
    legal_representative: str | None = Field(description="法定代表人", examples=["张三"])
    established_on: dt.date | None = Field(description="成立日期", examples=["2008-05-20"])
    address: str | None = Field(description="住所", examples=["山东省烟台市福山区某某路1号"])


class Period(BaseModel):
    """查询期间 of a special report (both days included)."""

    start: dt.date = Field(description="查询期间起", examples=["2023-07-02"])
    end: dt.date = Field(description="查询期间止", examples=["2026-07-01"])


class SummaryItem(BaseModel):
    key: str = Field(description="What is counted", examples=["penalties"])
    label: str = Field(description="项目", examples=["公示中的行政处罚"])
    value: str = Field(description="数量或结果", examples=["2 条"])


class Chapter(BaseModel):
    key: str = Field(description="The chapter's provider", examples=["penalties"])
    title: str = Field(description="章节标题", examples=["行政处罚信息"])
    data: dict[str, Any] = Field(description="The chapter's data (English field names)")
    items: list[str] = Field(
        description="Keys of the public items shown (e.g. penalty:1024:v1), to tell later "
        "whether each is still public"
    )


class ReportContent(BaseModel):
    kind: ReportKind = Field(description="full = 信用报告; special = 专项信用报告")
    title: str = Field(description="报告名称", examples=["企业环境信用报告"])
    subject: Subject
    period: Period | None = Field(description="查询期间 (special reports only)")
    summary: list[SummaryItem] = Field(description="概要: counts and the credit level")
    chapters: list[Chapter]

    def item_keys(self) -> set[str]:
        return {key for chapter in self.chapters for key in chapter.items}


@dataclass(frozen=True)
class ChapterContext:
    """What a chapter reads from: the record service's answer as of ``day`` and, for chapters
    that need more, the session and the enterprise's id to ask their feature's public service."""

    session: Session
    enterprise_id: int
    record: EnterpriseRecord
    day: dt.date
    period: Period | None


@dataclass(frozen=True)
class ChapterData:
    data: dict[str, Any]
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChapterProvider:
    """One chapter: its key and title, how its data is read, drawn and summarised."""

    key: str
    title: str
    build: Callable[[ChapterContext], ChapterData]
    blocks: Callable[[dict[str, Any]], Sequence[Block]]
    summary: Callable[[dict[str, Any]], Sequence[SummaryItem]] = lambda _data: ()


def content_dict(content: ReportContent) -> dict[str, Any]:
    """The content as plain JSON values (what is stored, served and hashed)."""
    return content.model_dump(mode="json")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_sha256(content: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``content`` (a ``content_dict``)."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
