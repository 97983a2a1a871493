"""What may be repaired, by whom and from when: a penalty record or a black-list entry that is
public today, judged by the publication rules (``app.publication.rules``) in force for it.

- A penalty: the minimum period of its severity, counted from its decision date, must have
  passed (``Rules.repair_possible_from``); some penalty categories are unrepairable under the
  rules of their decision date (``Rules.unrepairable_reason``). The deciding authority is the
  one that made the decision.
- A black-list entry: a serious dishonesty finding, so the minimum period of 严重 counts from the
  entry's start date under the rules in force on that day; it is unrepairable when a penalty it
  cites is. The deciding authority is the one that listed it (or, for an entry without one, the
  authority of the first penalty it cites).
- Only the party itself applies: its USCC must be the record's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.cases.repository import authority_name, public_penalty
from app.kit.errors import FieldError, NotFound
from app.models import RepairApplication, RepairTarget, Severity
from app.publication.rules import rules_for_decision
from app.repairs import repository

FINE_CATEGORIES = frozenset({"罚款", "没收违法所得", "没收非法财物"})


@dataclass(frozen=True)
class Target:
    kind: RepairTarget
    id: int
    authority_id: int
    authority_name: str
    enterprise_id: int | None
    uscc: str | None  # the party's code: the only one that may apply
    party_name: str
    decision_number: str | None
    label: str  # how the record is named to people
    url: str  # its public page
    apply_url: str  # the application form for it
    record_version: int | None
    possible_from: dt.date
    unrepairable: str | None
    has_fine: bool


def parse_kind(raw: str | None) -> RepairTarget | None:
    try:
        return RepairTarget(raw or "")
    except ValueError:
        return None


def find_target(session: Session, kind: RepairTarget, target_id: int, today: dt.date) -> Target:
    """The record applied for, as public today; 404 when it is not (any more) public."""
    if kind == RepairTarget.penalty:
        return _penalty(session, target_id, today)
    return _entry(session, target_id, today)


def _penalty(session: Session, record_id: int, today: dt.date) -> Target:
    found = public_penalty(session, record_id, today)
    if found is None:
        raise NotFound("该行政处罚记录不存在或已不在公示期内，无需申请信用修复")
    rules = rules_for_decision(session, found.decision_date)
    return Target(
        kind=RepairTarget.penalty,
        id=found.record_id,
        authority_id=found.authority_id,
        authority_name=authority_name(session, found.authority_id),
        enterprise_id=found.enterprise_id,
        uscc=found.party_uscc or found.enterprise_uscc,
        party_name=found.party_name,
        decision_number=found.decision_number,
        label=_penalty_label(found.decision_number),
        url=f"/penalties/{found.record_id}",
        apply_url=f"/repairs/new?penalty={found.record_id}",
        record_version=found.version,
        possible_from=rules.repair_possible_from(Severity(found.severity), found.decision_date),
        unrepairable=rules.unrepairable_reason(found.categories),
        has_fine=bool(FINE_CATEGORIES & set(found.categories)),
    )


def _entry(session: Session, entry_id: int, today: dt.date) -> Target:
    found = repository.black_entry_in_force(session, entry_id, today)
    if found is None:
        raise NotFound("该黑名单记录不存在或已不在有效期内，无需申请信用修复")
    entry, enterprise = found
    cited = repository.cited_penalties(session, entry.id)
    authority_id = entry.authority_id or (cited[0].authority_id if cited else None)
    if authority_id is None:
        raise NotFound("无法确定该黑名单记录的认定机关，请与生态环境主管部门联系")
    rules = rules_for_decision(session, entry.start_date)
    unrepairable = next(
        (
            reason
            for penalty in cited
            if (
                reason := rules_for_decision(session, penalty.decision_date).unrepairable_reason(
                    penalty.categories
                )
            )
        ),
        None,
    )
    label = _entry_label(entry.id, entry.decision_number)
    return Target(
        kind=RepairTarget.list_entry,
        id=entry.id,
        authority_id=authority_id,
        authority_name=authority_name(session, authority_id),
        enterprise_id=enterprise.id,
        uscc=enterprise.uscc,
        party_name=enterprise.name,
        decision_number=entry.decision_number,
        label=label,
        url=f"/enterprises/{enterprise.uscc}",
        apply_url=f"/repairs/new?entry={entry.id}",
        record_version=None,
        possible_from=rules.repair_possible_from(Severity.serious, entry.start_date),
        unrepairable=unrepairable,
        has_fine=any(FINE_CATEGORIES & set(p.categories) for p in cited),
    )


def _penalty_label(decision_number: str | None) -> str:
    return f"行政处罚决定书 {decision_number}"


def _entry_label(entry_id: int | None, decision_number: str | None) -> str:
    label = f"黑名单记录第{entry_id}号"
    return label + (f"（认定文书 {decision_number}）" if decision_number else "")


def label_of(found: RepairApplication) -> str:
    """How an application's record is named to people."""
    if found.target_type == RepairTarget.penalty:
        return _penalty_label(found.decision_number)
    return _entry_label(found.list_entry_id, found.decision_number)


def refusal(target: Target, today: dt.date) -> FieldError | None:
    """Why this record cannot be repaired (yet), whoever applies; None when it can."""
    if target.unrepairable:
        return FieldError("target", f"该记录不可信用修复：{target.unrepairable}", "unrepairable")
    if target.uscc is None:
        message = "自然人的行政处罚信息不能在线申请信用修复，请向作出处罚决定的机关申请"
        return FieldError("target", message, "no_uscc")
    if today < target.possible_from:
        message = (
            f"最短公示期未满，暂不能申请信用修复：自{target.possible_from.isoformat()}起可以申请"
        )
        return FieldError("target", message, "too_early")
    return None
