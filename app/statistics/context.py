"""What a statistic is computed from: the session, the filters, and the facts several statistics
share, each read once per computation (the public penalties feed five tables)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.statistics import repository
from app.statistics.filters import StatFilters
from app.statistics.repository import EntryFact, PenaltyFact


@dataclass
class StatContext:
    session: Session
    filters: StatFilters
    # Registry figures (enterprises per district, the industries), read through their own cache.
    registry: Callable[[str, Callable[[], Any]], Any]
    _memo: dict[Any, Any] = field(default_factory=dict)

    def _once(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def penalties(self) -> list[PenaltyFact]:
        facts: list[PenaltyFact] = self._once(
            "penalties", lambda: repository.public_penalties(self.session, self.filters)
        )
        return facts

    def entries_in_force(self, day: dt.date) -> list[EntryFact]:
        facts: list[EntryFact] = self._once(
            ("entries", day), lambda: repository.entries_in_force(self.session, day, self.filters)
        )
        return facts

    def enterprise_counts(self) -> dict[str | None, int]:
        industry = self.filters.industry
        counts: dict[str | None, int] = self.registry(
            f"enterprises:{industry or ''}",
            lambda: repository.enterprise_counts(self.session, industry),
        )
        return counts
