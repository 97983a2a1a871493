"""What the penalty pages show: form values (from a version or as typed), the choices with their
meanings, and a version's content for reading. Views build this; templates only render it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.access.jurisdiction import current_division, division_choices
from app.kit.id_numbers import ID_TYPES
from app.kit.values import wan_to_yuan_text
from app.models import Authority, Enterprise, PenaltyVersion
from app.models.penalty import (
    PARTY_TYPE_LABELS,
    PENALTY_CATEGORIES,
    SEVERITY_LABELS,
    Severity,
    VersionStatus,
)
from app.penalties.fields import COMMON_VIOLATION_TYPES, LABELS
from app.publication.periods import Period

STATUS_LABELS = {
    VersionStatus.draft: "草稿",
    VersionStatus.submitted: "待审核",
    VersionStatus.returned: "退回修改",
    VersionStatus.published: "已审核通过",
    VersionStatus.superseded: "已被更正版本取代",
    VersionStatus.discarded: "已作废",
}

FORM_FIELDS = (
    "party_name",
    "party_type",
    "party_uscc",
    "create_enterprise",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "party_id_type",
    "party_id_number",
    "decision_number",
    "violation_type",
    "violation_facts",
    "legal_basis",
    "penalty_categories",
    "penalty_content",
    "fine_amount_yuan",
    "confiscation_amount_yuan",
    "licence",
    "severity",
    "decision_date",
    "valid_until",
    "district_code",
    "data_source_name",
    "data_source_uscc",
    "remarks",
    "change_reason",
)


def severity_meaning(period: Period) -> str:
    """What a severity means for publication, under the rules that judge the record."""
    if not period.published:
        return f"不予公示（主管部门决定公示的，最长{period.maximum_months}个月）"
    return (
        f"自处罚决定之日起公示{_months(period.maximum_months)}，"
        f"满{_months(period.minimum_months)}后可申请信用修复"
    )


def _months(months: int) -> str:
    return f"{months // 12}年" if months % 12 == 0 else f"{months}个月"


def choices(periods: Mapping[Severity, Period]) -> dict[str, Any]:
    """The form's choices; ``periods`` are those of the rules in force (for a new decision)."""
    return {
        "party_types": list(PARTY_TYPE_LABELS.items()),
        "severities": [
            (s.value, SEVERITY_LABELS[s], severity_meaning(periods[s])) for s in Severity
        ],
        "categories": list(PENALTY_CATEGORIES),
        "divisions": division_choices(),
        "id_options": [(t, t) for t in ID_TYPES],
        "violation_types": list(COMMON_VIOLATION_TYPES),
        "labels": LABELS,
    }


def blank_values(authority: Authority | None, enterprise: Enterprise | None) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(FORM_FIELDS, "")
    values["penalty_categories"] = []
    values["party_type"] = "legal_entity"
    values["party_id_type"] = values["legal_rep_id_type"] = "身份证"
    if authority is not None:
        values["data_source_name"] = authority.name
        values["data_source_uscc"] = authority.uscc
    if enterprise is not None:
        values["party_name"] = enterprise.name
        values["party_uscc"] = enterprise.uscc
        values["legal_representative"] = enterprise.legal_representative or ""
        values["district_code"] = current_division(enterprise.district_code) or ""
        if enterprise.uscc[:2] == "92":
            values["party_type"] = "individual_business"
    return values


def version_values(
    version: PenaltyVersion, decision_number: str, *, keep_reason: bool = False
) -> dict[str, Any]:
    """A version as form values; ID numbers stay blank (only their masked form is shown)."""
    values: dict[str, Any] = dict.fromkeys(FORM_FIELDS, "")
    for name in FORM_FIELDS:
        value = getattr(version, name, None)
        if isinstance(value, str):
            values[name] = value
    values["party_type"] = version.party_type.value
    values["severity"] = version.severity.value
    values["decision_number"] = decision_number
    values["penalty_categories"] = list(version.penalty_categories)
    values["fine_amount_yuan"] = wan_to_yuan_text(version.fine_amount)
    values["confiscation_amount_yuan"] = wan_to_yuan_text(version.confiscation_amount)
    values["decision_date"] = version.decision_date.isoformat()
    values["valid_until"] = version.valid_until.isoformat()
    values["party_id_type"] = version.party_id_type or "身份证"
    values["legal_rep_id_type"] = version.legal_rep_id_type or "身份证"
    values["party_id_number"] = values["legal_rep_id_number"] = ""
    values["change_reason"] = (version.change_reason or "") if keep_reason else ""
    return values


def typed_values(raw: dict[str, Any]) -> dict[str, Any]:
    """What was posted, for showing the form again with nothing lost."""
    values: dict[str, Any] = {name: str(raw.get(name, "") or "") for name in FORM_FIELDS}
    categories = raw.get("penalty_categories", [])
    values["penalty_categories"] = list(categories) if isinstance(categories, list) else []
    return values


def version_rows(
    version: PenaltyVersion, decision_number: str, authority: str, period: Period
) -> list[Any]:
    """(label, value) pairs of a version in the 双公示 order, ID numbers masked; ``period`` is
    the publication period of its severity under the rules that judge it."""
    rows: list[tuple[str, str]] = [
        ("行政相对人名称", version.party_name),
        ("行政相对人类别", PARTY_TYPE_LABELS[version.party_type]),
    ]
    if version.party_uscc:
        rows.append(("统一社会信用代码", version.party_uscc))
    if version.legal_representative:
        rows.append(("法定代表人", version.legal_representative))
    if version.legal_rep_id_hash:
        rows.append(("法定代表人证件", f"{version.legal_rep_id_type}（已登记，不公示）"))
    if version.party_id_masked:
        rows.append(("证件号码", f"{version.party_id_type} {version.party_id_masked}"))
    rows += [
        ("行政处罚决定书文号", decision_number),
        ("违法行为类型", version.violation_type),
        ("违法事实", version.violation_facts),
        ("处罚依据", version.legal_basis),
        ("处罚类别", "、".join(version.penalty_categories)),
        ("处罚内容", version.penalty_content),
    ]
    if version.fine_amount is not None:
        rows.append(("罚款金额（万元）", _wan(version.fine_amount)))
    if version.confiscation_amount is not None:
        rows.append(("没收违法所得、没收非法财物的金额（万元）", _wan(version.confiscation_amount)))
    if version.licence:
        rows.append(("暂扣或吊销证照名称及编号", version.licence))
    rows += [
        (
            "严重程度",
            f"{SEVERITY_LABELS[version.severity]}（{severity_meaning(period)}）",
        ),
        ("处罚决定日期", version.decision_date.isoformat()),
        ("处罚有效期", version.valid_until.isoformat()),
        (
            "公示截止期",
            version.publication_end_date.isoformat() if version.publication_end_date else "—",
        ),
        ("处罚机关", authority),
        ("数据来源单位", f"{version.data_source_name}（{version.data_source_uscc}）"),
        ("备注", version.remarks or ""),
    ]
    return rows


def _wan(value: Any) -> str:
    return format(value.normalize(), "f")
