"""Charts drawn on the server as SVG: readable without JavaScript, printable, no fonts or scripts
fetched, for screen readers a ``<title>`` and a ``<desc>``.

Two shapes, both written with ElementTree (every label is escaped as XML, whatever it holds):

- :func:`bar_chart`: horizontal bars, one row per category, one bar per series (grouped), the
  value written at the end of each bar. Short labels (months, years, level names) sit left of
  their bars; long ones (districts, violation types, industries) on a line above them, so that
  the chart stays readable at phone width. Values are never shown by colour alone: each bar is
  labelled, and a legend names the series when there are several.
- :func:`column_chart`: a small column chart of a time series (the home page's trend), with the
  first, the highest and the last values labelled and the years marked under the axis.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies); the
ones used for bars keep 3:1 against white, text is dark on white. The drawing unit is the SVG
user unit; the page scales the picture to its column (``width: 100%``), so the sizes below are
chosen for a column of 340 to 500 pixels (a phone, or half a desktop page).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

SVG_NS = "http://www.w3.org/2000/svg"
# Okabe & Ito (2008): distinguishable with protanopia, deuteranopia and tritanopia.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
TEXT = "#1a1a1a"
MUTED = "#555555"
AXIS = "#8c959f"
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"

WIDTH = 380
PAD = 8
FONT_SIZE = 13
BAR = 14  # height of one bar
BAR_GAP = 3  # between the bars of one category
ROW_GAP = 10  # between categories
VALUE_ROOM = 72  # room kept right of the longest bar for its value
LEFT_LABEL_MAX = 100  # labels up to this wide sit left of the bars

Number = int | Decimal
Formatter = Callable[[Number], str]


@dataclass(frozen=True)
class BarSeries:
    label: str
    values: Sequence[Number | None]  # None: not shown (e.g. a suppressed small count)
    colour: str


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of a label's width: a CJK character is one em, other characters about 0.6."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def _svg(width: float, height: float, chart_id: str, title: str, desc: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width:g} {height:g}",
            "width": f"{width:g}",
            "height": f"{height:g}",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart",
            "font-family": FONT,
            "font-size": str(FONT_SIZE),
        },
    )
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = desc
    return root


def _text(parent: ET.Element, x: float, y: float, content: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attrs})
    element.text = content
    return element


def _rect(parent: ET.Element, x: float, y: float, w: float, h: float, fill: str) -> None:
    ET.SubElement(
        parent,
        "rect",
        {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{w:.1f}", "height": f"{h:.1f}", "fill": fill},
    )


def _serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _legend(root: ET.Element, series: Sequence[BarSeries], y: float) -> float:
    """Series names with their colour, wrapped over lines; returns the height used."""
    x, line = float(PAD), 0
    for s in series:
        width = 14 + 4 + text_width(s.label) + 14
        if x + width > WIDTH - PAD and x > PAD:
            x, line = float(PAD), line + 1
        top = y + line * 20
        _rect(root, x, top + 2, 12, 12, s.colour)
        _text(root, x + 16, top + 12, s.label, fill=TEXT)
        x += width
    return (line + 1) * 20 + 4


def _scale(series: Sequence[BarSeries]) -> float:
    values = [float(v) for s in series for v in s.values if v is not None]
    return max(values, default=0.0)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[BarSeries],
    fmt: Formatter,
    missing: str = "—",
) -> str:
    """Horizontal grouped bars (see the module docstring); ``missing`` is written where a value
    is None. An empty chart says so instead of drawing nothing."""
    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    label_left = max((text_width(c) for c in categories), default=0) <= LEFT_LABEL_MAX
    x0 = PAD + (LEFT_LABEL_MAX + 6 if label_left else 0)
    span = WIDTH - PAD - x0 - VALUE_ROOM
    top = PAD + (_legend_height(series) if len(series) > 1 else 0)
    group = len(series) * BAR + (len(series) - 1) * BAR_GAP
    row = group + ROW_GAP + (0 if label_left else FONT_SIZE + 4)
    height = top + max(len(categories), 1) * row + PAD
    root = _svg(WIDTH, height, chart_id, title, desc)
    if len(series) > 1:
        _legend(root, series, PAD)
    if not categories:
        _text(root, PAD, top + FONT_SIZE, "暂无数据", fill=MUTED)
        return _serialise(root)
    highest = _scale(series)
    for i, category in enumerate(categories):
        y = top + i * row
        if label_left:
            _text(root, x0 - 6, y + group / 2 + 4.5, category, fill=TEXT, **{"text-anchor": "end"})
        else:
            _text(root, PAD, y + FONT_SIZE, category, fill=TEXT)
            y += FONT_SIZE + 4
        for j, s in enumerate(series):
            _bar(root, x0, y + j * (BAR + BAR_GAP), span, highest, s, i, fmt, missing)
    ET.SubElement(
        root,
        "line",
        {"x1": f"{x0:g}", "x2": f"{x0:g}", "y1": f"{top - 2:g}", "y2": f"{height - PAD:g}"},
        stroke=AXIS,
    )
    return _serialise(root)


def _legend_height(series: Sequence[BarSeries]) -> float:
    scratch = ET.Element("g")
    return _legend(scratch, series, 0)


def _bar(
    root: ET.Element,
    x0: float,
    y: float,
    span: float,
    highest: float,
    s: BarSeries,
    index: int,
    fmt: Formatter,
    missing: str,
) -> None:
    value = s.values[index]
    if value is None:
        _text(root, x0 + 4, y + BAR - 3, missing, fill=MUTED)
        return
    width = span * float(value) / highest if highest > 0 else 0.0
    if value and width < 1:
        width = 1.0  # a value above zero is never invisible
    _rect(root, x0, y, width, BAR, s.colour)
    _text(root, x0 + width + 4, y + BAR - 3, fmt(value), fill=TEXT)


def column_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[int],
    colour: str = OKABE_ITO["blue"],
    height: int = 150,
) -> str:
    """A small column chart of a series in time order (``labels`` like ``2026-03``)."""
    if len(labels) != len(values):
        raise ValueError("one label per value")
    root = _svg(WIDTH, height, chart_id, title, desc)
    if not values:
        _text(root, PAD, PAD + FONT_SIZE, "暂无数据", fill=MUTED)
        return _serialise(root)
    axis_y = height - PAD - FONT_SIZE - 6  # room for the year labels under the axis
    top = PAD + FONT_SIZE + 6  # room for the value labels over the columns
    step = (WIDTH - 2 * PAD) / len(values)
    highest = max(values) or 1
    marked = _marked(values)
    for i, value in enumerate(values):
        h = (axis_y - top) * value / highest
        if value and h < 1:
            h = 1.0
        x = PAD + i * step
        _rect(root, x + step * 0.15, axis_y - h, step * 0.7, h, colour)
        if i in marked:
            _text(
                root,
                x + step / 2,
                axis_y - h - 4,
                f"{value:,}",
                fill=TEXT,
                **{"text-anchor": "middle", "font-size": "12"},
            )
    ET.SubElement(
        root,
        "line",
        {"x1": str(PAD), "x2": str(WIDTH - PAD), "y1": f"{axis_y:g}", "y2": f"{axis_y:g}"},
        stroke=AXIS,
    )
    for i, label in enumerate(labels):
        if i == 0 or label.endswith("-01") or i == len(labels) - 1:
            anchor = "start" if i == 0 else ("end" if i == len(labels) - 1 else "middle")
            x = PAD + i * step + (0 if i == 0 else step if anchor == "end" else step / 2)
            _text(
                root,
                x,
                height - PAD,
                label,
                fill=MUTED,
                **{"text-anchor": anchor, "font-size": "12"},
            )
    return _serialise(root)


def _marked(values: Sequence[int]) -> set[int]:
    """Which columns carry their value: the first, the highest and the last."""
    highest = max(range(len(values)), key=lambda i: (values[i], i))
    return {0, highest, len(values) - 1}
