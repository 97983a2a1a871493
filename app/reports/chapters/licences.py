"""行政许可: the licences public on the report's data-as-of day with their status then (有效,
已过期, 已撤销, 已注销), from the licences' public service (through the record service)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.reports.blocks import Block, Facts, Text, or_dash
from app.reports.content import ChapterContext, ChapterData, ChapterProvider, SummaryItem


def build(ctx: ChapterContext) -> ChapterData:
    licences = [
        licence.model_dump(mode="json", exclude={"url", "enterprise_url", "updated_at"})
        for licence in ctx.record.licences
    ]
    return ChapterData({"licences": licences}, [f"licence:{item['id']}" for item in licences])


def licence_facts(item: dict[str, Any], number: int) -> Facts:
    rows = [
        ("许可事项", item["kind_name"]),
        ("行政许可决定文书号", item["document_number"]),
        ("许可类别", item["category_label"]),
        ("许可编号", or_dash(item.get("licence_number"))),
        ("许可决定日期", item["decision_date"]),
        ("有效期", f"{item['valid_from']} 至 {item.get('valid_to') or '长期'}"),
        ("许可机关", item["authority_name"]),
        ("状态", item["status_label"]),
    ]
    return Facts(rows, heading=f"（{number}）{item['document_name']}")


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    if not data["licences"]:
        return [Text("数据截止日期时没有公示的行政许可。")]
    return [licence_facts(item, n) for n, item in enumerate(data["licences"], start=1)]


def summary(data: dict[str, Any]) -> Sequence[SummaryItem]:
    valid = sum(1 for item in data["licences"] if item["status"] == "in_force")
    return [SummaryItem(key="licences", label="有效的行政许可", value=f"{valid} 件")]


CHAPTER = ChapterProvider("licences", "行政许可信息", build, blocks, summary)
