"""The party of a penalty and where it belongs: the enterprise (found by its credit code, or
created when the officer asks for it), the district that decides jurisdiction, and the copy of a
validated input onto a version."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.access.jurisdiction import current_division
from app.audit.service import record as audit
from app.enterprises.repository import enterprise_by_uscc
from app.kit.actor import Actor
from app.kit.errors import FieldError, Forbidden, ValidationFailed
from app.kit.regions import is_known_division
from app.models import Enterprise, PartyType, PenaltyVersion
from app.penalties.fields import PenaltyInput


def resolve_enterprise(session: Session, actor: Actor, data: PenaltyInput) -> Enterprise | None:
    """The party's enterprise; a new one is created only when the officer ticked 新建企业."""
    if data.party_type == PartyType.natural_person or data.party_uscc is None:
        return None
    enterprise = enterprise_by_uscc(session, data.party_uscc)
    if enterprise is not None:
        return enterprise
    if not data.create_enterprise:
        raise ValidationFailed(
            fields=[
                FieldError(
                    "party_uscc",
                    "系统中没有该统一社会信用代码的企业；如为新企业，请勾选“新建企业”",
                    "enterprise_unknown",
                )
            ]
        )
    division = data.district_code or current_division(data.party_uscc[2:8])
    if division is None:
        raise ValidationFailed(
            fields=[FieldError("district_code", "新建企业须选择所属区县", "required")]
        )
    if not actor.covers(division):
        raise Forbidden("不能为本辖区以外的区县新建企业")
    enterprise = Enterprise(
        uscc=data.party_uscc,
        name=data.party_name,
        legal_representative=data.legal_representative,
        district_code=division,
        former_names=[],
    )
    session.add(enterprise)
    session.flush()
    _index(session, enterprise.id)
    audit(
        session,
        actor,
        "enterprise.create",
        "enterprise",
        enterprise.id,
        after={"uscc": enterprise.uscc, "name": enterprise.name, "district_code": division},
    )
    return enterprise


def _index(session: Session, enterprise_id: int) -> None:
    try:
        from app.search.index import refresh_enterprise_index
    except ImportError:  # pragma: no cover - the search feature is optional for this workflow
        return
    refresh_enterprise_index(session, [enterprise_id])


def record_district(actor: Actor, data: PenaltyInput, enterprise: Enterprise | None) -> str:
    """The district of the record: the one chosen, else the enterprise's; within jurisdiction."""
    district = data.district_code or current_division(
        enterprise.district_code if enterprise else None
    )
    if district is None:
        raise ValidationFailed(fields=[FieldError("district_code", "请选择所属区县", "required")])
    if not actor.covers(district) or not is_known_division(district):
        raise ValidationFailed(
            fields=[FieldError("district_code", "所属区县不在您的辖区内", "jurisdiction")]
        )
    return district


_PLAIN_FIELDS = (
    "party_name",
    "party_type",
    "party_uscc",
    "legal_representative",
    "violation_type",
    "violation_facts",
    "legal_basis",
    "penalty_content",
    "fine_amount",
    "confiscation_amount",
    "licence",
    "severity",
    "decision_date",
    "valid_until",
    "data_source_name",
    "data_source_uscc",
    "remarks",
    "change_reason",
)


def apply_input(version: PenaltyVersion, data: PenaltyInput, district: str) -> None:
    for name in _PLAIN_FIELDS:
        setattr(version, name, getattr(data, name))
    version.penalty_categories = list(data.penalty_categories)
    version.district_code = district
    if data.party_type == PartyType.natural_person:
        if not data.keep_party_id and data.party_id is not None:
            version.party_id_type = data.party_id.id_type
            version.party_id_hash = data.party_id.hash
            version.party_id_masked = data.party_id.masked
            version.party_id_encrypted = data.party_id.encrypted
        version.legal_representative = None
        version.legal_rep_id_type = version.legal_rep_id_hash = None
        return
    version.party_id_type = version.party_id_hash = None
    version.party_id_masked = version.party_id_encrypted = None
    if data.keep_legal_rep_id:
        return
    if data.legal_rep_id is not None:
        version.legal_rep_id_type = data.legal_rep_id.id_type
        version.legal_rep_id_hash = data.legal_rep_id.hash
    else:
        version.legal_rep_id_type = version.legal_rep_id_hash = None


SNAPSHOT_FIELDS = (*_PLAIN_FIELDS, "penalty_categories", "district_code", "party_id_masked")


def snapshot(version: PenaltyVersion) -> dict[str, Any]:
    """The version's content for the audit trail (masked ID only, never hash or ciphertext)."""
    data = {name: getattr(version, name) for name in SNAPSHOT_FIELDS}
    data["legal_rep_id_recorded"] = version.legal_rep_id_hash is not None
    data["record_id"] = version.record_id
    data["version"] = version.version
    return data
