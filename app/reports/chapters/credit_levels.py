"""环境信用评价: the credit level valid on the data-as-of day and its history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.record.schemas import CreditLevelOut
from app.reports.blocks import Block, Facts, Table, Text
from app.reports.content import ChapterContext, ChapterData, ChapterProvider, SummaryItem


def _level(level: CreditLevelOut) -> dict[str, Any]:
    return level.model_dump(mode="json", exclude={"color", "text_color"})


def build(ctx: ChapterContext) -> ChapterData:
    r = ctx.record
    current = _level(r.credit_level) if r.credit_level else None
    return ChapterData({"current": current, "history": [_level(h) for h in r.level_history]})


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    found: list[Block] = []
    current = data["current"]
    if current is None:
        found.append(Text("数据截止日期时无有效的环境信用等级评价。"))
    else:
        found.append(
            Facts(
                [
                    ("当前信用等级", f"{current['label']} · {current['name']}"),
                    ("记分", str(current["points"])),
                    ("有效期起", current["valid_from"]),
                    ("等级含义", current["meaning"] or "—"),
                    ("评价办法", current["scheme_name"]),
                ]
            )
        )
    if data["history"]:
        rows = [
            [h["label"], h["name"], str(h["points"]), h["valid_from"], h["valid_to"] or "至今"]
            for h in data["history"]
        ]
        found.append(
            Table(
                ["等级", "名称", "记分", "有效期起", "有效期止"],
                rows,
                widths=[1.2, 2, 0.8, 1.5, 1.5],
                caption="信用等级历史（从新到旧）",
            )
        )
    return found


def summary(data: dict[str, Any]) -> Sequence[SummaryItem]:
    current = data["current"]
    value = f"{current['label']} · {current['name']}" if current else "暂无评价"
    return [SummaryItem(key="credit_level", label="环境信用等级", value=value)]


CHAPTER = ChapterProvider("credit_levels", "环境信用评价", build, blocks, summary)
