"""What people type beside the name: administrative prefixes and organisation forms.

Registered names are "烟台万华…有限公司", "山东…股份有限公司", "烟台福山…"; people
type "烟台市万华", "万华", "福山 电镀" or the name without "有限公司". A query word is
matched without the place it starts with (山东省, 烟台市, a district or county-level
city, with or without 区/市/县) and without the organisation form it ends with
(有限公司, 股份有限公司 …). A word that is only a district name ("福山", "芝罘区")
becomes the district filter instead, when none is chosen. A query made only of such
words is searched as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.kit.regions import YANTAI
from app.search.grams import normalise_text

# Longest first, so that "股份有限公司" is removed whole rather than as "有限公司".
ORGANISATION_FORMS: tuple[str, ...] = tuple(
    sorted(
        {
            "集团股份有限公司",
            "集团有限责任公司",
            "集团有限公司",
            "股份有限公司",
            "有限责任公司",
            "有限公司",
            "股份公司",
            "集团公司",
            "集团",
            "股份",
            "公司",
        },
        key=len,
        reverse=True,
    )
)


def _district_names() -> dict[str, str]:
    """Name -> code of every current division, in full and without 区/市/县 (福山区, 福山)."""
    names: dict[str, str] = {}
    for division in YANTAI:
        if division.kind == "zone":
            continue
        names[division.name] = division.code
        names[division.name[:-1]] = division.code
    return names


DISTRICTS: dict[str, str] = _district_names()
PLACES: tuple[str, ...] = tuple(
    sorted({"山东省", "山东", "烟台市", "烟台", *DISTRICTS}, key=len, reverse=True)
)


@dataclass(frozen=True)
class Terms:
    words: list[str]  # what each name must contain
    district: str | None  # a district named on its own ("福山 电镀"): the filter to apply
    full: str | None  # the whole query as one normalised word, for the exact-name tier


def core(word: str) -> tuple[str, str | None]:
    """``word`` without its leading places and trailing organisation form; and the district
    code when the word was only a district name."""
    rest = word
    district: str | None = None
    changed = True
    while changed and rest:
        changed = False
        for place in PLACES:
            if rest.startswith(place) and rest != place:
                rest, changed = rest[len(place) :], True
                break
    if rest in DISTRICTS:
        district = DISTRICTS[rest]
        return "", district
    if rest in PLACES:
        return "", None
    for form in ORGANISATION_FORMS:
        if rest.endswith(form) and rest != form:
            rest = rest[: -len(form)]
            break
    return rest, district


def split_terms(raw_words: list[str]) -> Terms:
    """The words to match and the district named, from the normalised words of a query."""
    words: list[str] = []
    districts: list[str] = []
    for word in raw_words:
        kept, district = core(word)
        if district is not None:
            districts.append(district)
        if kept and kept not in words:
            words.append(kept)
    full = raw_words[0] if len(raw_words) == 1 else None
    if not words:  # only places or forms: search them as typed
        return Terms(list(raw_words), None, full)
    return Terms(words, districts[0] if len(set(districts)) == 1 else None, full)


def is_pinyin(q: str) -> bool:
    """Latin letters only (wanhua, wh): a name typed in pinyin, which the index cannot match."""
    compact = normalise_text(q)
    return bool(compact) and compact.isascii() and compact.isalpha()
