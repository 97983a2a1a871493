"""Penalty decisions of the demo data: who, what, which law, how much, when, under which number."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from app.demo.names import EnterpriseDraft, Weighted, person_name
from app.demo.violations import LIMITS, VIOLATIONS, Violation, cn_date, rmb_upper, wan_text
from app.kit.clock import SHANGHAI
from app.models.penalty import Severity
from app.publication.periods import add_months
from app.publication.rules import RuleBook

CITY_DIVISION = "370600"
_COUNT = Weighted(((1, 75.0), (2, 20.0), (3, 5.0)))
PARTY_FIELDS = (
    "party_name",
    "party_type",
    "party_uscc",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_hash",
    "party_id_type",
    "party_id_hash",
    "party_id_masked",
    "party_id_encrypted",
)
_CORRECTIONS = (
    "更正违法事实中的检查日期笔误",
    "更正法定代表人姓名笔误",
    "补充处罚依据的条款项",
)


@dataclass(frozen=True)
class AuthorityRef:
    id: int
    name: str
    uscc: str
    district_code: str
    decision_prefix: str


@dataclass
class PenaltyDraft:
    record_id: int
    enterprise: EnterpriseDraft | None
    authority: AuthorityRef
    violation: Violation
    severity: Severity
    decision_date: dt.date
    inspection_date: dt.date
    fine: Decimal
    categories: list[str]
    content: str
    facts: str
    remarks: str | None
    party: dict[str, Any]
    district_code: str
    decision_number: str = ""
    points: int = 0
    published_at: dt.datetime = field(default_factory=lambda: dt.datetime.min)


class Authorities:
    """The seeded authorities: the city bureau and its branch per division."""

    def __init__(self, authorities: list[AuthorityRef]) -> None:
        by_district = {a.district_code: a for a in sorted(authorities, key=lambda a: a.id)}
        if CITY_DIVISION not in by_district:
            raise LookupError("未找到烟台市生态环境局（370600）：请先运行 ecocredit db upgrade")
        self.city = by_district[CITY_DIVISION]
        self.by_district = by_district

    def deciding(self, rng: random.Random, district: str, serious: bool) -> AuthorityRef:
        branch = self.by_district.get(district, self.city)
        return self.city if rng.random() < (0.5 if serious else 0.2) else branch


def _fine(rng: random.Random, v: Violation, severity: Severity) -> Decimal:
    if v.fine_kind == "investment":  # 1%-5% of the project's total investment
        investment = max(200, round(10 ** rng.uniform(2.3, 4.0), -1))
        rate = rng.choice(("3", "4", "5") if severity == Severity.serious else ("1", "1.5", "2"))
        return Decimal(int(investment)) * Decimal(rate) / 100
    if v.fine_kind == "disposal":  # 3-5 times the disposal cost, at least 20万元 of cost
        cost = max(int(v.fine_min), rng.randint(8, 60))
        return Decimal(cost * rng.randint(3, 5))
    if severity == Severity.minor:
        return v.fine_min
    span = float(v.fine_max - v.fine_min)
    if severity == Severity.serious:
        value = Decimal(round(float(v.fine_min) + span * (0.5 + 0.5 * rng.random())))
    else:
        places = 2 if v.fine_max < 1 else 1
        value = Decimal(str(round(float(v.fine_min) + span * rng.random() ** 2, places)))
    return min(max(value, v.fine_min), v.fine_max)


def _detail(rng: random.Random, v: Violation, severity: Severity, word: str) -> str:
    detail = rng.choice(v.details)
    if detail not in LIMITS:
        return detail.format(word=word)
    limit, unit, standard = LIMITS[detail]
    times = rng.uniform(3.1, 8.0) if severity == Severity.serious else rng.uniform(0.1, 1.9)
    value = round(limit * (1 + times), 2)
    text = (
        f"{detail}排放浓度为{value:g}{unit}，超过{standard}规定的排放限值（{limit:g}{unit}）"
        f"{times:.2f}倍。"
    )
    if severity == Severity.serious:
        text += "超过排放标准三倍以上，涉嫌污染环境犯罪。"
    return text


class PenaltyFactory:
    def __init__(
        self, rng: random.Random, as_of: dt.date, authorities: Authorities, first_record_id: int
    ) -> None:
        self.rng = rng
        self.as_of = as_of
        self.authorities = authorities
        self.next_id = first_record_id
        self.first_day = add_months(as_of, -48)
        self.span = (as_of - dt.timedelta(days=10) - self.first_day).days

    def _severity(self, v: Violation) -> Severity:
        draw = self.rng.random()
        if draw < v.serious_rate:
            return Severity.serious
        if draw > 1 - v.minor_rate:
            return Severity.minor
        return Severity.general

    def draft(
        self,
        v: Violation,
        party: dict[str, Any],
        district: str,
        enterprise: EnterpriseDraft | None,
        word: str,
        day: dt.date,
        severity: Severity | None = None,
    ) -> PenaltyDraft:
        rng = self.rng
        severity = severity or self._severity(v)
        authority = self.authorities.deciding(rng, district, severity == Severity.serious)
        inspected = day - dt.timedelta(days=rng.randint(15, 75))
        facts = rng.choice(v.facts).format(
            date=cn_date(inspected), detail=_detail(rng, v, severity, word), word=word
        )
        fine = _fine(rng, v, severity)
        categories = ["罚款"]
        order = v.order
        if severity == Severity.serious:
            categories.append(v.serious_category)
            order = v.serious_order
        yuan = int(fine * 10_000)
        content = f"1.{order}；2.罚款人民币{wan_text(fine)}万元（大写：{rmb_upper(yuan)}）。"
        remarks = None
        if severity == Severity.serious and "公安机关" in order:
            remarks = "已移送公安机关"
        elif severity == Severity.minor:
            remarks = "首次违法、危害后果轻微并及时改正，按法定最低额处罚"
        published = dt.datetime.combine(
            day + dt.timedelta(days=rng.randint(1, 7)),
            dt.time(rng.randint(9, 17), rng.randrange(0, 60, 5)),
            tzinfo=SHANGHAI,
        ).astimezone(dt.UTC)
        record_id = self.next_id
        self.next_id += 1
        return PenaltyDraft(
            record_id=record_id,
            enterprise=enterprise,
            authority=authority,
            violation=v,
            severity=severity,
            decision_date=day,
            inspection_date=inspected,
            fine=fine,
            categories=categories,
            content=content,
            facts=facts,
            remarks=remarks,
            party=party,
            district_code=district,
            published_at=published,
        )

    def decision_day(self, established: dt.date | None = None) -> dt.date:
        """A day in the last four years, and after the party's first three months."""
        first, span = self.first_day, self.span
        if established is not None and established + dt.timedelta(days=90) > first:
            first = established + dt.timedelta(days=90)
            span = max(1, (self.first_day - first).days + self.span)
        return first + dt.timedelta(days=self.rng.randrange(span))

    def _party(self, e: EnterpriseDraft, legal_rep_hash: str) -> dict[str, Any]:
        row = e.row
        return {
            "party_name": row["name"],
            "party_type": e.party_type,
            "party_uscc": row["uscc"],
            "legal_representative": row["legal_representative"],
            "legal_rep_id_type": "身份证",
            "legal_rep_id_hash": legal_rep_hash,
        }

    def for_enterprise(self, e: EnterpriseDraft, legal_rep_hash: str) -> list[PenaltyDraft]:
        rng = self.rng
        party = self._party(e, legal_rep_hash)
        established = cast(dt.date, e.row["established_on"])
        days = sorted(self.decision_day(established) for _ in range(_COUNT.pick(rng)))
        drafts = []
        for day in days:
            v = VIOLATIONS[rng.choice(e.industry.violations)]
            word = rng.choice(e.industry.words)
            drafts.append(self.draft(v, party, e.place.code, e, word, day))
        return drafts

    def showcase(
        self, e: EnterpriseDraft, legal_rep_hash: str, blackable: frozenset[str]
    ) -> PenaltyDraft:
        """A serious case of a black-list kind decided in the last ten months, so that even a
        small demo shows a black-list entry in force."""
        rng = self.rng
        v = VIOLATIONS[rng.choice([k for k in e.industry.violations if k in blackable])]
        established = cast(dt.date, e.row["established_on"])
        day = max(
            self.as_of - dt.timedelta(days=rng.randint(70, 300)),
            established + dt.timedelta(days=90),
        )
        party = self._party(e, legal_rep_hash)
        word = rng.choice(e.industry.words)
        return self.draft(v, party, e.place.code, e, word, day, Severity.serious)

    def for_person(self, party: dict[str, Any], district: str) -> PenaltyDraft:
        return self.draft(VIOLATIONS["burning"], party, district, None, "", self.decision_day())


def assign_decision_numbers(
    rng: random.Random, drafts: list[PenaltyDraft], used: set[tuple[int, str]]
) -> None:
    """Number decisions per authority and year in date order, with the gaps real series have
    (decisions that are not in the data set); numbers already in the database are skipped."""
    groups: dict[tuple[int, int], list[PenaltyDraft]] = defaultdict(list)
    for d in drafts:
        groups[(d.authority.id, d.decision_date.year)].append(d)
    for authority_id, year in sorted(groups):
        group = sorted(groups[(authority_id, year)], key=lambda d: (d.decision_date, d.record_id))
        number = rng.randint(1, 12)
        for d in group:
            while True:
                text = f"{d.authority.decision_prefix}〔{year}〕第{number}号"
                number += rng.randint(1, 3)
                if (authority_id, text) not in used:
                    used.add((authority_id, text))
                    d.decision_number = text
                    break


def version_row(d: PenaltyDraft, version_id: int, book: RuleBook) -> dict[str, Any]:
    """The published version of a draft (the current public one), with the periods of the rule
    set that judges its decision date."""
    severity = d.severity
    rules = book.for_decision(d.decision_date)
    period = rules.period(severity)
    created = dt.datetime.combine(d.decision_date, dt.time(1, 30), tzinfo=dt.UTC)
    return {
        "id": version_id,
        "record_id": d.record_id,
        "version": 1,
        "status": "published",
        "change_reason": None,
        "published_at": d.published_at,
        "superseded_at": None,
        **{key: d.party.get(key) for key in PARTY_FIELDS},
        "violation_type": d.violation.type,
        "violation_facts": d.facts,
        "legal_basis": d.violation.basis,
        "penalty_categories": d.categories,
        "penalty_content": d.content,
        "fine_amount": d.fine,
        "confiscation_amount": None,
        "licence": None,
        "severity": severity.value,
        "decision_date": d.decision_date,
        "valid_until": add_months(d.decision_date, period.maximum_months) - dt.timedelta(days=1),
        "publication_end_date": rules.publication_end(severity, d.decision_date),
        "district_code": d.district_code,
        "data_source_name": d.authority.name,
        "data_source_uscc": d.authority.uscc,
        "remarks": d.remarks,
        "created_at": created,
        "updated_at": d.published_at,
    }


def corrected(
    rng: random.Random, d: PenaltyDraft, current: dict[str, Any], as_of: dt.date
) -> dict[str, Any] | None:
    """Sometimes the first published version had a clerical error and was corrected: return the
    superseded first version (the caller gives it an id) and turn ``current`` into version 2;
    the publication end date stays the same."""
    fixed_at = d.published_at + dt.timedelta(days=rng.randint(5, 40), hours=rng.randint(0, 6))
    if fixed_at.astimezone(SHANGHAI).date() >= as_of:
        return None
    reasons = _CORRECTIONS if current["legal_representative"] else _CORRECTIONS[::2]
    reason = rng.choice(reasons)
    first = dict(current, status="superseded", superseded_at=fixed_at, updated_at=fixed_at)
    if reason == _CORRECTIONS[0]:
        wrong = cn_date(d.inspection_date - dt.timedelta(days=rng.randint(1, 9)))
        first["violation_facts"] = d.facts.replace(cn_date(d.inspection_date), wrong, 1)
    elif reason == _CORRECTIONS[1]:
        first["legal_representative"] = person_name(rng, True)
    else:
        first["legal_basis"] = d.violation.basis.rsplit("第", 1)[0]
    current.update(version=2, change_reason=reason, published_at=fixed_at, updated_at=fixed_at)
    current["created_at"] = fixed_at - dt.timedelta(hours=2)
    return first
