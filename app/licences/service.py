"""The licence workflow (maker-checker), modelled on penalties: record a draft, submit it, a
second person approves or returns it; a correction of a published licence is a new version
reviewed the same way; revocation (撤销 / 注销) is proposed by one officer and confirmed by
another.

Rules (each enforced here, so the pages and the JSON API share them):

- Clerks and reviewers record, submit and propose revocations; only reviewers approve, return
  and confirm.
- The two-person rule: nobody approves or returns a version they created or submitted, nobody
  confirms a revocation they proposed.
- Jurisdiction: an officer acts only on licences of the districts of their account; a licence
  outside them is "not found".
- A document number (文书号) is unique per authority; the authority is always the officer's own.
- Approval publishes the version (the previous one becomes superseded) and emits
  ``licence.published`` or ``licence.corrected``; a confirmed revocation emits ``licence.revoked``.
  The status shown (in force, expired, revoked) is derived when served
  (``app.publication.visibility.licence_status``).
- Every action is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.access.actors import actor_authority
from app.access.guards import (
    CHECKER_ROLES,
    MAKER_ROLES,
    InvalidState,
    require_checker,
    require_role,
    required_text,
)
from app.access.jurisdiction import current_division
from app.audit.service import record as audit
from app.enterprises.repository import enterprise_by_uscc
from app.feed.service import emit_licence_change
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.kit.regions import is_known_division
from app.licences import repository
from app.licences.fields import LicenceInput

__all__ = ["LicenceInput"]
from app.models import LicenceRecord, LicenceVersion, RevocationKind, VersionStatus

EDITABLE = frozenset({VersionStatus.draft, VersionStatus.returned})

_PLAIN = (
    "party_name",
    "party_type",
    "party_uscc",
    "legal_representative",
    "document_name",
    "category",
    "certificate_name",
    "licence_number",
    "content",
    "decision_date",
    "valid_from",
    "valid_to",
    "data_source_name",
    "data_source_uscc",
    "remarks",
    "change_reason",
)


def snapshot(version: LicenceVersion) -> dict[str, Any]:
    data = {name: getattr(version, name) for name in _PLAIN}
    data.update(
        record_id=version.record_id,
        version=version.version,
        kind_id=version.kind_id,
        district_code=version.district_code,
    )
    return data


def load_version(
    session: Session, actor: Actor, version_id: int, *, lock: bool = False
) -> LicenceVersion:
    query = select(LicenceVersion).where(LicenceVersion.id == version_id)
    if lock:
        query = query.with_for_update()
    version = session.scalar(query)
    if version is None or not actor.covers(version.district_code):
        raise NotFound("未找到该行政许可记录")
    return version


def load_record(session: Session, record_id: int, *, lock: bool = False) -> LicenceRecord:
    query = select(LicenceRecord).where(LicenceRecord.id == record_id)
    if lock:
        query = query.with_for_update()
    record = session.scalar(query)
    if record is None:
        raise NotFound("未找到该行政许可记录")
    return record


def _duplicate(number: str) -> Conflict:
    return Conflict(
        "许可决定文书号重复",
        code="duplicate_document_number",
        fields=[
            FieldError("document_number", f"本机关已有文书号为“{number}”的许可记录", "duplicate")
        ],
    )


def _apply(
    session: Session, actor: Actor, version: LicenceVersion, data: LicenceInput
) -> int | None:
    """Copy the input onto the version; returns the enterprise id (None: not in the registry)."""
    kind = repository.kind_by_code(session, data.kind_code)
    if kind is None:
        raise ValidationFailed(fields=[FieldError("kind", "未知的许可事项", "unknown")])
    enterprise = enterprise_by_uscc(session, data.party_uscc)
    district = data.district_code or current_division(
        enterprise.district_code if enterprise else None
    )
    if district is None:
        raise ValidationFailed(fields=[FieldError("district_code", "请选择所属区县", "required")])
    if not actor.covers(district) or not is_known_division(district):
        raise ValidationFailed(
            fields=[FieldError("district_code", "所属区县不在您的辖区内", "jurisdiction")]
        )
    for name in _PLAIN:
        setattr(version, name, getattr(data, name))
    version.kind_id = kind.id
    version.district_code = district
    return enterprise.id if enterprise else None


def create_draft(
    session: Session, actor: Actor, data: LicenceInput, *, and_submit: bool = False
) -> LicenceVersion:
    """A new licence of the actor's authority, as a draft (version 1)."""
    require_role(actor, MAKER_ROLES, "录入行政许可")
    authority = actor_authority(session, actor)
    clash = session.scalar(
        select(LicenceRecord.id).where(
            LicenceRecord.authority_id == authority.id,
            LicenceRecord.document_number == data.document_number,
        )
    )
    if clash is not None:
        raise _duplicate(data.document_number)
    record = LicenceRecord(authority_id=authority.id, document_number=data.document_number)
    version = LicenceVersion(version=1, status=VersionStatus.draft, created_by_id=actor.user_id)
    record.enterprise_id = _apply(session, actor, version, data)
    try:
        with session.begin_nested():  # a concurrent request may take the number first
            session.add(record)
            session.flush()
    except IntegrityError:
        raise _duplicate(data.document_number) from None
    version.record_id = record.id
    session.add(version)
    session.flush()
    audit(session, actor, "licence.create", "licence_version", version.id, after=snapshot(version))
    return submit(session, actor, version.id) if and_submit else version


def update_draft(
    session: Session, actor: Actor, version_id: int, data: LicenceInput, *, and_submit: bool = False
) -> LicenceVersion:
    """Edit a draft or returned version (the document number only while never published)."""
    require_role(actor, MAKER_ROLES, "修改行政许可")
    version = load_version(session, actor, version_id, lock=True)
    if version.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的记录可以修改")
    record = load_record(session, version.record_id)
    published = repository.was_published(session, record.id)
    if published and not data.change_reason:
        raise ValidationFailed(fields=[FieldError("change_reason", "请填写更正原因", "required")])
    if data.document_number != record.document_number:
        if published:
            raise ValidationFailed(
                fields=[FieldError("document_number", "更正不能修改文书号", "immutable")]
            )
        clash = session.scalar(
            select(LicenceRecord.id).where(
                LicenceRecord.authority_id == record.authority_id,
                LicenceRecord.document_number == data.document_number,
                LicenceRecord.id != record.id,
            )
        )
        if clash is not None:
            raise _duplicate(data.document_number)
        record.document_number = data.document_number
    before = snapshot(version)
    enterprise_id = _apply(session, actor, version, data)
    if not published:
        record.enterprise_id = enterprise_id
    session.flush()
    after = snapshot(version)
    changed = sorted(k for k in after if before.get(k) != after.get(k))
    audit(
        session,
        actor,
        "licence.edit",
        "licence_version",
        version.id,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )
    return submit(session, actor, version.id) if and_submit else version


def start_correction(
    session: Session, actor: Actor, record_id: int, data: LicenceInput, *, and_submit: bool = False
) -> LicenceVersion:
    """A correction of a published licence: a new draft version with the reason for it."""
    require_role(actor, MAKER_ROLES, "更正行政许可")
    record = load_record(session, record_id)
    published = repository.current_published(session, record.id)
    if published is None or not actor.covers(published.district_code):
        raise NotFound("未找到已公示的行政许可记录")
    if repository.open_version(session, record.id) is not None:
        raise InvalidState("该记录已有未完成的更正，请先处理")
    if not data.change_reason:
        raise ValidationFailed(fields=[FieldError("change_reason", "请填写更正原因", "required")])
    if data.document_number != record.document_number:
        raise ValidationFailed(
            fields=[FieldError("document_number", "更正不能修改文书号", "immutable")]
        )
    latest = max(v.version for v in repository.history(session, record.id))
    version = LicenceVersion(
        record_id=record.id,
        version=latest + 1,
        status=VersionStatus.draft,
        created_by_id=actor.user_id,
    )
    _apply(session, actor, version, data)
    session.add(version)
    session.flush()
    audit(
        session,
        actor,
        "licence.correct",
        "licence_version",
        version.id,
        before={"version_id": published.id, **snapshot(published)},
        after=snapshot(version),
    )
    return submit(session, actor, version.id) if and_submit else version


def submit(session: Session, actor: Actor, version_id: int) -> LicenceVersion:
    require_role(actor, MAKER_ROLES, "提交审核")
    version = load_version(session, actor, version_id, lock=True)
    if version.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的记录可以提交审核")
    before = version.status
    version.status = VersionStatus.submitted
    version.submitted_by_id = actor.user_id
    version.submitted_at = clock.now()
    session.flush()
    audit(
        session,
        actor,
        "licence.submit",
        "licence_version",
        version.id,
        before={"status": before},
        after={"status": version.status},
    )
    return version


def _check_reviewer(actor: Actor, version: LicenceVersion) -> None:
    require_checker(actor, (version.created_by_id, version.submitted_by_id), "审核行政许可")
    if version.status != VersionStatus.submitted:
        raise InvalidState("只有待审核的记录可以审核")


def approve(session: Session, actor: Actor, version_id: int) -> LicenceVersion:
    """Publish a submitted version; the previous published version is superseded."""
    version = load_version(session, actor, version_id, lock=True)
    _check_reviewer(actor, version)
    now = clock.now()
    previous = session.scalars(
        select(LicenceVersion)
        .where(
            LicenceVersion.record_id == version.record_id,
            LicenceVersion.status == VersionStatus.published,
        )
        .with_for_update()
    ).all()
    for old in previous:
        old.status = VersionStatus.superseded
        old.superseded_at = now
    version.status = VersionStatus.published
    version.published_at = now
    version.reviewed_by_id = actor.user_id
    version.reviewed_at = now
    record = load_record(session, version.record_id)
    enterprise = enterprise_by_uscc(session, version.party_uscc) if version.party_uscc else None
    record.enterprise_id = enterprise.id if enterprise else None
    session.flush()
    emit_licence_change(session, version, "licence.corrected" if previous else "licence.published")
    audit(
        session,
        actor,
        "licence.approve",
        "licence_version",
        version.id,
        before={"status": VersionStatus.submitted},
        after={"status": version.status, "superseded_versions": [old.id for old in previous]},
    )
    return version


def return_to_maker(
    session: Session, actor: Actor, version_id: int, comment: str
) -> LicenceVersion:
    text = required_text(comment, "comment", "退回原因")
    version = load_version(session, actor, version_id, lock=True)
    _check_reviewer(actor, version)
    version.status = VersionStatus.returned
    version.reviewed_by_id = actor.user_id
    version.reviewed_at = clock.now()
    version.review_comment = text
    session.flush()
    audit(
        session,
        actor,
        "licence.return",
        "licence_version",
        version.id,
        before={"status": VersionStatus.submitted},
        after={"status": version.status, "comment": text},
    )
    return version


def discard(session: Session, actor: Actor, version_id: int) -> LicenceVersion:
    require_role(actor, MAKER_ROLES, "作废记录")
    version = load_version(session, actor, version_id, lock=True)
    if version.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的记录可以作废")
    version.status = VersionStatus.discarded
    session.flush()
    audit(
        session,
        actor,
        "licence.discard",
        "licence_version",
        version.id,
        after={"status": version.status},
    )
    return version


# --- revocation (撤销 / 注销) ---------------------------------------------------------------


def _published_in_reach(session: Session, actor: Actor, record_id: int) -> LicenceVersion:
    published = repository.current_published(session, record_id)
    if published is None or not actor.covers(published.district_code):
        raise NotFound("未找到已公示的行政许可记录")
    return published


def propose_revocation(
    session: Session,
    actor: Actor,
    record_id: int,
    *,
    kind: str,
    on: dt.date | None,
    reason: str | None,
    document: str | None,
) -> LicenceRecord:
    """Propose to revoke (撤销) or cancel (注销) a published licence from ``on``."""
    require_role(actor, MAKER_ROLES, "提议撤销或注销行政许可")
    record = load_record(session, record_id, lock=True)
    published = _published_in_reach(session, actor, record.id)
    problems: list[FieldError] = []
    if kind not in RevocationKind.__members__:
        problems.append(FieldError("kind", "请选择撤销或注销", "required"))
    if on is None:
        problems.append(FieldError("revocation_date", "请填写撤销或注销日期", "required"))
    elif on < published.decision_date:
        problems.append(
            FieldError("revocation_date", "撤销或注销日期不能早于许可决定日期", "date_order")
        )
    if problems:
        raise ValidationFailed(fields=problems)
    text = required_text(reason, "reason", "撤销或注销原因")
    number = required_text(document, "document", "撤销或注销文书号", limit=100)
    if record.revoked_at is not None:
        raise InvalidState("该许可已撤销或注销")
    if record.revocation_proposed_at is not None:
        raise InvalidState("该许可已有待确认的撤销或注销")
    record.revocation_kind = RevocationKind(kind)
    record.revocation_date = on
    record.revocation_reason = text
    record.revocation_document = number
    record.revocation_proposed_by_id = actor.user_id
    record.revocation_proposed_at = clock.now()
    session.flush()
    audit(
        session,
        actor,
        "licence.revocation_propose",
        "licence_record",
        record.id,
        after={"kind": kind, "date": on, "reason": text, "document": number},
    )
    return record


def decide_revocation(
    session: Session, actor: Actor, record_id: int, *, confirm: bool
) -> LicenceRecord:
    """Confirm (``licence.revoked`` on the feed) or reject a proposed revocation; never by the
    officer who proposed it."""
    record = load_record(session, record_id, lock=True)
    published = _published_in_reach(session, actor, record.id)
    require_checker(actor, (record.revocation_proposed_by_id,), "确认撤销或注销")
    if record.revocation_proposed_at is None or record.revoked_at is not None:
        raise InvalidState("该许可没有待确认的撤销或注销")
    before = {"kind": record.revocation_kind, "date": record.revocation_date}
    if confirm:
        record.revoked_at = clock.now()
        record.revoked_by_id = actor.user_id
        session.flush()
        emit_licence_change(session, published, "licence.revoked")
    else:
        record.revocation_kind = None
        record.revocation_date = None
        record.revocation_reason = None
        record.revocation_document = None
        record.revocation_proposed_by_id = None
        record.revocation_proposed_at = None
        session.flush()
    audit(
        session,
        actor,
        "licence.revocation_confirm" if confirm else "licence.revocation_reject",
        "licence_record",
        record.id,
        before=before,
        after={"revoked": confirm},
    )
    return record


def maker_actions(actor: Actor) -> set[str]:
    """What the actor's role allows before any licence is chosen (the 录入 button)."""
    return {"edit"} if actor.role in MAKER_ROLES else set()


def allowed_actions(session: Session, actor: Actor, version: LicenceVersion) -> set[str]:
    """What ``actor`` may do with ``version`` now (the pages offer only these buttons)."""
    actions: set[str] = set()
    maker = actor.role in MAKER_ROLES
    if version.status in EDITABLE and maker:
        actions |= {"edit", "submit", "discard"}
    if (
        version.status == VersionStatus.submitted
        and actor.role in CHECKER_ROLES
        and actor.user_id not in (version.created_by_id, version.submitted_by_id)
    ):
        actions |= {"approve", "return"}
    if version.status == VersionStatus.published:
        record = session.get_one(LicenceRecord, version.record_id)
        if maker and repository.open_version(session, record.id) is None:
            actions.add("correct")
        if maker and record.revocation_proposed_at is None and record.revoked_at is None:
            actions.add("propose_revocation")
        if (
            record.revocation_proposed_at is not None
            and record.revoked_at is None
            and actor.role in CHECKER_ROLES
            and actor.user_id != record.revocation_proposed_by_id
        ):
            actions.add("decide_revocation")
    return actions
