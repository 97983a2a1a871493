"""Generators of realistic Yantai identities: enterprise names and codes, people, addresses.

Every function takes the caller's seeded ``random.Random`` and draws in a fixed order, so the same
seed gives the same values. Codes have both check characters valid (:func:`fast_uscc` gives the
same codes as :func:`app.kit.identifiers.make_uscc`, faster).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from app.demo.data import (
    BRAND_FIRST,
    BRAND_SECOND,
    BRAND_THIRD,
    COMPANY_SUFFIXES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    ID_AREAS,
    INDUSTRIES,
    LOCAL_INDUSTRY,
    PLACES,
    ROADS,
    SURNAMES,
    Industry,
    Place,
)
from app.kit.identifiers import USCC_CHARSET, USCC_VALUES, USCC_WEIGHTS, id_check_char

T = TypeVar("T")

# Organisation-code characters of new codes (the credit code's alphabet, letters included).
_ORG_CHARS = USCC_CHARSET
_OLD_ORG_HEADS = ("16", "26", "70", "72", "73", "75", "76", "77", "79", "05", "06", "66", "68")
NEW_CODES_SINCE = dt.date(2015, 10, 1)


def one(rng: random.Random, items: Sequence[T]) -> T:
    """A uniform choice with one draw (``random.choice`` costs several on hot paths)."""
    return items[int(rng.random() * len(items))]


class Weighted(Generic[T]):
    """Weighted choice by bisection (faster than ``random.choices`` for one draw)."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in items]
        self.cum = list(accumulate(weight for _, weight in items))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


_SURNAMES = Weighted(SURNAMES)
_SUFFIXES = Weighted(COMPANY_SUFFIXES)
_ID_AREAS = Weighted(ID_AREAS)
_PLACES = Weighted([(place, place.weight) for place in PLACES])
_INDUSTRY_BY_PLACE: dict[str, Weighted[Industry]] = {
    place.code: Weighted(
        [
            (ind, ind.weight * LOCAL_INDUSTRY.get(place.code, {}).get(ind.label, 1.0))
            for ind in INDUSTRIES
        ]
    )
    for place in PLACES
}
_NAME_PREFIXES = {place.code: Weighted(place.name_prefixes) for place in PLACES}
_USCC_DIVISIONS = {place.code: Weighted(place.uscc_divisions) for place in PLACES}
_STATUS = Weighted((("active", 94.0), ("cancelled", 3.0), ("revoked", 2.0), ("moved_out", 1.0)))


def person_name(rng: random.Random, male: bool) -> str:
    given = GIVEN_MALE if male else GIVEN_FEMALE
    surname = _SURNAMES.pick(rng)
    if rng.random() < 0.3:
        return surname + one(rng, given)
    return surname + one(rng, given) + one(rng, given)


def resident_id(rng: random.Random, male: bool, born_from: int = 1955, born_to: int = 1996) -> str:
    """A valid 18-character resident ID number (sequence parity matches the sex)."""
    area = _ID_AREAS.pick(rng)
    born = dt.date(born_from, 1, 1) + dt.timedelta(
        days=rng.randrange((dt.date(born_to, 12, 31) - dt.date(born_from, 1, 1)).days)
    )
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


_PAIRS = tuple(a + b for a in _ORG_CHARS for b in _ORG_CHARS)
_ORG_VALUES = {c: int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in _ORG_CHARS}
_HEAD_SUMS: dict[str, int] = {}


def fast_uscc(head: str, org8: str) -> str:
    """``make_uscc(head[:2], head[2:], org8)`` with the sums unrolled and the head's part of the
    weighted sum cached: the demo builds hundreds of thousands (tests check both agree)."""
    o = _ORG_VALUES
    org_sum = (
        o[org8[0]] * 3 + o[org8[1]] * 7 + o[org8[2]] * 9 + o[org8[3]] * 10
        + o[org8[4]] * 5 + o[org8[5]] * 8 + o[org8[6]] * 4 + o[org8[7]] * 2
    )  # fmt: skip
    check = 11 - org_sum % 11
    org_check = "X" if check == 10 else "0" if check == 11 else str(check)
    head_sum = _HEAD_SUMS.get(head)
    if head_sum is None:
        head_sum = _HEAD_SUMS[head] = sum(
            USCC_VALUES[c] * w for c, w in zip(head, USCC_WEIGHTS[:8], strict=True)
        )
    v = USCC_VALUES
    total = (
        head_sum + v[org8[0]] * 20 + v[org8[1]] * 29 + v[org8[2]] * 25 + v[org8[3]] * 13
        + v[org8[4]] * 8 + v[org8[5]] * 24 + v[org8[6]] * 10 + v[org8[7]] * 30
        + v[org_check] * 28
    )  # fmt: skip
    return head + org8 + org_check + USCC_CHARSET[(31 - total % 31) % 31]


def uscc(rng: random.Random, prefix: str, division: str, new_style: bool) -> str:
    """A valid credit code: new codes carry ``MA`` organisation codes, older ones 8 digits."""
    if new_style:
        r = rng.random
        org8 = "MA" + _PAIRS[int(r() * 961)] + _PAIRS[int(r() * 961)] + _PAIRS[int(r() * 961)]
    else:
        org8 = one(rng, _OLD_ORG_HEADS) + f"{int(rng.random() * 1_000_000):06d}"
    return fast_uscc(prefix + division, org8)


def brand(rng: random.Random) -> str:
    """A shop name (字号) of two or three auspicious characters, none repeated."""
    first = one(rng, BRAND_FIRST)
    second = one(rng, BRAND_SECOND)
    while second == first:
        second = one(rng, BRAND_SECOND)
    if rng.random() >= 0.12:
        return first + second
    third = one(rng, BRAND_THIRD)
    while third in (first, second):
        third = one(rng, BRAND_THIRD)
    return first + second + third


def address(rng: random.Random, place: Place) -> str:
    town = one(rng, place.towns)
    if town.endswith("镇") and rng.random() < 0.6:
        village = _SURNAMES.pick(rng) + one(rng, ("家庄村", "家村", "家疃村", "格庄村"))
        return f"山东省烟台市{place.name}{town}{village}{1 + int(rng.random() * 299)}号"
    road = one(rng, ROADS)
    return f"山东省烟台市{place.name}{town}{road}{1 + int(rng.random() * 899)}号"


@dataclass
class EnterpriseDraft:
    """One generated enterprise: its row and what later steps need to know about it."""

    row: dict[str, object]
    place: Place
    industry: Industry
    party_type: str  # legal_entity or individual_business
    male_rep: bool


class EnterpriseFactory:
    """Draws enterprises one by one; names and codes are unique within the factory."""

    def __init__(self, rng: random.Random, as_of: dt.date, used_usccs: set[str]) -> None:
        self.rng = rng
        self.as_of = as_of
        self.used_usccs = used_usccs
        self.used_names: set[str] = set()
        self.first_day = dt.date(1992, 1, 1)
        self.span = (as_of - dt.timedelta(days=30) - self.first_day).days

    def _established(self) -> dt.date:
        # Skewed to recent years, as registries are.
        fraction = self.rng.random() ** 0.6
        return self.first_day + dt.timedelta(days=int(fraction * self.span))

    def _name(self, place: Place, industry: Industry, kind: str) -> str:
        rng = self.rng
        for attempt in range(50):
            mark = brand(rng) if attempt < 40 else brand(rng) + one(rng, BRAND_FIRST)
            if kind == "individual":
                town = one(rng, place.towns) if rng.random() < 0.4 else ""
                name = f"{place.name}{town}{mark}{one(rng, industry.individual_words)}"
            elif kind == "coop":
                name = f"{_NAME_PREFIXES[place.code].pick(rng)}{mark}"
                name += f"{one(rng, industry.words)}专业合作社"
            else:
                suffix = _SUFFIXES.pick(rng)
                head = _NAME_PREFIXES[place.code].pick(rng)
                if suffix == "股份有限公司" and rng.random() < 0.6:
                    head = one(rng, ("山东", "烟台"))
                name = f"{head}{mark}{one(rng, industry.words)}{suffix}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("cannot find a unique enterprise name")  # pragma: no cover

    def _code(self, prefix: str, division: str, new_style: bool) -> str:
        while True:
            code = uscc(self.rng, prefix, division, new_style)
            if code not in self.used_usccs:
                self.used_usccs.add(code)
                return code

    def make(self, enterprise_id: int, created: dt.datetime) -> EnterpriseDraft:
        rng = self.rng
        place = _PLACES.pick(rng)
        industry = _INDUSTRY_BY_PLACE[place.code].pick(rng)
        draw = rng.random()
        if draw < industry.individual_rate:
            kind, prefix = "individual", "92"
        elif draw < industry.individual_rate + industry.coop_rate:
            kind, prefix = "coop", "93"
        else:
            kind, prefix = "company", "91"
        established = self._established()
        division = _USCC_DIVISIONS[place.code].pick(rng)
        # 蓬莱区 exists since the 2020 merger; older codes keep 蓬莱市 (370684) or 长岛县 (370634).
        merged = established >= dt.date(2020, 7, 1)
        if division in ("370684", "370634") and merged:
            division = "370614"
        elif division == "370614" and not merged:
            division = "370684"
        new_style = prefix != "91" or established >= NEW_CODES_SINCE
        code = self._code(prefix, division, new_style)
        name = self._name(place, industry, kind)
        male = rng.random() < 0.8
        former: list[str] = []
        if kind == "company" and rng.random() < 0.06:
            former = [f"{_NAME_PREFIXES[place.code].pick(rng)}{brand(rng)}{industry.words[0]}厂"]
            if former[0] == name:
                former = []
        row: dict[str, object] = {
            "id": enterprise_id,
            "uscc": code,
            "name": name,
            "former_names": former,
            "legal_representative": person_name(rng, male),
            "district_code": place.code,
            "industry": industry.label,
            "address": address(rng, place),
            "registration_status": _STATUS.pick(rng),
            "established_on": established,
            "created_at": created,
            "updated_at": created,
        }
        party_type = "individual_business" if kind == "individual" else "legal_entity"
        return EnterpriseDraft(row, place, industry, party_type, male)
