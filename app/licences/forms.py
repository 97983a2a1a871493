"""What the licence workspace form and version page show: the fields in order with their
labels, the choices, the blank values for a new licence and the rows of a version."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.licences import repository
from app.licences.fields import LABELS, PARTY_TYPES
from app.models import Authority, LicenceRecord, LicenceVersion, VersionStatus
from app.models.licence import LICENCE_CATEGORY_LABELS, REVOCATION_KIND_LABELS
from app.models.penalty import PARTY_TYPE_LABELS

STATUS_LABELS = {
    VersionStatus.draft: "草稿",
    VersionStatus.submitted: "待审核",
    VersionStatus.returned: "退回修改",
    VersionStatus.published: "已公示",
    VersionStatus.superseded: "已被更正版本取代",
    VersionStatus.discarded: "已作废",
}
TEXT_FIELDS = (
    "party_name",
    "party_uscc",
    "legal_representative",
    "document_name",
    "document_number",
    "certificate_name",
    "licence_number",
)
DATE_FIELDS = ("decision_date", "valid_from", "valid_to")


def choices(session: Session) -> dict[str, Any]:
    return {
        "labels": LABELS,
        "text_fields": TEXT_FIELDS,
        "date_fields": DATE_FIELDS,
        "kinds": list(repository.kind_names(session).items()),
        "categories": [(c.value, label) for c, label in LICENCE_CATEGORY_LABELS.items()],
        "party_types": [(p.value, label) for p, label in PARTY_TYPES.items()],
        "revocation_kinds": [(k.value, label) for k, label in REVOCATION_KIND_LABELS.items()],
    }


def blank_values(authority: Authority | None) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(LABELS, "")
    values.update(
        party_type="legal_entity",
        kind="pollutant_discharge",
        category="general",
        data_source_name=authority.name if authority else "",
        data_source_uscc=authority.uscc if authority else "",
    )
    return values


def version_rows(
    version: LicenceVersion, record: LicenceRecord, kind_name: str, authority_name: str
) -> list[tuple[str, str]]:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    return [
        ("行政相对人名称", version.party_name),
        ("行政相对人类别", PARTY_TYPE_LABELS[version.party_type]),
        ("统一社会信用代码", text(version.party_uscc)),
        ("法定代表人", text(version.legal_representative)),
        ("许可事项", kind_name),
        ("行政许可决定文书名称", version.document_name),
        ("行政许可决定文书号", record.document_number),
        ("许可类别", LICENCE_CATEGORY_LABELS[version.category]),
        ("许可证书名称", text(version.certificate_name)),
        ("许可编号", text(version.licence_number)),
        ("许可内容", version.content),
        ("许可决定日期", version.decision_date.isoformat()),
        ("有效期自", version.valid_from.isoformat()),
        ("有效期至", version.valid_to.isoformat() if version.valid_to else "长期"),
        ("许可机关", authority_name),
        ("所属区县", text(version.district_code)),
        ("数据来源单位", version.data_source_name),
        ("数据来源单位统一社会信用代码", version.data_source_uscc),
        ("备注", text(version.remarks)),
    ]
