"""JSON shapes of reports and of their verification. No ID number of any person is a field."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.reports.content import Period, ReportContent, SummaryItem


class ReportOut(BaseModel):
    """An issued report: its envelope and its content (the content is what the hash covers)."""

    number: str = Field(description="报告编号", examples=["HJXY20260701K7M2Q9ABCD"])
    code: str = Field(description="核验码 (printed on every page)", examples=["7K3M9Q"])
    kind: str = Field(description="full = 信用报告; special = 专项信用报告", examples=["full"])
    title: str = Field(description="报告名称", examples=["企业环境信用报告"])
    issuer: str = Field(description="出具单位", examples=["烟台市生态环境局"])
    issued_at: dt.datetime = Field(description="出具时间 (UTC)", examples=["2026-07-01T02:00:00Z"])
    as_of: dt.date = Field(description="数据截止日期: what was public on this day")
    period: Period | None = Field(description="查询期间 (special reports)")
    content_sha256: str = Field(
        description="内容哈希: SHA-256 (hex) of the canonical JSON of `content` (keys sorted, "
        "no spaces, UTF-8)"
    )
    verify_url: str = Field(description="核验地址 (what the QR code encodes)")
    pdf_url: str = Field(description="The PDF of this report")
    content: ReportContent


class VerifiedSubject(BaseModel):
    name: str = Field(description="企业名称")
    uscc: str = Field(description="统一社会信用代码")


class VerificationOut(BaseModel):
    """A genuine report (an unknown number or a wrong code is 404, the same for both)."""

    verified: bool = Field(description="本平台出具的真实报告", examples=[True])
    message: str = Field(
        description="核验结论", examples=["本报告由本平台于 2026-07-01 10:00 出具"]
    )
    number: str = Field(description="报告编号")
    title: str = Field(description="报告名称")
    kind: str = Field(description="full or special")
    issuer: str = Field(description="出具单位")
    issued_at: dt.datetime = Field(description="出具时间 (UTC)")
    as_of: dt.date = Field(description="数据截止日期")
    period: Period | None = Field(description="查询期间 (special reports)")
    content_sha256: str = Field(description="内容哈希 (SHA-256)")
    subject: VerifiedSubject
    record_changed: bool = Field(
        description="当前记录已有变化: the content assembled today differs from the report's"
    )
    content_withdrawn: bool = Field(
        description="Some of what the report showed is no longer public (credit repair, expiry, "
        "removal): its summary is then not shown again"
    )
    summary: list[SummaryItem] | None = Field(
        description="The report's summary as issued; null when part of it is no longer public"
    )
    latest_url: str = Field(description="Where the latest report of this kind is")
