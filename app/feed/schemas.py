"""The feed's format, for the OpenAPI document (the responses themselves are spliced JSON).

The field tables of ``app.feed.payloads`` are the single source: each field's description is its
Chinese label, so the OpenAPI document, the README and the payloads cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from app.feed.payloads import (
    EVENT_KINDS,
    INSPECTION_CASE_FIELDS,
    LICENCE_FIELDS,
    LIST_ENTRY_FIELDS,
    PENALTY_FIELDS,
    WITHDRAWAL_FIELDS,
)

_TYPES: dict[str, Any] = {
    "record_id": int,
    "version": int,
    "entry_id": int,
    "penalty_categories": list[str],
    "penalty_record_ids": list[int],
    "case_id": int,
    "pollution_types": list[str],
    "enterprises": list[str],
    "measures": list[dict[str, Any]],
}


def _model(name: str, doc: str, fields: dict[str, str]) -> type[BaseModel]:
    definitions: dict[str, Any] = {
        key: (_TYPES.get(key, str | None), Field(description=label))
        for key, label in fields.items()
    }
    model: type[BaseModel] = create_model(name, __doc__=doc, **definitions)
    return model


PenaltyData = _model(
    "PenaltyData", "行政处罚（双公示字段）：penalty.published / penalty.corrected", PENALTY_FIELDS
)
ListEntryData = _model("ListEntryData", "红黑名单条目：list_entry.published", LIST_ENTRY_FIELDS)
LicenceData = _model(
    "LicenceData",
    "行政许可（双公示字段）：licence.published / licence.corrected / licence.revoked",
    LICENCE_FIELDS,
)
WithdrawalData = _model(
    "WithdrawalData", "撤下：penalty.withdrawn / list_entry.withdrawn", WITHDRAWAL_FIELDS
)

InspectionCaseData = _model(
    "InspectionCaseData",
    "督察交办信访件：inspection_case.published / corrected / closed / cancelled",
    INSPECTION_CASE_FIELDS,
)

KIND_DOC = "；".join(f"`{k}` {v}" for k, v in EVENT_KINDS.items())


class RecordRef(BaseModel):
    type: Literal["penalty", "list_entry", "licence", "inspection_case"] = Field(
        description="记录类型：行政处罚、红黑名单条目、行政许可或督察交办信访件"
    )
    id: int = Field(
        description="记录编号（行政处罚、行政许可为记录编号，各版本相同；名单为条目编号）"
    )
    version: int = Field(description="记录内容的版本号（行政处罚、行政许可更正后递增）")
    sequence: int = Field(
        description="该记录的事件序号（1, 2, 3 …）：按此顺序应用；不大于已应用序号的事件应忽略"
    )


class FeedEventOut(BaseModel):
    model_config = ConfigDict(title="FeedEvent")

    id: str = Field(description="事件编号（全局唯一，推送时即 webhook-id；据此去重）")
    type: str = Field(description=f"事件类型：{KIND_DOC}")
    timestamp: str = Field(description="事件发生时间（UTC，ISO 8601）")
    record: RecordRef
    data: PenaltyData | ListEntryData | LicenceData | WithdrawalData | InspectionCaseData = Field(  # type: ignore[valid-type]  # models built at import
        description="记录内容（按事件类型为行政处罚、名单条目、行政许可、撤下或督察交办信访件）"
    )


class FeedPageOut(BaseModel):
    model_config = ConfigDict(title="FeedPage")

    events: list[FeedEventOut] = Field(description="按全序排列的事件")
    next_cursor: str = Field(
        description="下一次请求的 after 参数（不透明字符串）；没有新事件时与请求的游标位置相同"
    )
    has_more: bool = Field(description="是否还有更多事件（true 时应立即请求下一页）")


class SnapshotItem(BaseModel):
    record: RecordRef
    data: PenaltyData | ListEntryData | LicenceData = Field(  # type: ignore[valid-type]  # models built at import
        description="当前公示的记录内容"
    )
    content_hash: str = Field(description="data 的规范 JSON 的 SHA-256（用于核对）")


class SnapshotOut(BaseModel):
    model_config = ConfigDict(title="FeedSnapshot")

    cursor: str = Field(description="从此游标继续读取 /api/v1/feed，即可不漏不重地跟上变化")
    as_of: str = Field(description="快照所依据的日期（Asia/Shanghai）")
    count: int = Field(description="记录条数")
    items: list[SnapshotItem] = Field(description="当前公示的全部行政处罚与在效名单条目")


EXAMPLE_EVENT: dict[str, Any] = {
    "id": "evt_3f0c6f2a9d8e4b7c8a1b2c3d4e5f6a7b",
    "type": "penalty.published",
    "timestamp": "2026-06-01T02:00:00.000000Z",
    "record": {"type": "penalty", "id": 12, "version": 1, "sequence": 1},
    "data": {
        "record_id": 12,
        "version": 1,
        "party_name": "烟台某化工有限公司",
        "party_type": "法人及非法人组织",
        "party_uscc": "91370611MA3C00003F",
        "legal_representative": "张三",
        "legal_rep_id_type": None,
        "party_id_type": None,
        "party_id_masked": None,
        "decision_number": "烟环罚〔2026〕第12号",
        "violation_type": "超标排放",
        "violation_facts": "经现场检查，该单位废气排放口颗粒物浓度超过排放标准。",
        "legal_basis": "《中华人民共和国大气污染防治法》第九十九条",
        "penalty_categories": ["罚款"],
        "penalty_content": "罚款人民币10.5万元",
        "fine_amount": "10.500000",
        "confiscation_amount": None,
        "licence": None,
        "severity": "一般",
        "decision_date": "2026-06-01",
        "valid_until": "2027-06-01",
        "publication_end_date": "2027-05-31",
        "authority_name": "烟台市生态环境局",
        "authority_uscc": "11370600MB00000001",
        "data_source_name": "烟台市生态环境局",
        "data_source_uscc": "11370600MB00000001",
        "district_code": "370611",
        "remarks": None,
    },
}

EXAMPLE_WITHDRAWAL: dict[str, Any] = {
    "id": "evt_9a8b7c6d5e4f40312a1b2c3d4e5f6a7b",
    "type": "penalty.withdrawn",
    "timestamp": "2027-06-01T16:00:05.000000Z",
    "record": {"type": "penalty", "id": 12, "version": 1, "sequence": 2},
    "data": {
        "record_id": 12,
        "decision_number": "烟环罚〔2026〕第12号",
        "uscc": "91370611MA3C00003F",
        "name": "烟台某化工有限公司",
        "list_type": None,
        "reason": "expired",
        "reason_label": "公示期满",
        "withdrawn_on": "2027-06-01",
    },
}

EXAMPLE_PAGE: dict[str, Any] = {
    "events": [EXAMPLE_EVENT, EXAMPLE_WITHDRAWAL],
    "next_cursor": "eyJmZWVkIjoyfQ.4c1d2e3f4a5b6c7d",
    "has_more": False,
}
