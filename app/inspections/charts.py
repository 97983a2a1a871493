"""The board's charts: drawn on the server as SVG by ``app.statistics.charts`` from the same
rows the board's tables and JSON carry, so a chart and its table cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from app.inspections.schemas import Board
from app.statistics.charts import OKABE_ITO, BarSeries, Number, bar_chart

HANDED = "交办"
CLOSED = "已办结"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: Markup
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _fmt(value: Number) -> str:
    return format(Decimal(value).normalize(), "f")


def _chart(
    key: str,
    title: str,
    labels: list[str],
    handed: list[Number],
    closed: list[Number],
    first: str = "分组",
) -> Chart:
    svg = bar_chart(
        chart_id=f"chart-{key}",
        title=title,
        desc=f"{title}：各组的交办数与已办结数，数字见下表",
        categories=labels,
        series=[
            BarSeries(HANDED, handed, OKABE_ITO["blue"]),
            BarSeries(CLOSED, closed, OKABE_ITO["green"]),
        ],
        fmt=_fmt,
    )
    rows = tuple(
        (label, _fmt(h), _fmt(c)) for label, h, c in zip(labels, handed, closed, strict=True)
    )
    return Chart(key, title, Markup(svg), (first, HANDED, CLOSED), rows)  # noqa: S704 - ElementTree escapes


def board_charts(board: Board) -> list[Chart]:
    return [
        _chart(
            "by_unit",
            "按承办单位（件，可含0.5件）",
            [r.label for r in board.by_unit],
            [Decimal(r.handed_over_value) for r in board.by_unit],
            [Decimal(r.closed_value) for r in board.by_unit],
            "承办单位",
        ),
        _chart(
            "by_type",
            "按污染类型（问题数）",
            [r.label for r in board.by_type],
            [int(r.handed_over_value) for r in board.by_type],
            [int(r.closed_value) for r in board.by_type],
            "污染类型",
        ),
        _chart(
            "by_batch",
            "按批次（件）",
            [r.label for r in board.by_batch],
            [int(r.handed_over_value) for r in board.by_batch],
            [int(r.closed_value) for r in board.by_batch],
            "批次",
        ),
        _chart(
            "curve",
            "累计交办与办结（件）",
            [p.label for p in board.curve],
            [p.handed_over for p in board.curve],
            [p.closed for p in board.curve],
            "截至",
        ),
    ]
