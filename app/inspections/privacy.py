"""Public-safe texts: private persons as surname + 某 (闫某), no phone or ID numbers.

Applied by the service to every text of a case and its findings when they are saved, so that
what is stored is already what may be published (the clerk need not remember to do it):

- names the clerk lists as private persons are replaced wherever they occur;
- a 2-3 character name right after a word that introduces a private person (村民, 居民, 业主,
  举报人 …) or before 先生/女士 is replaced too, whether listed or not;
- mobile and landline numbers and resident ID numbers are replaced by ``***``.

Complainants are never stored at all: the import and the forms have no field for them, and the
words that introduce a complainant (举报人, 来信人, 来电人, 信访人) are followed by no name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "公孙",
    "轩辕",
    "端木",
    "申屠",
    "独孤",
    "南宫",
    "西门",
)
# Words after which a private person's name follows in the teams' and units' texts.
PERSON_WORDS = (
    "举报人",
    "来信人",
    "来电人",
    "信访人",
    "投诉人",
    "反映人",
    "村民",
    "居民",
    "业主",
    "住户",
    "户主",
    "农户",
    "个体户",
    "经营者",
    "承包人",
    "养殖户",
    "负责人",
    "实际控制人",
    "老板",
    "男子",
    "女子",
    "群众",
)
_COMPLAINANT_WORDS = ("举报人", "来信人", "来电人", "信访人", "投诉人", "反映人")
_HAN = "\u4e00-\u9fff"
# What ends a name: any character that is not Chinese, or a word that usually follows a name.
_BOUNDARY = "在于将把对向家等称的未从私擅非长利使焚堆倾排偷乱违夜和与及已曾"
_AFTER_WORD = re.compile(
    "("
    + "|".join(PERSON_WORDS)
    + f")([{_HAN}]{{2,3}}?)(?=[^{_HAN}]|[{_BOUNDARY}]|反映|举报|投诉|$)"
)
_BEFORE_TITLE = re.compile(f"([{_HAN}]{{1,2}})(先生|女士)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")


def surname(name: str) -> str:
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound):
            return compound
    return name[:1]


def masked_name(name: str) -> str:
    """闫小明 -> 闫某; 欧阳明 -> 欧阳某."""
    return surname(name) + "某"


def _mask_after_word(match: re.Match[str]) -> str:
    word, name = match.group(1), match.group(2)
    if name.endswith("某") or name in ("反映", "举报", "投诉", "称"):
        return match.group(0)
    if word in _COMPLAINANT_WORDS:
        return word  # the complainant is never named
    return word + masked_name(name)


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with private persons as surname + 某 and no phone or ID numbers."""
    result = text
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
        result = result.replace(name, masked_name(name))
    result = _ID_NUMBER.sub("***", result)
    result = _MOBILE.sub("***", result)
    result = _LANDLINE.sub("***", result)
    result = _AFTER_WORD.sub(_mask_after_word, result)
    result = _BEFORE_TITLE.sub(lambda m: surname(m.group(1)) + "某" + m.group(2), result)
    return result
