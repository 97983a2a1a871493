"""What a statistic is: a table of figures (the truth), and which of its columns its chart draws.

The page's table, the JSON, the CSV and the chart are four renderings of one ``StatTable``, so
that they cannot disagree. Values are ``int`` (counts, changes), ``Decimal`` (amounts in 万元,
rates) or ``str`` (category labels); ``None`` where a figure is not shown (a small count withheld).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

ColumnKind = Literal["text", "count", "amount", "rate", "change"]
Value = str | int | Decimal | None

AMOUNT_PLACES = Decimal("0.000001")  # 万元 to one fen, as everywhere in the portal
RATE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    key: str  # the JSON field of the rows
    label: str  # the table's header and the CSV's (Chinese)
    kind: ColumnKind = "count"
    missing: str = "—"  # shown where a value is None ("少于3" where small counts are withheld)


@dataclass(frozen=True)
class Series:
    """One series of a chart: a numeric column and its colour."""

    column: str
    colour: str


@dataclass(frozen=True)
class Chart:
    category: str  # the column whose values label the bars
    series: tuple[Series, ...]
    limit: int | None = None  # draw only the first rows (the table has them all)


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    description: str  # what is counted, how the filters apply (shown under the title)
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Value], ...]
    chart: Chart
    notes: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def drawn_rows(self) -> tuple[Mapping[str, Value], ...]:
        limit = self.chart.limit
        return self.rows if limit is None else self.rows[:limit]


def json_value(kind: ColumnKind, value: Value) -> str | int | None:
    """A value as the JSON and the CSV carry it: amounts with 6 decimals, rates with 2."""
    if value is None:
        return None
    if kind == "amount":
        return f"{Decimal(value):.6f}"
    if kind == "rate":
        return f"{Decimal(value):.2f}"
    if kind in ("count", "change"):
        return int(value)
    return str(value)


def shown_value(kind: ColumnKind, value: Value, missing: str = "—") -> str:
    """A value as the page shows it: thousands separated, amounts without trailing zeros."""
    if value is None:
        return missing
    if kind == "amount":
        text = format(Decimal(value).quantize(AMOUNT_PLACES).normalize(), ",f")
        return text
    if kind == "rate":
        return format(Decimal(value).quantize(RATE_PLACES), ",f")
    if kind == "change":
        number = int(value)
        return f"+{number:,}" if number > 0 else f"{number:,}"
    if kind == "count":
        return f"{int(value):,}"
    return str(value)


def csv_rows(table: StatTable) -> list[list[str | int | None]]:
    return [[json_value(c.kind, row.get(c.key)) for c in table.columns] for row in table.rows]
