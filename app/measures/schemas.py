"""JSON shapes of the joint-measures API: the catalogue, an entry's measures with the state of
their feedback, and a department's report."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class MeasureOut(BaseModel):
    id: int = Field(description="措施版本编号（反馈时使用）", examples=[3])
    code: str = Field(description="措施代码（各版本相同）", examples=["government_procurement"])
    version: int = Field(description="措施版本", examples=[1])
    name: str = Field(description="措施", examples=["限制参与政府采购"])
    target: str = Field(description="适用名单或信用等级", examples=["黑名单（失信惩戒）"])
    list_type: str | None = Field(
        description="black / red；按信用等级的措施为 null", examples=["black"]
    )
    department: str = Field(description="实施部门", examples=["烟台市财政局"])
    department_code: str = Field(description="实施部门代码", examples=["czj"])
    legal_basis: str = Field(
        description="依据（备忘录及条款）",
        examples=[
            "《关于对环境保护领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录》（发改财金〔2016〕1580号）"
        ],
    )
    subject: str = Field(
        description="对象代码: enterprise / responsible_persons", examples=["enterprise"]
    )
    subject_label: str = Field(description="对象", examples=["企业"])
    duration: str = Field(description="期限", examples=["名单有效期内"])
    effect: str | None = Field(
        description="由本平台实施的效果（nomination_bar：限制提名）", examples=[None]
    )
    feedback_days: int = Field(description="列入后应在多少日内反馈", examples=[30])


class FeedbackStateOut(BaseModel):
    measure: MeasureOut
    due_on: dt.date = Field(description="反馈期限")
    outcome: str | None = Field(description="applied 已实施 / not_applied 未实施；null 为未反馈")
    outcome_label: str | None
    reported_at: dt.datetime | None
    applied_to: str | None = Field(description="实施对象")
    applied_on: dt.date | None = Field(description="实施日期")
    document_number: str | None = Field(description="实施文书号")
    reason: str | None = Field(description="未实施的原因")
    overdue: bool = Field(description="已过反馈期限仍未反馈")


class EntryMeasuresOut(BaseModel):
    entry_id: int = Field(description="名单条目编号")
    enterprise_name: str
    uscc: str
    list_type: str
    start_date: dt.date
    end_date: dt.date
    measures: list[FeedbackStateOut]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: str = Field("", description="applied 已实施 / not_applied 未实施")
    applied_to: str | None = Field(None, description="实施对象（默认为企业名称）")
    applied_on: dt.date | None = Field(None, description="实施日期（已实施时必填）")
    document_number: str | None = Field(None, description="实施文书号（已实施时必填）")
    reason: str | None = Field(None, description="未实施的原因（未实施时必填）")


class FeedbackOut(BaseModel):
    id: int = Field(description="反馈编号")
    entry_id: int
    measure_id: int
    outcome: str
    reported_at: dt.datetime


class EntryMeasureListOut(BaseModel):
    entry_id: int = Field(description="名单条目编号", examples=[77])
    measures: list[MeasureOut] = Field(description="该条目触发的联合奖惩措施（目录，附依据）")
