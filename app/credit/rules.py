"""Credit level schemes: the levels, the points per penalty and the helpers that read them.

A scheme is data (a row of ``credit_schemes`` whose ``definition`` has the shape of
:data:`SHANDONG_2020`), so that another year's or another province's scheme is a new row, never a
code change. Everything here is *configurable*: the thresholds, the points per 处罚类别, the fine
tiers and the rolling window are read from the definition, never from literals elsewhere.

Shape of a definition::

    {"levels": [{"code", "label", "name", "color", "meaning", "min_points", "max_points"}, ...],
     "points": {处罚类别: points, ...},
     "fine_points": [{"up_to_wan": 1, "points": 1}, ..., {"up_to_wan": None, "points": 6}],
     "window_months": 12}

Levels are ordered from best to worst; ``max_points`` is ``None`` for the last (open) level.
A penalty scores the highest of its categories' points (a fine scores by its amount, from
``fine_points``); an enterprise's points are the sum over the penalties decided in the rolling
window of ``window_months`` months.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any, Final

SHANDONG_2020_CODE: Final = "sd-2020"

# Shandong's levels (DOMAIN.md), with the 2017-2018 points: a warning, a correction order or a
# fine up to 1万元 is 1 point; larger fines 2, 3, 4 or 6; 责令停产整治 (责令停产停业), 吊销许可证,
# 责令停止建设 (限制开展生产经营活动), transfer for administrative detention (行政拘留) or as a
# suspected crime: 12 points at once. Thresholds: green 0, blue 1-3, yellow 4-11, black 12+.
SHANDONG_2020: Final[dict[str, Any]] = {
    "levels": [
        {
            "code": "green",
            "label": "绿色",
            "name": "诚信守法",
            "color": "#1b7f3b",
            "meaning": (
                "评价期内无环境违法记分。适当减少日常监督检查频次，在财政资金、项目安排、"
                "评优评先等方面优先支持，可推荐列入环境信用红名单（守信激励）。"
            ),
            "min_points": 0,
            "max_points": 0,
        },
        {
            "code": "blue",
            "label": "蓝色",
            "name": "轻微失信",
            "color": "#1f5fa8",
            "meaning": (
                "评价期内有轻微环境违法记分。按一般监管对象管理，随机抽查原则上每年不超过一次，"
                "督促企业及时改正。"
            ),
            "min_points": 1,
            "max_points": 3,
        },
        {
            "code": "yellow",
            "label": "黄色",
            "name": "一般失信",
            "color": "#8a6100",
            "meaning": (
                "评价期内环境违法记分较多。提高监督检查频次、从严审查相关行政许可事项，"
                "企业应限期整改，期满后可申请信用修复。"
            ),
            "min_points": 4,
            "max_points": 11,
        },
        {
            "code": "black",
            "label": "黑色",
            "name": "严重失信",
            "color": "#1a1a1a",
            "meaning": (
                "存在严重环境违法行为。列为重点监管对象，纳入环境保护黑名单（失信惩戒），"
                "法定代表人、主要负责人和实际控制人记入信用记录，依法实施联合惩戒。"
            ),
            "min_points": 12,
            "max_points": None,
        },
    ],
    "points": {
        "警告": 1,
        "通报批评": 1,
        "罚款": 1,  # by amount: see "fine_points"
        "没收违法所得": 2,
        "没收非法财物": 2,
        "暂扣许可证件": 6,
        "降低资质等级": 6,
        "吊销许可证件": 12,
        "限制开展生产经营活动": 12,  # 责令停止建设、限制生产
        "责令停产停业": 12,  # 责令停产整治
        "责令关闭": 12,
        "限制从业": 6,
        "行政拘留": 12,  # 移送公安机关行政拘留
        "其他": 1,
    },
    "fine_points": [
        {"up_to_wan": 1, "points": 1},
        {"up_to_wan": 5, "points": 2},
        {"up_to_wan": 10, "points": 3},
        {"up_to_wan": 20, "points": 4},
        {"up_to_wan": None, "points": 6},
    ],
    "window_months": 12,
}


@dataclass(frozen=True)
class LevelInfo:
    """One level of a scheme, as pages show it."""

    code: str
    label: str
    name: str
    color: str
    meaning: str
    min_points: int = 0
    max_points: int | None = None


def _info(level: Mapping[str, Any]) -> LevelInfo:
    return LevelInfo(
        code=str(level["code"]),
        label=str(level["label"]),
        name=str(level["name"]),
        color=str(level["color"]),
        meaning=str(level["meaning"]),
        min_points=int(level.get("min_points", 0)),
        max_points=None if level.get("max_points") is None else int(level["max_points"]),
    )


def levels(definition: Mapping[str, Any]) -> list[LevelInfo]:
    """The levels of a scheme, from best to worst."""
    return [_info(level) for level in definition["levels"]]


def level_info(definition: Mapping[str, Any], code: str) -> LevelInfo | None:
    """The level ``code`` of a scheme, or None when the scheme has no such level."""
    for level in definition["levels"]:
        if level["code"] == code:
            return _info(level)
    return None


def level_for_points(definition: Mapping[str, Any], points: int) -> LevelInfo:
    """The level that ``points`` lead to (the worst level whose minimum they reach)."""
    chosen = definition["levels"][0]
    for level in definition["levels"]:
        if points >= int(level.get("min_points", 0)):
            chosen = level
    return _info(chosen)


def fine_points(definition: Mapping[str, Any], fine_wan: Decimal) -> int:
    """Points of a fine of ``fine_wan`` 万元 (tiers are inclusive upper bounds)."""
    tiers = definition.get("fine_points") or []
    for tier in tiers:
        bound = tier["up_to_wan"]
        if bound is None or fine_wan <= Decimal(str(bound)):
            return int(tier["points"])
    return int(definition["points"].get("罚款", 1))


def penalty_points(
    definition: Mapping[str, Any], categories: Iterable[str], fine_wan: Decimal | None = None
) -> int:
    """Points of one penalty decision: the highest of its categories (0 when none scores)."""
    table: Mapping[str, int] = definition["points"]
    best = 0
    for category in categories:
        if category == "罚款" and fine_wan is not None:
            value = fine_points(definition, fine_wan)
        else:
            value = int(table.get(category, 0))
        best = max(best, value)
    return best


def window_months(definition: Mapping[str, Any]) -> int:
    """The rolling window over which penalty points add up."""
    return int(definition.get("window_months", 12))


def definition_problems(definition: Mapping[str, Any]) -> list[str]:
    """What is wrong with a definition (empty when it is usable): levels contiguous from 0."""
    problems: list[str] = []
    found = levels(definition)
    if not found:
        return ["至少需要一个等级"]
    if found[0].min_points != 0:
        problems.append("第一个等级应从0分开始")
    for before, after in pairwise(found):
        if before.max_points is None or after.min_points != before.max_points + 1:
            problems.append(f"等级“{before.label}”与“{after.label}”的分值不连续")
    if found[-1].max_points is not None:
        problems.append("最后一个等级应无上限")
    return problems
