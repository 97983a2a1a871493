"""Use cases of the case ledger: campaigns, batches, cases, milestones and feedback problems.

Rules (each enforced here, for the pages, the JSON API and the import alike):

- The inspection office (``scope.is_office``) creates campaigns, batches and cases, records
  acceptance (验收), 销号公示 and 销号, and feedback problems with their tasks and milestones.
- A handling unit's accounts record 阶段性办结 and 办结 of their own cases only; another unit's
  case is "not found".
- A case number is kept as received and is unique within its campaign.
- A case's shares sum to exactly 1 (two units: 0.5 each unless stated).
- Texts are made public-safe when saved (``privacy.mask_text``); complainants are never stored.
- Milestones are dated no later than today and no earlier than hand-over; 办结 needs findings
  approved; 销号 needs 办结. Every change is on the audit trail; a public change is a feed event.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import MAKER_ROLES, require_role
from app.audit.service import record as audit
from app.inspections import events, repository, scope
from app.inspections.fields import CaseInput
from app.inspections.privacy import mask_text
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.models import (
    CampaignKind,
    Enterprise,
    InspectionBatch,
    InspectionCampaign,
    InspectionCase,
    InspectionCaseEnterprise,
    InspectionCaseProblem,
    InspectionCaseUnit,
    InspectionMilestone,
    InspectionProblem,
    InspectionTask,
    InspectionUnit,
    MilestoneKind,
    ProblemKind,
)

UNIT_MILESTONES = frozenset({MilestoneKind.stage_closed, MilestoneKind.closed})
OFFICE_MILESTONES = frozenset(
    {MilestoneKind.accepted, MilestoneKind.closing_notice, MilestoneKind.cancelled}
)
PROBLEM_MILESTONES = frozenset({MilestoneKind.standard_reached, MilestoneKind.cancelled})


def _invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(fields=[FieldError(field, message, code)])


def _office(session: Session, actor: Actor, what: str) -> None:
    require_role(actor, MAKER_ROLES, what)
    scope.require_office(session, actor, what)


def create_campaign(
    session: Session,
    actor: Actor,
    *,
    kind: CampaignKind,
    round_: str,
    team: str,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    findings_due_days: int,
    publication_day: int,
    closing_due_days: int = 30,
) -> InspectionCampaign:
    _office(session, actor, "创建督察")
    if end_date < start_date:
        raise _invalid("end_date", "结束日期不能早于开始日期", "date_order")
    if findings_due_days not in (3, 5, 7, 10):
        raise _invalid("findings_due_days", "报送时限应为3、5、7或10天", "not_allowed")
    if not 0 <= publication_day <= 60:
        raise _invalid("publication_day", "公开日应为交办后0到60天", "out_of_range")
    if session.scalar(select(InspectionCampaign.id).where(InspectionCampaign.title == title)):
        raise Conflict("督察名称重复", fields=[FieldError("title", "已有同名督察", "duplicate")])
    campaign = InspectionCampaign(
        kind=kind,
        round=round_,
        team=team,
        title=title,
        start_date=start_date,
        end_date=end_date,
        findings_due_days=findings_due_days,
        publication_day=publication_day,
        closing_due_days=closing_due_days,
        created_by_id=actor.user_id,
    )
    session.add(campaign)
    session.flush()
    audit(
        session,
        actor,
        "inspection.campaign.create",
        "inspection_campaign",
        campaign.id,
        after={"title": title, "kind": kind.value, "team": team},
    )
    return campaign


def load_campaign(session: Session, campaign_id: int) -> InspectionCampaign:
    campaign = session.get(InspectionCampaign, campaign_id)
    if campaign is None:
        raise NotFound("未找到该督察")
    return campaign


def create_batch(
    session: Session, actor: Actor, campaign_id: int, *, number: int, handed_over_on: dt.date
) -> InspectionBatch:
    """A batch handed over on a day: its due and publication days follow from the campaign."""
    _office(session, actor, "登记交办批次")
    campaign = load_campaign(session, campaign_id)
    if handed_over_on > clock.today():
        raise _invalid("handed_over_on", "交办日期不能晚于今天", "date_in_future")
    if handed_over_on < campaign.start_date:
        raise _invalid("handed_over_on", "交办日期不能早于督察开始日期", "date_order")
    clash = session.scalar(
        select(InspectionBatch.id).where(
            InspectionBatch.campaign_id == campaign.id, InspectionBatch.number == number
        )
    )
    if clash is not None:
        raise Conflict("批次重复", fields=[FieldError("number", f"已有第{number}批", "duplicate")])
    batch = InspectionBatch(
        campaign_id=campaign.id,
        number=number,
        handed_over_on=handed_over_on,
        findings_due_on=handed_over_on + dt.timedelta(days=campaign.findings_due_days),
        public_from=handed_over_on + dt.timedelta(days=campaign.publication_day),
        created_by_id=actor.user_id,
    )
    session.add(batch)
    session.flush()
    audit(
        session,
        actor,
        "inspection.batch.create",
        "inspection_batch",
        batch.id,
        after={
            "campaign_id": campaign.id,
            "number": number,
            "handed_over_on": handed_over_on.isoformat(),
        },
    )
    return batch


def load_batch(session: Session, batch_id: int) -> InspectionBatch:
    batch = session.get(InspectionBatch, batch_id)
    if batch is None:
        raise NotFound("未找到该批次")
    return batch


def resolve_shares(
    session: Session, data: CaseInput, field: str = "units"
) -> list[tuple[InspectionUnit, Decimal]]:
    """The units named and their shares, summing to exactly 1 (unstated shares split the rest
    equally; 1/3 is stored as 0.3333, 0.3333, 0.3334)."""
    units = {u.name: u for u in session.scalars(select(InspectionUnit))}
    missing = [u.name for u in data.units if u.name not in units]
    if missing:
        raise _invalid(field, f"未知的承办单位：{'、'.join(missing)}", "unknown_unit")
    if len({u.name for u in data.units}) != len(data.units):
        raise _invalid(field, "承办单位重复", "duplicate")
    stated = sum((u.share for u in data.units if u.share is not None), Decimal(0))
    open_ = [u for u in data.units if u.share is None]
    if stated > 1 or (not open_ and stated != 1):
        raise _invalid(field, f"承办单位份额之和应为1，实为{stated}", "share_sum")
    rest = Decimal(1) - stated
    part = (rest / len(open_)).quantize(Decimal("0.0001")) if open_ else Decimal(0)
    result: list[tuple[InspectionUnit, Decimal]] = []
    for u in data.units:
        result.append((units[u.name], u.share if u.share is not None else part))
    total = sum((s for _u, s in result), Decimal(0))
    if total != 1:  # rounding of an equal split: the last open share takes the remainder
        last = max(i for i, u in enumerate(data.units) if u.share is None)
        result[last] = (result[last][0], result[last][1] + (Decimal(1) - total))
    return result


def create_case(
    session: Session, actor: Actor, batch_id: int, data: CaseInput, *, audit_it: bool = True
) -> InspectionCase:
    """A case of a batch, stored public-safe (see the module docstring)."""
    _office(session, actor, "登记交办信访件")
    batch = load_batch(session, batch_id)
    clash = session.scalar(
        select(InspectionCase.id).where(
            InspectionCase.campaign_id == batch.campaign_id,
            InspectionCase.case_number == data.case_number,
        )
    )
    if clash is not None:
        raise Conflict(
            "受理编号重复",
            code="duplicate_case_number",
            fields=[
                FieldError("case_number", f"本督察已有受理编号“{data.case_number}”", "duplicate")
            ],
        )
    duplicate_of: int | None = None
    if data.duplicate_of:
        duplicate_of = session.scalar(
            select(InspectionCase.id).where(
                InspectionCase.campaign_id == batch.campaign_id,
                InspectionCase.case_number == data.duplicate_of,
            )
        )
        if duplicate_of is None:
            raise _invalid("duplicate_of", f"未找到受理编号“{data.duplicate_of}”", "unknown_case")
    shares = resolve_shares(session, data)
    case = InspectionCase(
        campaign_id=batch.campaign_id,
        batch_id=batch.id,
        case_number=data.case_number,
        sequence=data.sequence,
        channel=data.channel,
        key_concern=data.key_concern,
        duplicate_of_id=duplicate_of,
        summary=mask_text(data.summary, data.private_names),
        area_code=data.area_code,
        created_by_id=actor.user_id,
    )
    session.add(case)
    session.flush()
    for unit, share in shares:
        session.add(InspectionCaseUnit(case_id=case.id, unit_id=unit.id, share=share))
    for kind in data.pollution_types:
        session.add(InspectionCaseProblem(case_id=case.id, pollution_type=kind))
    query = select(Enterprise.uscc, Enterprise.id).where(Enterprise.uscc.in_(data.enterprises))
    known = {row[0]: row[1] for row in session.execute(query)}
    for code in data.enterprises:
        session.add(
            InspectionCaseEnterprise(case_id=case.id, uscc=code, enterprise_id=known.get(code))
        )
    if data.channel == "来信":
        batch.letters += 1
    else:
        batch.calls += 1
    session.flush()
    if audit_it:
        audit(
            session,
            actor,
            "inspection.case.create",
            "inspection_case",
            case.id,
            after={"case_number": case.case_number, "batch_id": batch.id},
        )
    return case


def load_case(session: Session, actor: Actor, case_id: int) -> InspectionCase:
    """A case the actor may see, or NotFound (another unit's case too)."""
    case = session.get(InspectionCase, case_id)
    if case is None or not scope.covers_case(session, actor, case.id):
        raise NotFound("未找到该信访件")
    return case


def record_milestone(
    session: Session,
    actor: Actor,
    case_id: int,
    kind: MilestoneKind,
    day: dt.date,
    note: str = "",
) -> InspectionMilestone:
    """A dated milestone of a case (see the module docstring for who records which)."""
    require_role(actor, MAKER_ROLES, "记录办理节点")
    case = load_case(session, actor, case_id)
    if kind in OFFICE_MILESTONES:
        scope.require_office(session, actor, "记录验收、销号公示和销号")
    elif kind not in UNIT_MILESTONES:
        raise _invalid("kind", "该节点不适用于信访件", "not_allowed")
    facts = repository.case_facts(session, case)
    today = clock.today()
    if day > today:
        raise _invalid("day", "节点日期不能晚于今天", "date_in_future")
    if day < facts.handed_over_on:
        raise _invalid("day", "节点日期不能早于交办日期", "date_order")
    if kind in UNIT_MILESTONES and facts.approved_on is None:
        raise _invalid("kind", "调查处理情况审核通过后才能办结", "findings_first")
    if kind in OFFICE_MILESTONES and MilestoneKind.closed not in facts.milestones:
        raise _invalid("kind", "信访件办结后才能验收、公示销号和销号", "closed_first")
    if kind in facts.milestones:
        raise Conflict("该节点已记录", fields=[FieldError("kind", "该节点已记录", "duplicate")])
    milestone = InspectionMilestone(
        case_id=case.id,
        kind=kind,
        day=day,
        effective_on=max(day, today),
        note=note[:500],
        recorded_by_id=actor.user_id,
        recorded_at=clock.now(),
    )
    session.add(milestone)
    session.flush()
    audit(
        session,
        actor,
        "inspection.case.milestone",
        "inspection_case",
        case.id,
        after={"kind": kind.value, "day": day.isoformat(), "note": note[:500]},
    )
    if kind in (MilestoneKind.closed, MilestoneKind.stage_closed, MilestoneKind.cancelled):
        events.case_changed(
            session, case, "cancelled" if kind == MilestoneKind.cancelled else "closed"
        )
    return milestone


def create_problem(
    session: Session,
    actor: Actor,
    campaign_id: int,
    *,
    number: int,
    kind: ProblemKind,
    title: str,
    description: str = "",
) -> InspectionProblem:
    _office(session, actor, "登记督察反馈问题")
    campaign = load_campaign(session, campaign_id)
    if session.scalar(
        select(InspectionProblem.id).where(
            InspectionProblem.campaign_id == campaign.id, InspectionProblem.number == number
        )
    ):
        raise Conflict(
            "问题序号重复", fields=[FieldError("number", "已有该序号的问题", "duplicate")]
        )
    problem = InspectionProblem(
        campaign_id=campaign.id,
        number=number,
        kind=kind,
        title=mask_text(title),
        description=mask_text(description),
        created_by_id=actor.user_id,
    )
    session.add(problem)
    session.flush()
    audit(
        session,
        actor,
        "inspection.problem.create",
        "inspection_problem",
        problem.id,
        after={"number": number, "kind": kind.value},
    )
    return problem


def add_task(
    session: Session,
    actor: Actor,
    problem_id: int,
    *,
    responsible_unit: str,
    responsible_person: str,
    deadline: dt.date,
    target: str,
    measures: str,
) -> InspectionTask:
    _office(session, actor, "登记整改任务")
    problem = session.get(InspectionProblem, problem_id)
    if problem is None:
        raise NotFound("未找到该问题")
    task = InspectionTask(
        problem_id=problem.id,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        deadline=deadline,
        target=target,
        measures=measures,
    )
    session.add(task)
    session.flush()
    audit(
        session,
        actor,
        "inspection.task.create",
        "inspection_problem",
        problem.id,
        after={"task_id": task.id, "deadline": deadline.isoformat()},
    )
    return task


def record_problem_milestone(
    session: Session, actor: Actor, problem_id: int, kind: MilestoneKind, day: dt.date
) -> InspectionMilestone:
    _office(session, actor, "记录反馈问题整改节点")
    problem = session.get(InspectionProblem, problem_id)
    if problem is None:
        raise NotFound("未找到该问题")
    if kind not in PROBLEM_MILESTONES:
        raise _invalid("kind", "反馈问题的节点为达到整改标准或完成销号", "not_allowed")
    today = clock.today()
    if day > today:
        raise _invalid("day", "节点日期不能晚于今天", "date_in_future")
    milestone = InspectionMilestone(
        problem_id=problem.id,
        kind=kind,
        day=day,
        effective_on=max(day, today),
        recorded_by_id=actor.user_id,
        recorded_at=clock.now(),
    )
    session.add(milestone)
    session.flush()
    audit(
        session,
        actor,
        "inspection.problem.milestone",
        "inspection_problem",
        problem.id,
        after={"kind": kind.value, "day": day.isoformat()},
    )
    return milestone
