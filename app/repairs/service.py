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

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import InvalidState, require_role
from app.access.guards import required_text as required_reason
from app.audit.service import record as audit
from app.feed.service import emit_list_entry_withdrawn
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.uploads import CheckedFile, Upload, check_uploads, store
from app.models import CaseFile, EntryStatus, ListEntry, RepairApplication, RepairStatus
from app.models.repair import OPEN_REPAIR_STATUSES, RepairTarget
from app.nomination_bars.service import revoke_for_entry
from app.penalties.withdrawals import withdraw_penalty
from app.publication.rules import rules_in_force
from app.repairs import repository
from app.repairs.pledge import PLEDGE_VERSION, pledge_text
from app.repairs.targets import Target, find_target, refusal
from app.web.public_forms import (
    case_number,
    normalise_number,
    parse_phone,
    required_line,
    required_text,
)

ACCEPT_ROLES = frozenset({Role.clerk, Role.reviewer})
DECIDE_ROLES = frozenset({Role.reviewer})


@dataclass(frozen=True)
class ApplicationForm:
    """What the applicant filled in (as typed)."""

    uscc: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    fine_paid: bool = False
    rectification_done: bool = False
    duties_statement: str = ""
    pledge_accepted: bool = False


@dataclass(frozen=True)
class FileLimits:
    directory: str
    max_bytes: int
    max_files: int


def _new_number(session: Session) -> str:
    while True:
        number = case_number("XF")
        if repository.by_number(session, number) is None:
            return number


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


def _check_files(uploads: list[Upload], limits: FileLimits) -> list[CheckedFile]:
    if not uploads:
        message = "请上传罚款缴纳凭证、整改验收意见等证明材料（PDF、JPG或PNG）"
        raise ValidationFailed(fields=[FieldError("files", message, "required")])
    return check_uploads(uploads, max_bytes=limits.max_bytes, max_files=limits.max_files)


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
    problems: list[FieldError] = []
    too_large = False
    fields: tuple[str, str, str, str] | None = None
    checked: list[CheckedFile] = []
    try:
        fields = _check_form(target, form)
    except ValidationFailed as exc:
        problems += exc.fields
    try:
        checked = _check_files(uploads, limits)
    except DomainError as exc:
        problems += exc.fields
        too_large = exc.status_code == PayloadTooLarge.status_code
    if problems or fields is None:
        if too_large:
            raise PayloadTooLarge("上传的文件过大", code="file_too_large", fields=problems)
        raise ValidationFailed(fields=problems)
    uscc, contact_name, phone, statement = fields
    existing = repository.open_application(
        session,
        penalty_record_id=target.id if target.kind == RepairTarget.penalty else None,
        list_entry_id=target.id if target.kind == RepairTarget.list_entry else None,
    )
    if existing is not None:
        raise Conflict(
            "该记录已有正在办理的信用修复申请，请凭申请编号查询办理进度",
            code="already_applied",
        )
    rules = rules_in_force(session, today)
    now = clock.now()
    application = RepairApplication(
        number=_new_number(session),
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
        submitted_at=now,
        submitted_on=today,
        accept_within=rules.deadline("repair_acceptance"),
        decide_within=rules.deadline("repair_decision"),
    )
    session.add(application)
    session.flush()
    for item in checked:
        session.add(
            CaseFile(
                repair_id=application.id,
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
        "repair.apply",
        "repair_application",
        application.id,
        after={
            "number": application.number,
            "target_type": target.kind,
            "target_id": target.id,
            "uscc": uscc,
            "files": [{"name": f.filename, "kind": f.kind, "sha256": f.sha256} for f in checked],
        },
        source_ip=source_ip,
    )
    return application


def find_for_applicant(session: Session, number: str | None, uscc: str | None) -> RepairApplication:
    """The application with this number, only together with its enterprise's USCC; the same
    answer whether the number or the code is wrong, so that a number alone reveals nothing."""
    problems: list[FieldError] = []
    code = normalise_number(number)
    if not code:
        problems.append(FieldError("number", "请填写申请编号", "required"))
    try:
        party = parse_uscc(uscc)
    except IdentifierError as exc:
        problems.append(FieldError("uscc", exc.message, exc.code))
        party = ""
    if problems:
        raise ValidationFailed(fields=problems)
    found = repository.by_number(session, code)
    if found is None or not secrets.compare_digest(found.uscc, party):
        raise NotFound("未找到该申请：请核对申请编号和统一社会信用代码")
    return found


# --- the officers' side ---------------------------------------------------------------------


def load_for_officer(session: Session, actor: Actor, repair_id: int) -> RepairApplication:
    """An application the actor may see: its authority's (administrators: all)."""
    found = session.get(RepairApplication, repair_id)
    if found is None or (actor.role != Role.admin and found.authority_id != actor.authority_id):
        raise NotFound("未找到该信用修复申请")
    return found


def _for_decision(
    session: Session, actor: Actor, repair_id: int, roles: frozenset[Role], what: str
) -> RepairApplication:
    require_role(actor, roles, what)
    found = session.scalar(
        select(RepairApplication).where(RepairApplication.id == repair_id).with_for_update()
    )
    if found is None:
        raise NotFound("未找到该信用修复申请")
    if found.authority_id != actor.authority_id:
        name = repository.authority_name(session, found.authority_id)
        raise Forbidden(
            f"信用修复由作出认定的机关（{name}）办理（谁认定、谁修复），您所在的机关不能办理",
            code="not_the_deciding_authority",
        )
    return found


def accept(session: Session, actor: Actor, repair_id: int) -> RepairApplication:
    """受理: the application is complete and will be decided."""
    found = _for_decision(session, actor, repair_id, ACCEPT_ROLES, "受理信用修复申请")
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
    """准予修复: the record stops being published today and the withdrawal is sent."""
    text = required_reason(reason, "reason", "决定理由", limit=2000)
    found = _for_decision(session, actor, repair_id, DECIDE_ROLES, "决定信用修复")
    if found.status != RepairStatus.accepted:
        raise InvalidState("只有已受理的申请可以作出修复决定，请先受理")
    _decide(found, actor, RepairStatus.approved, text)
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
    """不予受理 / 不予修复, with the reason the applicant will read."""
    text = required_reason(reason, "reason", "不予修复的理由", limit=2000)
    found = _for_decision(session, actor, repair_id, DECIDE_ROLES, "决定信用修复")
    if found.status not in OPEN_REPAIR_STATUSES:
        raise InvalidState("该申请已办结")
    before = found.status
    _decide(found, actor, RepairStatus.rejected, text)
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


def _decide(found: RepairApplication, actor: Actor, status: RepairStatus, reason: str) -> None:
    found.status = status
    found.decided_at = clock.now()
    found.decided_by_id = actor.user_id
    found.decision_reason = reason


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
