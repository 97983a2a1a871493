"""Nomination bars: who is barred, on what basis, for how long; two people decide each bar.

- When a black-list entry is approved, its enterprise's 法定代表人, 主要负责人 and 直接责任人员 (as
  recorded, holding the role during the entry's period) are proposed for a bar covering the
  entry's period; the proposer is the entry's proposer, so a reviewer other than them confirms.
- An officer may propose a bar directly (a person, a basis and a period); a second person
  confirms it.
- When the entry is removed, the bars that came from it are revoked.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

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
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.models import (
    BarSource,
    BarStatus,
    Enterprise,
    EnterprisePerson,
    ListEntry,
    NominationBar,
    Person,
    PersonRole,
)
from app.models.listing import BLACK_LIST_CATEGORY_LABELS, BlackListCategory
from app.persons.service import PersonInput, find_or_create_person, load_enterprise
from app.publication.periods import add_months

# The roles a black-list entry bars (2016 joint-punishment memorandum, DOMAIN.md).
BARRED_ROLES = (
    PersonRole.legal_representative,
    PersonRole.principal,
    PersonRole.directly_responsible,
)
MAX_BAR_YEARS = 10


def _bar_audit(
    session: Session, actor: Actor, action: str, bar: NominationBar, **extra: object
) -> None:
    person = session.get(Person, bar.person_id)
    audit(
        session,
        actor,
        action,
        "nomination_bar",
        bar.id,
        after={
            "status": bar.status,
            "person_id": bar.person_id,
            "id_masked": person.id_masked if person else None,
            "enterprise_id": bar.enterprise_id,
            "list_entry_id": bar.list_entry_id,
            "start_date": bar.start_date,
            "end_date": bar.end_date,
            **extra,
        },
    )


def category_label(category: str | None) -> str:
    try:
        return BLACK_LIST_CATEGORY_LABELS[BlackListCategory(category or "")]
    except ValueError:
        return category or ""


def propose_from_entry(session: Session, actor: Actor, entry: ListEntry) -> list[NominationBar]:
    """Bars proposed for the persons of a just-approved black-list entry's enterprise."""
    links = session.scalars(
        select(EnterprisePerson)
        .where(
            EnterprisePerson.enterprise_id == entry.enterprise_id,
            EnterprisePerson.role.in_(BARRED_ROLES),
            or_(EnterprisePerson.since.is_(None), EnterprisePerson.since <= entry.end_date),
            or_(EnterprisePerson.until.is_(None), EnterprisePerson.until >= entry.start_date),
        )
        .order_by(EnterprisePerson.id)
    ).all()
    label = category_label(entry.category)
    enterprise = session.get(Enterprise, entry.enterprise_id)
    bars: list[NominationBar] = []
    seen: set[tuple[int, PersonRole]] = set()
    for link in links:
        if (link.person_id, link.role) in seen:
            continue
        seen.add((link.person_id, link.role))
        bar = NominationBar(
            person_id=link.person_id,
            enterprise_id=entry.enterprise_id,
            role=link.role,
            list_entry_id=entry.id,
            source=BarSource.black_list,
            basis=f"所在单位列入环境信用黑名单（{label}，名单记录第{entry.id}号）",
            start_date=entry.start_date,
            end_date=entry.end_date,
            status=BarStatus.proposed,
            district_code=current_division(enterprise.district_code if enterprise else None),
            authority_id=entry.authority_id,
            proposed_by_id=entry.proposed_by_id,
            proposed_at=clock.now(),
        )
        session.add(bar)
        session.flush()
        _bar_audit(session, actor, "nomination_bar.propose", bar, source=BarSource.black_list)
        bars.append(bar)
    return bars


def propose_direct(
    session: Session,
    settings: Settings,
    actor: Actor,
    person: PersonInput,
    *,
    enterprise_id: int | None,
    role: PersonRole | None,
    basis: str,
    start: dt.date,
    end: dt.date,
) -> NominationBar:
    """A bar proposed by an officer, with its basis and period (confirmed by a second person)."""
    require_role(actor, MAKER_ROLES, "提议提名限制")
    text = required_text(basis, "basis", "认定依据", limit=2000)
    if end < start:
        raise ValidationFailed(fields=[FieldError("end_date", "截止日期不能早于起始日期")])
    if end > add_months(start, 12 * MAX_BAR_YEARS) - dt.timedelta(days=1):
        raise ValidationFailed(
            fields=[FieldError("end_date", f"限制期限不能超过{MAX_BAR_YEARS}年")]
        )
    district: str | None = None
    if enterprise_id is not None:
        enterprise = load_enterprise(session, actor, enterprise_id)
        district = current_division(enterprise.district_code)
    elif actor.districts:
        raise ValidationFailed(
            fields=[FieldError("enterprise_uscc", "区县账号提议时须填写本辖区内的所在单位")]
        )
    found = find_or_create_person(session, settings, actor, person)
    bar = NominationBar(
        person_id=found.id,
        enterprise_id=enterprise_id,
        role=role,
        source=BarSource.direct,
        basis=text,
        start_date=start,
        end_date=end,
        status=BarStatus.proposed,
        district_code=district,
        authority_id=actor.authority_id,
        proposed_by_id=actor.user_id,
        proposed_at=clock.now(),
    )
    session.add(bar)
    session.flush()
    _bar_audit(session, actor, "nomination_bar.propose", bar, source=BarSource.direct, basis=text)
    return bar


def load_bar(session: Session, actor: Actor, bar_id: int, *, lock: bool = False) -> NominationBar:
    query = select(NominationBar).where(NominationBar.id == bar_id)
    if lock:
        query = query.with_for_update()
    bar = session.scalar(query)
    if bar is None or not actor.covers(bar.district_code):
        raise NotFound("未找到该提名限制记录")
    return bar


def approve_bar(session: Session, actor: Actor, bar_id: int) -> NominationBar:
    bar = load_bar(session, actor, bar_id, lock=True)
    require_checker(actor, (bar.proposed_by_id,), "确认提名限制")
    if bar.status != BarStatus.proposed:
        raise InvalidState("只有待确认的提名限制可以确认")
    bar.status = BarStatus.approved
    bar.reviewed_by_id = actor.user_id
    bar.reviewed_at = clock.now()
    session.flush()
    _bar_audit(session, actor, "nomination_bar.approve", bar)
    return bar


def reject_bar(session: Session, actor: Actor, bar_id: int, comment: str) -> NominationBar:
    text = required_text(comment, "comment", "不予确认的理由")
    bar = load_bar(session, actor, bar_id, lock=True)
    require_checker(actor, (bar.proposed_by_id,), "审核提名限制")
    if bar.status != BarStatus.proposed:
        raise InvalidState("只有待确认的提名限制可以审核")
    bar.status = BarStatus.rejected
    bar.reviewed_by_id = actor.user_id
    bar.reviewed_at = clock.now()
    bar.review_comment = text
    session.flush()
    _bar_audit(session, actor, "nomination_bar.reject", bar, comment=text)
    return bar


def revoke_for_entry(session: Session, actor: Actor, entry: ListEntry, reason: str) -> int:
    """Revoke the bars that came from a black-list entry that was removed."""
    bars = session.scalars(
        select(NominationBar).where(
            NominationBar.list_entry_id == entry.id,
            NominationBar.status.in_([BarStatus.proposed, BarStatus.approved]),
        )
    ).all()
    for bar in bars:
        bar.status = BarStatus.revoked
        bar.revoked_at = clock.now()
        bar.revoke_reason = reason
        session.flush()
        _bar_audit(session, actor, "nomination_bar.revoke", bar, reason=reason)
    return len(bars)


def awaiting_review(bar: NominationBar) -> bool:
    """Proposed and not yet confirmed or rejected by a second person."""
    return bar.status == BarStatus.proposed


def allowed_actions(actor: Actor, bar: NominationBar) -> set[str]:
    if (
        bar.status == BarStatus.proposed
        and actor.role in CHECKER_ROLES
        and actor.user_id != bar.proposed_by_id
    ):
        return {"approve", "reject"}
    return set()
