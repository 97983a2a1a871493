"""Pure rules of the case ledger: a case's and a feedback problem's status on a day, derived from
its dates and milestones when served (nothing here is stored, so nothing can drift).

A case on day ``d``:

- its findings are public when a version was approved on or before ``d`` and ``d`` is on or after
  the batch's publication day (``public_from``); they became public on the later of the two;
- its status is 已销号 (a 销号 milestone by ``d``), else 已办结 (办结), else 阶段性办结,
  else 正在办理;
- it is overdue for one or more reasons: findings not reported after the due day; findings not
  public on or after the publication day; the rectification deadline passed without 办结; 办结
  without 销号 after the campaign's ``closing_due_days``.

A feedback problem on day ``d``: 已完成销号 (销号), 达到整改标准, and on schedule (not closed
off and no task deadline passed before reaching the standard) or overdue.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from app.models.inspection_milestone import MilestoneKind


class CaseStatus(enum.StrEnum):
    in_progress = "in_progress"  # 正在办理
    stage_closed = "stage_closed"  # 阶段性办结
    closed = "closed"  # 已办结
    cancelled = "cancelled"  # 已销号


CASE_STATUS_LABELS = {
    CaseStatus.in_progress: "正在办理",
    CaseStatus.stage_closed: "阶段性办结",
    CaseStatus.closed: "已办结",
    CaseStatus.cancelled: "已销号",
}


class Overdue(enum.StrEnum):
    findings = "findings"  # 逾期未报送调查处理情况
    publication = "publication"  # 逾期未公开
    deadline = "deadline"  # 整改时限已过未办结
    closing = "closing"  # 办结后逾期未销号


OVERDUE_LABELS = {
    Overdue.findings: "逾期未报送调查处理情况",
    Overdue.publication: "到公开日未公开",
    Overdue.deadline: "超过整改时限未办结",
    Overdue.closing: "办结后逾期未销号",
}


@dataclass(frozen=True)
class CaseFacts:
    """What a case's status depends on. ``milestones``: the first day each kind was known."""

    handed_over_on: dt.date
    findings_due_on: dt.date
    public_from: dt.date
    closing_due_days: int
    reported_on: dt.date | None  # the approved findings' submission day
    approved_on: dt.date | None  # the first approval of findings
    rectification_deadline: dt.date | None
    milestones: Mapping[MilestoneKind, dt.date]


@dataclass(frozen=True)
class CaseState:
    status: CaseStatus
    findings_public: bool
    public_on: dt.date | None
    overdue: tuple[Overdue, ...]


def findings_public_on(approved_on: dt.date | None, public_from: dt.date) -> dt.date | None:
    """The day findings became (or become) public: the later of approval and publication day."""
    return None if approved_on is None else max(approved_on, public_from)


def _by(milestones: Mapping[MilestoneKind, dt.date], kind: MilestoneKind, day: dt.date) -> bool:
    when = milestones.get(kind)
    return when is not None and when <= day


def case_status_on(milestones: Mapping[MilestoneKind, dt.date], day: dt.date) -> CaseStatus:
    if _by(milestones, MilestoneKind.cancelled, day):
        return CaseStatus.cancelled
    if _by(milestones, MilestoneKind.closed, day):
        return CaseStatus.closed
    if _by(milestones, MilestoneKind.stage_closed, day):
        return CaseStatus.stage_closed
    return CaseStatus.in_progress


def case_state(facts: CaseFacts, day: dt.date) -> CaseState:
    """A case as it stands on ``day`` (see the module docstring)."""
    public_on = findings_public_on(facts.approved_on, facts.public_from)
    public = public_on is not None and public_on <= day
    status = case_status_on(facts.milestones, day)
    closed = status in (CaseStatus.closed, CaseStatus.cancelled)
    overdue: list[Overdue] = []
    reported = facts.reported_on is not None and facts.reported_on <= day
    if not reported and day > facts.findings_due_on:
        overdue.append(Overdue.findings)
    if not public and day >= facts.public_from:
        overdue.append(Overdue.publication)
    deadline = facts.rectification_deadline
    if public and deadline is not None and day > deadline and not closed:
        overdue.append(Overdue.deadline)
    closed_on = facts.milestones.get(MilestoneKind.closed)
    if (
        closed_on is not None
        and closed_on <= day
        and status != CaseStatus.cancelled
        and day > closed_on + dt.timedelta(days=facts.closing_due_days)
    ):
        overdue.append(Overdue.closing)
    return CaseState(status, public, public_on, tuple(overdue))


class ProblemStatus(enum.StrEnum):
    cancelled = "cancelled"  # 已完成销号
    standard_reached = "standard_reached"  # 达到整改标准（未销号）
    on_schedule = "on_schedule"  # 按时序推进
    overdue = "overdue"  # 逾期未达到整改标准


PROBLEM_STATUS_LABELS = {
    ProblemStatus.cancelled: "已完成销号",
    ProblemStatus.standard_reached: "达到整改标准",
    ProblemStatus.on_schedule: "按时序推进",
    ProblemStatus.overdue: "逾期未达到整改标准",
}


@dataclass(frozen=True)
class ProblemState:
    status: ProblemStatus
    standard_reached: bool  # counted in "达到整改标准" (closed-off ones included)
    closed: bool  # counted in "完成销号"
    on_schedule: bool  # counted in "按时序推进" (every problem not closed off and not overdue)


def problem_state(
    milestones: Mapping[MilestoneKind, dt.date], deadlines: list[dt.date], day: dt.date
) -> ProblemState:
    standard = _by(milestones, MilestoneKind.standard_reached, day)
    closed = _by(milestones, MilestoneKind.cancelled, day)
    late = not standard and any(d < day for d in deadlines)
    if closed:
        status = ProblemStatus.cancelled
    elif late:
        status = ProblemStatus.overdue
    elif standard:
        status = ProblemStatus.standard_reached
    else:
        status = ProblemStatus.on_schedule
    return ProblemState(status, standard or closed, closed, not closed and not late)
