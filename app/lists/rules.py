"""The list rules, read from the publication rule set in force (``app.publication.rules``, data
with effective dates, DOMAIN.md marks them *configurable*): the shortest black-list period (and
so the end date of a black-list entry), the red-list criteria, and the black-list category that
an enterprise's violations suggest. A different year or place changes that data, not this code.

Red-list criteria are checked by kind (``credit_level``: the enterprise's level today is the one
named; ``no_penalty``: no approved penalty decided within the last ``months`` months).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.errors import FieldError, ValidationFailed
from app.models import (
    BlackListCategory,
    CreditAssessment,
    CreditScheme,
    ListType,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)
from app.publication.rules import add_months, rules_in_force

# 违法行为类型 -> the black-list category it suggests (the reviewer may reject or re-propose).
CATEGORY_BY_VIOLATION: dict[str, BlackListCategory] = {
    "未批先建": BlackListCategory.unapproved_construction,
    "逃避监管排放": BlackListCategory.hidden_discharge,
    "危险废物违规处置": BlackListCategory.hazardous_waste_dumping,
    "超总量排放": BlackListCategory.over_quota,
}


def black_min_months(session: Session, day: dt.date) -> int:
    """The shortest black-list period (months) under the rules in force on ``day``."""
    return rules_in_force(session, day).black_min_months


def black_list_earliest_end(session: Session, start: dt.date, day: dt.date) -> dt.date:
    """The earliest allowed end of a black-list entry starting on ``start`` (a full period),
    under the rules in force on ``day`` (when it is proposed)."""
    return add_months(start, black_min_months(session, day)) - dt.timedelta(days=1)


# A red-list entry is proposed for a year unless the officer sets another end (no rule sets one).
RED_DEFAULT_MONTHS = 12


def default_end(session: Session, list_type: ListType, start: dt.date) -> dt.date:
    """The end date a new proposal starting on ``start`` is offered: for the black list the
    shortest period under the rules in force that day, for the red list a year."""
    if list_type == ListType.black:
        return black_list_earliest_end(session, start, start)
    return add_months(start, RED_DEFAULT_MONTHS) - dt.timedelta(days=1)


def check_period(
    session: Session, list_type: ListType, start: dt.date, end: dt.date, day: dt.date
) -> None:
    """422 unless ``end`` is not before ``start`` and a black-list entry runs at least the
    shortest period under the rules in force on ``day``."""
    if end < start:
        raise ValidationFailed(fields=[FieldError("end_date", "截止日期不能早于起始日期")])
    if list_type == ListType.black:
        earliest = black_list_earliest_end(session, start, day)
        if end < earliest:
            months = black_min_months(session, day)
            message = f"黑名单期限不少于{months}个月：截止日期不能早于{earliest.isoformat()}"
            raise ValidationFailed(fields=[FieldError("end_date", message, "period_too_short")])


def suggested_category(violations: Sequence[str]) -> BlackListCategory:
    """The category the first known violation type suggests (``other`` when none is known)."""
    for violation in violations:
        if violation in CATEGORY_BY_VIOLATION:
            return CATEGORY_BY_VIOLATION[violation]
    return BlackListCategory.other


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
