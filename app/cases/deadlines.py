"""Working-day deadlines of a case (``CaseKind.steps``): a step of n working days that starts on
day S is due on the n-th working day after S (``add_working_days(S, n)``) and overdue from the
day after while it is not done. Due dates follow the working-day calendar as it is when served
(``app.publication.calendar``), so that a calendar update moves them. ``overdue_condition`` is
the same rule in SQL, for the officers' lists and counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from app.cases.kinds import C, Case, CaseKind, StepRule
from app.kit import clock
from app.publication.calendar import add_working_days


@dataclass(frozen=True)
class Step:
    label: str  # 受理 / 作出决定 / 答复
    due: dt.date
    done_on: dt.date | None
    overdue: bool  # not done and past due today
    late: bool  # done after the due date


def _done_on(found: Case, rule: StepRule) -> dt.date | None:
    for name in rule.done:
        value: dt.date | dt.datetime | None = getattr(found, name)
        if isinstance(value, dt.datetime):
            return clock.to_local(value).date()
        if value is not None:
            return value
    return None


def steps(session: Session, kind: CaseKind[C], found: C, today: dt.date) -> list[Step]:
    """The steps the case has reached, with their due dates on the working-day calendar."""
    result = []
    for rule in kind.steps:
        starts: dt.date | None = getattr(found, rule.starts)
        if starts is None:
            continue
        due = add_working_days(session, starts, int(getattr(found, rule.within)))
        done_on = _done_on(found, rule)
        result.append(
            Step(
                label=rule.label,
                due=due,
                done_on=done_on,
                overdue=done_on is None and today > due,
                late=done_on is not None and done_on > due,
            )
        )
    return result


def overdue_condition(session: Session, kind: CaseKind[C], today: dt.date) -> ColumnElement[bool]:
    """Cases whose current step is past its deadline on ``today``: with status s and n working
    days from S, exactly when ``S < add_working_days(today, -n)``; one comparison per distinct n
    (there are few)."""
    status = kind.column("status")
    current = []
    for rule in kind.steps:
        within, starts = kind.column(rule.within), kind.column(rule.starts)
        days = session.scalars(select(within).where(status == rule.status).distinct())
        late = [and_(within == n, starts < add_working_days(session, today, -int(n))) for n in days]
        current.append(and_(status == rule.status, or_(false(), *late)))
    return or_(false(), *current)
