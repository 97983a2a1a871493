"""The SVG renderer: valid SVG with a title and a description, one bar per value with the value
written beside it, bars in proportion, hostile labels harmless, colours that keep their contrast
and stay apart for colour-blind readers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from app.statistics.charts import OKABE_ITO, BarSeries, bar_chart, column_chart, text_width
from app.statistics.tables import shown_value
from tests.support.statistics import contrast_with_white, parse_svg

SVG = "{http://www.w3.org/2000/svg}"


def _fmt(value: int | Decimal) -> str:
    return shown_value("count", value)


def _bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if r.get("height") != "12.0"]  # not legend keys


def _chart(categories: list[str], *series: BarSeries) -> ET.Element:
    return parse_svg(
        bar_chart(
            chart_id="t",
            title="标题",
            desc="说明",
            categories=categories,
            series=list(series),
            fmt=_fmt,
        )
    )


def test_a_bar_chart_has_a_title_a_description_and_a_labelled_bar_per_value() -> None:
    svg = _chart(["芝罘区", "福山区", "牟平区"], BarSeries("数量", [10, 5, 0], OKABE_ITO["blue"]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "t-title t-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "标题"
    assert desc is not None
    assert desc.text == "说明"
    bars = _bars(svg)
    assert len(bars) == 3
    widths = [float(b.get("width") or 0) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2)
    assert widths[2] == 0
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"芝罘区", "福山区", "牟平区", "10", "5", "0"} <= set(texts)


def test_a_missing_value_is_written_and_not_drawn() -> None:
    svg = parse_svg(
        bar_chart(
            chart_id="m",
            title="t",
            desc="d",
            categories=["2026"],
            series=[BarSeries("件", [None], OKABE_ITO["green"])],
            fmt=_fmt,
            missing="少于3",
        )
    )
    assert _bars(svg) == []
    assert "少于3" in [t.text for t in svg.iter(f"{SVG}text")]


def test_a_small_value_is_never_invisible() -> None:
    svg = _chart(["a", "b"], BarSeries("件", [100_000, 1], OKABE_ITO["blue"]))
    assert float(_bars(svg)[1].get("width") or 0) >= 1


def test_several_series_have_a_legend_and_grouped_bars() -> None:
    svg = _chart(
        ["绿色", "黄色"],
        BarSeries("今年", [3, 1], OKABE_ITO["blue"]),
        BarSeries("去年", [2, 2], OKABE_ITO["purple"]),
    )
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "今年" in texts
    assert "去年" in texts
    assert len(_bars(svg)) == 4
    fills = [b.get("fill") for b in _bars(svg)]
    assert fills.count(OKABE_ITO["blue"]) == 2
    assert fills.count(OKABE_ITO["purple"]) == 2


def test_long_labels_go_above_their_bars_short_ones_beside() -> None:
    short = _chart(["2026-01"], BarSeries("件", [1], OKABE_ITO["blue"]))
    label = next(t for t in short.iter(f"{SVG}text") if t.text == "2026-01")
    assert label.get("text-anchor") == "end"
    long = _chart(["烟台高新技术产业开发区化学原料"], BarSeries("件", [1], OKABE_ITO["blue"]))
    label = next(t for t in long.iter(f"{SVG}text") if t.text == "烟台高新技术产业开发区化学原料")
    assert label.get("text-anchor") is None
    assert text_width("芝罘区") == 3 * 13


def test_hostile_labels_are_text() -> None:
    evil = '<script>alert("x")</script>&'
    raw = bar_chart(
        chart_id="x",
        title=evil,
        desc=evil,
        categories=[evil],
        series=[BarSeries(evil, [1], OKABE_ITO["blue"])],
        fmt=_fmt,
    )
    assert "<script>" not in raw
    svg = parse_svg(raw)
    assert evil in [t.text for t in svg.iter(f"{SVG}text")]


def test_an_empty_chart_says_so() -> None:
    svg = _chart([], BarSeries("件", [], OKABE_ITO["blue"]))
    assert "暂无数据" in [t.text for t in svg.iter(f"{SVG}text")]
    with pytest.raises(ValueError, match="one value per category"):
        _chart(["a"], BarSeries("件", [1, 2], OKABE_ITO["blue"]))


def test_the_column_chart_labels_first_highest_and_last() -> None:
    labels = [f"2025-{m:02d}" for m in range(11, 13)] + [f"2026-{m:02d}" for m in range(1, 4)]
    svg = parse_svg(
        column_chart(chart_id="c", title="趋势", desc="d", labels=labels, values=[4, 9, 2, 7, 5])
    )
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"4", "9", "5"} <= set(texts)
    assert "2" not in texts
    assert {"2025-11", "2026-01", "2026-03"} <= set(texts)
    assert len(list(svg.iter(f"{SVG}rect"))) == 5


def test_the_palette_keeps_its_contrast() -> None:
    assert contrast_with_white(OKABE_ITO["blue"]) >= 3.0
    assert contrast_with_white(OKABE_ITO["yellow"]) < 3.0  # so never used for a bar (see pages)
