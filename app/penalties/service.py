"""The penalty workflow (maker-checker): record a draft, submit it, a second person approves or
returns it; a correction of a published record is a new version reviewed the same way.

Rules (each enforced here, so the HTML pages, the JSON API and the batch import share them):

- Clerks and reviewers record and submit; only reviewers approve or return.
- The two-person rule: nobody approves or returns a version they created or submitted.
- Jurisdiction: an officer acts only on records of the districts of their account (the city
  bureau, with no districts, on all); a record outside them is "not found".
- A decision number is unique per authority; the authority is always the officer's own.
- On approval the version is published (``published_at`` now, ``公示截止期`` from the decision
  date and severity only) and the previously published version becomes superseded.
- Every action is written to the audit trail, ID numbers masked.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.access.actors import actor_authority
from app.access.guards import (
    CHECKER_ROLES,
    MAKER_ROLES,
    InvalidState,
    TwoPersonRule,
    require_checker,
    require_role,
    required_text,
)
from app.audit.service import record as audit
from app.credit.service import recompute_enterprise
from app.feed.service import emit_penalty_published, emit_penalty_withdrawn
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.lists.service import propose_for_crossings
from app.models import PenaltyRecord, PenaltyVersion, VersionStatus
from app.penalties.fields import PenaltyInput
from app.penalties.parties import (
    apply_input,
    record_district,
    resolve_enterprise,
    snapshot,
)
from app.penalties.repository import makers, open_version, was_published
from app.publication.periods import publication_end_date
from app.publication.visibility import penalty_version_is_public

__all__ = ["InvalidState", "TwoPersonRule"]

EDITABLE = frozenset({VersionStatus.draft, VersionStatus.returned})
OPEN = frozenset({VersionStatus.draft, VersionStatus.submitted, VersionStatus.returned})
RECORD_ROLES = MAKER_ROLES


def load_version(
    session: Session, actor: Actor, version_id: int, *, lock: bool = False
) -> PenaltyVersion:
    """A version in the actor's jurisdiction, or NotFound (also for other districts)."""
    query = select(PenaltyVersion).where(PenaltyVersion.id == version_id)
    if lock:
        query = query.with_for_update()
    version = session.scalar(query)
    if version is None or not actor.covers(version.district_code):
        raise NotFound("未找到该处罚记录")
    return version


def load_record(session: Session, record_id: int) -> PenaltyRecord:
    record = session.get(PenaltyRecord, record_id)
    if record is None:
        raise NotFound("未找到该处罚记录")
    return record


def _number_clash(
    session: Session, authority_id: int, number: str, own_record_id: int | None
) -> PenaltyRecord | None:
    """Another record of the authority with this decision number."""
    query = select(PenaltyRecord).where(
        PenaltyRecord.authority_id == authority_id, PenaltyRecord.decision_number == number
    )
    if own_record_id is not None:
        query = query.where(PenaltyRecord.id != own_record_id)
    return session.scalar(query)


def _duplicate(number: str) -> Conflict:
    return Conflict(
        "决定书文号重复",
        code="duplicate_decision_number",
        fields=[
            FieldError("decision_number", f"本机关已有文号为“{number}”的处罚记录", "duplicate")
        ],
    )


def _only_discarded(session: Session, record_id: int) -> bool:
    statuses = set(
        session.scalars(select(PenaltyVersion.status).where(PenaltyVersion.record_id == record_id))
    )
    return statuses <= {VersionStatus.discarded}


def create_draft(
    session: Session,
    actor: Actor,
    data: PenaltyInput,
    *,
    import_batch_id: int | None = None,
    import_row: int | None = None,
    and_submit: bool = False,
) -> PenaltyVersion:
    """A new penalty of the actor's authority, as a draft (version 1); ``and_submit``: then
    submitted for review."""
    require_role(actor, RECORD_ROLES, "录入行政处罚")
    authority = actor_authority(session, actor)
    enterprise = resolve_enterprise(session, actor, data)
    district = record_district(actor, data, enterprise)
    reuse = _number_clash(session, authority.id, data.decision_number, None)
    if reuse is not None and not _only_discarded(session, reuse.id):
        raise _duplicate(data.decision_number)
    if reuse is not None:
        record = reuse
        record.enterprise_id = enterprise.id if enterprise else None
        number = 1 + max(
            session.scalars(
                select(PenaltyVersion.version).where(PenaltyVersion.record_id == reuse.id)
            )
        )
    else:
        record = PenaltyRecord(
            authority_id=authority.id,
            decision_number=data.decision_number,
            enterprise_id=enterprise.id if enterprise else None,
        )
        try:
            with session.begin_nested():  # a concurrent request may take the number first
                session.add(record)
                session.flush()
        except IntegrityError:
            raise _duplicate(data.decision_number) from None
        number = 1
    version = PenaltyVersion(
        record_id=record.id,
        version=number,
        status=VersionStatus.draft,
        created_by_id=actor.user_id,
        import_batch_id=import_batch_id,
        import_row=import_row,
    )
    apply_input(version, data, district)
    session.add(version)
    session.flush()
    audit(session, actor, "penalty.create", "penalty_version", version.id, after=snapshot(version))
    return submit(session, actor, version.id) if and_submit else version


def update_draft(
    session: Session, actor: Actor, version_id: int, data: PenaltyInput, *, and_submit: bool = False
) -> PenaltyVersion:
    """Edit a draft or a returned version (the record's decision number may change only while
    the record was never published); ``and_submit``: then submitted for review."""
    require_role(actor, RECORD_ROLES, "修改行政处罚")
    version = load_version(session, actor, version_id, lock=True)
    if version.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的记录可以修改")
    record = load_record(session, version.record_id)
    if not data.change_reason and was_published(session, record.id):
        raise ValidationFailed(fields=[FieldError("change_reason", "请填写更正原因", "required")])
    enterprise = resolve_enterprise(session, actor, data)
    district = record_district(actor, data, enterprise)
    before = snapshot(version)
    if data.decision_number != record.decision_number:
        if version.version > 1 and was_published(session, record.id):
            raise ValidationFailed(
                fields=[FieldError("decision_number", "更正不能修改决定书文号", "immutable")]
            )
        if _number_clash(session, record.authority_id, data.decision_number, record.id):
            raise _duplicate(data.decision_number)
        record.decision_number = data.decision_number
    if not was_published(session, record.id):
        record.enterprise_id = enterprise.id if enterprise else None
    apply_input(version, data, district)
    session.flush()
    after = snapshot(version)
    changed = {k for k in after if before.get(k) != after.get(k)}
    audit(
        session,
        actor,
        "penalty.edit",
        "penalty_version",
        version.id,
        before={k: before.get(k) for k in sorted(changed)},
        after={k: after[k] for k in sorted(changed)},
    )
    return submit(session, actor, version.id) if and_submit else version


def submit(session: Session, actor: Actor, version_id: int) -> PenaltyVersion:
    require_role(actor, RECORD_ROLES, "提交审核")
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
        "penalty.submit",
        "penalty_version",
        version.id,
        before={"status": before},
        after={"status": version.status},
    )
    return version


def _check_reviewer(session: Session, actor: Actor, version: PenaltyVersion) -> None:
    """A reviewer who changed nothing of ``version``: not its creator or submitter, nor anyone
    who edited it (``repository.makers``)."""
    require_checker(actor, makers(session, version), "审核行政处罚")
    if version.status != VersionStatus.submitted:
        raise InvalidState("只有待审核的记录可以审核")


def approve(session: Session, actor: Actor, version_id: int) -> PenaltyVersion:
    """Publish a submitted version; the record's previous published version is superseded."""
    version = load_version(session, actor, version_id, lock=True)
    _check_reviewer(session, actor, version)
    now = clock.now()
    superseded: list[int] = []
    previous = session.scalars(
        select(PenaltyVersion)
        .where(
            PenaltyVersion.record_id == version.record_id,
            PenaltyVersion.status == VersionStatus.published,
        )
        .with_for_update()
    ).all()
    today = clock.today()
    was_public = any(penalty_version_is_public(session, old.id, today) for old in previous)
    for old in previous:
        old.status = VersionStatus.superseded
        old.superseded_at = now
        superseded.append(old.id)
    version.status = VersionStatus.published
    version.published_at = now
    version.publication_end_date = publication_end_date(
        session, version.severity, version.decision_date
    )
    version.reviewed_by_id = actor.user_id
    version.reviewed_at = now
    record = load_record(session, version.record_id)
    record.enterprise_id = _enterprise_id(session, version)
    session.flush()
    _tell_the_platform(session, version, was_public)
    if record.enterprise_id is not None:  # its credit level follows at once
        crossings = recompute_enterprise(session, record.enterprise_id).crossings
        propose_for_crossings(session, crossings)
    audit(
        session,
        actor,
        "penalty.approve",
        "penalty_version",
        version.id,
        before={"status": VersionStatus.submitted},
        after={
            "status": version.status,
            "publication_end_date": version.publication_end_date,
            "superseded_versions": superseded,
        },
    )
    return version


def _tell_the_platform(session: Session, version: PenaltyVersion, was_public: bool) -> None:
    """The change feed (in this transaction): published, corrected, or withdrawn when a
    correction makes a public record non-public (e.g. its severity becomes 轻微). Whether a
    version is public is the one visibility rule's answer (app.publication.visibility)."""
    if penalty_version_is_public(session, version.id, clock.today()):
        emit_penalty_published(session, version, corrected=was_public)
    elif was_public:
        emit_penalty_withdrawn(session, version, "revoked")


def _enterprise_id(session: Session, version: PenaltyVersion) -> int | None:
    from app.models import Enterprise

    if version.party_uscc is None:
        return None
    return session.scalar(select(Enterprise.id).where(Enterprise.uscc == version.party_uscc))


def return_to_maker(
    session: Session, actor: Actor, version_id: int, comment: str
) -> PenaltyVersion:
    """Send a submission back to its maker with the reviewer's comment (required)."""
    text = required_text(comment, "comment", "退回原因")
    version = load_version(session, actor, version_id, lock=True)
    _check_reviewer(session, actor, version)
    version.status = VersionStatus.returned
    version.reviewed_by_id = actor.user_id
    version.reviewed_at = clock.now()
    version.review_comment = text
    session.flush()
    audit(
        session,
        actor,
        "penalty.return",
        "penalty_version",
        version.id,
        before={"status": VersionStatus.submitted},
        after={"status": version.status, "comment": text},
    )
    return version


def discard(session: Session, actor: Actor, version_id: int) -> PenaltyVersion:
    """Drop a draft or a returned version that should never be published."""
    require_role(actor, RECORD_ROLES, "作废记录")
    version = load_version(session, actor, version_id, lock=True)
    if version.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的记录可以作废")
    before = version.status
    version.status = VersionStatus.discarded
    session.flush()
    audit(
        session,
        actor,
        "penalty.discard",
        "penalty_version",
        version.id,
        before={"status": before},
        after={"status": version.status},
    )
    return version


def returned_comment(version: PenaltyVersion) -> str | None:
    """The reviewer's comment while the version is back with its maker."""
    return version.review_comment if version.status == VersionStatus.returned else None


def allowed_actions(session: Session, actor: Actor, version: PenaltyVersion) -> set[str]:
    """What ``actor`` may do with ``version`` now (the pages offer only these buttons; the
    actions themselves check again)."""
    actions: set[str] = set()
    maker = actor.role in MAKER_ROLES
    if version.status in EDITABLE and maker:
        actions |= {"edit", "submit", "discard"}
    if (
        version.status == VersionStatus.submitted
        and actor.role in CHECKER_ROLES
        and actor.user_id not in makers(session, version)
    ):
        actions |= {"approve", "return"}
    if (
        version.status == VersionStatus.published
        and maker
        and open_version(session, version.record_id) is None
        and penalty_version_is_public(session, version.id, clock.today())
    ):
        actions.add("correct")  # a record no longer public (期满, 修复, 撤下) is not corrected
    return actions
