"""List decisions (maker-checker): propose a black-list or red-list entry, or the removal of one;
each takes effect only when a second person approves it. An entry is proposed one way
(``_record_proposal``), by an officer (``propose``) or when an enterprise's credit level reaches
黑 (``propose_for_crossings``, with the end date of ``app.lists.rules``).

- Black list: cites one or more of the enterprise's published penalties and a serious behaviour
  category; the period is at least the rule set's shortest black-list period (app.lists.rules).
  On approval the enterprise's responsible persons are proposed for nomination bars.
- Red list: the red-list criteria (app.lists.rules) must hold when proposed and when approved.
- Jurisdiction follows the enterprise's district; every action is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import insert, select
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
from app.credit.service import Crossing
from app.feed.service import emit_list_entry_published, emit_list_entry_withdrawn
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.kit.personal_numbers import mask_personal_numbers
from app.lists import repository
from app.lists.rules import (
    black_list_earliest_end,
    check_period,
    check_red_criteria,
    suggested_category,
)
from app.measures.service import NOMINATION_BAR, effects_for
from app.models import (
    BlackListCategory,
    EntryStatus,
    ListEntry,
    ListType,
)
from app.models.listing import list_entry_penalties
from app.nomination_bars.service import propose_from_entry, revoke_for_entry
from app.persons.service import load_enterprise


@dataclass(frozen=True)
class Proposal:
    list_type: ListType
    enterprise_id: int
    basis: str
    start_date: dt.date
    end_date: dt.date
    category: str | None = None  # BlackListCategory, black list only
    penalty_record_ids: tuple[int, ...] = ()  # black list only
    legal_basis: str | None = None
    decision_number: str | None = None


def _check_overlap(session: Session, proposal: Proposal) -> None:
    clash = repository.clashing_entry(
        session, proposal.enterprise_id, proposal.list_type, proposal.start_date, proposal.end_date
    )
    if clash is not None:
        raise Conflict(f"该企业已有待审核或期间重叠的名单记录（第{clash}号）", code="entry_overlap")


def _check_black(session: Session, proposal: Proposal) -> list[int]:
    try:
        BlackListCategory(proposal.category or "")
    except ValueError:
        raise ValidationFailed(
            fields=[FieldError("category", "请选择严重失信行为类别", "required")]
        ) from None
    cited = sorted(set(proposal.penalty_record_ids))
    if not cited:
        raise ValidationFailed(
            fields=[FieldError("penalty_record_ids", "请至少选择一条已公示的行政处罚", "required")]
        )
    if not set(cited) <= _citable(session, proposal.enterprise_id):
        raise ValidationFailed(
            fields=[FieldError("penalty_record_ids", "只能引用该企业已公示的行政处罚")]
        )
    return cited


def _citable(session: Session, enterprise_id: int) -> set[int]:
    return {v.record_id for v in repository.published_penalties(session, enterprise_id)}


def _check_red(session: Session, enterprise_id: int) -> list[dict[str, object]]:
    results = check_red_criteria(session, enterprise_id, clock.today())
    failed = [r for r in results if not r.holds]
    if failed:
        reasons = "；".join(f"{r.label}：{r.detail}" for r in failed)
        raise ValidationFailed(
            f"不符合红名单条件：{reasons}",
            code="red_criteria_not_met",
            fields=[FieldError("criteria", f"{r.label}：{r.detail}", r.code) for r in failed],
        )
    return [r.as_dict() for r in results]


def _check_no_black(session: Session, enterprise_id: int) -> None:
    if repository.black_entry_until(session, enterprise_id, clock.today()) is not None:
        raise Conflict("该企业在黑名单中或有待审核的黑名单记录，不能列入红名单")


def _record_proposal(
    session: Session,
    proposer: Actor | None,
    proposal: Proposal,
    *,
    authority_id: int | None,
    cited: list[int],
    criteria: list[dict[str, object]] | None,
    noted: dict[str, object],
) -> ListEntry:
    """The one way an entry is proposed (by an officer or by the credit level): a ``proposed``
    entry citing ``cited``, audited with what ``noted`` adds; a second person approves it."""
    entry = ListEntry(
        enterprise_id=proposal.enterprise_id,
        list_type=proposal.list_type,
        status=EntryStatus.proposed,
        category=proposal.category if proposal.list_type == ListType.black else None,
        basis=proposal.basis,
        legal_basis=(proposal.legal_basis or "").strip() or None,
        decision_number=(proposal.decision_number or "").strip() or None,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        proposed_by_id=proposer.user_id if proposer else None,
        proposed_at=clock.now(),
        authority_id=authority_id,
        criteria_check=criteria,
    )
    session.add(entry)
    session.flush()
    if cited:
        session.execute(
            insert(list_entry_penalties),
            [{"list_entry_id": entry.id, "penalty_record_id": rid} for rid in cited],
        )
    after = {
        "list_type": entry.list_type,
        "enterprise_id": entry.enterprise_id,
        "category": entry.category,
        "start_date": entry.start_date,
        "end_date": entry.end_date,
        "penalty_record_ids": cited,
        **noted,
    }
    audit(session, proposer, "list_entry.propose", "list_entry", entry.id, after=after)
    return entry


def propose(session: Session, actor: Actor, proposal: Proposal) -> ListEntry:
    """An officer's proposal; it takes effect only when a second person approves it."""
    require_role(actor, MAKER_ROLES, "提议名单")
    authority = actor_authority(session, actor)
    enterprise = load_enterprise(session, actor, proposal.enterprise_id)
    # Public once approved: ID and mobile numbers typed into it are masked before it is stored.
    basis = mask_personal_numbers(
        required_text(proposal.basis, "basis", "认定依据", limit=4000)
    ).text
    check_period(session, proposal.list_type, proposal.start_date, proposal.end_date, clock.today())
    cited: list[int] = []
    criteria = None
    if proposal.list_type == ListType.black:
        cited = _check_black(session, proposal)
    else:
        criteria = _check_red(session, enterprise.id)
        _check_no_black(session, enterprise.id)
    _check_overlap(session, proposal)
    return _record_proposal(
        session,
        actor,
        replace(proposal, enterprise_id=enterprise.id, basis=basis),
        authority_id=authority.id,
        cited=cited,
        criteria=criteria,
        noted={"basis": basis, "criteria": criteria},
    )


def propose_for_crossings(
    session: Session, crossings: Sequence[Crossing], today: dt.date | None = None
) -> list[ListEntry]:
    """Reaching the black-list level proposes a black-list entry to the reviewers.

    The proposal (never approved by itself) cites the published penalties whose points led
    there, names the category its violations suggest, and runs for the shortest black-list
    period from today; it appears in the reviewers' queue like any proposal. One per crossing:
    ``recompute`` reports a crossing only when an assessment newly reaches the level, and none
    is made while the enterprise has a black-list entry proposed or in force."""
    day = today or clock.today()
    proposed: list[ListEntry] = []
    for crossing in crossings:
        if repository.open_black_entry(session, crossing.enterprise_id, day) is not None:
            continue
        counted = sorted(crossing.counted, key=lambda p: (p.decision_date, p.record_id))
        cited = sorted({p.record_id for p in counted} & _citable(session, crossing.enterprise_id))
        numbers = "、".join(p.decision_number for p in counted)
        proposal = Proposal(
            list_type=ListType.black,
            enterprise_id=crossing.enterprise_id,
            basis=(
                f"环境信用评价等级于{crossing.day.isoformat()}达到黑色（严重失信），"
                f"评价期内记{crossing.points}分（{crossing.scheme_name}）。"
                f"记分依据：{numbers}。本条为系统根据信用等级自动提议，须经审核员审核后方可生效。"
            ),
            start_date=day,
            end_date=black_list_earliest_end(session, day, day),
            category=suggested_category([p.violation_type for p in reversed(counted)]).value,
        )
        noted = {"source": "credit_level", "points": crossing.points, "reached_on": crossing.day}
        entry = _record_proposal(
            session,
            None,
            proposal,
            authority_id=counted[-1].authority_id if counted else None,
            cited=cited,
            criteria=None,
            noted=noted,
        )
        proposed.append(entry)
    return proposed


def load_entry(session: Session, actor: Actor, entry_id: int, *, lock: bool = False) -> ListEntry:
    query = select(ListEntry).where(ListEntry.id == entry_id)
    if lock:
        query = query.with_for_update()
    entry = session.scalar(query)
    if entry is None:
        raise NotFound("未找到该名单记录")
    if not actor.covers(current_division(repository.district_of(session, entry.enterprise_id))):
        raise NotFound("未找到该名单记录")
    return entry


def cited_records(session: Session, entry_id: int) -> list[int]:
    return repository.cited_records(session, entry_id)


def approve(session: Session, actor: Actor, entry_id: int) -> ListEntry:
    """The second person's approval: the entry takes effect (black: bars are proposed)."""
    entry = load_entry(session, actor, entry_id, lock=True)
    require_checker(actor, (entry.proposed_by_id,), "审核名单")
    if entry.status != EntryStatus.proposed:
        raise InvalidState("只有待审核的名单记录可以审核")
    if entry.list_type == ListType.red:
        entry.criteria_check = _check_red(session, entry.enterprise_id)
    entry.status = EntryStatus.approved
    entry.approved_by_id = actor.user_id
    entry.approved_at = clock.now()
    session.flush()
    audit(
        session,
        actor,
        "list_entry.approve",
        "list_entry",
        entry.id,
        before={"status": EntryStatus.proposed},
        after={"status": entry.status, "list_type": entry.list_type},
    )
    # What is pushed is what is public: an entry whose period has already ended when it is
    # approved is never public, so the platform is not told it was published (the rules tick
    # notes its ending without a withdrawal, as for any record that never reached the feed).
    if entry.end_date >= clock.today():
        emit_list_entry_published(session, entry)
    # The catalogue says what the portal itself carries out for the entry: for a black-list
    # entry, the nomination bar (限制两代表一委员提名) proposes its persons' bars.
    if NOMINATION_BAR in effects_for(session, entry.list_type, clock.today()):
        propose_from_entry(session, actor, entry)
    return entry


def reject(session: Session, actor: Actor, entry_id: int, comment: str) -> ListEntry:
    text = required_text(comment, "comment", "不予通过的理由")
    entry = load_entry(session, actor, entry_id, lock=True)
    require_checker(actor, (entry.proposed_by_id,), "审核名单")
    if entry.status != EntryStatus.proposed:
        raise InvalidState("只有待审核的名单记录可以审核")
    entry.status = EntryStatus.rejected
    entry.rejected_by_id = actor.user_id
    entry.rejected_at = clock.now()
    entry.review_comment = text
    session.flush()
    audit(
        session,
        actor,
        "list_entry.reject",
        "list_entry",
        entry.id,
        before={"status": EntryStatus.proposed},
        after={"status": entry.status, "comment": text},
    )
    return entry


def propose_removal(session: Session, actor: Actor, entry_id: int, reason: str) -> ListEntry:
    """Ask for an entry in force to be removed early; a second person approves."""
    require_role(actor, MAKER_ROLES, "提议移出名单")
    text = required_text(reason, "reason", "移出理由")
    entry = load_entry(session, actor, entry_id, lock=True)
    if entry.status != EntryStatus.approved or entry.removed_at is not None:
        raise InvalidState("只有已生效的名单记录可以申请移出")
    if entry.removal_proposed_by_id is not None:
        raise InvalidState("该名单记录已有待审核的移出申请")
    entry.removal_proposed_by_id = actor.user_id
    entry.removal_proposed_at = clock.now()
    entry.removal_reason = text
    session.flush()
    audit(
        session, actor, "list_entry.removal_propose", "list_entry", entry.id, after={"reason": text}
    )
    return entry


def _pending_removal(session: Session, actor: Actor, entry_id: int) -> ListEntry:
    entry = load_entry(session, actor, entry_id, lock=True)
    if entry.removal_proposed_by_id is None or entry.status != EntryStatus.approved:
        raise InvalidState("该名单记录没有待审核的移出申请")
    require_checker(actor, (entry.removal_proposed_by_id,), "审核移出申请")
    return entry


def approve_removal(session: Session, actor: Actor, entry_id: int) -> ListEntry:
    entry = _pending_removal(session, actor, entry_id)
    entry.status = EntryStatus.removed
    entry.removed_at = clock.now()
    entry.removal_approved_by_id = actor.user_id
    session.flush()
    audit(
        session,
        actor,
        "list_entry.removal_approve",
        "list_entry",
        entry.id,
        before={"status": EntryStatus.approved},
        after={"status": entry.status, "reason": entry.removal_reason},
    )
    emit_list_entry_withdrawn(session, entry, "removed")
    if entry.list_type == ListType.black:
        revoke_for_entry(session, actor, entry, f"所依据的黑名单记录已移出：{entry.removal_reason}")
    return entry


def reject_removal(session: Session, actor: Actor, entry_id: int, comment: str) -> ListEntry:
    text = required_text(comment, "comment", "不予移出的理由")
    entry = _pending_removal(session, actor, entry_id)
    reason = entry.removal_reason
    entry.removal_proposed_by_id = None
    entry.removal_proposed_at = None
    entry.removal_reason = None
    entry.review_comment = f"移出申请未通过：{text}"
    session.flush()
    audit(
        session,
        actor,
        "list_entry.removal_reject",
        "list_entry",
        entry.id,
        before={"removal_reason": reason},
        after={"comment": text},
    )
    return entry


def awaiting_review(entry: ListEntry) -> bool:
    """Proposed and not yet approved or rejected by a second person."""
    return entry.status == EntryStatus.proposed


def removal_requested(entry: ListEntry) -> bool:
    """In force, with a removal awaiting a second person."""
    return entry.status == EntryStatus.approved and entry.removal_proposed_by_id is not None


def allowed_actions(actor: Actor, entry: ListEntry) -> set[str]:
    """What ``actor`` may do with ``entry`` now (the actions check again)."""
    actions: set[str] = set()
    checker = actor.role in CHECKER_ROLES
    if entry.status == EntryStatus.proposed and checker and actor.user_id != entry.proposed_by_id:
        actions |= {"approve", "reject"}
    if entry.status == EntryStatus.approved and entry.removed_at is None:
        if entry.removal_proposed_by_id is None and actor.role in MAKER_ROLES:
            actions.add("propose_removal")
        if (
            entry.removal_proposed_by_id is not None
            and checker
            and actor.user_id != entry.removal_proposed_by_id
        ):
            actions |= {"approve_removal", "reject_removal"}
    return actions
