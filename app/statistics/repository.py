"""Queries of the statistics. Every one counts through the one visibility rule
(``app.publication.visibility``) or the public read side built on it: nothing here decides on its
own what is public."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    CreditAssessment,
    Enterprise,
    FeedHead,
    ListEntry,
    ListType,
    PenaltyVersion,
    RepairApplication,
    RepairStatus,
    RuleTick,
)
from app.publication.visibility import (
    credit_assessment_in_force,
    day_end,
    list_entry_in_force,
    public_penalties_select,
)
from app.statistics.filters import StatFilters


@dataclass(frozen=True)
class PenaltyFact:
    district_code: str | None
    violation_type: str
    industry: str | None
    decision_date: dt.date
    fine: Decimal | None


def public_penalties(session: Session, filters: StatFilters) -> list[PenaltyFact]:
    """The penalties public on the filters' day (the list pages' rule), filtered."""
    query = public_penalties_select(
        (
            PenaltyVersion.district_code,
            PenaltyVersion.violation_type,
            Enterprise.industry,
            PenaltyVersion.decision_date,
            PenaltyVersion.fine_amount,
        ),
        filters.day,
    )
    if filters.district:
        query = query.where(PenaltyVersion.district_code == filters.district)
    if filters.industry:
        query = query.where(Enterprise.industry == filters.industry)
    if filters.date_from:
        query = query.where(PenaltyVersion.decision_date >= filters.date_from)
    if filters.date_to:
        query = query.where(PenaltyVersion.decision_date <= filters.date_to)
    return [PenaltyFact(*row) for row in session.execute(query)]


def enterprise_counts(session: Session, industry: str | None) -> dict[str | None, int]:
    """Registered enterprises per district (of one industry, when given)."""
    query = select(Enterprise.district_code, func.count()).group_by(Enterprise.district_code)
    if industry:
        query = query.where(Enterprise.industry == industry)
    return {code: int(n) for code, n in session.execute(query)}


def industries(session: Session) -> list[str]:
    """The industries of the registry (the industry filter's choices)."""
    query = select(Enterprise.industry).where(Enterprise.industry.is_not(None)).distinct()
    return sorted(i for i in session.scalars(query) if i)


@dataclass(frozen=True)
class EntryFact:
    list_type: ListType
    start_date: dt.date
    district_code: str | None


def entries_in_force(session: Session, day: dt.date, filters: StatFilters) -> list[EntryFact]:
    """Red- and black-list entries in force on ``day`` (the list pages' rule), filtered by the
    enterprise's district and industry."""
    query = (
        select(ListEntry.list_type, ListEntry.start_date, Enterprise.district_code)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(list_entry_in_force(day))
    )
    query = _enterprise_filters(query, filters)
    return [EntryFact(ListType(t), s, d) for t, s, d in session.execute(query)]


def _enterprise_filters(query: Any, filters: StatFilters) -> Any:
    if filters.district:
        query = query.where(Enterprise.district_code == filters.district)
    if filters.industry:
        query = query.where(Enterprise.industry == filters.industry)
    return query


def level_counts(session: Session, day: dt.date, filters: StatFilters) -> Counter[str]:
    """Enterprises per credit level on ``day`` (the assessment the record page shows then)."""
    query = (
        select(CreditAssessment.level, func.count())
        .where(credit_assessment_in_force(day))
        .group_by(CreditAssessment.level)
    )
    if filters.district or filters.industry:
        query = _enterprise_filters(
            query.join(Enterprise, Enterprise.id == CreditAssessment.enterprise_id), filters
        )
    return Counter({level: int(n) for level, n in session.execute(query)})


@dataclass(frozen=True)
class RepairFact:
    submitted_on: dt.date
    outcome: str  # approved | rejected | open, as it stood at the end of the day looked at


def repairs(session: Session, filters: StatFilters) -> list[RepairFact]:
    """Credit repair applications made by the end of the day looked at, with their outcome then
    (a decision taken later is still open on that day), filtered by the applicant's district
    and industry and by the day of application."""
    end = day_end(filters.day)
    query = (
        select(
            RepairApplication.submitted_on, RepairApplication.status, RepairApplication.decided_at
        )
        .outerjoin(Enterprise, Enterprise.id == RepairApplication.enterprise_id)
        .where(RepairApplication.submitted_at < end)
    )
    query = _enterprise_filters(query, filters)
    if filters.date_from:
        query = query.where(RepairApplication.submitted_on >= filters.date_from)
    if filters.date_to:
        query = query.where(RepairApplication.submitted_on <= filters.date_to)
    found = []
    for submitted_on, status, decided_at in session.execute(query):
        decided = decided_at is not None and decided_at < end
        outcome = RepairStatus(status).value if decided else "open"
        if outcome not in ("approved", "rejected"):
            outcome = "open"
        found.append(RepairFact(submitted_on, outcome))
    return found


def fingerprint(session: Session) -> tuple[Any, ...]:
    """What changes with every publication, correction, withdrawal, list decision, level change
    and repair decision: the change feed's head, the last rules tick (levels it rewrote) and the
    repair applications' decisions. Statistics cached under it are never stale after one."""
    head = session.scalar(select(FeedHead.last_position).where(FeedHead.id == 1)) or 0
    tick = session.execute(
        select(RuleTick.id, RuleTick.finished_at).order_by(RuleTick.id.desc()).limit(1)
    ).first()
    repair_state = session.execute(
        select(
            func.count(RepairApplication.id),
            func.max(RepairApplication.submitted_at),
            func.max(RepairApplication.decided_at),
            func.count(RepairApplication.decided_at),
        )
    ).one()
    return (int(head), tuple(tick) if tick else None, tuple(repair_state))
