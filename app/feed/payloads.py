"""What the feed and the push carry: the 双公示 field set of a penalty, a list entry, a withdrawal.

Field names are English snake_case; ``PENALTY_FIELDS`` / ``LIST_ENTRY_FIELDS`` /
``WITHDRAWAL_FIELDS`` give each its Chinese label (the field meaning exchanged between credit
platforms), and the README and the OpenAPI document are generated from the same tables.

No resident ID number ever leaves the portal in plain text: a natural-person party's number is
carried in its masked form (``370602********1234``) at most, and a legal representative's number
not at all. Amounts are decimal strings in 万元 with 6 decimals (exact); dates are ``YYYY-MM-DD``.

Every builder is deterministic: the same stored record gives the same payload and the same
``content_hash``, which is how reconciliation compares the portal with the platform.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from app.kit.identifiers import mask_id_number
from app.models import (
    Authority,
    Enterprise,
    LicenceKind,
    LicenceRecord,
    LicenceVersion,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
)
from app.models.licence import LICENCE_CATEGORY_LABELS, REVOCATION_KIND_LABELS
from app.models.listing import BLACK_LIST_CATEGORY_LABELS, BlackListCategory, ListType
from app.models.penalty import PARTY_TYPE_LABELS, SEVERITY_LABELS

# kind -> Chinese label
EVENT_KINDS: dict[str, str] = {
    "penalty.published": "行政处罚公示",
    "penalty.corrected": "行政处罚更正（新版本取代旧版本）",
    "penalty.withdrawn": "行政处罚撤下公示（期满、信用修复或撤销）",
    "list_entry.published": "列入红名单或黑名单",
    "list_entry.withdrawn": "移出红名单或黑名单（期满或提前移出）",
    "inspection_case.published": "督察交办信访件调查处理情况公开",
    "inspection_case.corrected": "督察交办信访件调查处理情况更正（新版本取代旧版本）",
    "inspection_case.closed": "督察交办信访件办结（含阶段性办结）",
    "inspection_case.cancelled": "督察交办信访件销号",
    "licence.published": "行政许可公示",
    "licence.corrected": "行政许可更正（新版本取代旧版本）",
    "licence.revoked": "行政许可撤销或注销（记录继续公示，状态为已撤销或已注销）",
}
WITHDRAWAL_KINDS = frozenset({"penalty.withdrawn", "list_entry.withdrawn"})
RECORD_TYPES: dict[str, str] = {
    "penalty": "行政处罚",
    "list_entry": "红黑名单条目",
    "inspection_case": "督察交办信访件",
    "licence": "行政许可",
}

PENALTY_FIELDS: dict[str, str] = {
    "record_id": "记录编号（门户永久链接编号，各版本相同）",
    "version": "版本号（更正后递增）",
    "party_name": "行政相对人名称",
    "party_type": "行政相对人类别（法人及非法人组织 / 自然人 / 个体工商户）",
    "party_uscc": "统一社会信用代码（行政相对人）",
    "legal_representative": "法定代表人",
    "legal_rep_id_type": "法定代表人证件类型（证件号码不公示、不共享）",
    "party_id_type": "证件类型（自然人）",
    "party_id_masked": "证件号码（自然人，仅脱敏形式，如 370602********1234）",
    "decision_number": "行政处罚决定书文号",
    "violation_type": "违法行为类型",
    "violation_facts": "违法事实",
    "legal_basis": "处罚依据",
    "penalty_categories": "处罚类别（列表）",
    "penalty_content": "处罚内容",
    "fine_amount": "罚款金额（万元，6位小数的十进制字符串）",
    "confiscation_amount": "没收违法所得、没收非法财物的金额（万元）",
    "licence": "暂扣或吊销证照名称及编号",
    "severity": "违法程度（轻微 / 一般 / 严重）",
    "decision_date": "处罚决定日期",
    "valid_until": "处罚有效期",
    "publication_end_date": "公示截止期",
    "authority_name": "处罚机关",
    "authority_uscc": "处罚机关统一社会信用代码",
    "data_source_name": "数据来源单位",
    "data_source_uscc": "数据来源单位统一社会信用代码",
    "district_code": "所属行政区划代码",
    "remarks": "备注",
}

LIST_ENTRY_FIELDS: dict[str, str] = {
    "entry_id": "名单条目编号",
    "list_type": "名单类型（red 红名单：守信激励 / black 黑名单：失信惩戒）",
    "list_name": "名单名称（红名单 / 黑名单）",
    "enterprise_name": "企业名称",
    "uscc": "统一社会信用代码",
    "category": "认定类别代码（黑名单的严重失信行为类别）",
    "category_label": "认定类别",
    "basis": "认定依据（事实与理由）",
    "legal_basis": "法律依据",
    "decision_number": "认定文书编号",
    "start_date": "列入日期（起）",
    "end_date": "有效期至",
    "penalty_record_ids": "所依据的行政处罚记录编号",
    "measures": "触发的联合奖惩措施（目录中列入之日有效的措施：code, version, name 措施, "
    "department 实施部门, department_code, legal_basis 依据, subject 对象, duration 期限）",
}

LICENCE_FIELDS: dict[str, str] = {
    "record_id": "记录编号（门户永久链接编号，各版本相同）",
    "version": "版本号（更正后递增）",
    "party_name": "行政相对人名称",
    "party_type": "行政相对人类别（法人及非法人组织 / 个体工商户）",
    "party_uscc": "统一社会信用代码（行政相对人）",
    "legal_representative": "法定代表人",
    "document_name": "行政许可决定文书名称",
    "document_number": "行政许可决定文书号",
    "kind_code": "许可事项代码（如 pollutant_discharge 排污许可）",
    "kind_name": "许可事项",
    "category": "许可类别（普通 / 特许 / 认可 / 核准 / 登记 / 其他）",
    "certificate_name": "许可证书名称",
    "licence_number": "许可编号",
    "content": "许可内容",
    "decision_date": "许可决定日期",
    "valid_from": "有效期自",
    "valid_to": "有效期至（null 为长期）",
    "authority_name": "许可机关",
    "authority_uscc": "许可机关统一社会信用代码",
    "data_source_name": "数据来源单位",
    "data_source_uscc": "数据来源单位统一社会信用代码",
    "district_code": "所属行政区划代码",
    "remarks": "备注",
    "revocation_kind": "撤销或注销（撤销 / 注销；null 为未撤销）",
    "revocation_date": "撤销或注销日期",
    "revocation_reason": "撤销或注销原因",
    "revocation_document": "撤销或注销文书号",
}

# What the inspection_case.* events carry: the public row of the case table plus its status.
# Built by ``app.inspections.public_service.case_payload``; never a complainant, a private
# person's full name, an internal note or an unreviewed version.
INSPECTION_CASE_FIELDS: dict[str, str] = {
    "case_id": "信访件记录编号（门户永久链接编号）",
    "version": "调查处理情况版本号（更正后递增）",
    "campaign": "督察名称",
    "team": "督察组",
    "batch": "批次（第N批）",
    "handed_over_on": "交办日期",
    "case_number": "受理编号（按收到的原样）",
    "summary": "交办问题基本情况（自然人以“姓+某”表示）",
    "area_code": "行政区域代码",
    "area": "行政区域",
    "pollution_types": "污染类型（列表）",
    "investigation": "调查核实情况",
    "truth": "是否属实（属实 / 基本属实 / 部分属实 / 不属实）",
    "handling": "处理和整改情况",
    "accountability": "问责情况",
    "status": "办理状态（正在办理 / 阶段性办结 / 已办结 / 已销号）",
    "public_on": "公开日期",
    "enterprises": "涉及企业的统一社会信用代码（列表；经查不属实的不作为违法主体）",
    "penalty_record_ids": "立案处罚的行政处罚记录编号（列表）",
}

WITHDRAWAL_FIELDS: dict[str, str] = {
    "record_id": "被撤下的记录编号（行政处罚为记录编号，名单为条目编号）",
    "decision_number": "行政处罚决定书文号或认定文书编号",
    "uscc": "统一社会信用代码",
    "name": "行政相对人或企业名称",
    "list_type": "名单类型（仅名单条目）",
    "reason": "撤下原因代码（expired 期满 / repaired 信用修复 / removed 提前移出 / revoked 撤销）",
    "reason_label": "撤下原因",
    "withdrawn_on": "撤下日期",
}

WITHDRAWAL_REASONS: dict[str, str] = {
    "expired": "公示期满",
    "repaired": "信用修复",
    "removed": "提前移出",
    "revoked": "撤销",
    "corrected": "更正",
}


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.6f}"


def _masked(value: str | None) -> str | None:
    """The masked form; a value that is somehow not masked is masked here, never sent as is."""
    if value is None or "*" in value:
        return value
    return mask_id_number(value)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def penalty_payload(
    version: PenaltyVersion, record: PenaltyRecord, authority: Authority
) -> dict[str, Any]:
    """The 双公示 field set of one penalty version (see ``PENALTY_FIELDS``)."""
    return {
        "record_id": record.id,
        "version": version.version,
        "party_name": version.party_name,
        "party_type": PARTY_TYPE_LABELS[version.party_type],
        "party_uscc": version.party_uscc,
        "legal_representative": version.legal_representative,
        "legal_rep_id_type": version.legal_rep_id_type,
        "party_id_type": version.party_id_type,
        "party_id_masked": _masked(version.party_id_masked),
        "decision_number": record.decision_number,
        "violation_type": version.violation_type,
        "violation_facts": version.violation_facts,
        "legal_basis": version.legal_basis,
        "penalty_categories": list(version.penalty_categories),
        "penalty_content": version.penalty_content,
        "fine_amount": _amount(version.fine_amount),
        "confiscation_amount": _amount(version.confiscation_amount),
        "licence": version.licence,
        "severity": SEVERITY_LABELS[version.severity],
        "decision_date": _date(version.decision_date),
        "valid_until": _date(version.valid_until),
        "publication_end_date": _date(version.publication_end_date),
        "authority_name": authority.name,
        "authority_uscc": authority.uscc,
        "data_source_name": version.data_source_name,
        "data_source_uscc": version.data_source_uscc,
        "district_code": version.district_code,
        "remarks": version.remarks,
    }


def licence_payload(
    version: LicenceVersion, record: LicenceRecord, authority: Authority, kind: LicenceKind
) -> dict[str, Any]:
    """The 双公示 licence field set of one licence version, with its revocation (see
    ``LICENCE_FIELDS``). Nothing in it depends on the day it is built: the status (in force,
    expired) is the reader's to derive from the dates, so the content hash stays stable."""
    revoked = record.revoked_at is not None and record.revocation_kind is not None
    return {
        "record_id": record.id,
        "version": version.version,
        "party_name": version.party_name,
        "party_type": PARTY_TYPE_LABELS[version.party_type],
        "party_uscc": version.party_uscc,
        "legal_representative": version.legal_representative,
        "document_name": version.document_name,
        "document_number": record.document_number,
        "kind_code": kind.code,
        "kind_name": kind.name,
        "category": LICENCE_CATEGORY_LABELS[version.category],
        "certificate_name": version.certificate_name,
        "licence_number": version.licence_number,
        "content": version.content,
        "decision_date": _date(version.decision_date),
        "valid_from": _date(version.valid_from),
        "valid_to": _date(version.valid_to),
        "authority_name": authority.name,
        "authority_uscc": authority.uscc,
        "data_source_name": version.data_source_name,
        "data_source_uscc": version.data_source_uscc,
        "district_code": version.district_code,
        "remarks": version.remarks,
        "revocation_kind": REVOCATION_KIND_LABELS[record.revocation_kind]
        if revoked and record.revocation_kind
        else None,
        "revocation_date": _date(record.revocation_date) if revoked else None,
        "revocation_reason": record.revocation_reason if revoked else None,
        "revocation_document": record.revocation_document if revoked else None,
    }


def list_entry_payload(
    entry: ListEntry,
    enterprise: Enterprise,
    penalty_record_ids: list[int] | None = None,
    measures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A red- or black-list entry (see ``LIST_ENTRY_FIELDS``)."""
    category_label = None
    if entry.category is not None and entry.category in BlackListCategory.__members__:
        category_label = BLACK_LIST_CATEGORY_LABELS[BlackListCategory(entry.category)]
    return {
        "entry_id": entry.id,
        "list_type": entry.list_type.value,
        "list_name": "黑名单" if entry.list_type == ListType.black else "红名单",
        "enterprise_name": enterprise.name,
        "uscc": enterprise.uscc,
        "category": entry.category,
        "category_label": category_label,
        "basis": entry.basis,
        "legal_basis": entry.legal_basis,
        "decision_number": entry.decision_number,
        "start_date": _date(entry.start_date),
        "end_date": _date(entry.end_date),
        "penalty_record_ids": sorted(penalty_record_ids or []),
        "measures": list(measures or []),
    }


def penalty_withdrawal_payload(
    record: PenaltyRecord, version: PenaltyVersion, reason: str, on: dt.date
) -> dict[str, Any]:
    """A penalty's publication ended (see ``WITHDRAWAL_FIELDS``)."""
    return {
        "record_id": record.id,
        "decision_number": record.decision_number,
        "uscc": version.party_uscc,
        "name": version.party_name,
        "list_type": None,
        "reason": reason,
        "reason_label": WITHDRAWAL_REASONS.get(reason, reason),
        "withdrawn_on": on.isoformat(),
    }


def list_entry_withdrawal_payload(
    entry: ListEntry, enterprise: Enterprise, reason: str, on: dt.date
) -> dict[str, Any]:
    """A list entry ended or was removed (see ``WITHDRAWAL_FIELDS``)."""
    return {
        "record_id": entry.id,
        "decision_number": entry.decision_number,
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "list_type": entry.list_type.value,
        "reason": reason,
        "reason_label": WITHDRAWAL_REASONS.get(reason, reason),
        "withdrawn_on": on.isoformat(),
    }


def canonical_json(value: Any) -> str:
    """The one JSON form that is stored, signed, served and hashed (sorted keys, no spaces)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of an event's ``data``: the platform computes the same."""
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


_ID_NUMBER_KEYS = ("id_number", "legal_rep_id_number", "party_id_number", "id_encrypted")


def assert_no_id_number(data: dict[str, Any]) -> None:
    """Refuse a payload that carries an ID number field in plain text (a programming error)."""
    leaked = [k for k in data if k in _ID_NUMBER_KEYS or k.endswith(("_id_hash", "_encrypted"))]
    if leaked:
        raise ValueError(f"payload must not carry ID numbers: {leaked}")
