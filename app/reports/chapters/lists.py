"""红黑名单: the black-list (失信惩戒) and red-list (守信激励) entries in force, from the lists'
public service (through the record service)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.lists.schemas import ListEntryOut
from app.reports.blocks import Block, Facts, Text, or_dash
from app.reports.content import ChapterContext, ChapterData, ChapterProvider, SummaryItem

LIST_HEADINGS = {"black": "黑名单（失信惩戒）", "red": "红名单（守信激励）"}


def entry_data(entry: ListEntryOut) -> dict[str, Any]:
    data = entry.model_dump(
        mode="json", exclude={"enterprise_url", "updated_at", "enterprise_name", "enterprise_uscc"}
    )
    data["penalties"] = [p["decision_number"] for p in data["penalties"]]
    return data


def build(ctx: ChapterContext) -> ChapterData:
    entries = [entry_data(e) for e in ctx.record.list_entries]
    return ChapterData({"entries": entries}, [f"list_entry:{e['id']}" for e in entries])


def entry_facts(entry: dict[str, Any], number: int) -> Facts:
    heading = f"（{number}）{LIST_HEADINGS[entry['list_type']]}"
    rows = [
        ("列入日期", entry["start_date"]),
        ("截止日期", entry["end_date"]),
    ]
    if entry.get("category_label"):
        rows.append(("列入类别", entry["category_label"]))
    rows += [
        ("列入依据", entry["basis"]),
        ("法律依据", or_dash(entry.get("legal_basis"))),
        ("认定决定文号", or_dash(entry.get("decision_number"))),
        ("相关行政处罚", or_dash(entry["penalties"])),
    ]
    return Facts(rows, heading=heading)


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    if not data["entries"]:
        return [Text("数据截止日期时未被列入红名单或黑名单。")]
    return [entry_facts(e, n) for n, e in enumerate(data["entries"], start=1)]


def summary(data: dict[str, Any]) -> Sequence[SummaryItem]:
    black = sum(1 for e in data["entries"] if e["list_type"] == "black")
    red = sum(1 for e in data["entries"] if e["list_type"] == "red")
    return [
        SummaryItem(key="black_list", label="在效黑名单（失信惩戒）", value=f"{black} 条"),
        SummaryItem(key="red_list", label="在效红名单（守信激励）", value=f"{red} 条"),
    ]


CHAPTER = ChapterProvider("lists", "红黑名单信息", build, blocks, summary)
