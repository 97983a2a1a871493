"""Identifier rules: the unified social credit code (GB 32100-2015) and the resident ID number
(GB 11643-1999). Error messages are in Chinese and say exactly what is wrong.

Both parsers first normalise what people type or paste: surrounding whitespace, inner spaces (also
the full-width space U+3000 and the no-break space), full-width digits and letters (NFKC), and
lowercase letters. Other invisible characters inside a code (tabs, line breaks, control and
zero-width characters) are not spaces that people type: they are reported as illegal characters,
with their position, rather than silently dropped. The parsers never "correct" a wrong check
character: a code that fails its check is rejected with the character expected.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from app.kit import clock

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUES = {c: i for i, c in enumerate(USCC_CHARSET)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_EXCLUDED = "IOZSV"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# GB 32100-2015, positions 1 and 2: the registration authority and the type codes it issues.
# A code of another authority, or a type its authority does not issue, cannot exist (its check
# characters may still hold: "000000000000000000" passes both).
USCC_AUTHORITIES: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "1239"),  # 机关, 事业单位, 中央编办直管群众团体, 其他
    "2": ("外交", "19"),
    "3": ("司法行政", "123459"),  # 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会
    "4": ("文化", "19"),
    "5": ("民政", "1239"),  # 社会团体, 民办非企业单位, 基金会, 其他
    "6": ("旅游", "129"),
    "7": ("宗教", "129"),
    "8": ("工会", "19"),
    "9": ("工商（市场监管）", "123"),  # 企业, 个体工商户, 农民专业合作社
    "A": ("中央军委改革和编制办公室", "19"),
    "N": ("农业", "1239"),  # 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": ("其他", "1"),
}
# GB/T 2260, the first two digits of every administrative division code: the provinces (and
# 71 台湾, 81 香港, 82 澳门). ID numbers of residence permits of Hong Kong, Macao and Taiwan
# residents start 810000, 820000, 830000; national bodies register under 100000 (USCC only).
PROVINCES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
    "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip
NATIONAL_DIVISION = "100000"
PERMIT_DIVISIONS = frozenset({"810000", "820000", "830000"})


class IdentifierError(ValueError):
    """A malformed identifier: ``code`` is machine-readable, ``message`` is for people (Chinese).

    A plain exception (not a frozen dataclass), so that pickling and ``add_note`` (pytest,
    Hypothesis, exception groups) work on it.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def normalise(raw: str) -> str:
    """NFKC (full-width to half-width), strip surrounding whitespace, drop inner spaces
    (Unicode space separators: space, no-break space, U+3000 …), upper-case."""
    if raw.isascii():  # the common case, and the same result: NFKC keeps ASCII as it is
        return raw.strip().replace(" ", "").upper()
    text = unicodedata.normalize("NFKC", raw).strip()
    return "".join(c for c in text if unicodedata.category(c) != "Zs").upper()


def org_code_check_char(first8: str) -> str:
    """Check character of a GB 11714 organisation code from its first 8 characters."""
    total = sum(ORG_VALUES[c] * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_check_char(first17: str) -> str:
    """Check character (position 18) of a USCC from its first 17 characters."""
    total = sum(USCC_VALUES[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def make_uscc(prefix: str, division: str, org8: str) -> str:
    """Build a valid code from its parts: ``prefix`` (2), ``division`` (6 digits), ``org8`` (8)."""
    org9 = org8 + org_code_check_char(org8)
    first17 = prefix + division + org9
    return first17 + uscc_check_char(first17)


def _describe_char(char: str) -> str:
    excluded = "、".join(USCC_EXCLUDED)
    if char in USCC_EXCLUDED:
        return f"统一社会信用代码不使用字母{excluded}"
    return f"只能是数字或英文字母（不含{excluded}）"


def _show(char: str) -> str:
    """A character as it can be shown in a message: invisible ones as their code point."""
    return char if char.isprintable() else f"U+{ord(char):04X}"


def division_problem(code: str, *, national: bool = False) -> str | None:
    """Why the 6 digits ``code`` cannot be an administrative division code (GB/T 2260), or None.

    Checked: the province (first two digits) exists, and a code without a prefecture part
    (``xx00..``) has no county part either. Codes below the province are not looked up: a code
    of a county that was merged or renamed stays valid for what was issued before (DOMAIN.md),
    and the full historical list is not kept here. ``national``: ``100000`` (bodies registered
    nationally) is allowed.
    """
    if national and code == NATIONAL_DIVISION:
        return None
    if code[:2] not in PROVINCES:
        return f"行政区划代码“{code}”不存在：前两位“{code[:2]}”不是省级行政区代码"
    if code[2:4] == "00" and code[4:6] != "00":
        return f"行政区划代码“{code}”不存在：没有地级代码（第3-4位为00）时县级代码也应为00"
    return None


def _check_uscc_structure(code: str) -> None:
    authority = USCC_AUTHORITIES.get(code[0])
    if authority is None:
        raise IdentifierError(
            "uscc_authority", f"第1位“{code[0]}”不是有效的登记管理部门代码（GB 32100）"
        )
    name, types = authority
    if code[1] not in types:
        raise IdentifierError(
            "uscc_type",
            f"第2位“{code[1]}”不是{name}登记管理部门的机构类别代码（应为{'、'.join(types)}之一）",
        )
    if not code[2:8].isdigit():
        raise IdentifierError(
            "uscc_division", f"第3-8位应为6位数字的行政区划代码，实际为“{code[2:8]}”"
        )
    problem = division_problem(code[2:8], national=True)
    if problem is not None:
        raise IdentifierError("uscc_division", f"第3-8位{problem}")


def parse_uscc(raw: str | None) -> str:
    """Return the normalised code, or raise :class:`IdentifierError` saying what is wrong."""
    code = "" if raw is None else normalise(raw)
    if not code:
        raise IdentifierError("uscc_empty", "统一社会信用代码不能为空")
    for position, char in enumerate(code, start=1):
        if char not in USCC_VALUES:  # (the loop only runs to the end for a well-formed code)
            raise IdentifierError(
                "uscc_illegal_char",
                f"第{position}位字符“{_show(char)}”不合法：{_describe_char(char)}",
            )
    if len(code) != 18:
        raise IdentifierError("uscc_length", f"统一社会信用代码应为18位，实际为{len(code)}位")
    _check_uscc_structure(code)
    expected_org = org_code_check_char(code[8:16])
    if code[16] != expected_org:
        raise IdentifierError(
            "uscc_org_check",
            f"第17位（组织机构代码校验位）应为“{expected_org}”，实际为“{code[16]}”",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError("uscc_check", f"第18位（校验位）应为“{expected}”，实际为“{code[17]}”")
    return code


def is_valid_uscc(raw: str | None) -> bool:
    try:
        parse_uscc(raw)
    except IdentifierError:
        return False
    return True


def uscc_fragment(raw: str) -> str | None:
    """A normalised code prefix (8 to 18 characters of the code's alphabet) or None."""
    code = normalise(raw)
    if 8 <= len(code) <= 18 and all(c in USCC_VALUES for c in code) and code[:2].isalnum():
        return code
    return None


# --- resident ID numbers -------------------------------------------------------------------


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


@dataclass(frozen=True)
class ResidentId:
    """A valid resident ID number. ``number`` is always the 18-character form."""

    number: str
    legacy: bool

    @property
    def birth_date(self) -> dt.date:
        return dt.date(int(self.number[6:10]), int(self.number[10:12]), int(self.number[12:14]))

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)


def mask_id_number(number: str) -> str:
    """The only form in which an ID number is ever shown: first 6, eight ``*``, last 4."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _birth_date(text: str) -> dt.date:
    try:
        born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise IdentifierError("id_birth_date", f"出生日期“{text}”不是有效日期") from None
    if born.year < 1900:
        raise IdentifierError("id_birth_date", f"出生日期“{text}”早于1900年")
    if born > clock.today():
        raise IdentifierError("id_birth_date", f"出生日期“{text}”晚于今天")
    return born


def parse_resident_id(raw: str | None) -> ResidentId:
    """Validate an 18- or legacy 15-character ID number; the result is in the 18-character form."""
    number = "" if raw is None else normalise(raw)
    if not number:
        raise IdentifierError("id_empty", "身份证号不能为空")
    if len(number) not in (15, 18):
        raise IdentifierError("id_length", f"身份证号应为18位（或旧版15位），实际为{len(number)}位")
    for position, char in enumerate(number, start=1):
        allowed = char.isdigit() or (char == "X" and position == 18)
        if not (char.isascii() and allowed):
            where = "只能是数字或X" if position == 18 else "只能是数字"
            raise IdentifierError(
                "id_illegal_char", f"第{position}位字符“{_show(char)}”不合法：{where}"
            )
    area = number[:6]
    if area not in PERMIT_DIVISIONS and (problem := division_problem(area)) is not None:
        raise IdentifierError("id_area", f"第1-6位（地址码）{problem}")
    if len(number) == 15:
        _birth_date("19" + number[6:12])
        first17 = number[:6] + "19" + number[6:]
        return ResidentId(first17 + id_check_char(first17), legacy=True)
    _birth_date(number[6:14])
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise IdentifierError("id_check", f"第18位（校验位）应为“{expected}”，实际为“{number[17]}”")
    return ResidentId(number, legacy=False)
