"""Every case of a campaign as it stood on a day, derived by ``rules.case_state`` from bulk
loads (six queries per campaign), and kept in a small per-process cache keyed on the day and a
fingerprint of the ledger (the newest case, findings version, review and milestone), so that a
change is a new key and never a stale answer.

The board's figures, the case table's filters and its CSV all read this one snapshot: the same
derivation everywhere, and a 100,000-case board served from memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Date, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect

from app.inspections.repository import PUBLISHED_STATES, local_day
from app.inspections.rules import CaseFacts, CaseState, case_state
from app.kit import clock
from app.models import (
    InspectionBatch,
    InspectionCampaign,
    InspectionCase,
    InspectionCaseProblem,
    InspectionCaseUnit,
    InspectionFinding,
    InspectionMilestone,
    MilestoneKind,
    Truth,
)
from app.models.inspection_case_problem import POLLUTION_TYPES
from app.statistics.cache import FreshCache

_CACHE = FreshCache(size=512)
T = TypeVar("T")
CACHE_SECONDS = 300.0


@dataclass(frozen=True)
class CaseRow:
    id: int
    batch_id: int
    sequence: int
    area_code: str
    handed_over_on: dt.date
    types: tuple[str, ...]
    units: tuple[tuple[int, Decimal], ...]
    state: CaseState
    truth: Truth | None  # of the findings public on the day
    closed_on: dt.date | None


@dataclass(frozen=True)
class CampaignSnapshot:
    campaign_id: int
    day: dt.date
    rows: tuple[CaseRow, ...]  # cases handed over by the day, in table order


# the milestone kinds ``rules.case_state`` reads (the others are shown on the case page only)
_STATUS_KINDS = (MilestoneKind.stage_closed, MilestoneKind.closed, MilestoneKind.cancelled)
_TYPE_ORDER = {kind: n for n, kind in enumerate(POLLUTION_TYPES)}


def _type_order(kind: str) -> int:
    return _TYPE_ORDER.get(kind, len(POLLUTION_TYPES))


def fingerprint_columns() -> list[ScalarSelect[Any]]:
    """What :func:`fingerprint` reads (a caller may read more in the same statement)."""
    return [
        select(func.max(InspectionCase.id)).scalar_subquery(),
        select(func.max(InspectionFinding.id)).scalar_subquery(),
        select(func.max(InspectionFinding.reviewed_at)).scalar_subquery(),
        select(func.max(InspectionMilestone.id)).scalar_subquery(),
    ]


def fingerprint(session: Session) -> tuple[object, ...]:
    return tuple(session.execute(select(*fingerprint_columns())).one())


def campaign_snapshot(
    session: Session, campaign_id: int, day: dt.date, stamp: tuple[object, ...] | None = None
) -> CampaignSnapshot:
    """The snapshot (``stamp``: the ledger's fingerprint when the caller has it already)."""
    key = ("inspections", campaign_id, day, clock.today(), stamp or fingerprint(session))
    return _CACHE.get(key, CACHE_SECONDS, lambda: _build(session, campaign_id, day))


def cached(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """Figures derived from snapshots, kept under ``key`` (which must hold the fingerprint)."""
    return _CACHE.get(("derived", *key), CACHE_SECONDS, compute)


def _build(session: Session, campaign_id: int, day: dt.date) -> CampaignSnapshot:
    campaign = session.get_one(InspectionCampaign, campaign_id)
    conn = session.connection()  # Core rows: the ORM's per-row work is most of the cost here
    batches = {
        b.id: b
        for b in session.scalars(
            select(InspectionBatch).where(
                InspectionBatch.campaign_id == campaign_id, InspectionBatch.handed_over_on <= day
            )
        )
    }
    if not batches:
        return CampaignSnapshot(campaign_id, day, ())
    in_campaign = InspectionCase.campaign_id == campaign_id
    cases = conn.execute(
        select(
            InspectionCase.id,
            InspectionCase.batch_id,
            InspectionCase.sequence,
            InspectionCase.area_code,
        )
        .where(in_campaign, InspectionCase.batch_id.in_(list(batches)))
        .order_by(InspectionCase.batch_id, InspectionCase.sequence, InspectionCase.id)
    ).all()
    case_ids = select(InspectionCase.id).where(in_campaign).scalar_subquery()
    # one row per case: the first day of each milestone kind the status reads (by the day)
    milestones: dict[int, dict[MilestoneKind, dt.date]] = {}
    firsts = [
        type_coerce(
            func.min(case((InspectionMilestone.kind == kind, InspectionMilestone.effective_on))),
            Date,
        )
        for kind in _STATUS_KINDS
    ]
    for case_id, *days in conn.execute(
        select(InspectionMilestone.case_id, *firsts)
        .where(
            InspectionMilestone.case_id.in_(case_ids),  # no kind filter: (kind, day) index
            InspectionMilestone.effective_on <= day,
        )
        .group_by(InspectionMilestone.case_id)
    ):
        pairs = zip(_STATUS_KINDS, days, strict=True)
        milestones[int(str(case_id))] = {k: d for k, d in pairs if d is not None}
    first_approval: dict[int, tuple[dt.date, dt.date | None]] = {}
    current: dict[int, tuple[Truth, dt.date | None]] = {}
    for (
        case_id,
        _version,
        published_on,
        superseded_on,
        submitted_at,
        truth,
        deadline,
    ) in conn.execute(
        select(
            InspectionFinding.case_id,
            InspectionFinding.version,
            InspectionFinding.published_on,
            InspectionFinding.superseded_on,
            InspectionFinding.submitted_at,
            InspectionFinding.truth,
            InspectionFinding.rectification_deadline,
        )
        .where(
            InspectionFinding.case_id.in_(case_ids),
            InspectionFinding.status.in_(PUBLISHED_STATES),
            InspectionFinding.published_on <= day,
            or_(
                InspectionFinding.superseded_on.is_(None),
                InspectionFinding.superseded_on > day,
                InspectionFinding.version == 1,
            ),
        )
        .order_by(InspectionFinding.case_id, InspectionFinding.version)
    ):
        cid = int(case_id)
        if cid not in first_approval:
            first_approval[cid] = (published_on or day, local_day(submitted_at))
        if superseded_on is None or superseded_on > day:
            current[cid] = (Truth(truth), deadline)
    types: dict[int, list[str]] = defaultdict(list)
    for case_id, pollution in conn.execute(
        select(InspectionCaseProblem.case_id, InspectionCaseProblem.pollution_type).where(
            InspectionCaseProblem.case_id.in_(case_ids)
        )
    ):
        types[int(case_id)].append(pollution)
    units: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for case_id, unit_id, share in conn.execute(
        select(
            InspectionCaseUnit.case_id, InspectionCaseUnit.unit_id, InspectionCaseUnit.share
        ).where(InspectionCaseUnit.case_id.in_(case_ids))
    ):
        units[int(case_id)].append((int(unit_id), Decimal(share)))
    dates = {b.id: (b.handed_over_on, b.findings_due_on, b.public_from) for b in batches.values()}
    closing_due_days = campaign.closing_due_days
    no_marks: dict[MilestoneKind, dt.date] = {}
    rows: list[CaseRow] = []
    for case_id, batch_id, sequence, area in cases:
        handed_over_on, findings_due_on, public_from = dates[batch_id]
        approved = first_approval.get(case_id)
        now_public = current.get(case_id)
        marks = milestones.get(case_id, no_marks)
        facts = CaseFacts(
            handed_over_on=handed_over_on,
            findings_due_on=findings_due_on,
            public_from=public_from,
            closing_due_days=closing_due_days,
            reported_on=approved[1] if approved else None,
            approved_on=approved[0] if approved else None,
            rectification_deadline=now_public[1] if now_public else None,
            milestones=marks,
        )
        state = case_state(facts, day)
        kinds = types.get(case_id)
        rows.append(
            CaseRow(
                id=case_id,
                batch_id=batch_id,
                sequence=sequence,
                area_code=area,
                handed_over_on=handed_over_on,
                types=tuple(sorted(kinds, key=_type_order)) if kinds else (),
                units=tuple(units.get(case_id, ())),
                state=state,
                truth=now_public[0] if now_public and state.findings_public else None,
                closed_on=marks.get(MilestoneKind.closed),
            )
        )
    return CampaignSnapshot(campaign_id, day, tuple(rows))


def clear_caches() -> None:
    """Forget every snapshot (tests: a rolled-back test's ids come again with other data)."""
    _CACHE.clear()
