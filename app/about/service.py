"""What the 说明 page explains, read from the rules themselves (scheme, periods, categories)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.credit.rules import LevelInfo, levels
from app.models import CreditScheme
from app.models.listing import BLACK_LIST_CATEGORY_LABELS
from app.models.penalty import SEVERITY_LABELS
from app.publication.rules import rules_in_force


@dataclass(frozen=True)
class PeriodRow:
    severity: str
    published: bool
    minimum_months: int
    maximum_months: int


@dataclass(frozen=True)
class AboutFacts:
    scheme_name: str | None
    levels: list[LevelInfo]
    periods: list[PeriodRow]
    black_list_categories: list[str]


def about_facts(session: Session, day: dt.date) -> AboutFacts:
    scheme = session.execute(
        select(CreditScheme.name, CreditScheme.definition)
        .where(CreditScheme.effective_from <= day)
        .where(or_(CreditScheme.effective_to.is_(None), CreditScheme.effective_to >= day))
        .order_by(CreditScheme.effective_from.desc())
        .limit(1)
    ).first()
    periods = [
        PeriodRow(SEVERITY_LABELS[s], p.published, p.minimum_months, p.maximum_months)
        for s, p in rules_in_force(session, day).periods.items()
    ]
    return AboutFacts(
        scheme_name=scheme.name if scheme else None,
        levels=levels(scheme.definition) if scheme else [],
        periods=periods,
        black_list_categories=list(BLACK_LIST_CATEGORY_LABELS.values()),
    )
