"""Findings (调查处理情况) in versions, reviewed by a second person exactly like penalties.

- A clerk or reviewer of the case's handling unit (or the office) records a draft and submits it;
  the office's reviewers approve or return it, never a version they created or submitted.
- On approval the version is published (its previous published version superseded); it is public
  from the later of that day and the batch's publication day (``rules.findings_public_on``).
- A correction is a new version of a published one, reviewed the same way.
- Texts are made public-safe when saved (``privacy.mask_text``); the internal note is never public.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import (
    CHECKER_ROLES,
    MAKER_ROLES,
    InvalidState,
    require_checker,
    require_role,
    required_text,
)
from app.audit.service import record as audit
from app.inspections import events, repository, scope
from app.inspections.fields import FindingInput
from app.inspections.privacy import mask_text
from app.inspections.service import load_case
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import NotFound
from app.models import InspectionFinding, VersionStatus

EDITABLE = frozenset({VersionStatus.draft, VersionStatus.returned})


def _apply(finding: InspectionFinding, data: FindingInput) -> None:
    names = data.private_names
    finding.investigation = mask_text(data.investigation, names)
    finding.truth = data.truth
    finding.handling = mask_text(data.handling, names)
    finding.accountability = mask_text(data.accountability, names)
    finding.ordered_rectification = data.ordered_rectification
    finding.penalty_cases = data.penalty_cases
    finding.penalty_record_ids = list(data.penalty_record_ids)
    finding.fine_amount = data.fine_amount
    finding.criminal_cases = data.criminal_cases
    finding.detentions = data.detentions
    finding.interviews = data.interviews
    finding.accountable_persons = data.accountable_persons
    finding.rectification_deadline = data.rectification_deadline
    finding.internal_note = data.internal_note
    finding.change_reason = data.change_reason


def _snapshot(finding: InspectionFinding) -> dict[str, Any]:
    return {
        "case_id": finding.case_id,
        "version": finding.version,
        "status": finding.status.value,
        "truth": finding.truth.value,
    }


def load_finding(
    session: Session, actor: Actor, finding_id: int, *, lock: bool = False
) -> InspectionFinding:
    query = select(InspectionFinding).where(InspectionFinding.id == finding_id)
    if lock:
        query = query.with_for_update()
    finding = session.scalar(query)
    if finding is None or not scope.covers_case(session, actor, finding.case_id):
        raise NotFound("未找到该调查处理情况")
    return finding


def record_findings(
    session: Session, actor: Actor, case_id: int, data: FindingInput, *, and_submit: bool = False
) -> InspectionFinding:
    """A new version of a case's findings: the first, or a correction of the published one."""
    require_role(actor, MAKER_ROLES, "录入调查处理情况")
    case = load_case(session, actor, case_id)
    if repository.open_finding(session, case.id) is not None:
        raise InvalidState("该信访件已有未审核完的调查处理情况，请先处理")
    published = repository.current_published(session, case.id)
    if published is not None:
        required_text(data.change_reason, "change_reason", "更正原因")
    versions = session.scalars(
        select(InspectionFinding.version).where(InspectionFinding.case_id == case.id)
    ).all()
    finding = InspectionFinding(
        case_id=case.id,
        version=1 + max(versions, default=0),
        status=VersionStatus.draft,
        created_by_id=actor.user_id,
    )
    _apply(finding, data)
    session.add(finding)
    session.flush()
    audit(
        session,
        actor,
        "inspection.findings.create",
        "inspection_finding",
        finding.id,
        after=_snapshot(finding),
    )
    return submit(session, actor, finding.id) if and_submit else finding


def update_findings(
    session: Session, actor: Actor, finding_id: int, data: FindingInput, *, and_submit: bool = False
) -> InspectionFinding:
    require_role(actor, MAKER_ROLES, "修改调查处理情况")
    finding = load_finding(session, actor, finding_id, lock=True)
    if finding.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的调查处理情况可以修改")
    if finding.version > 1:
        required_text(data.change_reason, "change_reason", "更正原因")
    _apply(finding, data)
    session.flush()
    audit(
        session,
        actor,
        "inspection.findings.edit",
        "inspection_finding",
        finding.id,
        after=_snapshot(finding),
    )
    return submit(session, actor, finding.id) if and_submit else finding


def submit(session: Session, actor: Actor, finding_id: int) -> InspectionFinding:
    require_role(actor, MAKER_ROLES, "报送调查处理情况")
    finding = load_finding(session, actor, finding_id, lock=True)
    if finding.status not in EDITABLE:
        raise InvalidState("只有草稿或退回修改的调查处理情况可以报送")
    finding.status = VersionStatus.submitted
    finding.submitted_by_id = actor.user_id
    finding.submitted_at = clock.now()
    session.flush()
    audit(
        session,
        actor,
        "inspection.findings.submit",
        "inspection_finding",
        finding.id,
        after=_snapshot(finding),
    )
    return finding


def _check_reviewer(session: Session, actor: Actor, finding: InspectionFinding) -> None:
    require_checker(actor, (finding.created_by_id, finding.submitted_by_id), "审核调查处理情况")
    scope.require_office(session, actor, "审核调查处理情况")
    if finding.status != VersionStatus.submitted:
        raise InvalidState("只有待审核的调查处理情况可以审核")


def approve(session: Session, actor: Actor, finding_id: int) -> InspectionFinding:
    finding = load_finding(session, actor, finding_id, lock=True)
    _check_reviewer(session, actor, finding)
    now = clock.now()
    today = clock.today()
    previous = repository.current_published(session, finding.case_id)
    if previous is not None:
        previous.status = VersionStatus.superseded
        previous.superseded_at = now
        previous.superseded_on = today
    finding.status = VersionStatus.published
    finding.published_at = now
    finding.published_on = today
    finding.reviewed_by_id = actor.user_id
    finding.reviewed_at = now
    session.flush()
    audit(
        session,
        actor,
        "inspection.findings.approve",
        "inspection_finding",
        finding.id,
        after=_snapshot(finding),
    )
    events.findings_approved(session, finding)
    return finding


def return_to_maker(
    session: Session, actor: Actor, finding_id: int, comment: str
) -> InspectionFinding:
    text = required_text(comment, "comment", "退回原因")
    finding = load_finding(session, actor, finding_id, lock=True)
    _check_reviewer(session, actor, finding)
    finding.status = VersionStatus.returned
    finding.reviewed_by_id = actor.user_id
    finding.reviewed_at = clock.now()
    finding.review_comment = text
    session.flush()
    audit(
        session,
        actor,
        "inspection.findings.return",
        "inspection_finding",
        finding.id,
        after={**_snapshot(finding), "comment": text},
    )
    return finding


def allowed_actions(session: Session, actor: Actor, finding: InspectionFinding) -> set[str]:
    """What ``actor`` may do with ``finding`` now (the pages offer only these buttons)."""
    actions: set[str] = set()
    if finding.status in EDITABLE and actor.role in MAKER_ROLES:
        actions |= {"edit", "submit"}
    if (
        finding.status == VersionStatus.submitted
        and actor.role in CHECKER_ROLES
        and actor.user_id not in (finding.created_by_id, finding.submitted_by_id)
        and scope.is_office(session, actor)
    ):
        actions |= {"approve", "return"}
    return actions
