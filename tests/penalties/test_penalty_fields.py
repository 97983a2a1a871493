"""What officers type into a penalty: amounts in 元 stored in 万元 exactly, and every field error
reported next to its field, in Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from app.config import Settings
from app.kit.errors import ValidationFailed
from app.kit.values import ValueProblem, parse_date, parse_wan, parse_yuan, wan_to_yuan_text
from app.penalties.fields import validate_penalty
from tests.support.workflows import TODAY, penalty_form


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.mark.parametrize(
    ("typed", "wan"),
    [
        ("123456.78", Decimal("12.345678")),
        ("0.01", Decimal("0.000001")),
        ("10000", Decimal("1")),
        ("1,234,567.8", Decimal("123.45678")),
        ("１２３４５", Decimal("1.2345")),  # full-width digits
        ("500元", Decimal("0.05")),
        (" 200000 ", Decimal("20")),
    ],
)
def test_amounts_in_yuan_are_stored_in_wan_exactly(typed: str, wan: Decimal) -> None:
    value = parse_yuan(typed)
    assert value == wan
    assert value == value.quantize(Decimal("0.000001"))  # at most six places in 万元


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "以元为单位的金额最多保留两位小数（到分）"),
        ("-500", "金额不能为负数"),
        ("五百元", "应为数字金额（单位：元），如 12345.67"),
        ("1e5", "应为数字金额（单位：元），如 12345.67"),
        ("NaN", "应为数字金额（单位：元），如 12345.67"),
        ("20000000000", "金额超出合理范围（不超过100亿元），请核对单位和位数"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_yuan(typed)
    assert caught.value.message == message


def test_amounts_in_wan_from_files_keep_six_places() -> None:
    assert parse_wan("12.345678") == Decimal("12.345678")
    with pytest.raises(ValueProblem):
        parse_wan("1.2345678")
    assert wan_to_yuan_text(Decimal("12.345678")) == "123456.78"
    assert wan_to_yuan_text(Decimal("12")) == "120000"


def test_dates_in_the_usual_spellings() -> None:
    assert parse_date("2026年6月1日") == dt.date(2026, 6, 1)
    assert parse_date("2026/6/1") == dt.date(2026, 6, 1)
    assert parse_date("20260601") == dt.date(2026, 6, 1)
    with pytest.raises(ValueProblem):
        parse_date("2026-02-30")


def _errors(settings: Settings, **overrides: Any) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        validate_penalty(penalty_form(None, None, **overrides), settings)
    return {e.field: e.message for e in caught.value.fields}


def test_every_problem_is_reported_next_to_its_field(settings: Settings) -> None:
    errors = _errors(
        settings,
        party_name="",
        party_id_number="370602198001011235",
        decision_number="",
        penalty_categories=["罚款", "打板子"],
        fine_amount_yuan="12.345",
        severity="",
        decision_date="2026-07-02",
        valid_until="2026-05-01",
        data_source_uscc="91370600MA3C12345X",
    )
    assert errors["party_name"] == "请填写行政相对人名称"
    assert errors["party_id_number"] == "第18位（校验位）应为“4”，实际为“5”"
    assert errors["decision_number"] == "请填写行政处罚决定书文号"
    assert errors["penalty_categories"] == "处罚类别“打板子”不在规定的类别中"
    assert errors["fine_amount"] == "以元为单位的金额最多保留两位小数（到分）"
    assert errors["severity"] == "请选择严重程度（轻微、一般或严重）"
    assert errors["decision_date"] == "日期不能晚于今天"
    assert "data_source_uscc" in errors


def test_the_decision_date_comes_before_the_validity_end(settings: Settings) -> None:
    errors = _errors(settings, decision_date="2026-06-01", valid_until="2026-05-31")
    assert errors == {"valid_until": "处罚有效期不能早于处罚决定日期"}


def test_amounts_follow_the_categories(settings: Settings) -> None:
    assert _errors(settings, fine_amount_yuan="") == {
        "fine_amount": "处罚类别含“罚款”时须填写罚款金额"
    }
    assert _errors(settings, fine_amount_yuan="0") == {"fine_amount": "罚款金额应大于0"}
    assert _errors(settings, penalty_categories=["警告"]) == {
        "fine_amount": "填写了罚款金额，但处罚类别未选择“罚款”"
    }
    assert _errors(settings, penalty_categories="罚款、吊销许可证件") == {
        "licence": "处罚类别含暂扣或吊销许可证件时须填写证照名称及编号"
    }


def test_an_organisation_needs_a_valid_credit_code(settings: Settings) -> None:
    errors = _errors(
        settings,
        party_type="法人及非法人组织",
        party_uscc="91370600MA3C1234",
        party_id_number="",
        legal_representative="",
    )
    assert errors["party_uscc"] == "统一社会信用代码应为18位，实际为16位"
    assert errors["legal_representative"] == "法人及非法人组织须填写法定代表人"


def test_control_characters_and_overlong_text_are_refused(settings: Settings) -> None:
    errors = _errors(settings, violation_facts="超标\x00排放", party_name="名" * 201)
    assert errors["violation_facts"] == "含有不可见的控制字符（U+0000），请删除后重新填写"
    assert errors["party_name"] == "行政相对人名称不能超过200个字"
