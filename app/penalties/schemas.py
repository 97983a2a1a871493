"""What the public sees of an administrative penalty (行政处罚, the 双公示 field set), in JSON and
on the pages alike. English field names; the Chinese 双公示 label opens each description.

No ID number is ever a field here, except the natural-person party's masked one
(``370602********1234``).

JSON shapes of the admin penalty API (``/api/v1/admin/penalties``). Field names are English
snake_case; the descriptions give the 双公示 meaning. Amounts go in as decimal strings in 元
(at most two decimals, e.g. ``"123456.78"``) and come out in 万元 (``"12.345678"``), exactly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from app.models import PenaltyRecord, PenaltyVersion
from app.web.params import NotBoolean, required_text


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
    total: int = Field(
        0,
        description="How many public penalties match the filters, on all pages. 符合条件的总条数",
        examples=[108],
    )


class PenaltyIn(BaseModel):
    """A penalty as the bureau's systems send it (the same rules as the form)."""

    model_config = ConfigDict(extra="forbid")

    party_name: str = Field("", description="行政相对人名称")
    party_type: str = Field(
        "", description="行政相对人类别：legal_entity / natural_person / individual_business"
    )
    party_uscc: str | None = Field(None, description="统一社会信用代码（组织必填）")
    create_enterprise: bool = Field(False, description="系统中没有该代码的企业时新建")
    legal_representative: str | None = Field(None, description="法定代表人")
    legal_rep_id_type: str | None = Field(None, description="法定代表人证件类型（不公示）")
    legal_rep_id_number: str | None = Field(None, description="法定代表人证件号码（只存摘要）")
    party_id_type: str | None = Field(None, description="证件类型（自然人）")
    party_id_number: str | None = Field(
        None, description="证件号码（自然人必填；加密保存，只返回脱敏形式）"
    )
    decision_number: str = Field("", description="行政处罚决定书文号（同一机关内唯一）")
    violation_type: str = Field("", description="违法行为类型")
    violation_facts: str = Field("", description="违法事实")
    legal_basis: str = Field("", description="处罚依据")
    penalty_categories: list[str] = Field(
        default_factory=list, description="处罚类别（一项或多项）"
    )
    penalty_content: str = Field("", description="处罚内容")
    fine_amount_yuan: Annotated[str | int | None, NotBoolean] = Field(
        None, description="罚款金额（元，字符串）"
    )
    confiscation_amount_yuan: Annotated[str | int | None, NotBoolean] = Field(
        None, description="没收违法所得、没收非法财物的金额（元，字符串）"
    )
    licence: str | None = Field(None, description="暂扣或吊销证照名称及编号")
    severity: str = Field("", description="严重程度：minor 轻微 / general 一般 / serious 严重")
    decision_date: str = Field("", description="处罚决定日期（YYYY-MM-DD，不晚于今天）")
    valid_until: str = Field("", description="处罚有效期（YYYY-MM-DD，不早于决定日期）")
    district_code: str | None = Field(None, description="所属区县代码（默认为企业所在区县）")
    data_source_name: str | None = Field(None, description="数据来源单位（默认为本机关）")
    data_source_uscc: str | None = Field(None, description="数据来源单位统一社会信用代码")
    remarks: str | None = Field(None, description="备注")
    change_reason: str | None = Field(None, description="更正原因（更正时必填）")

    def raw(self, authority_name: str, authority_uscc: str) -> dict[str, Any]:
        values = {k: ("" if v is None else v) for k, v in self.model_dump().items()}
        values["fine_amount_yuan"] = str(values["fine_amount_yuan"])
        values["confiscation_amount_yuan"] = str(values["confiscation_amount_yuan"])
        values["create_enterprise"] = "1" if self.create_enterprise else ""
        values["data_source_name"] = values["data_source_name"] or authority_name
        values["data_source_uscc"] = values["data_source_uscc"] or authority_uscc
        return values


class ReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = required_text("退回原因（必填）")


class PenaltyVersionOut(BaseModel):
    id: int = Field(description="版本编号（审核、修改时使用）")
    record_id: int = Field(description="处罚记录编号（各版本相同）")
    version: int
    status: str = Field(description="draft / submitted / returned / published / superseded …")
    decision_number: str
    party_name: str
    party_type: str
    party_uscc: str | None
    party_id_masked: str | None = Field(description="证件号码（脱敏）")
    legal_representative: str | None
    violation_type: str
    violation_facts: str
    legal_basis: str
    penalty_categories: list[str]
    penalty_content: str
    fine_amount_wan: str | None = Field(description="罚款金额（万元）")
    confiscation_amount_wan: str | None
    licence: str | None
    severity: str
    decision_date: dt.date
    valid_until: dt.date
    publication_end_date: dt.date | None = Field(description="公示截止期（审核通过时计算）")
    district_code: str | None
    data_source_name: str
    data_source_uscc: str
    remarks: str | None
    change_reason: str | None
    review_comment: str | None
    created_by_id: int | None
    submitted_by_id: int | None
    submitted_at: dt.datetime | None
    reviewed_by_id: int | None
    reviewed_at: dt.datetime | None
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None
    import_batch_id: int | None
    masked_fields: list[str] = Field(
        default_factory=list,
        description="公示文字中自动遮盖了身份证号码或手机号码的字段（仅在保存时返回）",
    )

    @classmethod
    def of(
        cls, version: PenaltyVersion, record: PenaltyRecord, masked_fields: list[str] | None = None
    ) -> PenaltyVersionOut:
        def amount(value: Any) -> str | None:
            return None if value is None else format(value.normalize(), "f")

        return cls(
            id=version.id,
            record_id=version.record_id,
            version=version.version,
            status=version.status.value,
            decision_number=record.decision_number,
            party_name=version.party_name,
            party_type=version.party_type.value,
            party_uscc=version.party_uscc,
            party_id_masked=version.party_id_masked,
            legal_representative=version.legal_representative,
            violation_type=version.violation_type,
            violation_facts=version.violation_facts,
            legal_basis=version.legal_basis,
            penalty_categories=list(version.penalty_categories),
            penalty_content=version.penalty_content,
            fine_amount_wan=amount(version.fine_amount),
            confiscation_amount_wan=amount(version.confiscation_amount),
            licence=version.licence,
            severity=version.severity.value,
            decision_date=version.decision_date,
            valid_until=version.valid_until,
            publication_end_date=version.publication_end_date,
            district_code=version.district_code,
            data_source_name=version.data_source_name,
            data_source_uscc=version.data_source_uscc,
            remarks=version.remarks,
            change_reason=version.change_reason,
            review_comment=version.review_comment,
            created_by_id=version.created_by_id,
            submitted_by_id=version.submitted_by_id,
            submitted_at=version.submitted_at,
            reviewed_by_id=version.reviewed_by_id,
            reviewed_at=version.reviewed_at,
            published_at=version.published_at,
            superseded_at=version.superseded_at,
            import_batch_id=version.import_batch_id,
            masked_fields=masked_fields or [],
        )
