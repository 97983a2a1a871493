"""Personal numbers inside free text: resident ID numbers and private persons' mobile numbers.

Officers sometimes type a party's ID number into the facts of a case ("当事人张三（身份证号
370602198001011234）…"). Such text is public once the record is published, and an ID number is
never published (DOMAIN.md): the services mask what they find before it is stored, and tell the
officer. The audit trail uses the same masking as a second line of defence.

Found: an 18-character resident ID number whose check character holds, a 15-digit legacy number
with a valid date of birth, and an 11-digit mainland mobile number (1[3-9]…). A number inside a
longer run of digits or letters is not one of them (a credit code, a bank account number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.kit.identifiers import IdentifierError, mask_id_number, parse_resident_id

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?![0-9A-Za-z])"
)


@dataclass(frozen=True)
class Masked:
    text: str
    id_numbers: int = 0
    mobiles: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.id_numbers or self.mobiles)


def mask_personal_numbers(text: str, *, mobiles: bool = True) -> Masked:
    """``text`` with every resident ID number masked (``370602********1234``) and, unless not
    ``mobiles``, every mobile number (``138****5678``); with how many of each."""
    found = {"id": 0, "mobile": 0}

    def id_number(match: re.Match[str]) -> str:
        try:
            parse_resident_id(match.group(0))
        except IdentifierError:
            return match.group(0)
        found["id"] += 1
        return mask_id_number(match.group(0).upper())

    def mobile(match: re.Match[str]) -> str:
        found["mobile"] += 1
        return f"{match.group(1)}****{match.group(3)}"

    masked = _ID_NUMBER.sub(id_number, text)
    if mobiles:
        masked = _MOBILE.sub(mobile, masked)
    return Masked(masked, found["id"], found["mobile"])
