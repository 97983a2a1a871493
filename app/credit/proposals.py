"""Reaching the black-list level proposes a black-list entry to the reviewers.

The proposal is a ``ListEntry`` with status ``proposed`` (never approved by itself): it cites the
published penalties whose points led there, names the category its violations suggest, and runs
for the rule set's shortest black-list period from today. A reviewer approves or rejects it in
the usual list review; it appears in their queue like any proposal. One proposal per crossing:
``recompute`` reports a crossing only when an assessment newly reaches the level, and none is
made while the enterprise has a black-list entry proposed or in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.audit.service import record as audit
from app.credit.repository import open_black_entry
from app.credit.service import Crossing
from app.kit import clock
from app.models import (
    BlackListCategory,
    EntryStatus,
    ListEntry,
    ListType,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)
from app.models.listing import list_entry_penalties
from app.publication.rules import add_months, rules_in_force

# 违法行为类型 -> the black-list category it suggests (the reviewer may reject or re-propose).
CATEGORY_BY_VIOLATION: dict[str, BlackListCategory] = {
    "未批先建": BlackListCategory.unapproved_construction,
    "逃避监管排放": BlackListCategory.hidden_discharge,
    "危险废物违规处置": BlackListCategory.hazardous_waste_dumping,
    "超总量排放": BlackListCategory.over_quota,
}


def _category(violations: Sequence[str]) -> BlackListCategory:
    for violation in violations:
        if violation in CATEGORY_BY_VIOLATION:
            return CATEGORY_BY_VIOLATION[violation]
    return BlackListCategory.other


def _published(session: Session, record_ids: Sequence[int]) -> list[int]:
    """The records among these whose current version is published and not withdrawn."""
    if not record_ids:
        return []
    return sorted(
        session.scalars(
            select(PenaltyRecord.id)
            .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
            .where(
                PenaltyRecord.id.in_(list(record_ids)),
                PenaltyRecord.withdrawn_at.is_(None),
                PenaltyVersion.status == VersionStatus.published,
            )
        )
    )


def propose_for_crossings(
    session: Session, crossings: Sequence[Crossing], today: dt.date | None = None
) -> list[ListEntry]:
    """A proposed black-list entry for each crossing (see the module docstring)."""
    day = today or clock.today()
    proposed: list[ListEntry] = []
    for crossing in crossings:
        if open_black_entry(session, crossing.enterprise_id, day) is not None:
            continue
        rules = rules_in_force(session, day)
        counted = sorted(crossing.counted, key=lambda p: (p.decision_date, p.record_id))
        cited = _published(session, [p.record_id for p in counted])
        numbers = "、".join(p.decision_number for p in counted)
        entry = ListEntry(
            enterprise_id=crossing.enterprise_id,
            list_type=ListType.black,
            status=EntryStatus.proposed,
            category=_category([p.violation_type for p in reversed(counted)]).value,
            basis=(
                f"环境信用评价等级于{crossing.day.isoformat()}达到黑色（严重失信），"
                f"评价期内记{crossing.points}分（{crossing.scheme_name}）。"
                f"记分依据：{numbers}。本条为系统根据信用等级自动提议，须经审核员审核后方可生效。"
            ),
            start_date=day,
            end_date=add_months(day, rules.black_min_months) - dt.timedelta(days=1),
            authority_id=counted[-1].authority_id if counted else None,
            proposed_by_id=None,
            proposed_at=clock.now(),
        )
        session.add(entry)
        session.flush()
        if cited:
            session.execute(
                insert(list_entry_penalties),
                [{"list_entry_id": entry.id, "penalty_record_id": rid} for rid in cited],
            )
        audit(
            session,
            None,
            "list_entry.propose",
            "list_entry",
            entry.id,
            after={
                "source": "credit_level",
                "list_type": entry.list_type,
                "enterprise_id": entry.enterprise_id,
                "category": entry.category,
                "points": crossing.points,
                "reached_on": crossing.day,
                "start_date": entry.start_date,
                "end_date": entry.end_date,
                "penalty_record_ids": cited,
            },
        )
        proposed.append(entry)
    return proposed
