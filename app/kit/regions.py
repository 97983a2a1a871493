"""Administrative divisions of the default region (Yantai, 370600).

Historical codes stay valid for credit codes issued before a merger (DOMAIN.md): a USCC is never
rejected because its region no longer exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.kit.errors import FieldError


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    kind: str  # "district", "county_city", "zone" (functional zone, statistical code only)
    current: bool = True
    merged_into: str | None = None


YANTAI: tuple[Division, ...] = (
    Division("370602", "芝罘区", "district"),
    Division("370611", "福山区", "district"),
    Division("370612", "牟平区", "district"),
    Division("370613", "莱山区", "district"),
    Division("370614", "蓬莱区", "district"),
    Division("370681", "龙口市", "county_city"),
    Division("370682", "莱阳市", "county_city"),
    Division("370683", "莱州市", "county_city"),
    Division("370685", "招远市", "county_city"),
    Division("370686", "栖霞市", "county_city"),
    Division("370687", "海阳市", "county_city"),
    Division("370671", "烟台高新技术产业开发区", "zone"),
    Division("370672", "烟台经济技术开发区", "zone"),
)

HISTORICAL: tuple[Division, ...] = (
    Division("370684", "蓬莱市", "county_city", current=False, merged_into="370614"),
    Division("370634", "长岛县", "county", current=False, merged_into="370614"),
    Division("370600", "烟台市", "prefecture"),
)

_BY_CODE = {d.code: d for d in (*YANTAI, *HISTORICAL)}


def division_name(code: str | None) -> str | None:
    """The name of a division code, or None when it is not one of the region's."""
    if code is None:
        return None
    division = _BY_CODE.get(code)
    return division.name if division else None


def current_divisions() -> tuple[Division, ...]:
    return YANTAI


def is_known_division(code: str) -> bool:
    return code in _BY_CODE


def parse_district(raw: str | None, problems: list[FieldError]) -> str | None:
    """A ``district`` parameter: one of the city's county-level codes, or None; an unknown one
    adds a Chinese reason to ``problems``."""
    code = (raw or "").strip() or None
    if code is not None and not is_known_division(code):
        message = f"未知的区县代码“{code}”，应为本市区县的6位行政区划代码"
        problems.append(FieldError("district", message, "unknown"))
        return None
    return code
