"""The chapters of the special credit report (专项信用报告, 生态环境领域), in the structure of
the national special report: subject, period, result, the records found, data source, notes.

What counts: the environmental administrative penalties decided within the period that were
public on the data-as-of day, and the black-list (serious dishonesty) entries in force on that
day that began by the end of the period. Repaired, expired or removed records are no longer
public and are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from app.models import ListType
from app.reports.blocks import Block, Facts, Table, Text, or_dash
from app.reports.chapters.lists import entry_data
from app.reports.chapters.penalties import penalty_data, penalty_key
from app.reports.content import ChapterContext, ChapterData, ChapterProvider, SummaryItem

BLACK_LIST_NAME = "严重失信主体名单（环境信用黑名单）"


def _period(ctx: ChapterContext) -> tuple[dt.date, dt.date]:
    if ctx.period is None:  # the service always passes one to a special report
        raise RuntimeError("unreachable")
    return ctx.period.start, ctx.period.end


def _penalties(ctx: ChapterContext) -> list[dict[str, Any]]:
    start, end = _period(ctx)
    return [penalty_data(p) for p in ctx.record.penalties if start <= p.decision_date <= end]


def _black_entries(ctx: ChapterContext) -> list[dict[str, Any]]:
    _, end = _period(ctx)
    return [
        entry_data(e)
        for e in ctx.record.list_entries
        if e.list_type == ListType.black and e.start_date <= end
    ]


# --- 一、报告主体 -----------------------------------------------------------------------------


def _subject(ctx: ChapterContext) -> ChapterData:
    r = ctx.record
    return ChapterData(
        {
            "name": r.name,
            "uscc": r.uscc,
            "legal_representative": r.legal_representative,
            "address": r.address,
        }
    )


def _subject_blocks(data: dict[str, Any]) -> Sequence[Block]:
    return [
        Facts(
            [
                ("主体名称", data["name"]),
                ("统一社会信用代码", data["uscc"]),
                ("法定代表人", or_dash(data["legal_representative"])),
                ("住所", or_dash(data["address"])),
            ]
        )
    ]


# --- 二、查询期间 -----------------------------------------------------------------------------


def _period_data(ctx: ChapterContext) -> ChapterData:
    start, end = _period(ctx)
    return ChapterData({"start": start.isoformat(), "end": end.isoformat()})


def _period_blocks(data: dict[str, Any]) -> Sequence[Block]:
    return [Text(f"{data['start']} 至 {data['end']}（含首尾两日）")]


# --- 三、查询结果 -----------------------------------------------------------------------------


def _result(ctx: ChapterContext) -> ChapterData:
    start, end = _period(ctx)
    penalties, entries = _penalties(ctx), _black_entries(ctx)
    return ChapterData(
        {
            "name": ctx.record.name,
            "uscc": ctx.record.uscc,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "penalty_count": len(penalties),
            "black_list_count": len(entries),
            "clean": not penalties and not entries,
        }
    )


def result_lines(data: dict[str, Any]) -> list[str]:
    """The conclusion, sentence by sentence."""
    lines = [
        f"经查询，{data['name']}（统一社会信用代码：{data['uscc']}）自 {data['start']} 至 "
        f"{data['end']}，在生态环境领域："
    ]
    penalties, entries = data["penalty_count"], data["black_list_count"]
    lines.append(
        f"1. 有 {penalties} 条公示中的环境行政处罚记录（详见“行政处罚记录”）；"
        if penalties
        else "1. 无公示中的环境行政处罚记录；"
    )
    lines.append(
        f"2. 有 {entries} 条{BLACK_LIST_NAME}记录（详见“严重失信主体名单记录”）。"
        if entries
        else f"2. 未被列入{BLACK_LIST_NAME}。"
    )
    return lines


def _result_blocks(data: dict[str, Any]) -> Sequence[Block]:
    return [Text(line, tone="result") for line in result_lines(data)]


def _result_summary(data: dict[str, Any]) -> Sequence[SummaryItem]:
    return [
        SummaryItem(
            key="result",
            label="查询结果",
            value="无违法违规记录" if data["clean"] else "有违法违规记录",
        ),
        SummaryItem(key="penalties", label="期间内行政处罚", value=f"{data['penalty_count']} 条"),
        SummaryItem(
            key="black_list", label="严重失信主体名单", value=f"{data['black_list_count']} 条"
        ),
    ]


# --- 四、行政处罚记录 / 五、严重失信主体名单记录 -------------------------------------------------


def _penalty_records(ctx: ChapterContext) -> ChapterData:
    penalties = _penalties(ctx)
    return ChapterData({"penalties": penalties}, [penalty_key(p) for p in penalties])


def _penalty_blocks(data: dict[str, Any]) -> Sequence[Block]:
    if not data["penalties"]:
        return [Text("查询期间内无公示中的环境行政处罚记录。")]
    rows = [
        [
            str(n),
            p["decision_number"],
            p["violation_type"],
            or_dash(p["penalty_categories"]),
            p["decision_date"],
            p["authority_name"],
        ]
        for n, p in enumerate(data["penalties"], start=1)
    ]
    return [
        Table(
            ["序号", "行政处罚决定书文号", "违法行为类型", "处罚类别", "处罚决定日期", "处罚机关"],
            rows,
            widths=[0.6, 2.6, 1.6, 1.4, 1.3, 2],
        )
    ]


def _black_records(ctx: ChapterContext) -> ChapterData:
    entries = _black_entries(ctx)
    return ChapterData({"entries": entries}, [f"list_entry:{e['id']}" for e in entries])


def _black_blocks(data: dict[str, Any]) -> Sequence[Block]:
    if not data["entries"]:
        return [Text(f"查询期间内未被列入{BLACK_LIST_NAME}。")]
    rows = [
        [
            str(n),
            e["start_date"],
            e["end_date"],
            e.get("category_label") or e["basis"],
            or_dash(e.get("decision_number")),
        ]
        for n, e in enumerate(data["entries"], start=1)
    ]
    return [
        Table(
            ["序号", "列入日期", "截止日期", "列入类别", "认定决定文号"],
            rows,
            widths=[0.6, 1.3, 1.3, 3.6, 2],
        )
    ]


# --- 六、数据来源 / 七、说明 --------------------------------------------------------------------

SOURCE = (
    "本报告信息来源于本平台依法归集、公示的生态环境领域行政处罚信息和环境信用黑名单（严重失信主体"
    "名单）信息，由生态环境主管部门依据“谁认定、谁负责”的原则提供。数据截止日期见报告首页。"
)
NOTES = (
    "根据中办发〔2025〕22号、发改财金〔2025〕565号等文件，专项信用报告替代有关部门出具的无违法违规"
    "记录证明；本报告可用于证明信息主体在生态环境领域的相关情况。",
    "本报告仅反映查询期间内、数据截止日期当日在本平台公示中的信息。公示期届满、已信用修复、已移出"
    "名单的信息依法不再公示，不在本报告中体现。",
    "信息主体对本报告所载信息有异议的，可通过本平台“异议申诉”（/objections/new）提出。",
    "任何单位和个人可扫描二维码，或在本平台“报告核验”（/reports/verify）输入报告编号和核验码，"
    "核验本报告的真实性。",
)


def _source(ctx: ChapterContext) -> ChapterData:
    return ChapterData({"text": SOURCE})


def _notes(ctx: ChapterContext) -> ChapterData:
    return ChapterData({"notes": list(NOTES)})


SUBJECT = ChapterProvider("special_subject", "报告主体", _subject, _subject_blocks)
PERIOD = ChapterProvider("special_period", "查询期间", _period_data, _period_blocks)
RESULT = ChapterProvider("special_result", "查询结果", _result, _result_blocks, _result_summary)
PENALTIES = ChapterProvider("special_penalties", "行政处罚记录", _penalty_records, _penalty_blocks)
BLACK_LIST = ChapterProvider(
    "special_black_list", "严重失信主体名单记录", _black_records, _black_blocks
)
SOURCE_CHAPTER = ChapterProvider(
    "special_source", "数据来源", _source, lambda data: [Text(data["text"])]
)
NOTES_CHAPTER = ChapterProvider(
    "special_notes",
    "说明",
    _notes,
    lambda data: [Text(f"{n}. {t}", tone="muted") for n, t in enumerate(data["notes"], start=1)],
)
