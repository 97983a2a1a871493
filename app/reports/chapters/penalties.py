"""行政处罚信息: every penalty public on the data-as-of day with its public 双公示 fields, from
the penalties' public service (through the record service)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.penalties.schemas import PenaltyDetail
from app.reports.blocks import Block, Facts, Text, or_dash
from app.reports.content import ChapterContext, ChapterData, ChapterProvider, SummaryItem

# Not in a report: links, the change time (it moves without a public change) and the masked ID
# number of a natural-person party (a report is about an organisation).
_LEFT_OUT = {"url", "enterprise_url", "updated_at", "party_id_masked"}


def penalty_data(penalty: PenaltyDetail) -> dict[str, Any]:
    return penalty.model_dump(mode="json", exclude=_LEFT_OUT)


def penalty_key(data: dict[str, Any]) -> str:
    """A public item's key: the record and its version (a correction is another item)."""
    return f"penalty:{data['id']}:v{data['version']}"


def build(ctx: ChapterContext) -> ChapterData:
    penalties = [penalty_data(p) for p in ctx.record.penalties]
    return ChapterData({"penalties": penalties}, [penalty_key(p) for p in penalties])


def _with_code(name: str, code: str | None) -> str:
    return f"{name}（{code}）" if code else name


def penalty_facts(p: dict[str, Any], number: int) -> Facts:
    """The public 双公示 fields of one penalty, in the exchange's order."""
    rows = [
        ("行政处罚决定书文号", p["decision_number"]),
        ("行政相对人名称", p["party_name"]),
        ("行政相对人类别", p["party_type_label"]),
        ("统一社会信用代码", or_dash(p["party_uscc"])),
        ("法定代表人", or_dash(p["legal_representative"])),
        ("违法行为类型", p["violation_type"]),
        ("违法事实", p["violation_facts"]),
        ("处罚依据", p["legal_basis"]),
        ("处罚类别", or_dash(p["penalty_categories"])),
        ("处罚内容", p["penalty_content"]),
    ]
    if p["fine_amount"] is not None:
        rows.append(("罚款金额（万元）", p["fine_amount"]))
    if p["confiscation_amount"] is not None:
        rows.append(("没收违法所得、没收非法财物的金额（万元）", p["confiscation_amount"]))
    if p["licence"]:
        rows.append(("暂扣或吊销证照名称及编号", p["licence"]))
    rows += [
        ("处罚决定日期", p["decision_date"]),
        ("处罚有效期", p["valid_until"]),
        ("公示截止期", p["publication_end_date"]),
        ("处罚机关", _with_code(p["authority_name"], p["authority_uscc"])),
        ("数据来源单位", _with_code(p["data_source_name"], p["data_source_uscc"])),
    ]
    if p["remarks"]:
        rows.append(("备注", p["remarks"]))
    if p["objection_open"]:
        rows.append(("状态", "异议处理中"))
    return Facts(rows, heading=f"（{number}）{p['decision_number']}")


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    if not data["penalties"]:
        return [Text("数据截止日期时没有公示中的行政处罚信息。")]
    return [penalty_facts(p, n) for n, p in enumerate(data["penalties"], start=1)]


def summary(data: dict[str, Any]) -> Sequence[SummaryItem]:
    count = len(data["penalties"])
    return [SummaryItem(key="penalties", label="公示中的行政处罚", value=f"{count} 条")]


CHAPTER = ChapterProvider("penalties", "行政处罚信息", build, blocks, summary)
