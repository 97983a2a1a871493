"""The JSON of ``/api/v1/statistics``: each statistic as its table (columns, then rows keyed by
the columns' ``key``), the same figures as the page's table, chart and CSV.

Counts are integers; amounts in 万元 are decimal strings with 6 places and rates strings with 2
(exact, as everywhere in the API); ``null`` marks a figure withheld (a small count).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from app.statistics.tables import StatTable, json_value


class ColumnOut(BaseModel):
    key: str = Field(description="the rows' field name")
    label: str = Field(description="the header on the page and in the CSV (Chinese)")
    kind: Literal["text", "count", "amount", "rate", "change"] = Field(
        description="text; count (integer); amount (万元, decimal string); rate (decimal "
        "string); change (signed integer)"
    )


class ChartOut(BaseModel):
    category: str = Field(description="the column that labels the bars")
    series: list[str] = Field(description="the columns drawn, one bar each per row")
    limit: int | None = Field(description="only the first rows are drawn (the table has all)")


class StatisticOut(BaseModel):
    key: str
    title: str
    description: str
    notes: list[str]
    columns: list[ColumnOut]
    rows: list[dict[str, str | int | None]]
    chart: ChartOut
    csv_url: str


class FiltersOut(BaseModel):
    district: str | None
    industry: str | None
    date_from: dt.date | None = Field(description="the period's first day (query `from`)")
    date_to: dt.date | None = Field(description="the period's last day (query `to`)")
    measure: Literal["count", "fine"]


class StatisticsOut(BaseModel):
    as_of: dt.date
    filters: FiltersOut
    caveats: list[str] = Field(description="how to read the figures (Chinese)")
    statistics: list[StatisticOut]


def statistic_out(table: StatTable, csv_url: str) -> StatisticOut:
    return StatisticOut(
        key=table.key,
        title=table.title,
        description=table.description,
        notes=list(table.notes),
        columns=[ColumnOut(key=c.key, label=c.label, kind=c.kind) for c in table.columns],
        rows=[
            {c.key: json_value(c.kind, row.get(c.key)) for c in table.columns} for row in table.rows
        ],
        chart=ChartOut(
            category=table.chart.category,
            series=[s.column for s in table.chart.series],
            limit=table.chart.limit,
        ),
        csv_url=csv_url,
    )
