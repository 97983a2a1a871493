"""Reading the workspace's forms of the case ledger (campaign, batch, milestone); a case's and
its findings' fields are read by ``fields`` (shared with the import and the JSON API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.kit.errors import FieldError, ValidationFailed
from app.kit.values import ValueProblem, parse_date
from app.models import CampaignKind, MilestoneKind, ProblemKind
from app.models.inspection_campaign import CAMPAIGN_KIND_LABELS
from app.models.inspection_milestone import MILESTONE_LABELS

KIND_CHOICES = [(k.value, label) for k, label in CAMPAIGN_KIND_LABELS.items()]
CASE_MILESTONES = [
    (k.value, MILESTONE_LABELS[k])
    for k in (
        MilestoneKind.stage_closed,
        MilestoneKind.closed,
        MilestoneKind.accepted,
        MilestoneKind.closing_notice,
        MilestoneKind.cancelled,
    )
]


@dataclass(frozen=True)
class CampaignForm:
    kind: CampaignKind
    round_: str
    team: str
    title: str
    start_date: dt.date
    end_date: dt.date
    findings_due_days: int
    publication_day: int
    closing_due_days: int


def _date(raw: dict[str, Any], key: str, label: str, errors: list[FieldError]) -> dt.date:
    try:
        return parse_date(raw.get(key) or "")
    except ValueProblem as exc:
        errors.append(FieldError(key, f"{label}：{exc.message}", exc.code))
        return dt.date.min


def _number(raw: dict[str, Any], key: str, label: str, errors: list[FieldError]) -> int:
    text = str(raw.get(key) or "").strip()
    if not text.isdigit() or len(text) > 4:
        errors.append(FieldError(key, f"{label}应为整数", "not_number"))
        return 0
    return int(text)


def _text(raw: dict[str, Any], key: str, label: str, errors: list[FieldError], limit: int) -> str:
    text = str(raw.get(key) or "").strip()
    if not text:
        errors.append(FieldError(key, f"请填写{label}", "required"))
    elif len(text) > limit:
        errors.append(FieldError(key, f"{label}不能超过{limit}个字", "too_long"))
    return text


def campaign_form(raw: dict[str, Any]) -> CampaignForm:
    errors: list[FieldError] = []
    kind_text = str(raw.get("kind") or "")
    if kind_text not in CampaignKind.__members__:
        errors.append(FieldError("kind", "请选择督察类型", "not_allowed"))
    form = CampaignForm(
        kind=CampaignKind(kind_text)
        if kind_text in CampaignKind.__members__
        else CampaignKind.central,
        round_=_text(raw, "round", "轮次", errors, 50),
        team=_text(raw, "team", "督察组", errors, 100),
        title=_text(raw, "title", "督察名称", errors, 200),
        start_date=_date(raw, "start_date", "开始日期", errors),
        end_date=_date(raw, "end_date", "结束日期", errors),
        findings_due_days=_number(raw, "findings_due_days", "报送时限", errors),
        publication_day=_number(raw, "publication_day", "公开日", errors),
        closing_due_days=_number(raw, "closing_due_days", "销号时限", errors)
        if raw.get("closing_due_days")
        else 30,
    )
    if errors:
        raise ValidationFailed(fields=errors)
    return form


def batch_form(raw: dict[str, Any]) -> tuple[int, dt.date]:
    errors: list[FieldError] = []
    number = _number(raw, "number", "批次", errors)
    day = _date(raw, "handed_over_on", "交办日期", errors)
    if errors:
        raise ValidationFailed(fields=errors)
    return number, day


def milestone_form(raw: dict[str, Any]) -> tuple[MilestoneKind, dt.date, str]:
    errors: list[FieldError] = []
    kind_text = str(raw.get("kind") or "")
    if kind_text not in MilestoneKind.__members__:
        errors.append(FieldError("kind", "请选择节点", "not_allowed"))
    day = _date(raw, "day", "日期", errors)
    note = str(raw.get("note") or "").strip()[:500]
    if errors:
        raise ValidationFailed(fields=errors)
    return MilestoneKind(kind_text), day, note


def problem_form(raw: dict[str, Any]) -> tuple[int, ProblemKind, str, str]:
    errors: list[FieldError] = []
    number = _number(raw, "number", "序号", errors)
    kind_text = str(raw.get("kind") or "")
    if kind_text not in ProblemKind.__members__:
        errors.append(FieldError("kind", "请选择个性问题或共性问题", "not_allowed"))
    title = _text(raw, "title", "问题", errors, 300)
    description = str(raw.get("description") or "").strip()[:5000]
    if errors:
        raise ValidationFailed(fields=errors)
    return number, ProblemKind(kind_text), title, description


@dataclass(frozen=True)
class TaskForm:
    responsible_unit: str
    responsible_person: str
    deadline: dt.date
    target: str
    measures: str


def task_form(raw: dict[str, Any]) -> TaskForm:
    errors: list[FieldError] = []
    form = TaskForm(
        responsible_unit=_text(raw, "responsible_unit", "责任单位", errors, 200),
        responsible_person=_text(raw, "responsible_person", "责任人", errors, 100),
        deadline=_date(raw, "deadline", "整改时限", errors),
        target=_text(raw, "target", "整改目标", errors, 5000),
        measures=_text(raw, "measures", "整改措施", errors, 5000),
    )
    if errors:
        raise ValidationFailed(fields=errors)
    return form


PROBLEM_MILESTONES = [
    (MilestoneKind.standard_reached.value, "达到整改标准"),
    (MilestoneKind.cancelled.value, "完成销号"),
]
