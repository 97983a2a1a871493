"""What the public sees of an administrative penalty (行政处罚, the 双公示 field set), in JSON and
on the pages alike. English field names; the Chinese 双公示 label opens each description.

No ID number is ever a field here, except the natural-person party's masked one
(``370602********1234``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer


def wan_text(value: Decimal) -> str:
    """An exact amount in 万元 without trailing zeros (10.500000 -> "10.5")."""
    text = format(value.normalize(), "f")
    return text


WanAmount = Annotated[Decimal, PlainSerializer(wan_text, return_type=str, when_used="json")]


class PenaltyPage(BaseModel):
    """Shared fields of a penalty in a list and on its own page."""

    id: int = Field(description="Permalink id. 记录编号（永久链接）", examples=[1024])
    url: str = Field(description="The permalink page. 公示页面地址", examples=["/penalties/1024"])
    decision_number: str = Field(
        description="行政处罚决定书文号 (decision number)", examples=["烟环罚〔2026〕第123号"]
    )
    party_name: str = Field(
        description="行政相对人名称 (party name)", examples=["烟台某某化工有限公司"]
    )
    party_type: str = Field(
        description="行政相对人类别 code: legal_entity, natural_person, individual_business",
        examples=["legal_entity"],
    )
    party_type_label: str = Field(
        description="行政相对人类别 (party category)", examples=["法人及非法人组织"]
    )
    party_uscc: str | None = Field(
        description="统一社会信用代码 of the party (organisations)",
        examples=["91370611MA3C00003F"],
    )
    enterprise_url: str | None = Field(
        description="The party's enterprise record page, when known. 企业信用记录页面",
        examples=["/enterprises/91370611MA3C00003F"],
    )
    violation_type: str = Field(description="违法行为类型 (violation type)", examples=["超标排放"])
    penalty_categories: list[str] = Field(
        description="处罚类别 (penalty categories)", examples=[["罚款"]]
    )
    fine_amount: WanAmount | None = Field(
        description="罚款金额（万元）: fine in 10,000 yuan, an exact decimal as a string",
        examples=["10.5"],
    )
    decision_date: dt.date = Field(
        description="处罚决定日期 (decision date)", examples=["2026-06-01"]
    )
    publication_end_date: dt.date = Field(
        description="公示截止期: last day this record is public", examples=["2027-05-31"]
    )
    authority_name: str = Field(
        description="处罚机关 (deciding authority)", examples=["烟台市生态环境局"]
    )
    district_code: str | None = Field(
        description="行政区划代码 of the case (district)", examples=["370611"]
    )
    district_name: str | None = Field(description="区县 (district name)", examples=["福山区"])


class PenaltySummary(PenaltyPage):
    """A penalty in a list."""


class PenaltyDetail(PenaltyPage):
    """Every public 双公示 field of a penalty's current public version."""

    version: int = Field(description="版本: 1, or higher after corrections (更正)", examples=[1])
    legal_representative: str | None = Field(
        description="法定代表人 (legal representative, organisations)", examples=["张三"]
    )
    party_id_masked: str | None = Field(
        description="证件号码 of a natural-person party, masked (first 6, eight *, last 4)",
        examples=["370602********1234"],
    )
    violation_facts: str = Field(
        description="违法事实 (facts)",
        examples=["经现场检查，该单位废气排放口颗粒物浓度超过排放标准。"],
    )
    legal_basis: str = Field(
        description="处罚依据 (legal basis)",
        examples=["《中华人民共和国大气污染防治法》第九十九条"],
    )
    penalty_content: str = Field(
        description="处罚内容 (content of the decision)", examples=["罚款人民币10.5万元"]
    )
    confiscation_amount: WanAmount | None = Field(
        description="没收违法所得、没收非法财物的金额（万元）, exact decimal string",
        examples=["0.8"],
    )
    licence: str | None = Field(
        description="暂扣或吊销证照名称及编号 (licence held or revoked)",
        examples=["排污许可证 91370611MA3C00003F001P"],
    )
    valid_until: dt.date = Field(
        description="处罚有效期 (penalty valid until)", examples=["2027-06-01"]
    )
    authority_uscc: str = Field(
        description="处罚机关统一社会信用代码", examples=["113706000044670039"]
    )
    data_source_name: str = Field(
        description="数据来源单位 (data source)", examples=["烟台市生态环境局"]
    )
    data_source_uscc: str = Field(
        description="数据来源单位统一社会信用代码", examples=["113706000044670039"]
    )
    remarks: str | None = Field(description="备注 (remarks)", examples=[None])
    objection_open: bool = Field(
        description="异议处理中: an objection to this record is open (on the `as_of` day); "
        "the authority is checking it",
        examples=[False],
    )
    updated_at: dt.datetime = Field(
        description="数据更新于: when this version last changed (UTC)",
        examples=["2026-06-01T02:00:00Z"],
    )


class PenaltyList(BaseModel):
    """One page of public penalties, newest decision first."""

    items: list[PenaltySummary] = Field(description="The penalties on this page. 行政处罚")
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page (pass as `cursor`); null on the last page. "
        "下一页参数",
        examples=["eyJkIjoiMjAyNi0wNi0wMSIsImlkIjoxMDI0fQ.1a2b3c4d5e6f7a8b"],
    )
    as_of: dt.date = Field(
        description="The day these records are public on. 公示日期", examples=["2026-06-01"]
    )
