"""What the public sees of the red list (honour list, 守信激励) and the black list (dishonesty
list, 失信惩戒). In Chinese usage red is good: the red list honours, the black list warns.

JSON shapes of the admin list-decision API (``/api/v1/admin/list-entries``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models import ListEntry, ListType
from app.web.params import RecordId, required_text

ListName = Literal["black", "red"]


class CitedPenalty(BaseModel):
    id: int = Field(description="Permalink id of the penalty. 行政处罚记录编号", examples=[1024])
    decision_number: str = Field(
        description="行政处罚决定书文号 (decision number)", examples=["烟环罚〔2026〕第123号"]
    )
    url: str = Field(
        description="The penalty's page. 行政处罚公示页面", examples=["/penalties/1024"]
    )


class ListEntryOut(BaseModel):
    """An enterprise on a list, in force today."""

    id: int = Field(description="Entry id. 名单记录编号", examples=[77])
    list_type: ListName = Field(
        description="black = dishonesty list (黑名单, 失信惩戒); "
        "red = honour list (红名单, 守信激励)",
        examples=["black"],
    )
    list_label: str = Field(description="名单 (list name)", examples=["黑名单"])
    enterprise_name: str = Field(
        description="企业名称 (enterprise name)", examples=["烟台某某化工有限公司"]
    )
    enterprise_uscc: str = Field(
        description="统一社会信用代码 (unified social credit code)", examples=["91370611MA3C00003F"]
    )
    enterprise_url: str = Field(
        description="The enterprise's record page. 企业信用记录页面",
        examples=["/enterprises/91370611MA3C00003F"],
    )
    district_code: str | None = Field(
        description="行政区划代码 (district code)", examples=["370611"]
    )
    district_name: str | None = Field(description="所属区县 (district)", examples=["福山区"])
    industry: str | None = Field(
        description="所属行业 (industry)", examples=["化学原料和化学制品制造业"]
    )
    category: str | None = Field(
        description="列入类别 code (black list only), e.g. hidden_discharge",
        examples=["hidden_discharge"],
    )
    category_label: str | None = Field(
        description="列入类别 (category, black list only)",
        examples=["通过暗管、渗井、渗坑或旁路等逃避监管方式排放"],
    )
    basis: str = Field(
        description="列入依据 (facts and reasons)", examples=["通过暗管排放水污染物"]
    )
    legal_basis: str | None = Field(
        description="法律依据 (legal basis)", examples=["《企业环境信用评价办法（试行）》第十六条"]
    )
    decision_number: str | None = Field(
        description="认定决定文号 (decision number of the listing)",
        examples=["烟环信〔2026〕第5号"],
    )
    start_date: dt.date = Field(description="列入日期 (on the list since)", examples=["2026-06-01"])
    end_date: dt.date = Field(
        description="截止日期 (on the list until, inclusive)", examples=["2027-05-31"]
    )
    penalties: list[CitedPenalty] = Field(
        description="Cited penalties that are public today. 相关行政处罚（公示中）",
        examples=[
            [{"id": 1024, "decision_number": "烟环罚〔2026〕第123号", "url": "/penalties/1024"}]
        ],
    )
    updated_at: dt.datetime = Field(
        description="数据更新于: when this entry last changed (UTC)",
        examples=["2026-06-01T02:00:00Z"],
    )


class ListPage(BaseModel):
    """One page of a list, newest entry first."""

    list_type: ListName = Field(
        description="black (黑名单, dishonesty) or red (红名单, honour)", examples=["black"]
    )
    list_label: str = Field(description="名单 (list name)", examples=["黑名单"])
    items: list[ListEntryOut] = Field(description="The entries on this page. 名单记录")
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page (pass as `cursor`); null on the last page. "
        "下一页参数",
        examples=["eyJkIjoiMjAyNi0wNi0wMSIsImlkIjo3N30.1a2b3c4d5e6f7a8b"],
    )
    as_of: dt.date = Field(
        description="The day these entries are in force on. 日期", examples=["2026-06-01"]
    )
    total: int = Field(
        0,
        description="How many entries match the filters, on all pages. 符合条件的总条数",
        examples=[6],
    )


class ListDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    list_type: ListType = Field(description="black 黑名单（失信惩戒） / red 红名单（守信激励）")
    enterprise_id: RecordId
    basis: str = Field("", description="认定依据（必填）")
    start_date: dt.date
    end_date: dt.date = Field(description="黑名单期限不少于规定的最短期限（默认12个月）")
    category: str | None = Field(None, description="严重失信行为类别（黑名单必填）")
    penalty_record_ids: list[RecordId] = Field(
        default_factory=list, description="引用的已公示行政处罚记录编号（黑名单至少一项）"
    )
    legal_basis: str | None = Field(None, description="法律依据")
    decision_number: str | None = Field(None, max_length=100, description="认定文书编号")


class ListReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = required_text("理由（必填）")


class ListDecisionOut(BaseModel):
    id: int
    enterprise_id: int
    list_type: str
    status: str = Field(description="proposed 待审核 / approved 已生效 / rejected / removed")
    category: str | None
    basis: str
    legal_basis: str | None
    decision_number: str | None
    start_date: dt.date
    end_date: dt.date
    penalty_record_ids: list[int]
    criteria_check: list[dict[str, Any]] | None
    proposed_by_id: int | None
    proposed_at: dt.datetime | None
    approved_by_id: int | None
    approved_at: dt.datetime | None
    rejected_by_id: int | None
    review_comment: str | None
    removal_proposed_by_id: int | None
    removal_reason: str | None
    removed_at: dt.datetime | None

    @classmethod
    def of(cls, entry: ListEntry, cited: list[int]) -> ListDecisionOut:
        return cls(
            id=entry.id,
            enterprise_id=entry.enterprise_id,
            list_type=entry.list_type.value,
            status=entry.status.value,
            category=entry.category,
            basis=entry.basis,
            legal_basis=entry.legal_basis,
            decision_number=entry.decision_number,
            start_date=entry.start_date,
            end_date=entry.end_date,
            penalty_record_ids=cited,
            criteria_check=entry.criteria_check,
            proposed_by_id=entry.proposed_by_id,
            proposed_at=entry.proposed_at,
            approved_by_id=entry.approved_by_id,
            approved_at=entry.approved_at,
            rejected_by_id=entry.rejected_by_id,
            review_comment=entry.review_comment,
            removal_proposed_by_id=entry.removal_proposed_by_id,
            removal_reason=entry.removal_reason,
            removed_at=entry.removed_at,
        )
