"""Corrections: a published penalty is corrected by a new version, with the reason for it,
submitted and reviewed like the first; on approval it supersedes the published one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import InvalidState, require_role
from app.audit.service import record as audit
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.models import PenaltyRecord, PenaltyVersion, VersionStatus
from app.penalties.fields import PenaltyInput
from app.penalties.parties import apply_input, record_district, resolve_enterprise, snapshot
from app.penalties.repository import current_published, open_version
from app.penalties.service import RECORD_ROLES, load_record, submit
from app.publication.status import PUBLIC_STATUS_LABELS, penalty_statuses


def start_correction(
    session: Session, actor: Actor, record_id: int, data: PenaltyInput, *, and_submit: bool = False
) -> PenaltyVersion:
    """A correction of a published record: a new draft version with the reason for it;
    ``and_submit``: then submitted for review."""
    require_role(actor, RECORD_ROLES, "更正行政处罚")
    record, published = correction_base(session, actor, record_id)
    if open_version(session, record.id) is not None:
        raise InvalidState("该记录已有未完成的更正，请先处理")
    if not data.change_reason:
        raise ValidationFailed(fields=[FieldError("change_reason", "请填写更正原因", "required")])
    if data.decision_number != record.decision_number:
        raise ValidationFailed(
            fields=[FieldError("decision_number", "更正不能修改决定书文号", "immutable")]
        )
    enterprise = resolve_enterprise(session, actor, data)
    district = record_district(actor, data, enterprise)
    latest = max(
        session.scalars(select(PenaltyVersion.version).where(PenaltyVersion.record_id == record.id))
    )
    version = PenaltyVersion(
        record_id=record.id,
        version=latest + 1,
        status=VersionStatus.draft,
        created_by_id=actor.user_id,
    )
    _carry_ids(version, published)
    apply_input(version, data, district)
    session.add(version)
    session.flush()
    after: dict[str, Any] = snapshot(version)
    audit(
        session,
        actor,
        "penalty.correct",
        "penalty_version",
        version.id,
        before={"version_id": published.id, **snapshot(published)},
        after=after,
    )
    return submit(session, actor, version.id) if and_submit else version


def correction_base(
    session: Session, actor: Actor, record_id: int
) -> tuple[PenaltyRecord, PenaltyVersion]:
    """The record and its published version that a correction starts from, in the actor's
    jurisdiction (otherwise, or when nothing is published, not found)."""
    record = load_record(session, record_id)
    published = current_published(session, record.id)
    if published is None or not actor.covers(published.district_code):
        raise NotFound("未找到已公示的处罚记录")
    status = penalty_statuses(session, [published.id], clock.today()).get(published.id)
    if status != "public":
        label = PUBLIC_STATUS_LABELS.get(status or "", "不再公示")
        raise InvalidState(f"该记录目前为“{label}”，已不再公示，不能更正")
    return record, published


def _carry_ids(version: PenaltyVersion, source: PenaltyVersion) -> None:
    """A correction keeps the stored ID numbers unless new ones are entered."""
    version.party_id_type = source.party_id_type
    version.party_id_hash = source.party_id_hash
    version.party_id_masked = source.party_id_masked
    version.party_id_encrypted = source.party_id_encrypted
    version.legal_rep_id_type = source.legal_rep_id_type
    version.legal_rep_id_hash = source.legal_rep_id_hash
