"""Credit levels from penalty points: each enterprise's level on a day follows from the points of
its penalties in the rolling window ending that day, under the scheme the rule set in force
names (Shandong's 绿/蓝/黄/黑 by default; points and thresholds in the scheme's definition).

How it is served fast at 300,000 enterprises: levels are **materialised** as assessments
(``credit_assessments``), each valid from a day until the day before the next, so "the level on
day D" is one indexed lookup (``valid_from <= D`` latest first), and the search filters and the
record page never add up points. The assessments are written when points change:

- a penalty counts from the day it became known (published, never before its decision date) and
  leaves the window ``window_months`` after its decision date, or when it is withdrawn
  (repaired, revoked);
- ``recompute`` walks each of those days after the enterprise's latest assessment up to today and
  writes a new assessment whenever the level, the points or the scheme change (dated the day
  itself, so a late run dates every change correctly);
- it runs on penalty publication (for that enterprise) and in ``ecocredit rules tick`` (for the
  enterprises with a penalty decided, published, withdrawn or leaving the window since the last
  tick: a few, not 300,000).

An enterprise never assessed and without points gets no assessment ("暂无评价"). Reaching the
rule set's black-list level proposes a black-list entry
(``app.lists.service.propose_for_crossings``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.credit import repository
from app.credit.repository import ScoringPenalty
from app.credit.rules import level_for_points, penalty_points, window_months
from app.feed.service import lock_in_order
from app.kit import clock
from app.models import CreditAssessment, Enterprise
from app.publication.rules import RuleBook, add_months, rule_book


@dataclass(frozen=True)
class Crossing:
    """An enterprise reached the black-list level on ``day`` (and is still there today)."""

    enterprise_id: int
    day: dt.date
    points: int
    counted: tuple[ScoringPenalty, ...]
    scheme_name: str


@dataclass
class Recomputed:
    written: int = 0
    crossings: list[Crossing] = field(default_factory=list)


@dataclass(frozen=True)
class _State:
    scheme_id: int
    level: str
    points: int


def _counted(
    penalties: Iterable[ScoringPenalty], definition: Mapping[str, Any], day: dt.date
) -> list[ScoringPenalty]:
    window_start = add_months(day, -window_months(definition))
    return [
        p
        for p in penalties
        if window_start < p.decision_date <= day
        and p.known_on <= day
        and (p.withdrawn_on is None or day < p.withdrawn_on)
    ]


def _as_assessed(
    penalties: Sequence[ScoringPenalty], running: CreditAssessment | None
) -> list[ScoringPenalty]:
    """The penalties as the latest assessment saw them: one decided by the day it took effect
    counts from its decision date (that assessment counted it, e.g. an annual or loaded one),
    a later one from the day it became known."""
    if running is None:
        return list(penalties)
    return [
        replace(p, known_on=p.decision_date) if p.decision_date <= running.valid_from else p
        for p in penalties
    ]


def _points(definition: Mapping[str, Any], penalty: ScoringPenalty) -> int:
    return penalty_points(definition, penalty.categories, penalty.fine_wan)


def _leaves(decision_date: dt.date, months: int) -> dt.date:
    """The first day a penalty is outside the window (``_counted``): the same calendar day
    ``months`` later, or the day after when that day was clamped (decided on 29 February)."""
    day = add_months(decision_date, months)
    while add_months(day, -months) < decision_date:
        day += dt.timedelta(days=1)
    return day


def _change_days(
    penalties: Sequence[ScoringPenalty], windows: set[int], book: RuleBook
) -> set[dt.date]:
    """The days on which the points can change: a penalty becomes known, leaves a window (of any
    scheme) or is withdrawn, or another rule set comes into force."""
    days: set[dt.date] = {rules.effective_from for rules in book.versions}
    for p in penalties:
        days.add(p.known_on)
        days.update(_leaves(p.decision_date, months) for months in windows)
        if p.withdrawn_on is not None:
            days.add(p.withdrawn_on)
    return days


def _basis(
    definition: Mapping[str, Any], counted: Sequence[ScoringPenalty], day: dt.date, points: int
) -> str:
    window_start = add_months(day, -window_months(definition))
    period = f"评价期{window_start.isoformat()}（不含）至{day.isoformat()}"
    if not counted:
        return f"{period}内无环境违法记分"
    detail = "；".join(f"{p.decision_number}（{_points(definition, p)}分）" for p in counted)
    return f"{period}内记{points}分：{detail}"


def recompute(
    session: Session, enterprise_ids: Sequence[int], today: dt.date | None = None
) -> Recomputed:
    """Bring the assessments of these enterprises up to ``today`` (see the module docstring)."""
    day_today = today or clock.today()
    book = rule_book(session)
    schemes = repository.schemes_by_code(session)
    latest = repository.latest_assessments(session, enterprise_ids)
    penalties = repository.scoring_penalties(session, enterprise_ids)
    windows = {window_months(s.definition) for s in schemes.values()}
    result = Recomputed()
    for enterprise_id in enterprise_ids:
        running = latest.get(enterprise_id)
        mine = _as_assessed(penalties.get(enterprise_id, []), running)
        state = (
            None if running is None else _State(running.scheme_id, running.level, running.points)
        )
        days = sorted(
            d
            for d in _change_days(mine, windows, book)
            if d <= day_today and (running is None or _after(d, running.valid_from, day_today))
        )
        crossing: Crossing | None = None
        for day in days:
            rules = book.in_force(day)
            scheme = schemes.get(rules.credit_scheme)
            if scheme is None:
                continue
            counted = _counted(mine, scheme.definition, day)
            points = sum(_points(scheme.definition, p) for p in counted)
            if state is None and points == 0:
                continue  # never assessed, nothing to say yet
            new = _State(scheme.id, level_for_points(scheme.definition, points).code, points)
            if new == state:
                continue
            black = rules.black_list_level
            if new.level == black and (state is None or state.level != black):
                crossing = Crossing(enterprise_id, day, points, tuple(counted), scheme.name)
            elif new.level != black:
                crossing = None
            basis = _basis(scheme.definition, counted, day, points)
            running = _write(session, enterprise_id, running, new, day, basis)
            state = new
            result.written += 1
        if crossing is not None:
            result.crossings.append(crossing)
    session.flush()
    return result


def _after(day: dt.date, since: dt.date, today: dt.date) -> bool:
    """Whether ``day`` is to be (re)assessed after an assessment valid from ``since``: the days
    after it, and its own day when that is today (two penalties published the same day)."""
    return day > since or day == since == today


def _write(
    session: Session,
    enterprise_id: int,
    running: CreditAssessment | None,
    state: _State,
    day: dt.date,
    basis: str,
) -> CreditAssessment:
    if running is not None and running.valid_from == day:
        # A second change on the same day: the day's assessment is corrected, not split.
        running.scheme_id, running.level, running.points = (
            state.scheme_id,
            state.level,
            state.points,
        )
        running.basis = basis
        return running
    if running is not None:
        running.valid_to = day - dt.timedelta(days=1)
    assessment = CreditAssessment(
        enterprise_id=enterprise_id,
        scheme_id=state.scheme_id,
        level=state.level,
        points=state.points,
        valid_from=day,
        valid_to=None,
        basis=basis,
    )
    session.add(assessment)
    return assessment


def recompute_enterprise(session: Session, enterprise_id: int) -> Recomputed:
    """Recompute one enterprise now (after a penalty of it was published or withdrawn).

    It takes the audit lock first (the lock order of every feed and audit writer, and of the
    rules tick, which holds it while it recomputes), then the enterprise's row: two recomputes
    of one enterprise never interleave."""
    lock_in_order(session)
    session.execute(select(Enterprise.id).where(Enterprise.id == enterprise_id).with_for_update())
    return recompute(session, [enterprise_id])
