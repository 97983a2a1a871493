"""Working-day deadlines of a credit repair application: acceptance within ``accept_within``
working days of submission, the decision within ``decide_within`` working days of acceptance,
on the working-day calendar (``app.publication.calendar``) as it is when served, so that a
calendar update moves them. ``app.repairs.repository.overdue_condition`` is the same rule in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.kit import clock
from app.models import RepairApplication
from app.publication.calendar import add_working_days


@dataclass(frozen=True)
class Step:
    label: str  # 受理 / 作出决定
    due: dt.date
    done_on: dt.date | None
    overdue: bool  # not done and past due today
    late: bool  # done after the due date


def steps(session: Session, found: RepairApplication, today: dt.date) -> list[Step]:
    """The two deadlines of an application, from the working-day calendar."""
    decided_on = clock.to_local(found.decided_at).date() if found.decided_at else None
    accept_due = add_working_days(session, found.submitted_on, found.accept_within)
    accepted = found.accepted_on or decided_on  # a rejection without acceptance ends it too
    result = [_step("受理", accept_due, accepted, today)]
    if found.accepted_on is not None:
        decide_due = add_working_days(session, found.accepted_on, found.decide_within)
        result.append(_step("作出决定", decide_due, decided_on, today))
    return result


def _step(label: str, due: dt.date, done_on: dt.date | None, today: dt.date) -> Step:
    return Step(
        label=label,
        due=due,
        done_on=done_on,
        overdue=done_on is None and today > due,
        late=done_on is not None and done_on > due,
    )


def is_overdue(session: Session, found: RepairApplication, today: dt.date) -> bool:
    return any(step.overdue for step in steps(session, found, today))
