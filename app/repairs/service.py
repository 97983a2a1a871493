"""Credit repair (信用修复): the enterprise applies on the public site; the authority that made the
finding accepts and decides ("谁认定、谁修复"); approval ends publication at once.

- Applying: the record must be public today, repairable and past its minimum period
  (``app.repairs.targets``); the applicant's USCC must be the record's party; the duties are
  declared fulfilled, the credit pledge accepted in full, supporting files attached (checked by
  content, ``app.kit.uploads``). One open application per record. The applicant gets an
  unguessable number and follows the status with the number and its USCC.
- Deadlines in working days (the rule set in force when the application arrives): acceptance
  within ``repair_acceptance`` days of submission, the decision within ``repair_decision`` days
  of acceptance; due dates follow the working-day calendar (``app.publication.calendar``).
- Officers: clerks and reviewers of the deciding authority accept; its reviewers approve or
  reject, with reasons. Officers of another authority neither see nor decide its applications
  (administrators see all, read-only).
- Approval withdraws the record: a penalty through ``app.penalties.withdrawals.withdraw_penalty``
  (``withdrawn_at`` now, reason ``repaired``: the visibility rule hides it from that day and the
  feed carries one ``penalty.withdrawn``); a black-list entry is removed with the feed's
  ``list_entry.withdrawn`` (reason ``repaired``) and its nomination bars are lifted.
- Every step is audited (the applicant's steps without an actor, with the source IP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, BeforeValidator
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import CHECKER_ROLES, MAKER_ROLES, InvalidState
from app.access.guards import required_text as required_reason
from app.audit.service import record as audit
from app.cases import service as cases
from app.cases.actions import Action
from app.cases.kinds import REPAIRS
from app.cases.service import FileLimits, Subject
from app.feed.service import emit_list_entry_withdrawn
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, ValidationFailed
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.uploads import Upload
from app.models import EntryStatus, ListEntry, RepairApplication, RepairStatus
from app.models.repair import OPEN_REPAIR_STATUSES, RepairTarget
from app.nomination_bars.service import revoke_for_entry
from app.penalties.withdrawals import withdraw_penalty
from app.publication.rules import rules_in_force
from app.repairs import repository
from app.repairs.pledge import PLEDGE_VERSION, pledge_text
from app.repairs.targets import Target, find_target, label_of, refusal
from app.web.public_forms import parse_phone, required_line, required_text

ACCEPT_ROLES = MAKER_ROLES
DECIDE_ROLES = CHECKER_ROLES
FILES_REQUIRED = "请上传罚款缴纳凭证、整改验收意见等证明材料（PDF、JPG或PNG）"


Ticked = Annotated[bool, BeforeValidator(bool)]  # a checkbox: sent (any value) or not


class ApplicationForm(BaseModel):
    """What the applicant filled in (as typed; the public form's fields)."""

    uscc: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    fine_paid: Ticked = False
    rectification_done: Ticked = False
    duties_statement: str = ""
    pledge_accepted: Ticked = False


def _check_form(target: Target, form: ApplicationForm) -> tuple[str, str, str, str]:
    problems: list[FieldError] = []
    uscc = ""
    try:
        uscc = parse_uscc(form.uscc)
    except IdentifierError as exc:
        problems.append(FieldError("uscc", exc.message, exc.code))
    if uscc and uscc != target.uscc:
        message = "该统一社会信用代码不是本记录的当事企业：只有被公示的企业本身可以申请信用修复"
        problems.append(FieldError("uscc", message, "wrong_enterprise"))
    name = required_line(form.contact_name, "contact_name", "联系人姓名", 50, problems)
    phone = parse_phone(form.contact_phone, "contact_phone", problems)
    if target.has_fine and not form.fine_paid:
        message = "须已缴清罚款（没收款项）方可申请信用修复"
        problems.append(FieldError("fine_paid", message, "duty_unfulfilled"))
    if not form.rectification_done:
        message = "须已完成整改并经主管部门认可方可申请信用修复"
        problems.append(FieldError("rectification_done", message, "duty_unfulfilled"))
    statement = required_text(
        form.duties_statement, "duties_statement", "履行义务情况说明", 2000, problems
    )
    if not form.pledge_accepted:
        message = "请完整阅读并接受信用承诺书"
        problems.append(FieldError("pledge_accepted", message, "required"))
    if problems:
        raise ValidationFailed(fields=problems)
    return uscc, name, phone, statement


def apply(
    session: Session,
    target_kind: RepairTarget,
    target_id: int,
    form: ApplicationForm,
    uploads: list[Upload],
    limits: FileLimits,
    source_ip: str | None,
) -> RepairApplication:
    """File an application; every problem with the form and the files is reported at once."""
    today = clock.today()
    target = find_target(session, target_kind, target_id, today)
    refused = refusal(target, today)
    if refused is not None:
        raise ValidationFailed(refused.message, code=refused.code, fields=[refused])
    fields, checked = cases.check_submission(
        lambda: _check_form(target, form), uploads, limits, files_required=FILES_REQUIRED
    )
    penalty_id = target.id if target.kind == RepairTarget.penalty else None
    entry_id = target.id if target.kind == RepairTarget.list_entry else None
    if repository.open_application(session, penalty_record_id=penalty_id, list_entry_id=entry_id):
        raise Conflict(
            "该记录已有正在办理的信用修复申请，请凭申请编号查询办理进度",
            code="already_applied",
        )
    application = _application(session, target, form, fields)
    session.add(application)
    session.flush()
    files = cases.attach_files(session, REPAIRS, application, checked, limits)
    audit(
        session,
        None,
        "repair.apply",
        "repair_application",
        application.id,
        after={
            "number": application.number,
            "target_type": target.kind,
            "target_id": target.id,
            "uscc": application.uscc,
            "files": files,
        },
        source_ip=source_ip,
    )
    return application


def _application(
    session: Session, target: Target, form: ApplicationForm, fields: tuple[str, str, str, str]
) -> RepairApplication:
    uscc, contact_name, phone, statement = fields
    today = clock.today()
    rules = rules_in_force(session, today)
    return RepairApplication(
        number=cases.new_number(session, REPAIRS),
        target_type=target.kind,
        penalty_record_id=target.id if target.kind == RepairTarget.penalty else None,
        list_entry_id=target.id if target.kind == RepairTarget.list_entry else None,
        record_version=target.record_version,
        authority_id=target.authority_id,
        enterprise_id=target.enterprise_id,
        uscc=uscc,
        party_name=target.party_name,
        decision_number=target.decision_number,
        contact_name=contact_name,
        contact_phone=phone,
        fine_paid=form.fine_paid if target.has_fine else None,
        rectification_done=True,
        duties_statement=statement,
        pledge_version=PLEDGE_VERSION,
        pledge_text=pledge_text(uscc, target.label),
        status=RepairStatus.submitted,
        submitted_at=clock.now(),
        submitted_on=today,
        accept_within=rules.deadline("repair_acceptance"),
        decide_within=rules.deadline("repair_decision"),
    )


# --- the officers' side ---------------------------------------------------------------------


def accept(session: Session, actor: Actor, repair_id: int) -> RepairApplication:
    """受理: the application is complete and will be decided."""
    found = cases.for_decision(session, REPAIRS, actor, repair_id, ACCEPT_ROLES, "受理信用修复申请")
    if found.status != RepairStatus.submitted:
        raise InvalidState("只有待受理的申请可以受理")
    found.status = RepairStatus.accepted
    found.accepted_at = clock.now()
    found.accepted_on = clock.today()
    found.accepted_by_id = actor.user_id
    session.flush()
    audit(
        session,
        actor,
        "repair.accept",
        "repair_application",
        found.id,
        before={"status": RepairStatus.submitted},
        after={"status": found.status, "number": found.number},
    )
    return found


def approve(session: Session, actor: Actor, repair_id: int, reason: str) -> RepairApplication:
    """准予修复, by reviewers of the deciding authority after acceptance: the record is withdrawn
    today and the withdrawal goes to the change feed and the credit platform."""
    text = required_reason(reason, "reason", "决定理由", limit=2000)
    found = cases.for_decision(session, REPAIRS, actor, repair_id, DECIDE_ROLES, "决定信用修复")
    if found.status != RepairStatus.accepted:
        raise InvalidState("只有已受理的申请可以作出修复决定，请先受理")
    found.status = RepairStatus.approved
    cases.record_decision(found, actor, text)
    session.flush()
    if found.penalty_record_id is not None:
        withdraw_penalty(session, found.penalty_record_id, "repaired")
    elif found.list_entry_id is not None:
        _remove_entry(session, actor, found.list_entry_id, found.number)
    audit(
        session,
        actor,
        "repair.approve",
        "repair_application",
        found.id,
        before={"status": RepairStatus.accepted},
        after={
            "status": found.status,
            "number": found.number,
            "reason": text,
            "target_type": found.target_type,
            "target_id": found.penalty_record_id or found.list_entry_id,
            "withdrawn_on": clock.today(),
        },
    )
    return found


def reject(session: Session, actor: Actor, repair_id: int, reason: str) -> RepairApplication:
    """不予受理 / 不予修复, by reviewers of the deciding authority, with the reasons the applicant
    will read."""
    text = required_reason(reason, "reason", "不予修复的理由", limit=2000)
    found = cases.for_decision(session, REPAIRS, actor, repair_id, DECIDE_ROLES, "决定信用修复")
    if found.status not in OPEN_REPAIR_STATUSES:
        raise InvalidState("该申请已办结")
    before = found.status
    found.status = RepairStatus.rejected
    cases.record_decision(found, actor, text)
    session.flush()
    audit(
        session,
        actor,
        "repair.reject",
        "repair_application",
        found.id,
        before={"status": before},
        after={"status": found.status, "number": found.number, "reason": text},
    )
    return found


def _remove_entry(session: Session, actor: Actor, entry_id: int, number: str) -> None:
    entry = session.scalars(
        select(ListEntry).where(ListEntry.id == entry_id).with_for_update()
    ).one()
    if entry.removed_at is not None:
        return
    entry.status = EntryStatus.removed
    entry.removed_at = clock.now()
    entry.removal_reason = f"信用修复（申请编号 {number}）"
    entry.removal_approved_by_id = actor.user_id
    session.flush()
    emit_list_entry_withdrawn(session, entry, "repaired")
    revoke_for_entry(session, actor, entry, f"所依据的黑名单记录已因信用修复移出（{number}）")


def _accept(session: Session, actor: Actor, repair_id: int, _reason: str) -> RepairApplication:
    """Clerks and reviewers of the deciding authority (谁认定、谁修复)."""
    return accept(session, actor, repair_id)


ACTIONS: list[Action[RepairApplication]] = [
    Action("accept", ACCEPT_ROLES, _accept, "Accept an application (受理)", reason=False),
    Action(
        "approve", DECIDE_ROLES, approve, "Approve: the record stops being published (准予修复)"
    ),
    Action("reject", DECIDE_ROLES, reject, "Reject, with the reasons (不予受理 / 不予修复)"),
]


def allowed_actions(actor: Actor, found: RepairApplication) -> set[str]:
    """What ``actor`` may do now (the actions check again)."""
    if found.authority_id != actor.authority_id:
        return set()
    actions: set[str] = set()
    if found.status == RepairStatus.submitted and actor.role in ACCEPT_ROLES:
        actions.add("accept")
    if found.status == RepairStatus.accepted and actor.role in DECIDE_ROLES:
        actions.add("approve")
    if found.status in OPEN_REPAIR_STATUSES and actor.role in DECIDE_ROLES:
        actions.add("reject")
    return actions


def rejection_label(found: RepairApplication) -> str:
    """A rejection before acceptance is 不予受理, after it 不予修复."""
    return "不予受理" if found.status == RepairStatus.submitted else "不予修复"


def subjects(session: Session, found: Sequence[RepairApplication]) -> list[Subject]:
    """What the applications are about, for the officers' lists."""
    return [Subject(label_of(row), None, row.party_name) for row in found]


def publication_ended_on(found: RepairApplication) -> dt.date | None:
    """The day an approved application's record stopped being published."""
    if found.status != RepairStatus.approved or found.decided_at is None:
        return None
    return clock.to_local(found.decided_at).date()
