"""Matching candidates against the persons barred from nomination: the rules, without storage.

- The ID number decides: a candidate matches a barred person when the keyed hash of their ID
  number (legacy 15-digit numbers widened to 18 first) equals the person's ``id_hash``.
- The name is a cross-check, compared normalised (:func:`name_key`): full-width forms, spaces,
  case and the middle dots of minority names (阿依古丽·买买提 = 阿依古丽•买买提 = 阿依古丽买买提).
  A matching ID number with a different name is ``needs_review``, not ``barred``.
- The reverse: a barred person recorded without an ID number (legacy records) whose name matches a
  candidate is ``needs_review`` too, saying that only the name matched.
- A malformed ID number is ``invalid`` with the reason; it never stops the rest of the batch.

The plain ID number lives only in this module's locals while a candidate is parsed: what leaves
it is the hash (to match) and the masked form (to show).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.kit.identifiers import IdentifierError, mask_id_number, parse_resident_id
from app.kit.secrets import keyed_hash
from app.models.nomination_check import CANDIDATE_STATUS_LABELS, CandidateStatus

NAME_MAX = 100
# Middle dots people type between the parts of a minority name (after NFKC: U+FF65 becomes U+30FB,
# U+0387 becomes U+00B7, the full-width full stop becomes ".").
_NAME_DOTS = frozenset("\u00b7\u2022\u2027\u2219\u22c5\u30fb\u2e31\u16eb\u02d1.")
# A number a spreadsheet turned into scientific notation (3.70602E+17): its digits are lost.
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$", re.IGNORECASE)
SCIENTIFIC_REASON = (
    "身份证号被表格软件转成了科学计数法，后几位已丢失：请把该列设为“文本”格式后重新填写"
)


def name_key(raw: str | None) -> str:
    """A name as it is compared: NFKC, no whitespace or invisible characters, no middle dots,
    case-folded (for names in Latin letters)."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(
        c
        for c in text
        if not c.isspace() and c not in _NAME_DOTS and unicodedata.category(c)[0] not in "CZ"
    ).casefold()


def clean_name(raw: str | None) -> str:
    """A name as it is shown back: NFKC, trimmed, inner runs of whitespace as one space."""
    if not raw:
        return ""
    return " ".join(unicodedata.normalize("NFKC", raw).split())


@dataclass(frozen=True)
class Candidate:
    """One candidate as submitted (``position`` counts from 1: the batch index or file row)."""

    position: int
    reference: str | None
    name: str | None
    id_number: str | None
    problem: str | None = None  # found while reading a file (e.g. a number Excel mangled)


@dataclass(frozen=True)
class ParsedCandidate:
    position: int
    reference: str | None
    name: str
    name_key: str
    id_hash: str | None
    id_masked: str | None
    id_legacy: bool
    problem: str | None


def parse_candidate(hash_key: str, candidate: Candidate) -> ParsedCandidate:
    """Validate the ID number and keep only its hash and masked form."""
    name = clean_name(candidate.name)
    problem = candidate.problem
    if problem is None and len(name) > NAME_MAX:
        problem = f"姓名过长（超过{NAME_MAX}个字）"
    id_hash = id_masked = None
    legacy = False
    if problem is None:
        raw = (candidate.id_number or "").strip()
        if _SCIENTIFIC.match(raw):
            problem = SCIENTIFIC_REASON
        else:
            try:
                resident = parse_resident_id(raw)
            except IdentifierError as error:
                problem = error.message
            else:
                id_hash = keyed_hash(hash_key, resident.number)
                id_masked = mask_id_number(resident.number)
                legacy = resident.legacy
    return ParsedCandidate(
        position=candidate.position,
        reference=candidate.reference,
        name=name,
        name_key=name_key(name),
        id_hash=id_hash,
        id_masked=id_masked,
        id_legacy=legacy,
        problem=problem,
    )


@dataclass(frozen=True)
class BarredPerson:
    """A person with at least one bar in force, and those bars (as answered, JSON-ready)."""

    person_id: int
    name: str
    id_masked: str | None
    bars: tuple[dict[str, Any], ...]

    @property
    def name_key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class Answer:
    position: int
    reference: str | None
    name: str
    id_masked: str | None
    id_legacy: bool
    status: CandidateStatus
    reason: str | None = None
    differences: tuple[dict[str, str | None], ...] = ()
    bars: tuple[dict[str, Any], ...] = ()
    person_ids: tuple[int, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The answer as the API gives it (the caller's reference and the masked number)."""
        return {
            "index": self.position,
            "reference": self.reference,
            "id_masked": self.id_masked,
            "id_legacy": self.id_legacy,
            "status": self.status.value,
            "status_label": CANDIDATE_STATUS_LABELS[self.status],
            "reason": self.reason,
            "differences": list(self.differences),
            "bars": list(self.bars),
        }


def _bars_of(persons: Sequence[BarredPerson]) -> tuple[dict[str, Any], ...]:
    bars = [bar for person in persons for bar in person.bars]
    return tuple(sorted(bars, key=lambda b: (b["end_date"], b["bar_id"]), reverse=True))


def classify(
    candidate: ParsedCandidate,
    by_hash: Mapping[str, BarredPerson],
    legacy_by_name: Mapping[str, Sequence[BarredPerson]],
) -> Answer:
    """The answer for one candidate, given the barred persons found for the batch."""
    base: dict[str, Any] = {
        "position": candidate.position,
        "reference": candidate.reference,
        "name": candidate.name,
        "id_masked": candidate.id_masked,
        "id_legacy": candidate.id_legacy,
    }
    if candidate.problem is not None or candidate.id_hash is None:
        return Answer(
            **base,
            status=CandidateStatus.invalid,
            reason=candidate.problem or "身份证号不能为空",
        )
    person = by_hash.get(candidate.id_hash)
    if person is not None:
        if not candidate.name_key or candidate.name_key == person.name_key:
            return Answer(
                **base,
                status=CandidateStatus.barred,
                bars=_bars_of([person]),
                person_ids=(person.person_id,),
            )
        message = (
            f"身份证号与受限人员的登记一致，但姓名不一致（提交：{candidate.name}；"
            f"登记：{person.name}），请核实是否为同一人"
        )
        return Answer(
            **base,
            status=CandidateStatus.needs_review,
            reason=message,
            differences=(
                {
                    "field": "name",
                    "submitted": candidate.name,
                    "recorded": person.name,
                    "message": "姓名不一致",
                },
            ),
            bars=_bars_of([person]),
            person_ids=(person.person_id,),
        )
    namesakes = legacy_by_name.get(candidate.name_key, ()) if candidate.name_key else ()
    if namesakes:
        recorded = namesakes[0].name
        return Answer(
            **base,
            status=CandidateStatus.needs_review,
            reason=(
                f"受限人员“{recorded}”的登记记录没有身份证号，仅姓名一致，请人工核对是否为同一人"
            ),
            differences=(
                {
                    "field": "id_number",
                    "submitted": candidate.id_masked,
                    "recorded": None,
                    "message": "登记记录无身份证号，无法核对",
                },
            ),
            bars=_bars_of(namesakes),
            person_ids=tuple(p.person_id for p in namesakes),
        )
    return Answer(**base, status=CandidateStatus.clear)


# The order of results on the page and in the result file: barred first.
STATUS_ORDER = {
    CandidateStatus.barred: 0,
    CandidateStatus.needs_review: 1,
    CandidateStatus.invalid: 2,
    CandidateStatus.clear: 3,
}


def bar_ends(bar_end: dt.date, entry_end: dt.date | None) -> dt.date:
    """The day a bar ends: its own end, or its black-list entry's if that comes first."""
    return min(bar_end, entry_end) if entry_end is not None else bar_end
