"""The list rules, read from the publication rule set in force (``app.publication.rules``, data
with effective dates, DOMAIN.md marks them *configurable*): the shortest black-list period and
the red-list criteria. A different year or place changes that data, not this code.

Red-list criteria are checked by kind (``credit_level``: the enterprise's level today is the one
named; ``no_penalty``: no approved penalty decided within the last ``months`` months).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import CreditAssessment, CreditScheme, PenaltyRecord, PenaltyVersion, VersionStatus
from app.publication.rules import add_months, rules_in_force


def black_min_months(session: Session, day: dt.date) -> int:
    """The shortest black-list period (months) under the rules in force on ``day``."""
    return rules_in_force(session, day).black_min_months


def black_list_earliest_end(session: Session, start: dt.date, day: dt.date) -> dt.date:
    """The earliest allowed end of a black-list entry starting on ``start`` (a full period),
    under the rules in force on ``day`` (when it is proposed)."""
    return add_months(start, black_min_months(session, day)) - dt.timedelta(days=1)


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


def _check(
    session: Session, criterion: Mapping[str, Any], enterprise_id: int, day: dt.date
) -> bool | str:
    kind, params = criterion.get("kind"), criterion.get("params") or {}
    if kind == "credit_level":
        level = level_today(session, enterprise_id, day)
        if level is None:
            return "暂无有效的信用评价"
        return True if level[0] == params["level"] else f"当前等级为{level[1]}"
    if kind == "no_penalty":
        since = add_months(day, -int(params["months"]))
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
    raise ValueError(f"unknown red-list criterion kind: {kind}")


def check_red_criteria(session: Session, enterprise_id: int, day: dt.date) -> list[CriterionResult]:
    """Each red-list criterion of the rules in force on ``day``: whether it holds, and why not."""
    results = []
    for criterion in rules_in_force(session, day).red_criteria:
        outcome = _check(session, criterion, enterprise_id, day)
        holds = outcome is True
        detail = "符合" if holds else str(outcome)
        code, label = str(criterion.get("code", "")), str(criterion.get("label", ""))
        results.append(CriterionResult(code, label, holds, detail))
    return results
