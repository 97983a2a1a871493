"""What the public side reads: the board, the case table and its CSV, a case page, the feedback
problems, and the feed payload of a case, all as they stood on a day (``as_of``).

Only what is public appears: a case is in the table, on its page and on the feed once its
findings are public (approved, and the batch's publication day reached); unreviewed versions,
internal notes and anything about complainants never appear. The headline counts every case
handed over by the day (the teams publish those counts the day of hand-over).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.inspections import repository, snapshot
from app.inspections.charts import Chart, board_charts
from app.inspections.labels import CASE_TABLE_COLUMNS, UNTRUE_LABEL, cases_text, percent
from app.inspections.rules import (
    CASE_STATUS_LABELS,
    OVERDUE_LABELS,
    PROBLEM_STATUS_LABELS,
    CaseStatus,
    case_state,
    problem_state,
)
from app.inspections.schemas import (
    Board,
    BreakdownRow,
    CampaignHeadline,
    CaseDetail,
    CaseList,
    CaseListItem,
    CurvePoint,
    EnterpriseRef,
    MilestoneOut,
    OverdueItem,
    ProblemOut,
    TaskOut,
)
from app.kit import clock
from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.kit.pagination import decode_cursor, encode_cursor
from app.kit.regions import division_name
from app.models import (
    Enterprise,
    InspectionBatch,
    InspectionCampaign,
    InspectionCase,
    InspectionCaseEnterprise,
    InspectionFinding,
    InspectionMilestone,
    InspectionProblem,
    InspectionTask,
    InspectionUnit,
    MilestoneKind,
    Truth,
)
from app.models.inspection_campaign import CAMPAIGN_KIND_LABELS
from app.models.inspection_case_problem import POLLUTION_TYPES
from app.models.inspection_finding import TRUTH_LABELS
from app.models.inspection_milestone import MILESTONE_LABELS
from app.models.inspection_problem import PROBLEM_KIND_LABELS

TRUE_ONES = frozenset({Truth.true, Truth.mostly_true, Truth.partly_true})


def campaigns(session: Session, day: dt.date) -> list[InspectionCampaign]:
    """Campaigns begun by ``day``, the newest first."""
    return list(
        session.scalars(
            select(InspectionCampaign)
            .where(InspectionCampaign.start_date <= day)
            .order_by(InspectionCampaign.start_date.desc(), InspectionCampaign.id.desc())
        )
    )


def _headline(campaign: InspectionCampaign, snap: snapshot.CampaignSnapshot) -> CampaignHeadline:
    rows = snap.rows
    handed = len(rows)
    closed = sum(r.state.status in (CaseStatus.closed, CaseStatus.cancelled) for r in rows)
    stage = sum(r.state.status == CaseStatus.stage_closed for r in rows)
    cancelled = sum(r.state.status == CaseStatus.cancelled for r in rows)
    public = [r for r in rows if r.truth is not None]
    true = sum(r.truth in TRUE_ONES for r in public)
    untrue = sum(r.truth == Truth.untrue for r in public)
    return CampaignHeadline(
        campaign_id=campaign.id,
        title=campaign.title,
        kind=CAMPAIGN_KIND_LABELS[campaign.kind],
        team=campaign.team,
        round=campaign.round,
        start_date=campaign.start_date,
        end_date=campaign.end_date,
        handed_over=handed,
        closed=closed,
        stage_closed=stage,
        open=handed - closed,
        cancelled=cancelled,
        findings_public=len(public),
        true_rate=percent(true, len(public)),
        untrue_rate=percent(untrue, len(public)),
        closed_rate=percent(closed, handed),
        as_of=snap.day,
    )


def _unit_rows(session: Session, snap: snapshot.CampaignSnapshot) -> list[BreakdownRow]:
    units = list(
        session.scalars(select(InspectionUnit).order_by(InspectionUnit.position, InspectionUnit.id))
    )
    handed: dict[int, Decimal] = defaultdict(Decimal)
    closed: dict[int, Decimal] = defaultdict(Decimal)
    for row in snap.rows:
        done = row.state.status in (CaseStatus.closed, CaseStatus.cancelled)
        for unit_id, share in row.units:
            handed[unit_id] += share
            if done:
                closed[unit_id] += share
    return [
        BreakdownRow(
            label=u.name,
            handed_over=cases_text(handed[u.id]),
            closed=cases_text(closed[u.id]),
            handed_over_value=str(handed[u.id].normalize()),
            closed_value=str(closed[u.id].normalize()),
        )
        for u in units
        if handed[u.id]
    ]


def _type_rows(snap: snapshot.CampaignSnapshot) -> list[BreakdownRow]:
    counts: dict[str, int] = defaultdict(int)
    closed: dict[str, int] = defaultdict(int)
    for row in snap.rows:
        done = row.state.status in (CaseStatus.closed, CaseStatus.cancelled)
        for kind in row.types:
            counts[kind] += 1
            closed[kind] += done
    return [
        BreakdownRow(
            label=k,
            handed_over=f"{counts[k]}个",
            closed=f"{closed[k]}个",
            handed_over_value=str(counts[k]),
            closed_value=str(closed[k]),
        )
        for k in POLLUTION_TYPES
        if counts[k]
    ]


def _batch_rows(session: Session, snap: snapshot.CampaignSnapshot) -> list[BreakdownRow]:
    batches = {
        b.id: b
        for b in session.scalars(
            select(InspectionBatch).where(InspectionBatch.campaign_id == snap.campaign_id)
        )
    }
    counts: dict[int, int] = defaultdict(int)
    closed: dict[int, int] = defaultdict(int)
    for row in snap.rows:
        counts[row.batch_id] += 1
        closed[row.batch_id] += row.state.status in (CaseStatus.closed, CaseStatus.cancelled)
    ordered = sorted(counts, key=lambda b: batches[b].number)
    return [
        BreakdownRow(
            label=f"第{batches[b].number}批（{batches[b].handed_over_on.isoformat()}）",
            handed_over=f"{counts[b]}件",
            closed=f"{closed[b]}件",
            handed_over_value=str(counts[b]),
            closed_value=str(closed[b]),
        )
        for b in ordered
    ]


def _bucket(day: dt.date, monthly: bool) -> dt.date:
    if monthly:
        return day.replace(day=1)
    return day + dt.timedelta(days=6 - day.weekday())  # the week's Sunday


def _curve(snap: snapshot.CampaignSnapshot) -> list[CurvePoint]:
    if not snap.rows:
        return []
    first = min(r.handed_over_on for r in snap.rows)
    monthly = (snap.day - first).days > 120
    handed: dict[dt.date, int] = defaultdict(int)
    closed: dict[dt.date, int] = defaultdict(int)
    for row in snap.rows:
        handed[_bucket(row.handed_over_on, monthly)] += 1
        if row.closed_on is not None:
            closed[_bucket(row.closed_on, monthly)] += 1
    points: list[CurvePoint] = []
    total_h = total_c = 0
    for bucket in sorted(set(handed) | set(closed)):
        total_h += handed[bucket]
        total_c += closed[bucket]
        label = f"{bucket.year}年{bucket.month}月" if monthly else f"截至{bucket.isoformat()}"
        points.append(CurvePoint(label=label, handed_over=total_h, closed=total_c))
    return points


def _overdue(session: Session, snap: snapshot.CampaignSnapshot) -> list[OverdueItem]:
    late = [r for r in snap.rows if r.state.overdue]
    if not late:
        return []
    query = select(InspectionCase.id, InspectionCase.case_number).where(
        InspectionCase.id.in_([r.id for r in late[:500]])
    )
    numbers = {row[0]: row[1] for row in session.execute(query)}
    return [
        OverdueItem(
            case_id=r.id,
            case_number=numbers[r.id],
            area=division_name(r.area_code) or r.area_code,
            reasons=[OVERDUE_LABELS[o] for o in r.state.overdue],
            public=r.state.findings_public,
        )
        for r in late[:500]
    ]


def board(session: Session, day: dt.date, campaign_id: int | None) -> Board:
    """The board: every campaign's headline, and the chosen one's breakdowns, curve, overdue
    cases and feedback problems (default: the newest campaign). Kept in the snapshot cache
    under the ledger's fingerprint (feedback problems' milestones included)."""
    stamp, problems_stamp = _stamps(session)
    key = ("board", day, clock.today(), campaign_id, stamp, problems_stamp)
    return snapshot.cached(key, lambda: _board(session, day, campaign_id, stamp))


def board_with_charts(
    session: Session, day: dt.date, campaign_id: int | None
) -> tuple[Board, tuple[Chart, ...]]:
    """The board and its SVG charts (the page's), both kept under the board's key: the charts
    are drawn once per board, not once per request."""
    key = ("board-charts", day, clock.today(), campaign_id, *_stamps(session))

    def compute() -> tuple[Board, tuple[Chart, ...]]:
        found = board(session, day, campaign_id)
        return found, tuple(board_charts(found))

    return snapshot.cached(key, compute)


def _stamps(session: Session) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The ledger's fingerprint and the feedback problems' (their tasks and milestones: the
    milestone id is in the first), read in one statement."""
    columns = snapshot.fingerprint_columns()
    row = session.execute(
        select(
            *columns,
            select(func.max(InspectionProblem.id)).scalar_subquery(),
            select(func.max(InspectionTask.id)).scalar_subquery(),
            select(func.count(InspectionTask.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row[: len(columns)]), tuple(row[len(columns) :])


def _board(
    session: Session, day: dt.date, campaign_id: int | None, stamp: tuple[object, ...]
) -> Board:
    found = campaigns(session, day)
    if campaign_id is not None and all(c.id != campaign_id for c in found):
        raise NotFound("未找到该督察")
    headlines = []
    chosen_snap = None
    chosen = None
    for campaign in found:
        snap = snapshot.campaign_snapshot(session, campaign.id, day, stamp)
        headlines.append(_headline(campaign, snap))
        if chosen is None and (campaign_id is None or campaign.id == campaign_id):
            chosen, chosen_snap = campaign, snap
    if chosen is None or chosen_snap is None:
        return Board(
            as_of=day,
            campaigns=[],
            campaign_id=None,
            by_unit=[],
            by_type=[],
            by_batch=[],
            curve=[],
            overdue=[],
            problems=[],
        )
    return Board(
        as_of=day,
        campaigns=headlines,
        campaign_id=chosen.id,
        by_unit=_unit_rows(session, chosen_snap),
        by_type=_type_rows(chosen_snap),
        by_batch=_batch_rows(session, chosen_snap),
        curve=_curve(chosen_snap),
        overdue=_overdue(session, chosen_snap),
        problems=problems(session, chosen.id, day),
    )


def problems(session: Session, campaign_id: int, day: dt.date) -> list[ProblemOut]:
    found = list(
        session.scalars(
            select(InspectionProblem)
            .where(InspectionProblem.campaign_id == campaign_id)
            .order_by(InspectionProblem.number)
        )
    )
    if not found:
        return []
    ids = [p.id for p in found]
    tasks: dict[int, list[InspectionTask]] = defaultdict(list)
    for task in session.scalars(
        select(InspectionTask).where(InspectionTask.problem_id.in_(ids)).order_by(InspectionTask.id)
    ):
        tasks[task.problem_id].append(task)
    marks: dict[int, dict[MilestoneKind, dt.date]] = defaultdict(dict)
    for m in session.scalars(
        select(InspectionMilestone)
        .where(InspectionMilestone.problem_id.in_(ids), InspectionMilestone.effective_on <= day)
        .order_by(InspectionMilestone.day)
    ):
        if m.problem_id is not None:
            marks[m.problem_id].setdefault(m.kind, m.day)
    result = []
    for p in found:
        state = problem_state(marks[p.id], [t.deadline for t in tasks[p.id]], day)
        result.append(
            ProblemOut(
                problem_id=p.id,
                number=p.number,
                kind=PROBLEM_KIND_LABELS[p.kind],
                title=p.title,
                description=p.description,
                status=PROBLEM_STATUS_LABELS[state.status],
                standard_reached=state.standard_reached,
                closed=state.closed,
                on_schedule=state.on_schedule,
                standard_reached_on=marks[p.id].get(MilestoneKind.standard_reached),
                closed_on=marks[p.id].get(MilestoneKind.cancelled),
                tasks=[
                    TaskOut(
                        responsible_unit=t.responsible_unit,
                        responsible_person=t.responsible_person,
                        deadline=t.deadline,
                        target=t.target,
                        measures=t.measures,
                    )
                    for t in tasks[p.id]
                ],
            )
        )
    return result


# --- the case table ----------------------------------------------------------------------


def parse_table_filters(
    session: Session,
    day: dt.date,
    campaign: int | None,
    batch: int | None,
    area: str | None,
    kind: str | None,
    status: str | None,
) -> dict[str, Any]:
    errors = []
    if area and division_name(area) is None:
        errors.append(FieldError("area", "不是烟台市的行政区划代码", "not_allowed"))
    if kind and kind not in POLLUTION_TYPES:
        errors.append(FieldError("type", "污染类型取值不在允许范围内", "not_allowed"))
    if status and status not in CaseStatus.__members__:
        errors.append(FieldError("status", "办理状态取值不在允许范围内", "not_allowed"))
    if errors:
        raise ValidationFailed(fields=errors)
    if campaign is not None and all(c.id != campaign for c in campaigns(session, day)):
        raise NotFound("未找到该督察")
    return {
        "campaign": campaign,
        "batch": batch,
        "area": area or None,
        "type": kind or None,
        "status": CaseStatus(status) if status else None,
    }


def _matching(session: Session, day: dt.date, filters: dict[str, Any]) -> list[snapshot.CaseRow]:
    """The public rows matching ``filters``: one campaign's, or every campaign's (newest first)."""
    chosen = (
        [filters["campaign"]] if filters["campaign"] else [c.id for c in campaigns(session, day)]
    )
    stamp = snapshot.fingerprint(session)
    return [
        r
        for campaign_id in chosen
        for r in _filtered(
            snapshot.campaign_snapshot(session, campaign_id, day, stamp).rows, filters
        )
    ]


def _filtered(found: Iterable[snapshot.CaseRow], filters: dict[str, Any]) -> list[snapshot.CaseRow]:
    """The public rows among ``found`` that match ``filters`` (order kept)."""
    rows = [r for r in found if r.state.findings_public]
    if filters["batch"] is not None:
        rows = [r for r in rows if r.batch_id == filters["batch"]]
    if filters["area"]:
        rows = [r for r in rows if r.area_code == filters["area"]]
    if filters["type"]:
        rows = [r for r in rows if filters["type"] in r.types]
    if filters["status"]:
        rows = [r for r in rows if r.state.status == filters["status"]]
    return rows


def _items(
    session: Session, day: dt.date, rows: list[snapshot.CaseRow], start: int
) -> list[CaseListItem]:
    """The table rows (序号 counts from ``start``) with each case's public findings."""
    ids = [r.id for r in rows]
    cases = {
        c.id: c for c in session.scalars(select(InspectionCase).where(InspectionCase.id.in_(ids)))
    }
    findings: dict[int, InspectionFinding] = {}
    for f in session.scalars(
        select(InspectionFinding)
        .where(
            InspectionFinding.case_id.in_(ids),
            InspectionFinding.status.in_(repository.PUBLISHED_STATES),
            InspectionFinding.published_on <= day,
        )
        .order_by(InspectionFinding.version)
    ):
        if f.superseded_on is None or f.superseded_on > day:
            findings[f.case_id] = f
    items = []
    for n, row in enumerate(rows, start=start):
        case = cases[row.id]
        f = findings[row.id]
        items.append(
            CaseListItem(
                number=n,
                case_id=case.id,
                case_number=case.case_number,
                summary=case.summary,
                area_code=case.area_code,
                area=division_name(case.area_code) or case.area_code,
                pollution_types=list(row.types),
                investigation=f.investigation,
                truth=TRUTH_LABELS[f.truth],
                handling=f.handling,
                accountability=f.accountability,
                status=CASE_STATUS_LABELS[row.state.status],
            )
        )
    return items


def case_table(
    session: Session,
    secret: str,
    day: dt.date,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
) -> CaseList:
    """One keyset page of the public case table (the cursor is the last row's position key)."""
    rows = _matching(session, day, filters)
    start = 0
    if cursor:
        key = decode_cursor(secret, cursor)
        after = key.get("id")
        positions = {r.id: i for i, r in enumerate(rows)}
        if not isinstance(after, int) or after not in positions:
            start = 0 if not isinstance(after, int) else len(rows)
        else:
            start = positions[after] + 1
    page = rows[start : start + limit]
    more = start + limit < len(rows)
    next_cursor = encode_cursor(secret, {"id": page[-1].id}) if page and more else None
    return CaseList(
        as_of=day,
        total=len(rows),
        columns=list(CASE_TABLE_COLUMNS),
        items=_items(session, day, page, start + 1),
        next_cursor=next_cursor,
    )


def csv_rows(session: Session, day: dt.date, filters: dict[str, Any]) -> Iterator[list[object]]:
    """Every row of the filtered table in the 9 columns, streamed (plain rows, no models: the
    same columns ``_items`` reads). One query per campaign walks its cases joined to their
    current public findings in table order, alongside the snapshot's matching rows."""
    chosen = (
        [filters["campaign"]] if filters["campaign"] else [c.id for c in campaigns(session, day)]
    )
    stamp = snapshot.fingerprint(session)
    conn = session.connection()  # a campaign's rows at a time (5,000-odd): flat memory
    truth_labels = {t.value: label for t, label in TRUTH_LABELS.items()}
    areas: dict[str, str] = {}
    n = 0
    for campaign_id in chosen:
        wanted = {
            r.id: r
            for r in _filtered(
                snapshot.campaign_snapshot(session, campaign_id, day, stamp).rows, filters
            )
        }
        if not wanted:
            continue
        # the campaign's (and the filters') case ids: the planner walks findings by case then
        ids = select(InspectionCase.id).where(InspectionCase.campaign_id == campaign_id)
        if filters["batch"] is not None:
            ids = ids.where(InspectionCase.batch_id == filters["batch"])
        if filters["area"]:
            ids = ids.where(InspectionCase.area_code == filters["area"])
        current = or_(
            InspectionFinding.superseded_on.is_(None), InspectionFinding.superseded_on > day
        )
        query = (
            select(
                InspectionCase.id,
                InspectionCase.case_number,
                InspectionCase.summary,
                InspectionFinding.investigation,
                InspectionFinding.truth,
                InspectionFinding.handling,
                InspectionFinding.accountability,
            )
            .join(InspectionFinding, InspectionFinding.case_id == InspectionCase.id)
            .join(InspectionBatch, InspectionBatch.id == InspectionCase.batch_id)
            .where(
                InspectionCase.campaign_id == campaign_id,
                InspectionFinding.case_id.in_(ids.scalar_subquery()),
                InspectionBatch.handed_over_on <= day,
                InspectionFinding.status.in_(repository.PUBLISHED_STATES),
                InspectionFinding.published_on <= day,
                current,
            )
            .order_by(
                InspectionCase.batch_id,
                InspectionCase.sequence,
                InspectionCase.id,
                InspectionFinding.version.desc(),
            )
        )
        last = None
        for (
            case_id,
            number,
            summary,
            investigation,
            truth,
            handling,
            accountability,
        ) in conn.execute(query):
            row = wanted.get(case_id)
            if row is None or case_id == last:
                continue  # not matching, or an older current version of the same case
            last = case_id
            area = areas.get(row.area_code)
            if area is None:
                area = areas[row.area_code] = division_name(row.area_code) or row.area_code
            n += 1
            yield [
                n,
                number,
                summary,
                area,
                "、".join(row.types),
                investigation,
                truth_labels[truth],
                handling,
                accountability,
            ]


# --- a case ------------------------------------------------------------------------------


def _public_case(
    session: Session, case_id: int, day: dt.date
) -> tuple[InspectionCase, InspectionFinding]:
    case = session.get(InspectionCase, case_id)
    if case is None:
        raise NotFound("未找到该信访件")
    batch = session.get_one(InspectionBatch, case.batch_id)
    finding = repository.public_finding(session, case.id, day, batch.public_from)
    if finding is None:
        raise NotFound("未找到该信访件，或其调查处理情况尚未公开")
    return case, finding


def case_detail(session: Session, case_id: int, day: dt.date) -> CaseDetail:
    case, finding = _public_case(session, case_id, day)
    batch = session.get_one(InspectionBatch, case.batch_id)
    campaign = session.get_one(InspectionCampaign, case.campaign_id)
    facts = repository.case_facts(session, case, day)
    state = case_state(facts, day)
    timeline = [
        MilestoneOut(label="交办", day=batch.handed_over_on),
        MilestoneOut(label="调查处理情况报送时限", day=batch.findings_due_on),
    ]
    if facts.reported_on is not None:
        timeline.append(MilestoneOut(label="报送调查处理情况", day=facts.reported_on))
    if state.public_on is not None:
        timeline.append(MilestoneOut(label="公开", day=state.public_on))
    for m in session.scalars(
        select(InspectionMilestone)
        .where(InspectionMilestone.case_id == case.id, InspectionMilestone.effective_on <= day)
        .order_by(InspectionMilestone.day, InspectionMilestone.id)
    ):
        timeline.append(MilestoneOut(label=MILESTONE_LABELS[m.kind], day=m.day))
    timeline.sort(key=lambda m: m.day)
    untrue = finding.truth == Truth.untrue
    codes = repository.case_enterprises(session, [case.id]).get(case.id, [])
    query = select(Enterprise.uscc, Enterprise.name).where(Enterprise.uscc.in_(codes))
    names = {row[0]: row[1] for row in session.execute(query)}
    return CaseDetail(
        as_of=day,
        case_id=case.id,
        version=finding.version,
        campaign_id=campaign.id,
        campaign=campaign.title,
        team=campaign.team,
        batch=f"第{batch.number}批",
        handed_over_on=batch.handed_over_on,
        case_number=case.case_number,
        channel=case.channel,
        key_concern=case.key_concern,
        summary=case.summary,
        area_code=case.area_code,
        area=division_name(case.area_code) or case.area_code,
        pollution_types=repository.case_types(session, [case.id]).get(case.id, []),
        units=[
            {"name": n, "share": s, "kind": k}
            for n, s, k in repository.case_units(session, [case.id]).get(case.id, [])
        ],
        investigation=finding.investigation,
        truth=TRUTH_LABELS[finding.truth],
        handling=finding.handling,
        accountability=finding.accountability,
        ordered_rectification=finding.ordered_rectification,
        penalty_cases=finding.penalty_cases,
        fine_amount=None if finding.fine_amount is None else f"{finding.fine_amount:.6f}",
        criminal_cases=finding.criminal_cases,
        detentions=finding.detentions,
        interviews=finding.interviews,
        accountable_persons=finding.accountable_persons,
        rectification_deadline=finding.rectification_deadline,
        penalty_record_ids=list(finding.penalty_record_ids),
        enterprises=[
            EnterpriseRef(uscc=c, name=names.get(c), label=UNTRUE_LABEL if untrue else None)
            for c in codes
        ],
        status=CASE_STATUS_LABELS[state.status],
        overdue=[OVERDUE_LABELS[o] for o in state.overdue],
        timeline=timeline,
    )


def case_payload(session: Session, case: InspectionCase, day: dt.date) -> dict[str, Any] | None:
    """The feed's ``data`` of a case (``app.feed.payloads.INSPECTION_CASE_FIELDS``), or None
    when its findings are not public on ``day``."""
    try:
        detail = case_detail(session, case.id, day)
    except NotFound:
        return None
    return {
        "case_id": detail.case_id,
        "version": detail.version,
        "campaign": detail.campaign,
        "team": detail.team,
        "batch": detail.batch,
        "handed_over_on": detail.handed_over_on.isoformat(),
        "case_number": detail.case_number,
        "summary": detail.summary,
        "area_code": detail.area_code,
        "area": detail.area,
        "pollution_types": detail.pollution_types,
        "investigation": detail.investigation,
        "truth": detail.truth,
        "handling": detail.handling,
        "accountability": detail.accountability,
        "status": detail.status,
        "public_on": next((m.day.isoformat() for m in detail.timeline if m.label == "公开"), None),
        "enterprises": [e.uscc for e in detail.enterprises],
        "penalty_record_ids": detail.penalty_record_ids,
    }


def enterprise_cases(session: Session, uscc: str, day: dt.date) -> list[CaseListItem]:
    """The public cases that concern an enterprise (its record page's "督察交办信访件"); a case
    found 不属实 says so and carries no credit consequence (the credit rules never read cases)."""
    ids = list(
        session.scalars(
            select(InspectionCaseEnterprise.case_id).where(InspectionCaseEnterprise.uscc == uscc)
        )
    )
    result: list[CaseListItem] = []
    for case_id in ids:
        try:
            detail = case_detail(session, case_id, day)
        except NotFound:
            continue
        result.append(
            CaseListItem(
                number=len(result) + 1,
                case_id=detail.case_id,
                case_number=detail.case_number,
                summary=detail.summary,
                area_code=detail.area_code,
                area=detail.area,
                pollution_types=detail.pollution_types,
                investigation=detail.investigation,
                truth=detail.truth,
                handling=detail.handling,
                accountability=detail.accountability,
                status=detail.status,
            )
        )
    return result
