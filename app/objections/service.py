"""Objections (异议) to a published penalty record.

- Anyone may object to a record public today: who they are, a contact, the reason, optional
  supporting files (checked by content, ``app.kit.uploads``). The objector gets an unguessable
  number and follows it with the number and the contact phone.
- While an objection is open, the record's public page and JSON say so ("异议处理中",
  ``objection_open``; ``app.publication.visibility.objection_open``).
- The authority that made the record answers within ``objection_answer`` working days (the rule
  set in force when the objection arrived; the due date follows the working-day calendar): its
  reviewers uphold it (the record is then corrected by a new version through the usual
  correction and review, ``app.penalties.corrections``) or reject it, with reasons either way.
- Every step is audited (the objector's without an actor, with the source IP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.access.guards import CHECKER_ROLES, MAKER_ROLES, InvalidState
from app.access.guards import required_text as required_reason
from app.audit.service import record as audit
from app.cases import service as cases
from app.cases.actions import Action
from app.cases.kinds import OBJECTIONS
from app.cases.repository import PublicPenalty, public_penalty
from app.cases.service import FileLimits, OfficerView, Subject
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.kit.uploads import Upload
from app.models import Objection, ObjectionStatus, ObjectorKind, VersionStatus
from app.objections import repository
from app.publication.rules import rules_in_force
from app.web.public_forms import parse_phone, required_line, required_text

DECIDE_ROLES = CHECKER_ROLES


class ObjectionForm(BaseModel):
    """What the objector filled in (as typed; the public form's fields)."""

    penalty_record_id: str = ""
    objector_kind: str = ""
    objector_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    reason: str = ""


def public_record(session: Session, record_id: int) -> PublicPenalty:
    found = public_penalty(session, record_id, clock.today())
    if found is None:
        raise NotFound("该行政处罚记录不存在或已不在公示期内")
    return found


def _check_form(form: ObjectionForm) -> tuple[ObjectorKind, str, str, str, str]:
    problems: list[FieldError] = []
    try:
        kind = ObjectorKind(form.objector_kind)
    except ValueError:
        kind = ObjectorKind.person
        problems.append(FieldError("objector_kind", "请选择异议人身份", "required"))
    name = required_line(form.objector_name, "objector_name", "异议人名称或姓名", 200, problems)
    contact = required_line(form.contact_name, "contact_name", "联系人姓名", 50, problems)
    phone = parse_phone(form.contact_phone, "contact_phone", problems)
    reason = required_text(form.reason, "reason", "异议理由", 2000, problems)
    if problems:
        raise ValidationFailed(fields=problems)
    return kind, name, contact, phone, reason


def submit(
    session: Session,
    record_id: int,
    form: ObjectionForm,
    uploads: list[Upload],
    limits: FileLimits,
    source_ip: str | None,
) -> Objection:
    """File an objection; every problem with the form and the files is reported at once."""
    record = public_record(session, record_id)
    fields, checked = cases.check_submission(lambda: _check_form(form), uploads, limits)
    kind, name, contact, phone, reason = fields
    today = clock.today()
    objection = Objection(
        number=cases.new_number(session, OBJECTIONS),
        penalty_record_id=record.record_id,
        record_version=record.version,
        authority_id=record.authority_id,
        objector_kind=kind,
        objector_name=name,
        contact_name=contact,
        contact_phone=phone,
        reason=reason,
        status=ObjectionStatus.open,
        submitted_at=clock.now(),
        submitted_on=today,
        answer_within=rules_in_force(session, today).deadline("objection_answer"),
    )
    session.add(objection)
    session.flush()
    files = cases.attach_files(session, OBJECTIONS, objection, checked, limits)
    audit(
        session,
        None,
        "objection.submit",
        "objection",
        objection.id,
        after={
            "number": objection.number,
            "penalty_record_id": record.record_id,
            "record_version": record.version,
            "objector_kind": kind,
            "files": files,
        },
        source_ip=source_ip,
    )
    return objection


# --- the officers' side ---------------------------------------------------------------------


def _decide(
    session: Session, actor: Actor, objection_id: int, status: ObjectionStatus, reason: str
) -> Objection:
    text = required_reason(reason, "reason", "答复理由", limit=2000)
    found = cases.for_decision(session, OBJECTIONS, actor, objection_id, DECIDE_ROLES, "答复异议")
    if found.status != ObjectionStatus.open:
        raise InvalidState("该异议已答复")
    found.status = status
    cases.record_decision(found, actor, text)
    session.flush()
    audit(
        session,
        actor,
        f"objection.{'uphold' if status == ObjectionStatus.upheld else 'reject'}",
        "objection",
        found.id,
        before={"status": ObjectionStatus.open},
        after={
            "status": status,
            "number": found.number,
            "penalty_record_id": found.penalty_record_id,
            "reason": text,
        },
    )
    return found


def uphold(session: Session, actor: Actor, objection_id: int, reason: str) -> Objection:
    """异议成立, by reviewers of the authority that made the record: the record is to be
    corrected. The correction itself is a new version
    (`POST /api/v1/admin/penalties/{record_id}/corrections`), reviewed as usual."""
    return _decide(session, actor, objection_id, ObjectionStatus.upheld, reason)


def reject(session: Session, actor: Actor, objection_id: int, reason: str) -> Objection:
    """异议不成立, by reviewers of the authority that made the record, with the reasons the
    objector will read."""
    return _decide(session, actor, objection_id, ObjectionStatus.rejected, reason)


ACTIONS: list[Action[Objection]] = [
    Action("uphold", DECIDE_ROLES, uphold, "Uphold: the record is to be corrected (异议成立)"),
    Action("reject", DECIDE_ROLES, reject, "Reject, with the reasons (异议不成立)"),
]


def allowed_actions(actor: Actor, found: Objection) -> set[str]:
    if (
        found.status == ObjectionStatus.open
        and actor.role in DECIDE_ROLES
        and found.authority_id == actor.authority_id
    ):
        return {"uphold", "reject"}
    return set()


@dataclass(frozen=True)
class Correction:
    """Where an objection stands with the record's correction (its later versions)."""

    due: bool  # upheld: the record is to be corrected
    may_start: bool  # and this officer may start it (a clerk or reviewer of its authority)
    later: list[tuple[int, int, VersionStatus]]  # (version id, number, status) after it


def correction(session: Session, actor: Actor, found: Objection) -> Correction:
    upheld = found.status == ObjectionStatus.upheld
    return Correction(
        due=upheld,
        may_start=upheld and actor.role in MAKER_ROLES and found.authority_id == actor.authority_id,
        later=list(
            repository.later_versions(session, found.penalty_record_id, found.record_version)
        ),
    )


def subjects(session: Session, found: Sequence[Objection]) -> list[Subject]:
    """What the objections are about (the records' decision numbers), for the officers' lists."""
    numbers = repository.decision_numbers(session, [row.penalty_record_id for row in found])
    return [
        Subject(
            numbers.get(row.penalty_record_id, ""),
            f"/admin/penalties/{row.penalty_record_id}",
            row.objector_name,
        )
        for row in found
    ]


@dataclass(frozen=True)
class ObjectionView:
    """An objection as served, with the decision number of its record."""

    case: cases.CaseView[Objection]
    decision_number: str


def public_view(session: Session, found: Objection) -> ObjectionView:
    return ObjectionView(cases.view(session, OBJECTIONS, found), _decision_number(session, found))


@dataclass(frozen=True)
class OfficersObjection:
    """What officers see of an objection: also its files, who answered, the later versions."""

    case: OfficerView[Objection]
    decision_number: str
    later_versions: list[int]


def officer_view(session: Session, found: Objection) -> OfficersObjection:
    later = repository.later_versions(session, found.penalty_record_id, found.record_version)
    return OfficersObjection(
        cases.officer_view(session, OBJECTIONS, found),
        _decision_number(session, found),
        [number for _id, number, _status in later],
    )


def _decision_number(session: Session, found: Objection) -> str:
    return repository.decision_numbers(session, [found.penalty_record_id]).get(
        found.penalty_record_id, ""
    )
