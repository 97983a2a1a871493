"""Chinese labels of the case ledger and the 9 columns cities publish, in their order."""

from __future__ import annotations

from decimal import Decimal

# The results table in Yantai's column order (the CSV has exactly these, in this order).
CASE_TABLE_COLUMNS = (
    "序号",
    "受理编号",
    "交办问题基本情况",
    "行政区域",
    "污染类型",
    "调查核实情况",
    "是否属实",
    "处理和整改情况",
    "问责情况",
)
UNTRUE_LABEL = "经查不属实"
ACTIONS = {"edit": "修改", "submit": "报送审核", "approve": "审核通过", "return": "退回修改"}


def cases_text(value: Decimal) -> str:
    """38.5 -> "38.5件"; 12 -> "12件"."""
    text = format(value.normalize(), "f")
    return f"{text}件"


def percent(part: int, whole: int) -> str:
    """A rate as published (one decimal): 99.1%; "—" when there is nothing to divide."""
    if whole == 0:
        return "—"
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%"
