"""The credit level scheme: levels, thresholds and points are read from its definition."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from app.credit.rules import (
    SHANDONG_2020,
    definition_problems,
    level_for_points,
    level_info,
    levels,
    penalty_points,
    window_months,
)


def test_level_info_reads_a_level_of_the_scheme() -> None:
    green = level_info(SHANDONG_2020, "green")
    assert green is not None
    assert (green.label, green.name, green.color) == ("绿色", "诚信守法", "#1b7f3b")
    assert "红名单" in green.meaning
    black = level_info(SHANDONG_2020, "black")
    assert black is not None
    assert (black.label, black.name, black.max_points) == ("黑色", "严重失信", None)
    assert level_info(SHANDONG_2020, "red") is None
    assert [level.code for level in levels(SHANDONG_2020)] == ["green", "blue", "yellow", "black"]


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, "green"), (1, "blue"), (3, "blue"), (4, "yellow"), (11, "yellow"), (12, "black")],
)
def test_points_lead_to_levels(points: int, level: str) -> None:
    assert level_for_points(SHANDONG_2020, points).code == level


@pytest.mark.parametrize(
    ("categories", "fine", "points"),
    [
        (["警告"], None, 1),
        (["罚款"], Decimal("0.5"), 1),
        (["罚款"], Decimal("1"), 1),
        (["罚款"], Decimal("3.2"), 2),
        (["罚款"], Decimal("10"), 3),
        (["罚款"], Decimal("20"), 4),
        (["罚款"], Decimal("20.01"), 6),
        (["罚款", "责令停产停业"], Decimal("50"), 12),
        (["罚款", "限制开展生产经营活动"], Decimal("2"), 12),
        (["吊销许可证件"], None, 12),
        ([], None, 0),
    ],
)
def test_a_penalty_scores_its_heaviest_category(
    categories: list[str], fine: Decimal | None, points: int
) -> None:
    assert penalty_points(SHANDONG_2020, categories, fine) == points


def test_thresholds_are_configurable_data() -> None:
    stricter = copy.deepcopy(SHANDONG_2020)
    stricter["levels"][1]["max_points"] = 1
    stricter["levels"][2]["min_points"] = 2
    assert level_for_points(stricter, 2).code == "yellow"
    stricter["window_months"] = 24
    assert window_months(stricter) == 24
    assert definition_problems(SHANDONG_2020) == []
    stricter["levels"][2]["min_points"] = 3
    assert definition_problems(stricter) == ["等级“蓝色”与“黄色”的分值不连续"]
