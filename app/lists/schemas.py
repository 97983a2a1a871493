"""What the public sees of the red list (honour list, 守信激励) and the black list (dishonesty
list, 失信惩戒). In Chinese usage red is good: the red list honours, the black list warns."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

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
