"""Identifier rules: the unified social credit code and the resident ID number.

Every example code below was checked with the algorithm of DOMAIN.md, not guessed. Real published
codes: 91370000163044841F (万华化学集团股份有限公司, Yantai), 91440300708461136T (腾讯科技（深圳）
有限公司), 91350100M000100Y43 (the example code widely printed in GB 32100 guides); the
resident ID 11010519491231002X is the example of GB 11643-1999.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.kit.identifiers import (
    ID_CHECK,
    PROVINCES,
    USCC_AUTHORITIES,
    USCC_CHARSET,
    IdentifierError,
    id_check_char,
    is_valid_uscc,
    make_uscc,
    mask_id_number,
    parse_resident_id,
    parse_uscc,
)

WANHUA = "91370000163044841F"
TENCENT = "91440300708461136T"
GUIDE_EXAMPLE = "91350100M000100Y43"
PENGLAI_OLD = "913706847060143910"  # 370684 蓬莱市, merged into 蓬莱区 in 2020
CHANGDAO_OLD = "913706341650123411"  # 370634 长岛县, merged into 蓬莱区 in 2020
CHANGDAO_GETIHU = "92370634MA3C4D5E7T"  # 个体工商户 with letters in its organisation code
EXCLUDED = "统一社会信用代码不使用字母I、O、Z、S、V"
NOT_IN_SET = "只能是数字或英文字母（不含I、O、Z、S、V）"


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- USCC: valid codes and normalisation ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(WANHUA, WANHUA, id="real-wanhua"),
        pytest.param(TENCENT, TENCENT, id="real-tencent"),
        pytest.param(GUIDE_EXAMPLE, GUIDE_EXAMPLE, id="guide-example-letters"),
        pytest.param(PENGLAI_OLD, PENGLAI_OLD, id="historical-370684-penglai"),
        pytest.param(CHANGDAO_OLD, CHANGDAO_OLD, id="historical-370634-changdao"),
        pytest.param(CHANGDAO_GETIHU, CHANGDAO_GETIHU, id="getihu-92"),
        pytest.param("91350100m000100y43", GUIDE_EXAMPLE, id="lowercase"),
        pytest.param("91370000163044841f", WANHUA, id="lowercase-check"),
        pytest.param(fullwidth(WANHUA), WANHUA, id="fullwidth-digits-letters"),
        pytest.param(fullwidth("91350100m000100y43"), GUIDE_EXAMPLE, id="fullwidth-lowercase"),
        pytest.param(f"  {WANHUA}  ", WANHUA, id="surrounding-spaces"),
        pytest.param(f"\t{WANHUA}\r\n", WANHUA, id="surrounding-tab-newline"),
        pytest.param(f"\u3000{WANHUA}\u3000", WANHUA, id="surrounding-ideographic-space"),
        pytest.param("9137 0000 1630 4484 1F", WANHUA, id="inner-spaces"),
        pytest.param("913700\u300000163044\u00a0841F", WANHUA, id="inner-u3000-nbsp"),
        pytest.param(
            " ９１３７００００\u3000１６３０４４８４１ｆ ", WANHUA, id="everything-at-once"
        ),
    ],
)
def test_valid_uscc_is_accepted_in_its_normal_form(raw: str, expected: str) -> None:
    assert parse_uscc(raw) == expected
    assert is_valid_uscc(raw)


def test_historical_examples_are_built_by_the_algorithm() -> None:
    # The literals above are exactly what the rule produces (no guessed check characters).
    assert make_uscc("91", "370684", "70601439") == PENGLAI_OLD
    assert make_uscc("91", "370634", "16501234") == CHANGDAO_OLD
    assert make_uscc("92", "370634", "MA3C4D5E") == CHANGDAO_GETIHU
    assert make_uscc("91", "370000", "16304484") == WANHUA


# --- USCC: every kind of error, with its exact Chinese message -------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        pytest.param(None, "uscc_empty", "统一社会信用代码不能为空", id="none"),
        pytest.param("", "uscc_empty", "统一社会信用代码不能为空", id="empty"),
        pytest.param("   ", "uscc_empty", "统一社会信用代码不能为空", id="only-spaces"),
        pytest.param("\u3000\t", "uscc_empty", "统一社会信用代码不能为空", id="only-u3000"),
        pytest.param(
            WANHUA[:17], "uscc_length", "统一社会信用代码应为18位，实际为17位", id="too-short"
        ),
        pytest.param(
            WANHUA + "1", "uscc_length", "统一社会信用代码应为18位，实际为19位", id="too-long"
        ),
        pytest.param("9137", "uscc_length", "统一社会信用代码应为18位，实际为4位", id="fragment"),
        pytest.param(
            "91370000I63044841F",
            "uscc_illegal_char",
            f"第9位字符“I”不合法：{EXCLUDED}",
            id="excluded-I",
        ),
        pytest.param(
            "91370000163O44841F",
            "uscc_illegal_char",
            f"第12位字符“O”不合法：{EXCLUDED}",
            id="excluded-O",
        ),
        pytest.param(
            "91370000163044841Z",
            "uscc_illegal_char",
            f"第18位字符“Z”不合法：{EXCLUDED}",
            id="excluded-Z-check",
        ),
        pytest.param(
            "S1370000163044841F",
            "uscc_illegal_char",
            f"第1位字符“S”不合法：{EXCLUDED}",
            id="excluded-S-first",
        ),
        pytest.param(
            "91370000163044v41F",
            "uscc_illegal_char",
            f"第15位字符“V”不合法：{EXCLUDED}",
            id="excluded-lowercase-v",
        ),
        pytest.param(
            "91370000163044841号",
            "uscc_illegal_char",
            f"第18位字符“号”不合法：{NOT_IN_SET}",
            id="chinese-character",
        ),
        pytest.param(
            "9137-0000163044841F",
            "uscc_illegal_char",
            f"第5位字符“-”不合法：{NOT_IN_SET}",
            id="hyphen",
        ),
        pytest.param(
            "9137\x0700163044841F",
            "uscc_illegal_char",
            f"第5位字符“U+0007”不合法：{NOT_IN_SET}",
            id="control-bel",
        ),
        pytest.param(
            "913700\t00163044841F",
            "uscc_illegal_char",
            f"第7位字符“U+0009”不合法：{NOT_IN_SET}",
            id="inner-tab",
        ),
        pytest.param(
            "91370000163044841\x1fF",
            "uscc_illegal_char",
            f"第18位字符“U+001F”不合法：{NOT_IN_SET}",
            id="inner-unit-separator",
        ),
        pytest.param(
            "91\u200b370000163044841F",
            "uscc_illegal_char",
            f"第3位字符“U+200B”不合法：{NOT_IN_SET}",
            id="zero-width-space",
        ),
        pytest.param(
            "9137A000163044841F",
            "uscc_division",
            "第3-8位应为6位数字的行政区划代码，实际为“37A000”",
            id="division-not-digits",
        ),
        pytest.param(
            "91370000163044842F",
            "uscc_org_check",
            "第17位（组织机构代码校验位）应为“1”，实际为“2”",
            id="org-check-wrong",
        ),
        pytest.param(
            "91370000163044841G",
            "uscc_check",
            "第18位（校验位）应为“F”，实际为“G”",
            id="final-check-wrong",
        ),
        pytest.param(
            "91370000163044841f".replace("f", "e"),
            "uscc_check",
            "第18位（校验位）应为“F”，实际为“E”",
            id="final-check-wrong-lowercase",
        ),
        pytest.param(
            "91370000136044841F",
            "uscc_org_check",
            "第17位（组织机构代码校验位）应为“6”，实际为“1”",
            id="transposed-digits",
        ),
    ],
)
def test_malformed_uscc_is_rejected_saying_what_is_wrong(
    raw: str | None, code: str, message: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_uscc(raw)
    assert caught.value.code == code
    assert caught.value.message == message
    assert str(caught.value) == message
    assert not is_valid_uscc(raw)


@pytest.mark.parametrize(
    ("code", "error", "words"),
    [
        pytest.param("000000000000000000", "uscc_authority", "登记管理部门代码", id="all-zeros"),
        pytest.param(make_uscc("99", "370602", "MA3C0000"), "uscc_type", "机构类别", id="type-99"),
        pytest.param(make_uscc("Y9", "370602", "MA3C0000"), "uscc_type", "机构类别", id="type-y9"),
        pytest.param(
            make_uscc("B1", "370602", "MA3C0000"), "uscc_authority", "登记管理部门", id="b1"
        ),
        pytest.param(make_uscc("91", "000000", "MA3C0000"), "uscc_division", "省级", id="div-0"),
        pytest.param(make_uscc("91", "990602", "MA3C0000"), "uscc_division", "省级", id="div-99"),
        pytest.param(make_uscc("91", "370012", "MA3C0000"), "uscc_division", "地级", id="no-pref"),
    ],
)
def test_a_uscc_whose_check_characters_hold_but_cannot_exist_is_refused(
    code: str, error: str, words: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_uscc(code)
    assert caught.value.code == error
    assert words in caught.value.message


@pytest.mark.parametrize(
    "code",
    [
        make_uscc("91", "100000", "MA3C0000"),  # registered nationally
        make_uscc("11", "370000", "MA3C0000"),  # a province's body
        make_uscc("52", "370684", "MA3C0000"),  # a county merged in 2020 (蓬莱市)
        make_uscc("N2", "370686", "MA3C0000"),  # a village collective
        make_uscc("Y1", "370602", "MA3C0000"),
    ],
)
def test_codes_of_every_authority_and_historical_divisions_pass(code: str) -> None:
    assert parse_uscc(code) == code


def _resident(area: str, born: str = "19800101", sequence: str = "001") -> str:
    first17 = f"{area}{born}{sequence}"
    return first17 + id_check_char(first17)


@pytest.mark.parametrize(
    ("area", "words"),
    [("000000", "省级"), ("990101", "省级"), ("370012", "地级"), ("100000", "省级")],
)
def test_a_resident_id_with_an_area_that_cannot_exist_is_refused(area: str, words: str) -> None:
    for number in (_resident(area), _resident(area)[:6] + _resident(area)[8:17]):  # and legacy
        with pytest.raises(IdentifierError) as caught:
            parse_resident_id(number)
        assert caught.value.code == "id_area"
        assert "地址码" in caught.value.message
        assert words in caught.value.message


def test_resident_ids_of_permits_and_historical_areas_pass() -> None:
    for area in ("810000", "830000", "370684", "370600", "110105"):
        assert parse_resident_id(_resident(area)).number == _resident(area)
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(_resident("370602", born="19800230"))  # no 30 February
    assert caught.value.code == "id_birth_date"


def test_identifier_error_survives_pickling_and_notes() -> None:
    error = IdentifierError("uscc_check", "第18位（校验位）应为“F”，实际为“G”")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.code, copy.message) == (error.code, error.message)
    error.add_note("row 3")  # pytest and Hypothesis attach notes to failing exceptions
    assert isinstance(error, ValueError)


# --- USCC: properties ------------------------------------------------------------------------

charset_chars = st.sampled_from(USCC_CHARSET)


@st.composite
def divisions(draw: st.DrawFn) -> str:
    """A division code of the right shape: a province, then a prefecture and county part."""
    province = draw(st.sampled_from(sorted(PROVINCES)))
    prefecture = draw(st.integers(min_value=0, max_value=99))
    county = draw(st.integers(min_value=0, max_value=99)) if prefecture else 0
    return f"{province}{prefecture:02d}{county:02d}"


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(sorted(USCC_AUTHORITIES)))
    prefix = authority + draw(st.sampled_from(USCC_AUTHORITIES[authority][1]))
    division = draw(divisions())
    org8 = draw(st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8))
    return make_uscc(prefix, division, org8)


@given(valid_usccs())
def test_generated_valid_uscc_always_passes(code: str) -> None:
    assert parse_uscc(code) == code


@given(valid_usccs(), st.integers(min_value=0, max_value=17), charset_chars)
def test_any_single_character_change_to_a_uscc_fails(
    code: str, position: int, replacement: str
) -> None:
    if replacement == code[position]:
        replacement = USCC_CHARSET[(USCC_CHARSET.index(replacement) + 1) % len(USCC_CHARSET)]
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(IdentifierError):
        parse_uscc(changed)


@given(valid_usccs(), st.integers(min_value=0, max_value=17), st.sampled_from("IOZSV"))
def test_an_excluded_letter_anywhere_is_named_with_its_position(
    code: str, position: int, letter: str
) -> None:
    changed = code[:position] + letter + code[position + 1 :]
    with pytest.raises(IdentifierError) as caught:
        parse_uscc(changed)
    assert caught.value.message == f"第{position + 1}位字符“{letter}”不合法：{EXCLUDED}"


@given(valid_usccs(), st.data())
def test_case_width_and_spaces_never_change_the_result(code: str, data: st.DataObject) -> None:
    chars = [
        data.draw(st.sampled_from([c, c.lower(), fullwidth(c), fullwidth(c.lower())])) for c in code
    ]
    spaces = st.sampled_from(["", " ", "\u3000", "\u00a0"])
    raw = data.draw(spaces) + "".join(c + data.draw(spaces) for c in chars)
    assert parse_uscc(raw) == code


# --- resident ID numbers ---------------------------------------------------------------------

GB_EXAMPLE_ID = "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "number", "legacy"),
    [
        pytest.param(GB_EXAMPLE_ID, GB_EXAMPLE_ID, False, id="gb-example"),
        pytest.param("11010519491231002x", GB_EXAMPLE_ID, False, id="lowercase-x"),
        pytest.param(" 110105 19491231 002X\u3000", GB_EXAMPLE_ID, False, id="spaces"),
        pytest.param(fullwidth("11010519491231002x"), GB_EXAMPLE_ID, False, id="fullwidth"),
        pytest.param("370602198503121230", "370602198503121230", False, id="yantai"),
        pytest.param("110105491231002", GB_EXAMPLE_ID, True, id="legacy-15-to-18"),
        pytest.param("370602850312123", "370602198503121230", True, id="legacy-yantai"),
    ],
)
def test_valid_resident_id_is_accepted_in_18_character_form(
    raw: str, number: str, legacy: bool
) -> None:
    parsed = parse_resident_id(raw)
    assert parsed.number == number
    assert parsed.legacy is legacy
    assert len(parsed.number) == 18


def test_resident_id_birth_date_is_read_from_the_number() -> None:
    assert parse_resident_id(GB_EXAMPLE_ID).birth_date == dt.date(1949, 12, 31)
    assert parse_resident_id("370602850312123").birth_date == dt.date(1985, 3, 12)


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        pytest.param(None, "id_empty", "身份证号不能为空", id="none"),
        pytest.param(" \u3000", "id_empty", "身份证号不能为空", id="only-spaces"),
        pytest.param(
            GB_EXAMPLE_ID[:17],
            "id_length",
            "身份证号应为18位（或旧版15位），实际为17位",
            id="17-characters",
        ),
        pytest.param(
            GB_EXAMPLE_ID + "1",
            "id_length",
            "身份证号应为18位（或旧版15位），实际为19位",
            id="19-characters",
        ),
        pytest.param(
            "1101054912310",
            "id_length",
            "身份证号应为18位（或旧版15位），实际为13位",
            id="13-characters",
        ),
        pytest.param(
            "1101A519491231002X",
            "id_illegal_char",
            "第5位字符“A”不合法：只能是数字",
            id="letter",
        ),
        pytest.param(
            "11010519491231X02X",
            "id_illegal_char",
            "第15位字符“X”不合法：只能是数字",
            id="x-not-last",
        ),
        pytest.param(
            "11010519491231002Y",
            "id_illegal_char",
            "第18位字符“Y”不合法：只能是数字或X",
            id="last-not-digit-or-x",
        ),
        pytest.param(
            "11010549123100X",
            "id_illegal_char",
            "第15位字符“X”不合法：只能是数字",
            id="legacy-with-x",
        ),
        pytest.param(
            "110105一九491231002",
            "id_length",
            "身份证号应为18位（或旧版15位），实际为17位",
            id="chinese-numerals-length",
        ),
        pytest.param(
            "110105一9491231002X",
            "id_illegal_char",
            "第7位字符“一”不合法：只能是数字",
            id="chinese-numeral",
        ),
        pytest.param(
            "11010519491231002\x00",
            "id_illegal_char",
            "第18位字符“U+0000”不合法：只能是数字或X",
            id="control-character",
        ),
        pytest.param(
            "110105199902300011",
            "id_birth_date",
            "出生日期“19990230”不是有效日期",
            id="feb-30",
        ),
        pytest.param(
            "110105199913010011",
            "id_birth_date",
            "出生日期“19991301”不是有效日期",
            id="month-13",
        ),
        pytest.param(
            "110105990230001",
            "id_birth_date",
            "出生日期“19990230”不是有效日期",
            id="legacy-feb-30",
        ),
        pytest.param(
            "440524188001010014",
            "id_birth_date",
            "出生日期“18800101”早于1900年",
            id="before-1900",
        ),
        pytest.param(
            "110105194912310021",
            "id_check",
            "第18位（校验位）应为“X”，实际为“1”",
            id="check-wrong",
        ),
    ],
)
def test_malformed_resident_id_is_rejected_saying_what_is_wrong(
    raw: str | None, code: str, message: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(raw)
    assert caught.value.code == code
    assert caught.value.message == message


def test_birth_date_after_today_is_rejected(
    frozen_clock: Callable[[dt.date], None],
) -> None:
    frozen_clock(dt.date(2025, 6, 1))
    assert parse_resident_id("110105202506010010").birth_date == dt.date(2025, 6, 1)
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id("110105202506020016")
    assert caught.value.message == "出生日期“20250602”晚于今天"
    # The same number is fine once that day has come.
    frozen_clock(dt.date(2025, 6, 2))
    assert parse_resident_id("110105202506020016").number == "110105202506020016"


@st.composite
def valid_resident_ids(draw: st.DrawFn, last_birth_year: int = 2020) -> str:
    address = draw(divisions())
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(last_birth_year, 12, 31)))
    sequence = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    first17 = f"{address}{born:%Y%m%d}{sequence}"
    return first17 + id_check_char(first17)


@given(valid_resident_ids())
def test_generated_valid_resident_id_always_passes(number: str) -> None:
    assert parse_resident_id(number).number == number
    assert parse_resident_id(number.lower()).number == number


@given(valid_resident_ids(), st.integers(min_value=0, max_value=17), st.sampled_from(ID_CHECK))
def test_any_single_character_change_to_a_resident_id_fails(
    number: str, position: int, replacement: str
) -> None:
    if replacement == number[position]:
        replacement = ID_CHECK[(ID_CHECK.index(replacement) + 1) % len(ID_CHECK)]
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(IdentifierError):
        parse_resident_id(changed)


@given(valid_resident_ids(last_birth_year=1999))  # legacy numbers: born in the 1900s
def test_legacy_form_converts_to_the_same_18_character_number(number: str) -> None:
    legacy = number[:6] + number[8:17]
    parsed = parse_resident_id(legacy)
    assert parsed.legacy
    assert parsed.number == number


# --- masking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        pytest.param(GB_EXAMPLE_ID, "110105********002X", id="18"),
        pytest.param("370602198503121230", "370602********1230", id="yantai"),
        pytest.param("123456789", "*********", id="too-short-all-hidden"),
        pytest.param("", "", id="empty"),
    ],
)
def test_mask_shows_first_six_and_last_four_only(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


def test_parsed_resident_id_masks_itself() -> None:
    parsed = parse_resident_id("370602850312123")
    assert parsed.masked == "370602********1230"
    assert "19850312" not in parsed.masked


@given(valid_resident_ids())
def test_mask_never_reveals_the_birth_date(number: str) -> None:
    masked = mask_id_number(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:14] == "********"
    assert len(masked) == 18
