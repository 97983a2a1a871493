"""The catalogue of joint measures (联合奖惩措施) and the departments' feedback (措施反馈).

Rules (each here, so pages, API, feed and the nomination bars share them):

- The catalogue is versioned reference data: the measures in force on a day are the versions
  with ``valid_from <= day`` and no ``valid_to`` before it. A list entry in force triggers the
  measures of its list (black: 失信惩戒; red: 守信激励).
- A measure with an ``effect`` is carried out by the portal itself: ``nomination_bar`` proposes
  the nomination bars of a just-approved black-list entry (app/nomination_bars), exactly as
  before the catalogue; the departments report on the others.
- A department (accounts of role ``department``) reads only the entries and measures of its own
  department; any other measure is "not found" (404). Its feedback is due ``feedback_days``
  after the entry's approval; a measure without feedback after that day is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from app.access.guards import required_text
from app.audit.service import record as audit
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import FieldError, Forbidden, NotFound, ValidationFailed
from app.models import (
    CreditScheme,
    Enterprise,
    FeedbackOutcome,
    JointMeasure,
    ListEntry,
    ListType,
    MeasureDepartment,
    MeasureFeedback,
)
from app.models.joint_measure import MEASURE_SUBJECT_LABELS, DurationRule
from app.models.measure_feedback import FEEDBACK_OUTCOME_LABELS
from app.publication.visibility import list_entry_in_force, local_day

NOMINATION_BAR = "nomination_bar"
LIST_LABELS = {ListType.black: "黑名单（失信惩戒）", ListType.red: "红名单（守信激励）"}


@dataclass(frozen=True)
class MeasureView:
    id: int
    code: str
    version: int
    name: str
    target: str  # 黑名单 / 红名单 / 信用等级…
    list_type: str | None
    department: str
    department_id: int
    department_code: str
    legal_basis: str
    subject: str
    subject_label: str
    duration: str
    effect: str | None
    feedback_days: int


def _in_force(day: dt.date) -> ColumnElement[bool]:
    return and_(
        JointMeasure.valid_from <= day,
        or_(JointMeasure.valid_to.is_(None), JointMeasure.valid_to >= day),
    )


def _level_labels(session: Session) -> dict[str, str]:
    """The Chinese names of the credit levels, by code, from the stored schemes."""
    labels: dict[str, str] = {}
    for definition in session.scalars(select(CreditScheme.definition)):
        for level in definition.get("levels", []):
            if "code" in level and "label" in level:
                name = f"（{level['name']}）" if level.get("name") else ""
                labels.setdefault(level["code"], f"{level['label']}{name}")
    return labels


def _duration(measure: JointMeasure) -> str:
    if measure.duration_rule == DurationRule.fixed_years and measure.duration_years:
        return f"自列入之日起{measure.duration_years}年"
    return "名单有效期内" if measure.list_type is not None else "信用等级有效期内"


def _view(
    measure: JointMeasure, department: MeasureDepartment, levels: dict[str, str]
) -> MeasureView:
    if measure.list_type is not None:
        target = LIST_LABELS[measure.list_type]
    else:
        level = levels.get(measure.credit_level or "", measure.credit_level or "")
        target = f"信用等级：{level}"
    return MeasureView(
        id=measure.id,
        code=measure.code,
        version=measure.version,
        name=measure.name,
        target=target,
        list_type=measure.list_type.value if measure.list_type else None,
        department=department.name,
        department_id=department.id,
        department_code=department.code,
        legal_basis=measure.legal_basis,
        subject=measure.subject.value,
        subject_label=MEASURE_SUBJECT_LABELS[measure.subject],
        duration=_duration(measure),
        effect=measure.effect,
        feedback_days=measure.feedback_days,
    )


def catalogue(
    session: Session, day: dt.date, list_type: ListType | None = None
) -> list[MeasureView]:
    """The measures in force on ``day`` (of one list, when given), in catalogue order."""
    query = (
        select(JointMeasure, MeasureDepartment)
        .join(MeasureDepartment, MeasureDepartment.id == JointMeasure.department_id)
        .where(_in_force(day))
        .order_by(JointMeasure.sort_order, JointMeasure.id)
    )
    if list_type is not None:
        query = query.where(JointMeasure.list_type == list_type)
    levels = _level_labels(session)
    return [_view(r[0], r[1], levels) for r in session.execute(query)]


def measures_of_entries(
    session: Session, entries: list[tuple[int, ListType, dt.date]]
) -> list[tuple[int, list[MeasureView]]]:
    """For each (entry id, list, start day): the measures the entry triggers (the catalogue in
    force on its start day, as the feed carries them)."""
    return [(entry_id, catalogue(session, start, lt)) for entry_id, lt, start in entries]


def effects_for(session: Session, list_type: ListType, day: dt.date) -> set[str]:
    """The effects the portal carries out for an entry of ``list_type`` approved on ``day``."""
    return {m.effect for m in catalogue(session, day, list_type) if m.effect}


def feed_measures(session: Session, list_type: ListType, day: dt.date) -> list[dict[str, object]]:
    """What a list event carries so that the platform can route it: each measure's code,
    version, name, department, basis, subject and duration."""
    return [
        {
            "code": m.code,
            "version": m.version,
            "name": m.name,
            "department": m.department,
            "department_code": m.department_code,
            "legal_basis": m.legal_basis,
            "subject": m.subject,
            "duration": m.duration,
        }
        for m in catalogue(session, day, list_type)
    ]


# --- feedback ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackState:
    measure: MeasureView
    due_on: dt.date
    outcome: str | None  # applied / not_applied, or None when not reported
    outcome_label: str | None
    reported_at: dt.datetime | None
    applied_to: str | None
    applied_on: dt.date | None
    document_number: str | None
    reason: str | None
    overdue: bool


@dataclass(frozen=True)
class EntryMeasures:
    entry_id: int
    enterprise_name: str
    uscc: str
    list_type: str
    start_date: dt.date
    end_date: dt.date
    measures: list[FeedbackState]


def _approved_day(entry: ListEntry) -> dt.date:
    return local_day(entry.approved_at) if entry.approved_at else entry.start_date


def _latest(session: Session, entry_ids: list[int]) -> dict[tuple[int, int], MeasureFeedback]:
    found: dict[tuple[int, int], MeasureFeedback] = {}
    if not entry_ids:
        return found
    rows = session.scalars(
        select(MeasureFeedback)
        .where(MeasureFeedback.list_entry_id.in_(entry_ids))
        .order_by(MeasureFeedback.id)
    )
    for row in rows:
        found[(row.list_entry_id, row.measure_id)] = row
    return found


def _states(
    session: Session,
    entries: list[tuple[ListEntry, Enterprise]],
    day: dt.date,
    department_id: int | None,
) -> list[EntryMeasures]:
    by_list: dict[ListType, list[MeasureView]] = defaultdict(list)
    for list_type in ListType:
        by_list[list_type] = [
            m
            for m in catalogue(session, day, list_type)
            if m.effect is None and department_id in (None, m.department_id)
        ]
    latest = _latest(session, [e.id for e, _ in entries])
    result = []
    for entry, enterprise in entries:
        states = []
        for measure in by_list[entry.list_type]:
            due = _approved_day(entry) + dt.timedelta(days=measure.feedback_days)
            fb = latest.get((entry.id, measure.id))
            states.append(
                FeedbackState(
                    measure=measure,
                    due_on=due,
                    outcome=fb.outcome.value if fb else None,
                    outcome_label=FEEDBACK_OUTCOME_LABELS[fb.outcome] if fb else None,
                    reported_at=fb.reported_at if fb else None,
                    applied_to=fb.applied_to if fb else None,
                    applied_on=fb.applied_on if fb else None,
                    document_number=fb.document_number if fb else None,
                    reason=fb.reason if fb else None,
                    overdue=fb is None and day > due,
                )
            )
        if states:
            result.append(
                EntryMeasures(
                    entry_id=entry.id,
                    enterprise_name=enterprise.name,
                    uscc=enterprise.uscc,
                    list_type=entry.list_type.value,
                    start_date=entry.start_date,
                    end_date=entry.end_date,
                    measures=states,
                )
            )
    return result


def _entries_in_force(
    session: Session, day: dt.date, entry_id: int | None = None
) -> list[tuple[ListEntry, Enterprise]]:
    query = (
        select(ListEntry, Enterprise)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(list_entry_in_force(day))
        .order_by(ListEntry.id.desc())
    )
    if entry_id is not None:
        query = query.where(ListEntry.id == entry_id)
    return [(r[0], r[1]) for r in session.execute(query.limit(500))]


def _department(actor: Actor) -> int:
    if actor.department_id is None:
        raise Forbidden("您的账号未关联联合奖惩实施部门")
    return actor.department_id


def department_entries(session: Session, actor: Actor) -> list[EntryMeasures]:
    """The list entries in force whose measures concern the actor's department (its feed)."""
    return _states(
        session, _entries_in_force(session, clock.today()), clock.today(), _department(actor)
    )


def workspace_overview(session: Session) -> list[EntryMeasures]:
    """For the officers: per entry in force, each department's measure, reported or overdue."""
    return _states(session, _entries_in_force(session, clock.today()), clock.today(), None)


def report_feedback(
    session: Session,
    actor: Actor,
    entry_id: int,
    measure_id: int,
    *,
    outcome: str,
    applied_to: str | None,
    applied_on: dt.date | None,
    document_number: str | None,
    reason: str | None,
) -> MeasureFeedback:
    """A department's report on one measure for one entry in force; another department's
    measure, an entry not in force or a measure not triggered by it: 404."""
    department_id = _department(actor)
    day = clock.today()
    measure = session.get(JointMeasure, measure_id)
    found = _entries_in_force(session, day, entry_id)
    if (
        measure is None
        or measure.department_id != department_id
        or not found
        or measure.list_type != found[0][0].list_type
        or measure.effect is not None
        or measure.id not in {m.id for m in catalogue(session, day, found[0][0].list_type)}
    ):
        raise NotFound("未找到本部门需反馈的该项措施")
    if outcome not in FeedbackOutcome.__members__:
        raise ValidationFailed(
            fields=[FieldError("outcome", "反馈结果应为 applied（已实施）或 not_applied（未实施）")]
        )
    problems: list[FieldError] = []
    if outcome == FeedbackOutcome.applied:
        if applied_on is None:
            problems.append(FieldError("applied_on", "请填写实施日期", "required"))
        elif applied_on > day:
            problems.append(FieldError("applied_on", "实施日期不能晚于今天", "date_future"))
        if not (document_number or "").strip():
            problems.append(FieldError("document_number", "请填写实施文书号", "required"))
    if problems:
        raise ValidationFailed(fields=problems)
    why = required_text(reason, "reason", "未实施的原因") if outcome == "not_applied" else None
    feedback = MeasureFeedback(
        measure_id=measure.id,
        list_entry_id=entry_id,
        department_id=department_id,
        outcome=FeedbackOutcome(outcome),
        applied_to=(applied_to or "").strip()[:200] or found[0][1].name,
        applied_on=applied_on if outcome == "applied" else None,
        document_number=(document_number or "").strip()[:100] or None,
        reason=why,
        reported_by_id=actor.user_id,
        reported_at=clock.now(),
    )
    session.add(feedback)
    session.flush()
    audit(
        session,
        actor,
        "measure.feedback",
        "measure_feedback",
        feedback.id,
        after={"measure": measure.code, "list_entry_id": entry_id, "outcome": outcome},
    )
    return feedback
