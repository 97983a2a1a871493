"""报告说明: the fixed notes of the credit report (what it is, what it shows, how to object and
how to apply for credit repair)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.reports.blocks import Block, Text
from app.reports.content import ChapterContext, ChapterData, ChapterProvider

NOTES = (
    "本报告依据本平台归集的生态环境领域公共信用信息生成，客观记录信息主体的登记信息、环境信用评价、"
    "红黑名单和行政处罚等信息，不作任何主观评价。",
    "本报告仅载明数据截止日期当日依法公示中的信息。公示期届满、已信用修复、已移出名单或已撤销的信息"
    "不再公示，本报告不予载明；未依法公示的信息亦不在本报告中体现。",
    "信息主体认为本报告所载信息存在错误、遗漏的，可通过本平台“异议申诉”（/objections/new）向认定机关"
    "提出异议；异议处理期间，相关信息标注为“异议处理中”。",
    "行政处罚信息和黑名单信息达到最短公示期限、履行相关义务并作出信用承诺的，信息主体可通过本平台"
    "“信用修复”（/repairs/new）向认定机关申请信用修复。",
    "本报告每页均载有报告编号、核验码和二维码。任何单位和个人可扫描二维码，或在本平台“报告核验”"
    "（/reports/verify）输入报告编号和核验码，核验本报告的真实性。",
    "本报告的使用人应在授权范围内使用本报告，不得用于非法目的。",
)


def build(ctx: ChapterContext) -> ChapterData:
    return ChapterData({"notes": list(NOTES)})


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    return [Text(f"{n}. {note}", tone="muted") for n, note in enumerate(data["notes"], start=1)]


CHAPTER = ChapterProvider("notes", "报告说明", build, blocks)
