"""What the statistics page draws for each table: the SVG chart, the table's cells as the page
shows them, the links to its CSV and JSON. Built from the same ``StatTable`` as the JSON."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from app.statistics import links
from app.statistics.charts import BarSeries, Formatter, Number, bar_chart, column_chart
from app.statistics.filters import StatFilters
from app.statistics.tables import Column, StatTable, shown_value


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class ChartBlock:
    key: str
    title: str
    description: str
    notes: tuple[str, ...]
    svg: Markup
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    csv_url: str
    json_url: str


def _formatter(column: Column) -> Formatter:
    def fmt(value: Number) -> str:
        return shown_value(column.kind, value, column.missing)

    return fmt


def _highest(table: StatTable, key: str) -> tuple[str, Number] | None:
    best: tuple[str, Number] | None = None
    for row in table.drawn_rows:
        value = row.get(key)
        if isinstance(value, int | Decimal) and (best is None or value > best[1]):
            best = (str(row.get(table.chart.category)), value)
    return best


def _desc(table: StatTable) -> str:
    parts = [f"共{len(table.rows)}行数据，完整数字见图下的表格。"]
    for series in table.chart.series:
        column = table.column(series.column)
        best = _highest(table, series.column)
        if best is not None:
            parts.append(f"{column.label}最高的是{best[0]}：{shown_value(column.kind, best[1])}。")
    return "".join(parts)


def _values(table: StatTable, key: str) -> list[Number | None]:
    found: list[Number | None] = []
    for row in table.drawn_rows:
        value = row.get(key)
        found.append(value if isinstance(value, int | Decimal) else None)
    return found


def chart_svg(table: StatTable) -> Markup:
    rows = table.drawn_rows
    series = [
        BarSeries(
            label=table.column(s.column).label,
            values=_values(table, s.column),
            colour=s.colour,
        )
        for s in table.chart.series
    ]
    first = table.column(table.chart.series[0].column)
    svg = bar_chart(
        chart_id=f"chart-{table.key}",
        title=table.title,
        desc=_desc(table),
        categories=[str(r.get(table.chart.category)) for r in rows],
        series=series,
        fmt=_formatter(first),
        missing=first.missing,
    )
    return Markup(svg)  # noqa: S704 - built by ElementTree, every text escaped


def block(table: StatTable, filters: StatFilters) -> ChartBlock:
    return ChartBlock(
        key=table.key,
        title=table.title,
        description=table.description,
        notes=table.notes,
        svg=chart_svg(table),
        columns=table.columns,
        rows=tuple(
            tuple(
                Cell(shown_value(c.kind, row.get(c.key), c.missing), c.kind != "text")
                for c in table.columns
            )
            for row in table.rows
        ),
        csv_url=links.csv_url(filters, table.key),
        json_url=links.json_url(filters, table.key),
    )


def trend_svg(table: StatTable) -> Markup:
    """The home page's small picture: a month table's counts as columns."""
    labels = [str(r["label"]) for r in table.rows]
    values = [int(r["count"] or 0) for r in table.rows]
    desc = (
        f"{labels[0]}至{labels[-1]}，每月公示中的行政处罚数量；最多的月份{max(values):,}件，"
        f"最近一个月{values[-1]:,}件。数字见图下的表格。"
        if values
        else "暂无数据"
    )
    svg = column_chart(
        chart_id="chart-home-trend", title=table.title, desc=desc, labels=labels, values=values
    )
    return Markup(svg)  # noqa: S704 - built by ElementTree, every text escaped
