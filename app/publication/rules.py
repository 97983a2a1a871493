"""The publication rules as data: versioned rule sets with effective dates (table ``rule_sets``).

A record is judged by the rule set in force on its **decision date**: the version with the latest
``effective_from`` on or before that date. A day-based rule (a credit level on a day, the red-list
criteria checked today) uses the version in force on that day. Shape of a definition::

    {
      "periods": {                      # by severity, counted from the decision date
        "minor":   {"published": false, "minimum_months": 0,  "maximum_months": 3},
        "general": {"published": true,  "minimum_months": 3,  "maximum_months": 12},
        "serious": {"published": true,  "minimum_months": 12, "maximum_months": 36}
      },
      "unrepairable": [                 # penalties that cannot be repaired under this version
        {"categories": ["责令停产停业", "吊销许可证件"], "reason": "…"}
      ],
      "credit_scheme": "sd-2020",       # credit_schemes.code
      "black_list": {"level": "black", "min_months": 12},
      "red_list": {"criteria": [
        {"code": "green_level", "kind": "credit_level", "label": "…", "params": {"level": "green"}},
        {"code": "no_recent_penalty", "kind": "no_penalty", "label": "…", "params": {"months": 24}}
      ]},
      "deadlines": {                    # in working days (app.publication.calendar)
        "repair_acceptance": 3, "repair_decision": 10,
        "objection_acceptance": 3, "objection_answer": 10
      }
    }

The last day of publication (公示截止期) is the day before the same calendar day
``maximum_months`` after the decision date; repair may be applied for from the same calendar day
``minimum_months`` after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.models import RuleSet, Severity

_CACHE_KEY = "ecocredit.rule_book"
DEADLINE_NAMES = (
    "repair_acceptance",
    "repair_decision",
    "objection_acceptance",
    "objection_answer",
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same calendar day ``months`` later (or earlier), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    published: bool
    minimum_months: int  # before repair may be applied for
    maximum_months: int  # publication stops by itself after this


@dataclass(frozen=True)
class Unrepairable:
    categories: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Rules:
    """One version of the rules, in force from ``effective_from`` until ``effective_to``."""

    code: str
    name: str
    effective_from: dt.date
    effective_to: dt.date | None
    periods: Mapping[Severity, Period]
    unrepairable: tuple[Unrepairable, ...]
    credit_scheme: str
    black_list_level: str
    black_min_months: int
    red_criteria: tuple[Mapping[str, Any], ...]
    deadlines: Mapping[str, int]

    def period(self, severity: Severity) -> Period:
        return self.periods[severity]

    def publication_end(self, severity: Severity, decision_date: dt.date) -> dt.date | None:
        """公示截止期: the last day the record is public, or None when it is not published."""
        period = self.periods[severity]
        if not period.published:
            return None
        return add_months(decision_date, period.maximum_months) - dt.timedelta(days=1)

    def repair_possible_from(self, severity: Severity, decision_date: dt.date) -> dt.date:
        """The first day a repair may be applied for (the minimum period has passed)."""
        return add_months(decision_date, self.periods[severity].minimum_months)

    def unrepairable_reason(self, categories: Iterable[str]) -> str | None:
        """Why a penalty with these 处罚类别 cannot be repaired, or None when it can."""
        given = set(categories)
        for rule in self.unrepairable:
            if given & set(rule.categories):
                return rule.reason
        return None

    def deadline(self, name: str) -> int:
        """A deadline in working days (``repair_acceptance``, ``repair_decision``, …)."""
        return int(self.deadlines[name])


class RuleProblem(ValueError):
    """A rule set definition that cannot be used; ``problems`` says why, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def _int(value: Any, where: str, problems: list[str], minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        problems.append(f"{where}应为不小于{minimum}的整数")
        return minimum
    return value


def parse_rules(
    code: str,
    name: str,
    effective_from: dt.date,
    effective_to: dt.date | None,
    definition: Mapping[str, Any],
) -> Rules:
    """A checked ``Rules`` from a stored definition; ``RuleProblem`` lists everything wrong."""
    problems: list[str] = []
    periods: dict[Severity, Period] = {}
    raw_periods = definition.get("periods") or {}
    for severity in Severity:
        raw = raw_periods.get(severity.value)
        if not isinstance(raw, Mapping):
            problems.append(f"缺少违法程度“{severity.value}”的公示期限")
            continue
        minimum = _int(raw.get("minimum_months"), f"{severity.value}.minimum_months", problems)
        maximum = _int(raw.get("maximum_months"), f"{severity.value}.maximum_months", problems, 1)
        if minimum > maximum:
            problems.append(f"{severity.value}的最短公示期不能长于最长公示期")
        periods[severity] = Period(bool(raw.get("published")), minimum, maximum)
    unrepairable = tuple(
        Unrepairable(tuple(str(c) for c in item.get("categories", [])), str(item.get("reason", "")))
        for item in definition.get("unrepairable") or []
    )
    black = definition.get("black_list") or {}
    deadlines = {
        key: _int((definition.get("deadlines") or {}).get(key), f"deadlines.{key}", problems, 1)
        for key in DEADLINE_NAMES
    }
    criteria = tuple(dict(c) for c in (definition.get("red_list") or {}).get("criteria") or [])
    for criterion in criteria:
        if criterion.get("kind") not in ("credit_level", "no_penalty"):
            problems.append(f"未知的红名单条件类型“{criterion.get('kind')}”")
    scheme = str(definition.get("credit_scheme") or "")
    if not scheme:
        problems.append("缺少信用评价办法（credit_scheme）")
    if problems:
        raise RuleProblem(problems)
    return Rules(
        code=code,
        name=name,
        effective_from=effective_from,
        effective_to=effective_to,
        periods=periods,
        unrepairable=unrepairable,
        credit_scheme=scheme,
        black_list_level=str(black.get("level") or "black"),
        black_min_months=_int(black.get("min_months", 12), "black_list.min_months", [], 1),
        red_criteria=criteria,
        deadlines=deadlines,
    )


class RuleBook:
    """Every version of the rules, oldest first."""

    def __init__(self, versions: Sequence[Rules]) -> None:
        if not versions:
            raise LookupError("no publication rule set is stored: run `ecocredit db upgrade`")
        self.versions = tuple(sorted(versions, key=lambda r: r.effective_from))

    def in_force(self, day: dt.date) -> Rules:
        """The version in force on ``day`` (a date before the first version gets the first)."""
        chosen = self.versions[0]
        for rules in self.versions:
            if rules.effective_from <= day:
                chosen = rules
        return chosen

    def for_decision(self, decision_date: dt.date) -> Rules:
        """The version that judges a record decided on ``decision_date``."""
        return self.in_force(decision_date)


def load_rule_book(session: Session | Connection) -> RuleBook:
    """Every stored rule set (a session, or a bare connection as the demo loader has)."""
    rows = session.execute(
        select(RuleSet.code, RuleSet.name, RuleSet.effective_from, RuleSet.definition).order_by(
            RuleSet.effective_from
        )
    ).all()
    versions = []
    for index, row in enumerate(rows):
        effective_to = (
            rows[index + 1].effective_from - dt.timedelta(days=1) if index + 1 < len(rows) else None
        )
        versions.append(
            parse_rules(row.code, row.name, row.effective_from, effective_to, row.definition)
        )
    return RuleBook(versions)


def rule_book(session: Session) -> RuleBook:
    """The stored rule sets, read once per session (``forget_rule_book`` after changing them)."""
    book = session.info.get(_CACHE_KEY)
    if not isinstance(book, RuleBook):
        book = load_rule_book(session)
        session.info[_CACHE_KEY] = book
    return book


def forget_rule_book(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)


def rules_for_decision(session: Session, decision_date: dt.date) -> Rules:
    return rule_book(session).for_decision(decision_date)


def rules_in_force(session: Session, day: dt.date) -> Rules:
    return rule_book(session).in_force(day)
