"""The 双公示 licence field set as regulators enter it: one validator for the form, the JSON API
and the batch import, so that the three accept exactly the same records.

``validate_licence`` collects every problem (never only the first) as :class:`FieldError` with a
Chinese message, keyed by the field name used in the form and the API. The licence kinds are
reference data (``licence_kinds``): the caller passes the codes that exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.access.jurisdiction import DIVISION_CODES
from app.kit.errors import FieldError, ValidationFailed
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.values import ValueProblem, clean_text, named_choice, parse_date, parse_past_date
from app.models.licence import LICENCE_CATEGORY_LABELS, LicenceCategory
from app.models.penalty import PARTY_TYPE_LABELS, PartyType

LABELS: dict[str, str] = {
    "party_name": "行政相对人名称",
    "party_type": "行政相对人类别",
    "party_uscc": "统一社会信用代码",
    "legal_representative": "法定代表人",
    "kind": "许可事项",
    "document_name": "行政许可决定文书名称",
    "document_number": "行政许可决定文书号",
    "category": "许可类别",
    "certificate_name": "许可证书名称",
    "licence_number": "许可编号",
    "content": "许可内容",
    "decision_date": "许可决定日期",
    "valid_from": "有效期自",
    "valid_to": "有效期至",
    "district_code": "所属区县",
    "data_source_name": "数据来源单位",
    "data_source_uscc": "数据来源单位统一社会信用代码",
    "remarks": "备注",
    "change_reason": "更正原因",
}

MAX_LENGTHS = {
    "party_name": 200,
    "legal_representative": 100,
    "document_name": 200,
    "document_number": 100,
    "certificate_name": 200,
    "licence_number": 100,
    "content": 5000,
    "data_source_name": 100,
    "remarks": 2000,
    "change_reason": 1000,
}

REQUIRED_TEXT = ("party_name", "document_name", "document_number", "content", "data_source_name")
# Licences of the environmental field go to organisations and individual businesses.
PARTY_TYPES = {
    PartyType.legal_entity: PARTY_TYPE_LABELS[PartyType.legal_entity],
    PartyType.individual_business: PARTY_TYPE_LABELS[PartyType.individual_business],
}


@dataclass
class LicenceInput:
    """A validated licence, in the forms that are stored."""

    party_name: str
    party_type: PartyType
    party_uscc: str
    legal_representative: str | None
    kind_code: str
    document_name: str
    document_number: str
    category: LicenceCategory
    certificate_name: str | None
    licence_number: str | None
    content: str
    decision_date: dt.date
    valid_from: dt.date
    valid_to: dt.date | None
    district_code: str | None
    data_source_name: str
    data_source_uscc: str
    remarks: str | None
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

    def date(self, name: str, *, past: bool, required: bool) -> dt.date | None:
        raw = self.raw.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.add(name, f"请填写{LABELS[name]}", "required")
            return None
        try:
            return parse_past_date(raw) if past else parse_date(raw)
        except ValueProblem as problem:
            self.add(name, problem.message, problem.code)
            return None

    def uscc(self, name: str) -> str | None:
        try:
            return parse_uscc(self.text(name))
        except IdentifierError as error:
            self.add(name, error.message, error.code)
            return None


def _choice(raw: object, labels: Mapping[LicenceCategory, str] | Mapping[PartyType, str]) -> str:
    return named_choice(raw, labels) or ""


def validate_licence(raw: Mapping[str, object], kinds: Mapping[str, str]) -> LicenceInput:
    """Check every field and the rules between them; raise ValidationFailed listing them all.
    ``kinds`` maps each licence kind's code to its name (a name is accepted as well)."""
    c = _Collector(raw)
    texts = {name: c.text(name, required=True) for name in REQUIRED_TEXT}
    legal_rep = c.text("legal_representative")
    certificate = c.text("certificate_name")
    number = c.text("licence_number")
    remarks = c.text("remarks")
    change_reason = c.text("change_reason")

    party_type_value = _choice(raw.get("party_type"), PARTY_TYPES)
    if not party_type_value:
        c.add("party_type", "行政相对人类别应为：法人及非法人组织、个体工商户", "required")
    party_uscc = c.uscc("party_uscc")
    if party_type_value == PartyType.legal_entity and not legal_rep:
        c.add("legal_representative", "法人及非法人组织须填写法定代表人", "required")

    kind_text = c.text("kind", required=True)
    kind_code = None
    if kind_text is not None:
        kind_code = next((k for k, n in kinds.items() if kind_text in (k, n)), None)
        if kind_code is None:
            c.add("kind", f"许可事项应为：{'、'.join(kinds.values())}", "unknown")
    category_value = _choice(raw.get("category"), LICENCE_CATEGORY_LABELS)
    if not category_value:
        c.add(
            "category", f"许可类别应为：{'、'.join(LICENCE_CATEGORY_LABELS.values())}", "required"
        )

    decision_date = c.date("decision_date", past=True, required=True)
    valid_from = c.date("valid_from", past=False, required=True)
    valid_to = c.date("valid_to", past=False, required=False)
    if decision_date and valid_from and valid_from < decision_date:
        c.add("valid_from", "有效期自不能早于许可决定日期", "date_order")
    if valid_from and valid_to and valid_to < valid_from:
        c.add("valid_to", "有效期至不能早于有效期自", "date_order")

    district = c.text("district_code")
    if district is not None and district not in DIVISION_CODES:
        c.add("district_code", "所属区县不是本市的区县代码")
    data_source_uscc = c.uscc("data_source_uscc")

    if (
        c.errors
        or party_uscc is None
        or kind_code is None
        or decision_date is None
        or valid_from is None
        or data_source_uscc is None
    ):
        raise ValidationFailed(fields=c.errors)
    return LicenceInput(
        party_name=_req(texts["party_name"]),
        party_type=PartyType(party_type_value),
        party_uscc=party_uscc,
        legal_representative=legal_rep,
        kind_code=kind_code,
        document_name=_req(texts["document_name"]),
        document_number=_req(texts["document_number"]),
        category=LicenceCategory(category_value),
        certificate_name=certificate,
        licence_number=number,
        content=_req(texts["content"]),
        decision_date=decision_date,
        valid_from=valid_from,
        valid_to=valid_to,
        district_code=district,
        data_source_name=_req(texts["data_source_name"]),
        data_source_uscc=data_source_uscc,
        remarks=remarks,
        change_reason=change_reason,
    )


def _req(value: str | None) -> str:
    return value or ""  # required fields were checked: never empty here
