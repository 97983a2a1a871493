"""Parsing what people type (or what a file holds) into exact values, with Chinese reasons.

Amounts are typed in 元 and stored in 万元 (DOMAIN.md): 12345.67 元 is 1.234567 万元 exactly, so an
amount in 元 may have at most two decimal places (fen) and the 万元 value at most six.
Every parser raises :class:`ValueProblem` with a message that can be shown next to the field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from app.kit import clock


class ValueProblem(ValueError):
    """A value that cannot be accepted; ``message`` is shown to people as it is (Chinese)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# Amounts above this (in 元) are taken for typing mistakes: a penalty of 100亿元 does not occur.
MAX_AMOUNT_YUAN = Decimal("10000000000")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_SEPARATORS = str.maketrans("", "", ", _'")


def clean_text(raw: object) -> str:
    """Text as typed: NFC, surrounding whitespace removed, control characters refused."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFC", str(raw)).strip()
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in "\n\r\t":
            raise ValueProblem(f"含有不可见的控制字符（U+{ord(char):04X}），请删除后重新填写")
    return text


def _amount_text(raw: str, unit: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip().translate(_SEPARATORS)
    if text.endswith(unit):
        text = text[: -len(unit)].strip()
    if text.startswith("-") or text.startswith("−"):
        raise ValueProblem("金额不能为负数", "amount_negative")
    if text.startswith("+"):
        text = text[1:]
    if not _NUMBER.match(text):
        raise ValueProblem(f"应为数字金额（单位：{unit}），如 12345.67", "amount_not_number")
    return text


def parse_yuan(raw: str) -> Decimal:
    """An amount typed in 元 (at most two decimals), returned in 万元, exactly."""
    text = _amount_text(raw, "元")
    if "." in text and len(text.split(".", 1)[1]) > 2:
        raise ValueProblem("以元为单位的金额最多保留两位小数（到分）", "amount_precision")
    try:
        yuan = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        raise ValueProblem("应为数字金额（单位：元）", "amount_not_number") from None
    if yuan > MAX_AMOUNT_YUAN:
        raise ValueProblem(
            "金额超出合理范围（不超过100亿元），请核对单位和位数", "amount_too_large"
        )
    return yuan.scaleb(-4)


def parse_wan(raw: str) -> Decimal:
    """An amount in 万元 as the 双公示 files carry it (at most six decimals, one fen)."""
    text = _amount_text(raw, "万元")
    if "." in text and len(text.split(".", 1)[1]) > 6:
        raise ValueProblem("以万元为单位的金额最多保留六位小数（到分）", "amount_precision")
    wan = Decimal(text)
    if wan.scaleb(4) > MAX_AMOUNT_YUAN:
        raise ValueProblem(
            "金额超出合理范围（不超过100亿元），请核对单位和位数", "amount_too_large"
        )
    return wan


def wan_to_yuan_text(value: Decimal | None) -> str:
    """万元 back to the 元 text shown in a form, e.g. 1.234567 -> 12345.67."""
    if value is None:
        return ""
    yuan = value.scaleb(4)
    return format(yuan.quantize(Decimal("0.01")), "f").removesuffix(".00")


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(raw: object) -> dt.date:
    """A date typed as 2026-06-01, 2026/6/1, 2026年6月1日 or 20260601 (or a spreadsheet date)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if " " in text and re.match(r"^\S+ 00:00(:00)?$", text):
        text = text.split(" ", 1)[0]  # spreadsheets export midnight times with the date
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                value = dt.date(year, month, day)
            except ValueError:
                raise ValueProblem(f"“{text}”不是有效日期", "date_invalid") from None
            if value.year < 1980:
                raise ValueProblem("日期早于1980年，请核对", "date_too_early")
            return value
    raise ValueProblem("应为日期，格式如 2026-06-01", "date_format")


def parse_past_date(raw: object) -> dt.date:
    value = parse_date(raw)
    if value > clock.today():
        raise ValueProblem("日期不能晚于今天", "date_in_future")
    return value


def named_choice(raw: object, labels: Mapping[Any, str]) -> str | None:
    """The value ``raw`` names (the value itself or its Chinese label); None for anything else,
    control characters included (the caller then names the field)."""
    try:
        text = clean_text(raw) if isinstance(raw, str) else ""
    except ValueProblem:
        return None
    for value, label in labels.items():
        if text in (str(value), label):
            return str(value)
    return None
