"""Queries of the case ledger shared by the officers' and the public side."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.inspections.rules import CaseFacts
from app.kit import clock
from app.models import (
    InspectionBatch,
    InspectionCampaign,
    InspectionCase,
    InspectionCaseEnterprise,
    InspectionCaseProblem,
    InspectionCaseUnit,
    InspectionFinding,
    InspectionMilestone,
    InspectionUnit,
    MilestoneKind,
    VersionStatus,
)
from app.models.inspection_unit import UNIT_KIND_LABELS, UnitKind

PUBLISHED_STATES = (VersionStatus.published, VersionStatus.superseded)


def local_day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else clock.to_local(value).date()


def milestone_days(
    session: Session, case_ids: Sequence[int], day: dt.date | None = None
) -> dict[int, dict[MilestoneKind, dt.date]]:
    """Per case, the first day each milestone kind was known (up to ``day`` when given)."""
    found: dict[int, dict[MilestoneKind, dt.date]] = defaultdict(dict)
    if not case_ids:
        return found
    query = (
        select(
            InspectionMilestone.case_id,
            InspectionMilestone.kind,
            func.min(InspectionMilestone.effective_on),
        )
        .where(InspectionMilestone.case_id.in_(case_ids))
        .group_by(InspectionMilestone.case_id, InspectionMilestone.kind)
    )
    if day is not None:
        query = query.where(InspectionMilestone.effective_on <= day)
    for case_id, kind, first in session.execute(query):
        found[int(str(case_id))][MilestoneKind(kind)] = first
    return found


def public_finding(
    session: Session, case_id: int, day: dt.date, public_from: dt.date
) -> InspectionFinding | None:
    """The findings version public on ``day`` (None before the publication day)."""
    if day < public_from:
        return None
    return session.scalar(
        select(InspectionFinding)
        .where(
            InspectionFinding.case_id == case_id,
            InspectionFinding.status.in_(PUBLISHED_STATES),
            InspectionFinding.published_on <= day,
            or_(InspectionFinding.superseded_on.is_(None), InspectionFinding.superseded_on > day),
        )
        .order_by(InspectionFinding.version.desc())
        .limit(1)
    )


def first_approved(session: Session, case_id: int) -> InspectionFinding | None:
    return session.scalar(
        select(InspectionFinding)
        .where(
            InspectionFinding.case_id == case_id,
            InspectionFinding.status.in_(PUBLISHED_STATES),
        )
        .order_by(InspectionFinding.version)
        .limit(1)
    )


def current_published(session: Session, case_id: int) -> InspectionFinding | None:
    return session.scalar(
        select(InspectionFinding).where(
            InspectionFinding.case_id == case_id,
            InspectionFinding.status == VersionStatus.published,
        )
    )


def open_finding(session: Session, case_id: int) -> InspectionFinding | None:
    return session.scalar(
        select(InspectionFinding).where(
            InspectionFinding.case_id == case_id,
            InspectionFinding.status.in_(
                (VersionStatus.draft, VersionStatus.submitted, VersionStatus.returned)
            ),
        )
    )


def case_facts(session: Session, case: InspectionCase, day: dt.date | None = None) -> CaseFacts:
    batch = session.get_one(InspectionBatch, case.batch_id)
    campaign = session.get_one(InspectionCampaign, case.campaign_id)
    first = first_approved(session, case.id)
    if first is not None and day is not None and (first.published_on or day) > day:
        first = None
    current = public_finding(session, case.id, day or clock.today(), dt.date.min)
    return CaseFacts(
        handed_over_on=batch.handed_over_on,
        findings_due_on=batch.findings_due_on,
        public_from=batch.public_from,
        closing_due_days=campaign.closing_due_days,
        reported_on=local_day(first.submitted_at) if first else None,
        approved_on=first.published_on if first else None,
        rectification_deadline=current.rectification_deadline if current else None,
        milestones=milestone_days(session, [case.id], day).get(case.id, {}),
    )


def case_units(session: Session, case_ids: Sequence[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per case, its handling units' names, shares (as decimal text) and kinds (区市 …)."""
    found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    if not case_ids:
        return found
    rows = session.execute(
        select(
            InspectionCaseUnit.case_id,
            InspectionUnit.name,
            InspectionCaseUnit.share,
            InspectionUnit.kind,
        )
        .join(InspectionUnit, InspectionUnit.id == InspectionCaseUnit.unit_id)
        .where(InspectionCaseUnit.case_id.in_(case_ids))
        .order_by(InspectionCaseUnit.case_id, InspectionUnit.position, InspectionUnit.id)
    )
    for case_id, name, share, kind in rows:
        found[int(case_id)].append((name, share_text(share), UNIT_KIND_LABELS[UnitKind(kind)]))
    return found


def case_types(session: Session, case_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not case_ids:
        return found
    rows = session.execute(
        select(InspectionCaseProblem.case_id, InspectionCaseProblem.pollution_type).where(
            InspectionCaseProblem.case_id.in_(case_ids)
        )
    )
    from app.models.inspection_case_problem import POLLUTION_TYPES

    for case_id, kind in rows:
        found[int(case_id)].append(kind)
    for kinds in found.values():
        kinds.sort(key=lambda k: POLLUTION_TYPES.index(k) if k in POLLUTION_TYPES else 99)
    return found


def case_enterprises(session: Session, case_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not case_ids:
        return found
    rows = session.execute(
        select(InspectionCaseEnterprise.case_id, InspectionCaseEnterprise.uscc)
        .where(InspectionCaseEnterprise.case_id.in_(case_ids))
        .order_by(InspectionCaseEnterprise.uscc)
    )
    for case_id, uscc in rows:
        found[int(case_id)].append(uscc)
    return found


def share_text(share: object) -> str:
    """0.5000 -> 0.5; 1.0000 -> 1."""
    text = format(share, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
