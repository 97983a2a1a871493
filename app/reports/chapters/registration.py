"""登记信息: the enterprise's registration facts, from the record service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.reports.blocks import Block, Facts, or_dash
from app.reports.content import ChapterContext, ChapterData, ChapterProvider


def build(ctx: ChapterContext) -> ChapterData:
    r = ctx.record
    return ChapterData(
        {
            "name": r.name,
            "former_names": r.former_names,
            "uscc": r.uscc,
            "legal_representative": r.legal_representative,
            "established_on": r.established_on.isoformat() if r.established_on else None,
            "address": r.address,
            "district_name": r.district_name,
            "industry": r.industry,
            "registration_status_label": r.registration_status_label,
        }
    )


def blocks(data: dict[str, Any]) -> Sequence[Block]:
    rows = [
        ("企业名称", data["name"]),
        ("曾用名", or_dash(data["former_names"])),
        ("统一社会信用代码", data["uscc"]),
        ("法定代表人", or_dash(data["legal_representative"])),
        ("成立日期", or_dash(data["established_on"])),
        ("住所", or_dash(data["address"])),
        ("所属区县", or_dash(data["district_name"])),
        ("所属行业", or_dash(data["industry"])),
        ("登记状态", data["registration_status_label"]),
    ]
    return [Facts(rows)]


CHAPTER = ChapterProvider("registration", "登记信息", build, blocks)
