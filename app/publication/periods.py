"""Publication periods by severity, read from the rule set that judges each record.

The periods themselves are data (``rule_sets``, see ``app.publication.rules``): 《信用修复管理办法》
(NDRC order No. 36, in force since 2026-04-01) for records decided since then, the earlier rules
for older records. Periods count from the decision date; the last day of publication is the day
before the same calendar day ``maximum_months`` later.

``公示截止期`` depends on the decision date and the severity only (and the rule set those pick):
it is derived when a version is published and no other edit moves it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.models import Severity
from app.publication.rules import Period, add_months, rules_for_decision

__all__ = [
    "Period",
    "add_months",
    "period_for",
    "publication_end_date",
    "repair_possible_from",
    "unrepairable_reason",
]


def period_for(session: Session, severity: Severity, decision_date: dt.date) -> Period:
    """The publication period of a record of ``severity`` decided on ``decision_date``."""
    return rules_for_decision(session, decision_date).period(severity)


def publication_end_date(
    session: Session, severity: Severity, decision_date: dt.date
) -> dt.date | None:
    """公示截止期: the last day the record is public, or None when it is not published."""
    return rules_for_decision(session, decision_date).publication_end(severity, decision_date)


def repair_possible_from(session: Session, severity: Severity, decision_date: dt.date) -> dt.date:
    """The first day a repair (信用修复) of the record may be applied for."""
    return rules_for_decision(session, decision_date).repair_possible_from(severity, decision_date)


def unrepairable_reason(
    session: Session, categories: list[str], decision_date: dt.date
) -> str | None:
    """Why a penalty with these 处罚类别 cannot be repaired under its rules, or None."""
    return rules_for_decision(session, decision_date).unrepairable_reason(categories)
