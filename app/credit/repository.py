"""Queries of the credit levels: the penalties that score, the latest assessments, the
enterprises whose level may have changed, red-list candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.models import (
    CreditAssessment,
    CreditScheme,
    Enterprise,
    EntryStatus,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)
from app.publication.rules import add_months
from app.publication.visibility import day_end, list_entry_in_force, local_day

CHUNK = 500


@dataclass(frozen=True)
class ScoringPenalty:
    """A penalty decision as the credit level counts it."""

    record_id: int
    enterprise_id: int
    authority_id: int
    decision_number: str
    violation_type: str
    categories: tuple[str, ...]
    fine_wan: Decimal | None
    decision_date: dt.date
    known_on: dt.date  # the day it became known: published (never before its decision)
    withdrawn_on: dt.date | None  # repaired or revoked: it stops counting that day


def scoring_penalties(
    session: Session, enterprise_ids: Sequence[int]
) -> dict[int, list[ScoringPenalty]]:
    """The approved penalty decisions (current version) of these enterprises, by enterprise."""
    found: dict[int, list[ScoringPenalty]] = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        chunk = list(enterprise_ids[start : start + CHUNK])
        rows = session.execute(
            select(
                PenaltyRecord.id,
                PenaltyRecord.enterprise_id,
                PenaltyRecord.authority_id,
                PenaltyRecord.decision_number,
                PenaltyRecord.withdrawn_at,
                PenaltyVersion.violation_type,
                PenaltyVersion.penalty_categories,
                PenaltyVersion.fine_amount,
                PenaltyVersion.decision_date,
                PenaltyVersion.published_at,
            )
            .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
            .where(
                PenaltyRecord.enterprise_id.in_(chunk),
                PenaltyVersion.status == VersionStatus.published,
            )
            .order_by(PenaltyVersion.decision_date, PenaltyRecord.id)
        )
        for row in rows:
            published = local_day(row.published_at) if row.published_at else row.decision_date
            found.setdefault(row.enterprise_id, []).append(
                ScoringPenalty(
                    record_id=row.id,
                    enterprise_id=row.enterprise_id,
                    authority_id=row.authority_id,
                    decision_number=row.decision_number,
                    violation_type=row.violation_type,
                    categories=tuple(row.penalty_categories or ()),
                    fine_wan=row.fine_amount,
                    decision_date=row.decision_date,
                    known_on=max(published, row.decision_date),
                    withdrawn_on=local_day(row.withdrawn_at) if row.withdrawn_at else None,
                )
            )
    return found


def latest_assessments(
    session: Session, enterprise_ids: Sequence[int]
) -> dict[int, CreditAssessment]:
    """Each enterprise's most recent assessment (the one valid from the latest day)."""
    found: dict[int, CreditAssessment] = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        chunk = list(enterprise_ids[start : start + CHUNK])
        latest = (
            select(
                CreditAssessment.enterprise_id,
                func.max(CreditAssessment.valid_from).label("valid_from"),
            )
            .where(CreditAssessment.enterprise_id.in_(chunk))
            .group_by(CreditAssessment.enterprise_id)
            .subquery()
        )
        rows = session.scalars(
            select(CreditAssessment)
            .join(
                latest,
                and_(
                    CreditAssessment.enterprise_id == latest.c.enterprise_id,
                    CreditAssessment.valid_from == latest.c.valid_from,
                ),
            )
            .order_by(CreditAssessment.id)
        )
        for assessment in rows:
            found[assessment.enterprise_id] = assessment  # the highest id wins a tie
    return found


def schemes_by_code(session: Session) -> dict[str, CreditScheme]:
    return {s.code: s for s in session.scalars(select(CreditScheme))}


def changed_enterprises(
    session: Session, since: dt.date | None, today: dt.date, window_months: int
) -> list[int]:
    """Enterprises whose points may have changed after ``since`` (None: every enterprise with a
    published penalty): a penalty decided, published or withdrawn since, or leaving the window
    (decided about ``window_months`` before a day since then)."""
    query = (
        select(PenaltyRecord.enterprise_id)
        .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
        .where(
            PenaltyRecord.enterprise_id.is_not(None),
            PenaltyVersion.status == VersionStatus.published,
        )
        .distinct()
    )
    if since is not None:
        after = day_end(since) - dt.timedelta(days=1)
        margin = dt.timedelta(days=3)  # month-end clamping moves a leaving day by up to 3 days
        query = query.where(
            or_(
                PenaltyVersion.decision_date >= since,
                PenaltyVersion.decision_date.between(
                    add_months(since, -window_months) - margin,
                    add_months(today, -window_months) + margin,
                ),
                PenaltyVersion.published_at >= after,
                PenaltyRecord.withdrawn_at >= after,
            )
        )
    return sorted(int(i) for i in session.scalars(query) if i is not None)


@dataclass(frozen=True)
class Candidate:
    enterprise_id: int
    uscc: str
    name: str
    district_code: str | None
    level_since: dt.date


def red_candidates(
    session: Session,
    day: dt.date,
    level: str,
    months: int,
    limit: int,
    districts: Sequence[str] = (),
) -> tuple[int, list[Candidate]]:
    """Enterprises at ``level`` on ``day``, without a penalty decided in the last ``months``
    months, not on a list and without a pending proposal: (how many, the first ``limit``).
    ``districts`` (stored codes) limits them to an officer's jurisdiction."""
    entry = aliased(ListEntry)
    since = add_months(day, -months)
    conditions = (
        Enterprise.district_code.in_(list(districts)) if districts else Enterprise.id.is_not(None),
        CreditAssessment.level == level,
        CreditAssessment.valid_from <= day,
        or_(CreditAssessment.valid_to.is_(None), CreditAssessment.valid_to >= day),
        ~exists().where(
            PenaltyRecord.enterprise_id == CreditAssessment.enterprise_id,
            PenaltyVersion.record_id == PenaltyRecord.id,
            PenaltyVersion.status == VersionStatus.published,
            PenaltyVersion.decision_date > since,
        ),
        ~exists().where(
            entry.enterprise_id == CreditAssessment.enterprise_id,
            or_(entry.status == EntryStatus.proposed, list_entry_in_force(day, entry)),
        ),
    )
    total = session.scalar(
        select(func.count(func.distinct(CreditAssessment.enterprise_id)))
        .join(Enterprise, Enterprise.id == CreditAssessment.enterprise_id)
        .where(*conditions)
    )
    rows = session.execute(
        select(
            Enterprise.id,
            Enterprise.uscc,
            Enterprise.name,
            Enterprise.district_code,
            func.max(CreditAssessment.valid_from).label("level_since"),
        )
        .join(Enterprise, Enterprise.id == CreditAssessment.enterprise_id)
        .where(*conditions)
        .group_by(Enterprise.id, Enterprise.uscc, Enterprise.name, Enterprise.district_code)
        .order_by(func.max(CreditAssessment.valid_from), Enterprise.id)
        .limit(limit)
    ).all()
    return int(total or 0), [
        Candidate(r.id, r.uscc, r.name, r.district_code, r.level_since) for r in rows
    ]
