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

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import InvalidState, require_role
from app.access.guards import required_text as required_reason
from app.audit.service import record as audit
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import (
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)
from app.kit.uploads import CheckedFile, Upload, check_uploads, store
from app.models import CaseFile, Objection, ObjectionStatus, ObjectorKind
from app.publication.calendar import add_working_days
from app.publication.rules import rules_in_force
from app.repairs.repository import PublicPenalty, authority_name, public_penalty
from app.repairs.service import FileLimits
from app.web.public_forms import (
    case_number,
    normalise_number,
    parse_phone,
    required_line,
    required_text,
)

DECIDE_ROLES = frozenset({Role.reviewer})


@dataclass(frozen=True)
class ObjectionForm:
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


def _new_number(session: Session) -> str:
    while True:
        number = case_number("YY")
        if session.scalar(select(Objection.id).where(Objection.number == number)) is None:
            return number


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
    problems: list[FieldError] = []
    too_large = False
    fields: tuple[ObjectorKind, str, str, str, str] | None = None
    checked: list[CheckedFile] = []
    try:
        fields = _check_form(form)
    except ValidationFailed as exc:
        problems += exc.fields
    if uploads:
        try:
            checked = check_uploads(uploads, max_bytes=limits.max_bytes, max_files=limits.max_files)
        except DomainError as exc:
            problems += exc.fields
            too_large = exc.status_code == PayloadTooLarge.status_code
    if problems or fields is None:
        if too_large:
            raise PayloadTooLarge("上传的文件过大", code="file_too_large", fields=problems)
        raise ValidationFailed(fields=problems)
    kind, name, contact, phone, reason = fields
    today = clock.today()
    now = clock.now()
    objection = Objection(
        number=_new_number(session),
        penalty_record_id=record.record_id,
        record_version=record.version,
        authority_id=record.authority_id,
        objector_kind=kind,
        objector_name=name,
        contact_name=contact,
        contact_phone=phone,
        reason=reason,
        status=ObjectionStatus.open,
        submitted_at=now,
        submitted_on=today,
        answer_within=rules_in_force(session, today).deadline("objection_answer"),
    )
    session.add(objection)
    session.flush()
    for item in checked:
        session.add(
            CaseFile(
                objection_id=objection.id,
                original_name=item.filename,
                kind=item.kind,
                size=len(item.content),
                sha256=item.sha256,
                stored_name=store(limits.directory, item.content),
                uploaded_at=now,
            )
        )
    session.flush()
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
            "files": [{"name": f.filename, "kind": f.kind, "sha256": f.sha256} for f in checked],
        },
        source_ip=source_ip,
    )
    return objection


def find_for_objector(session: Session, number: str | None, phone: str | None) -> Objection:
    """The objection with this number, only together with its contact phone (the same answer
    whether the number or the phone is wrong)."""
    problems: list[FieldError] = []
    code = normalise_number(number)
    if not code:
        problems.append(FieldError("number", "请填写异议编号", "required"))
    digits = parse_phone(phone, "phone", problems)
    if problems:
        raise ValidationFailed(fields=problems)
    found = session.scalar(select(Objection).where(Objection.number == code))
    if found is None or not secrets.compare_digest(found.contact_phone, digits):
        raise NotFound("未找到该异议：请核对异议编号和联系电话")
    return found


# --- the officers' side ---------------------------------------------------------------------


def load_for_officer(session: Session, actor: Actor, objection_id: int) -> Objection:
    found = session.get(Objection, objection_id)
    if found is None or (actor.role != Role.admin and found.authority_id != actor.authority_id):
        raise NotFound("未找到该异议")
    return found


def _for_decision(session: Session, actor: Actor, objection_id: int) -> Objection:
    require_role(actor, DECIDE_ROLES, "答复异议")
    found = session.scalar(select(Objection).where(Objection.id == objection_id).with_for_update())
    if found is None:
        raise NotFound("未找到该异议")
    if found.authority_id != actor.authority_id:
        name = authority_name(session, found.authority_id)
        raise Forbidden(
            f"异议由作出该处罚的机关（{name}）答复，您所在的机关不能办理",
            code="not_the_deciding_authority",
        )
    if found.status != ObjectionStatus.open:
        raise InvalidState("该异议已答复")
    return found


def _decide(
    session: Session, actor: Actor, objection_id: int, status: ObjectionStatus, reason: str
) -> Objection:
    text = required_reason(reason, "reason", "答复理由", limit=2000)
    found = _for_decision(session, actor, objection_id)
    found.status = status
    found.decided_at = clock.now()
    found.decided_by_id = actor.user_id
    found.decision_reason = text
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
    """异议成立: the record is to be corrected (a new version, through the usual review)."""
    return _decide(session, actor, objection_id, ObjectionStatus.upheld, reason)


def reject(session: Session, actor: Actor, objection_id: int, reason: str) -> Objection:
    """异议不成立, with the reasons the objector will read."""
    return _decide(session, actor, objection_id, ObjectionStatus.rejected, reason)


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    done_on: dt.date | None
    overdue: bool
    late: bool


def deadline(session: Session, found: Objection, today: dt.date) -> Deadline:
    due = add_working_days(session, found.submitted_on, found.answer_within)
    done_on = clock.to_local(found.decided_at).date() if found.decided_at else None
    return Deadline(
        due=due,
        done_on=done_on,
        overdue=done_on is None and today > due,
        late=done_on is not None and done_on > due,
    )


def allowed_actions(actor: Actor, found: Objection) -> set[str]:
    if (
        found.status == ObjectionStatus.open
        and actor.role in DECIDE_ROLES
        and found.authority_id == actor.authority_id
    ):
        return {"uphold", "reject"}
    return set()
