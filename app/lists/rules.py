"""The list rules as data (DOMAIN.md marks them *configurable*): the shortest black-list period
and the red-list criteria. A different year or place changes this data, not the code.

Red-list criteria are checked by kind (``credit_level``: the enterprise's level today is the one
named; ``no_penalty``: no approved penalty decided within the last ``months`` months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import CreditAssessment, CreditScheme, PenaltyRecord, PenaltyVersion, VersionStatus
from app.publication.periods import add_months


@dataclass(frozen=True)
class Criterion:
    code: str
    kind: str
    label: str
    params: dict[str, Any]


@dataclass(frozen=True)
class ListRules:
    black_min_months: int
    red_criteria: tuple[Criterion, ...]


DEFAULT_RULES = ListRules(
    black_min_months=12,
    red_criteria=(
        Criterion(
            "green_level",
            "credit_level",
            "当前环境信用评价等级为绿色（诚信守法）",
            {"level": "green"},
        ),
        Criterion(
            "no_recent_penalty",
            "no_penalty",
            "近2年内无环境行政处罚",
            {"months": 24},
        ),
    ),
)


def rules() -> ListRules:
    return DEFAULT_RULES


def black_list_earliest_end(start: dt.date, rules_: ListRules | None = None) -> dt.date:
    """The earliest allowed end of a black-list entry starting on ``start`` (a full period)."""
    months = (rules_ or rules()).black_min_months
    return add_months(start, months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    holds: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "holds": self.holds, "detail": self.detail}


def level_today(session: Session, enterprise_id: int, day: dt.date) -> tuple[str, str] | None:
    """The enterprise's credit level on ``day`` as (code, label), or None when unassessed."""
    row = session.execute(
        select(CreditAssessment.level, CreditScheme.definition)
        .join(CreditScheme, CreditScheme.id == CreditAssessment.scheme_id)
        .where(
            CreditAssessment.enterprise_id == enterprise_id,
            CreditAssessment.valid_from <= day,
            (CreditAssessment.valid_to.is_(None)) | (CreditAssessment.valid_to >= day),
        )
        .order_by(CreditAssessment.valid_from.desc(), CreditAssessment.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    level, definition = row
    labels = {
        str(item.get("code")): str(item.get("label", item.get("code")))
        for item in (definition or {}).get("levels", [])
        if isinstance(item, dict)
    }
    return level, labels.get(level, level)


def _check(session: Session, criterion: Criterion, enterprise_id: int, day: dt.date) -> bool | str:
    if criterion.kind == "credit_level":
        level = level_today(session, enterprise_id, day)
        if level is None:
            return "暂无有效的信用评价"
        return True if level[0] == criterion.params["level"] else f"当前等级为{level[1]}"
    if criterion.kind == "no_penalty":
        since = add_months(day, -int(criterion.params["months"]))
        count = session.scalar(
            select(func.count())
            .select_from(PenaltyVersion)
            .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
            .where(
                PenaltyRecord.enterprise_id == enterprise_id,
                PenaltyVersion.status == VersionStatus.published,
                PenaltyVersion.decision_date > since,
            )
        )
        return True if not count else f"{since.isoformat()}以来有{count}条行政处罚"
    raise ValueError(f"unknown red-list criterion kind: {criterion.kind}")


def check_red_criteria(
    session: Session, enterprise_id: int, day: dt.date, rules_: ListRules | None = None
) -> list[CriterionResult]:
    results = []
    for criterion in (rules_ or rules()).red_criteria:
        outcome = _check(session, criterion, enterprise_id, day)
        holds = outcome is True
        detail = "符合" if holds else str(outcome)
        results.append(CriterionResult(criterion.code, criterion.label, holds, detail))
    return results
