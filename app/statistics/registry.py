"""The statistics the portal publishes, in the order of the page.

A statistic is one provider: a key (its anchor, its JSON and its CSV name), the section of the
page it belongs to, and a function from a ``StatContext`` (session, filters, shared facts) to a
``StatTable``. The page, the JSON twin, the CSV and the chart follow from the table. To add one
(e.g. inspection cases by district and status once the ledger exists): write the function in a
module of this package, reading through the feature's public read side or the visibility rule,
and add a ``Statistic`` here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.statistics import penalty_figures, record_figures
from app.statistics.context import StatContext
from app.statistics.tables import StatTable

SECTIONS: dict[str, str] = {
    "penalties": "行政处罚",
    "lists": "红黑名单",
    "credit": "信用等级",
    "repairs": "信用修复",
}


@dataclass(frozen=True)
class Statistic:
    key: str
    section: str  # a key of SECTIONS
    compute: Callable[[StatContext], StatTable]


STATISTICS: tuple[Statistic, ...] = (
    Statistic("penalties_by_month", "penalties", penalty_figures.by_month),
    Statistic("penalties_by_year", "penalties", penalty_figures.by_year),
    Statistic("penalties_by_district", "penalties", penalty_figures.by_district),
    Statistic("penalties_by_violation_type", "penalties", penalty_figures.by_violation_type),
    Statistic("penalties_by_industry", "penalties", penalty_figures.by_industry),
    Statistic("lists_in_force", "lists", record_figures.lists_in_force),
    Statistic("lists_by_year", "lists", record_figures.lists_by_year),
    Statistic("credit_levels", "credit", record_figures.credit_levels),
    Statistic("repair_outcomes", "repairs", record_figures.repair_outcomes),
)
BY_KEY: dict[str, Statistic] = {s.key: s for s in STATISTICS}
