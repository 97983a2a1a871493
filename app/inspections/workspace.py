"""What the officers' side reads: the cases an account works (its scope), each with its derived
state today and its findings' workflow status; the deadlines panel; the review queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.inspections import scope, snapshot
from app.inspections.rules import CASE_STATUS_LABELS, OVERDUE_LABELS
from app.kit import clock
from app.kit.actor import Actor
from app.kit.regions import division_name
from app.models import (
    InspectionBatch,
    InspectionCampaign,
    InspectionCase,
    InspectionFinding,
    VersionStatus,
)

FINDING_STATUS_LABELS = {
    VersionStatus.draft: "草稿",
    VersionStatus.submitted: "待审核",
    VersionStatus.returned: "退回修改",
    VersionStatus.published: "已审核",
    VersionStatus.superseded: "已被更正",
    VersionStatus.discarded: "已作废",
}
SOON = dt.timedelta(days=2)


@dataclass(frozen=True)
class WorkCase:
    case_id: int
    case_number: str
    area: str
    batch: str
    status: str
    findings: str  # the newest version's workflow status, or 未录入
    findings_due_on: dt.date
    public_from: dt.date
    overdue: list[str]
    due: str  # "" / 今日到期 / 2日内到期 / 已逾期


def _due(row: snapshot.CaseRow, due_on: dt.date, today: dt.date, reported: bool) -> str:
    if row.state.overdue:
        return "已逾期"
    if reported:
        return ""
    if due_on == today:
        return "今日到期"
    if today < due_on <= today + SOON:
        return "2日内到期"
    return ""


def work_cases(session: Session, actor: Actor, campaign_id: int | None = None) -> list[WorkCase]:
    """The cases the actor works, newest batch first (today's state)."""
    today = clock.today()
    units = scope.unit_ids(session, actor)
    query = select(InspectionCampaign.id).order_by(InspectionCampaign.start_date.desc())
    if campaign_id is not None:
        query = query.where(InspectionCampaign.id == campaign_id)
    result: list[WorkCase] = []
    for cid in session.scalars(query):
        snap = snapshot.campaign_snapshot(session, cid, today)
        rows = [r for r in snap.rows if units is None or units & {u for u, _s in r.units}]
        if not rows:
            continue
        ids = [r.id for r in rows]
        numbers = {
            c.id: c.case_number
            for c in session.scalars(select(InspectionCase).where(InspectionCase.id.in_(ids)))
        }
        batches = {
            b.id: b
            for b in session.scalars(
                select(InspectionBatch).where(InspectionBatch.campaign_id == cid)
            )
        }
        latest: dict[int, VersionStatus] = {}
        for case_id, state in session.execute(
            select(InspectionFinding.case_id, InspectionFinding.status)
            .where(InspectionFinding.case_id.in_(ids))
            .order_by(InspectionFinding.case_id, InspectionFinding.version)
        ):
            latest[int(case_id)] = VersionStatus(state)
        for row in sorted(rows, key=lambda r: (-batches[r.batch_id].number, r.sequence, r.id)):
            batch = batches[row.batch_id]
            found = latest.get(row.id)
            reported = found in (VersionStatus.published, VersionStatus.superseded)
            result.append(
                WorkCase(
                    case_id=row.id,
                    case_number=numbers[row.id],
                    area=division_name(row.area_code) or row.area_code,
                    batch=f"第{batch.number}批",
                    status=CASE_STATUS_LABELS[row.state.status],
                    findings=FINDING_STATUS_LABELS[found] if found else "未录入",
                    findings_due_on=batch.findings_due_on,
                    public_from=batch.public_from,
                    overdue=[OVERDUE_LABELS[o] for o in row.state.overdue],
                    due=_due(row, batch.findings_due_on, today, reported),
                )
            )
    return result


def deadlines(session: Session, actor: Actor) -> dict[str, list[WorkCase]]:
    """The deadlines panel: due today, overdue, due within 2 days."""
    found: dict[str, list[WorkCase]] = {"今日到期": [], "已逾期": [], "2日内到期": []}
    for case in work_cases(session, actor):
        if case.due:
            found[case.due].append(case)
    return found


def review_queue(session: Session, actor: Actor) -> list[tuple[InspectionFinding, str]]:
    """Findings submitted and awaiting the office's review (not the actor's own)."""
    if not scope.is_office(session, actor):
        return []
    rows = session.execute(
        select(InspectionFinding, InspectionCase.case_number)
        .join(InspectionCase, InspectionCase.id == InspectionFinding.case_id)
        .where(InspectionFinding.status == VersionStatus.submitted)
        .order_by(InspectionFinding.submitted_at)
        .limit(200)
    ).all()
    return [
        (f, number)
        for f, number in rows
        if actor.user_id not in (f.created_by_id, f.submitted_by_id)
    ]
