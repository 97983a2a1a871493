"""The 双公示 field set of a penalty as regulators enter it: one validator for the form, the JSON
API and the batch import, so that the three accept exactly the same records.

``validate_penalty`` collects every problem (never only the first) as :class:`FieldError` with a
Chinese message, keyed by the field name used in the form and the API.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from app.access.jurisdiction import DIVISION_CODES
from app.config import Settings
from app.kit.errors import FieldError, ValidationFailed
from app.kit.id_numbers import ID_TYPES, RESIDENT_ID, ProtectedId, normalise_id, protect_id
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.personal_numbers import mask_personal_numbers
from app.kit.values import (
    ValueProblem,
    clean_text,
    named_choice,
    parse_date,
    parse_past_date,
    parse_wan,
    parse_yuan,
)
from app.models.penalty import (
    PARTY_TYPE_LABELS,
    PENALTY_CATEGORIES,
    SEVERITY_LABELS,
    PartyType,
    Severity,
)

LABELS: dict[str, str] = {
    "party_name": "行政相对人名称",
    "party_type": "行政相对人类别",
    "party_uscc": "统一社会信用代码",
    "create_enterprise": "新建企业",
    "legal_representative": "法定代表人",
    "legal_rep_id_type": "法定代表人证件类型",
    "legal_rep_id_number": "法定代表人证件号码",
    "party_id_type": "证件类型",
    "party_id_number": "证件号码",
    "decision_number": "行政处罚决定书文号",
    "violation_type": "违法行为类型",
    "violation_facts": "违法事实",
    "legal_basis": "处罚依据",
    "penalty_categories": "处罚类别",
    "penalty_content": "处罚内容",
    "fine_amount": "罚款金额",
    "confiscation_amount": "没收违法所得、没收非法财物的金额",
    "licence": "暂扣或吊销证照名称及编号",
    "severity": "严重程度",
    "decision_date": "处罚决定日期",
    "valid_until": "处罚有效期",
    "district_code": "所属区县",
    "data_source_name": "数据来源单位",
    "data_source_uscc": "数据来源单位统一社会信用代码",
    "remarks": "备注",
    "change_reason": "更正原因",
}

MAX_LENGTHS = {
    "party_name": 200,
    "legal_representative": 100,
    "decision_number": 100,
    "violation_type": 50,
    "violation_facts": 5000,
    "legal_basis": 2000,
    "penalty_content": 5000,
    "licence": 200,
    "data_source_name": 100,
    "remarks": 2000,
    "change_reason": 1000,
}

REQUIRED_TEXT = (
    "party_name",
    "decision_number",
    "violation_type",
    "violation_facts",
    "legal_basis",
    "penalty_content",
    "data_source_name",
)

COMMON_VIOLATION_TYPES = (
    "未批先建",
    "未验先投",
    "超标排放",
    "逃避监管排放",
    "危险废物违规处置",
    "挥发性有机物未密闭或治理设施闲置",
    "扬尘污染",
    "油气回收不达标",
)

CONFISCATION_CATEGORIES = ("没收违法所得", "没收非法财物")
LICENCE_CATEGORIES = ("暂扣许可证件", "吊销许可证件")
_CATEGORY_SPLIT = re.compile(r"[;；,，、/\s]+")


@dataclass
class PenaltyInput:
    """A validated penalty, in the units and forms that are stored."""

    party_name: str
    party_type: PartyType
    party_uscc: str | None
    create_enterprise: bool
    legal_representative: str | None
    legal_rep_id: ProtectedId | None
    party_id: ProtectedId | None
    decision_number: str
    violation_type: str
    violation_facts: str
    legal_basis: str
    penalty_categories: list[str]
    penalty_content: str
    fine_amount: Decimal | None
    confiscation_amount: Decimal | None
    licence: str | None
    severity: Severity
    decision_date: dt.date
    valid_until: dt.date
    district_code: str | None
    data_source_name: str
    data_source_uscc: str
    remarks: str | None
    # Public text fields in which ID or mobile numbers were found and masked (their labels).
    masked_fields: list[str] = field(default_factory=list)
    keep_party_id: bool = False  # the number was left blank on an edit: keep the stored one
    keep_legal_rep_id: bool = False
    change_reason: str | None = None


@dataclass
class _Collector:
    raw: Mapping[str, object]
    errors: list[FieldError] = field(default_factory=list)

    def add(self, name: str, message: str, code: str = "invalid") -> None:
        if not any(e.field == name for e in self.errors):
            self.errors.append(FieldError(name, message, code))

    def text(self, name: str, required: bool = False) -> str | None:
        try:
            value = clean_text(self.raw.get(name))
        except ValueProblem as problem:
            self.add(name, problem.message, problem.code)
            return None
        limit = MAX_LENGTHS.get(name)
        if limit is not None and len(value) > limit:
            self.add(name, f"{LABELS[name]}不能超过{limit}个字", "too_long")
            return None
        if not value:
            if required:
                self.add(name, f"请填写{LABELS[name]}", "required")
            return None
        return value


def _categories(raw: object) -> list[str]:
    items: list[str] = []
    if isinstance(raw, list | tuple):
        for item in raw:
            items.extend(_CATEGORY_SPLIT.split(str(item)))
    elif raw is not None:
        items = _CATEGORY_SPLIT.split(str(raw))
    seen: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in seen:
            seen.append(item)
    return seen


_choice = named_choice


def _protected_id(
    c: _Collector, settings: Settings, type_name: str, number_name: str, required: bool
) -> tuple[ProtectedId | None, bool]:
    """(protected id, left blank) for a pair of ID type and number fields."""
    id_type = c.text(type_name) or RESIDENT_ID
    number = c.text(number_name)
    if id_type not in ID_TYPES:
        c.add(type_name, f"{LABELS[type_name]}应为：{'、'.join(ID_TYPES)}")
        return None, False
    if number is None:
        if required:
            c.add(number_name, f"请填写{LABELS[number_name]}", "required")
        return None, True
    try:
        canonical = normalise_id(id_type, number)
    except IdentifierError as error:
        c.add(number_name, error.message, error.code)
        return None, False
    if not 4 <= len(canonical) <= 30:
        c.add(number_name, f"{LABELS[number_name]}长度应为4至30位")
        return None, False
    return protect_id(settings, id_type, canonical), False


def _amount(c: _Collector, name: str, unit: str) -> Decimal | None:
    raw = c.raw.get(f"{name}_yuan" if unit == "yuan" else f"{name}_wan")
    if raw is None or not str(raw).strip():
        return None
    try:
        return parse_yuan(str(raw)) if unit == "yuan" else parse_wan(str(raw))
    except ValueProblem as problem:
        c.add(name, problem.message, problem.code)
        return None


def validate_penalty(
    raw: Mapping[str, object],
    settings: Settings,
    *,
    amount_unit: str = "yuan",
    existing_party_id: bool = False,
    existing_legal_rep_id: bool = False,
) -> PenaltyInput:
    """Check every field and the rules between them; raise ValidationFailed listing them all.

    ``existing_*`` say that the version being edited already holds an ID number, so that a blank
    number field keeps it (the number is never shown again, so it cannot be sent back).
    """
    c = _Collector(raw)
    texts = {name: c.text(name, required=True) for name in REQUIRED_TEXT}
    legal_rep = c.text("legal_representative")
    licence = c.text("licence")
    remarks = c.text("remarks")
    change_reason = c.text("change_reason")

    party_type_value = _choice(raw.get("party_type"), PARTY_TYPE_LABELS)
    party_type = PartyType(party_type_value) if party_type_value else None
    if party_type is None:
        c.add("party_type", "请选择行政相对人类别", "required")

    party_uscc: str | None = None
    uscc_text = c.text("party_uscc")
    party_id: ProtectedId | None = None
    keep_party_id = False
    legal_rep_id: ProtectedId | None = None
    keep_legal_rep_id = False
    if party_type in (PartyType.legal_entity, PartyType.individual_business):
        try:
            party_uscc = parse_uscc(uscc_text)
        except IdentifierError as error:
            c.add("party_uscc", error.message, error.code)
        if party_type == PartyType.legal_entity and not legal_rep:
            c.add("legal_representative", "法人及非法人组织须填写法定代表人", "required")
        legal_rep_id, blank = _protected_id(
            c, settings, "legal_rep_id_type", "legal_rep_id_number", required=False
        )
        keep_legal_rep_id = blank and existing_legal_rep_id
    elif party_type == PartyType.natural_person:
        if uscc_text:
            c.add("party_uscc", "自然人没有统一社会信用代码，请留空")
        party_id, blank = _protected_id(
            c, settings, "party_id_type", "party_id_number", required=not existing_party_id
        )
        keep_party_id = blank and existing_party_id

    categories = _categories(raw.get("penalty_categories"))
    unknown = [item for item in categories if item not in PENALTY_CATEGORIES]
    if unknown:
        c.add("penalty_categories", f"处罚类别“{'、'.join(unknown)}”不在规定的类别中")
    elif not categories:
        c.add("penalty_categories", "请至少选择一项处罚类别", "required")

    fine = _amount(c, "fine_amount", amount_unit)
    confiscation = _amount(c, "confiscation_amount", amount_unit)
    if "罚款" in categories:
        if fine is None:
            c.add("fine_amount", "处罚类别含“罚款”时须填写罚款金额", "required")
        elif fine <= 0:
            c.add("fine_amount", "罚款金额应大于0", "amount_zero")
    elif fine is not None and categories:
        c.add("fine_amount", "填写了罚款金额，但处罚类别未选择“罚款”")
    if any(item in categories for item in CONFISCATION_CATEGORIES):
        if confiscation is None:
            c.add("confiscation_amount", "处罚类别含没收时须填写没收金额", "required")
    elif confiscation is not None and categories:
        c.add("confiscation_amount", "填写了没收金额，但处罚类别未选择没收违法所得或没收非法财物")
    if any(item in categories for item in LICENCE_CATEGORIES) and not licence:
        c.add("licence", "处罚类别含暂扣或吊销许可证件时须填写证照名称及编号", "required")

    severity_value = _choice(raw.get("severity"), SEVERITY_LABELS)
    if severity_value is None:
        c.add("severity", "请选择严重程度（轻微、一般或严重）", "required")

    decision_date = _date(c, "decision_date", past=True)
    valid_until = _date(c, "valid_until", past=False)
    if decision_date and valid_until and valid_until < decision_date:
        c.add("valid_until", "处罚有效期不能早于处罚决定日期", "date_order")

    district = c.text("district_code")
    if district is not None and district not in DIVISION_CODES:
        c.add("district_code", "所属区县不是本市的区县代码")

    data_source_uscc: str | None = None
    try:
        data_source_uscc = parse_uscc(c.text("data_source_uscc"))
    except IdentifierError as error:
        c.add("data_source_uscc", error.message, error.code)

    # Everything below is public once published: ID and mobile numbers typed into it are masked
    # here, before anything is stored, and the officer is told (``masked_fields``).
    masked_fields: list[str] = []

    def public(name: str, value: str | None) -> str | None:
        if value is None:
            return None
        masked = mask_personal_numbers(value)
        if masked.changed:
            masked_fields.append(LABELS[name])
        return masked.text

    texts = {n: v if n == "decision_number" else public(n, v) for n, v in texts.items()}
    legal_rep = public("legal_representative", legal_rep)
    licence = public("licence", licence)
    remarks = public("remarks", remarks)
    change_reason = public("change_reason", change_reason)

    if (
        c.errors
        or party_type is None
        or severity_value is None
        or decision_date is None
        or valid_until is None
        or data_source_uscc is None
    ):
        raise ValidationFailed(fields=c.errors)
    return PenaltyInput(
        party_name=_req(texts["party_name"]),
        party_type=party_type,
        party_uscc=party_uscc,
        create_enterprise=_truthy(raw.get("create_enterprise")),
        legal_representative=legal_rep,
        legal_rep_id=legal_rep_id,
        party_id=party_id,
        decision_number=_req(texts["decision_number"]),
        violation_type=_req(texts["violation_type"]),
        violation_facts=_req(texts["violation_facts"]),
        legal_basis=_req(texts["legal_basis"]),
        penalty_categories=categories,
        penalty_content=_req(texts["penalty_content"]),
        fine_amount=fine,
        confiscation_amount=confiscation,
        licence=licence,
        severity=Severity(severity_value),
        decision_date=decision_date,
        valid_until=valid_until,
        district_code=district,
        data_source_name=_req(texts["data_source_name"]),
        data_source_uscc=data_source_uscc,
        remarks=remarks,
        masked_fields=masked_fields,
        keep_party_id=keep_party_id,
        keep_legal_rep_id=keep_legal_rep_id,
        change_reason=change_reason,
    )


def _req(value: str | None) -> str:
    if value is None:  # pragma: no cover - required fields were checked
        raise ValueError("missing required value")
    return value


def _truthy(raw: object) -> bool:
    return (
        str(raw).strip().lower() in ("1", "true", "on", "yes", "是") if raw is not None else False
    )


def _date(c: _Collector, name: str, past: bool) -> dt.date | None:
    raw = c.raw.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add(name, f"请填写{LABELS[name]}", "required")
        return None
    try:
        return parse_past_date(raw) if past else parse_date(raw)
    except ValueProblem as problem:
        c.add(name, problem.message, problem.code)
        return None
