"""异议处理中的信息: the public penalties with an objection open on the data-as-of day (the
``objection_open`` flag the penalties' public service computes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.reports.blocks import Block, Table, Text
from app.reports.content import ChapterContext, ChapterData, ChapterProvider, SummaryItem


def build(ctx: ChapterContext) -> ChapterData:
    disputed = [
        {"id": p.id, "decision_number": p.decision_number, "decision_date": str(p.decision_date)}
        for p in ctx.record.penalties
        if p.objection_open
    ]
    return ChapterData({"penalties": disputed})


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    if not data["penalties"]:
        return [Text("数据截止日期时没有处理中的异议。")]
    rows = [[p["decision_number"], p["decision_date"], "异议处理中"] for p in data["penalties"]]
    return [
        Text(
            "以下行政处罚信息的异议正在由认定机关核查，核查结论作出前，相关信息标注为“异议处理中”。"
        ),
        Table(["行政处罚决定书文号", "处罚决定日期", "状态"], rows, widths=[3, 1.5, 1.5]),
    ]


def summary(data: dict[str, Any]) -> Sequence[SummaryItem]:
    count = len(data["penalties"])
    return [SummaryItem(key="objections", label="异议处理中", value=f"{count} 条")]


CHAPTER = ChapterProvider("objections", "异议处理中的信息", build, blocks, summary)
