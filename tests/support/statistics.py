"""Builders for the statistics tests: a small city with penalties public and not public, list
entries, credit levels and repair applications; and the direct counts of what the public API
shows, to hold the statistics against."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.kit import clock
from app.models import (
    Authority,
    Enterprise,
    EntryStatus,
    ListType,
    PartyType,
    PenaltyRecord,
    PenaltyVersion,
    RepairApplication,
    RepairStatus,
    RepairTarget,
)
from tests.support.factories import make_authority, make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import hidden_penalties, make_assessment, make_scheme

TODAY = dt.date(2026, 7, 1)
CHEMICALS = "化学原料和化学制品制造业"
FOOD = "农副食品加工业"
_numbers = itertools.count(1)


@dataclass
class City:
    authority: Authority
    fushan: list[Enterprise]
    zhifu: Enterprise
    penalties: list[PenaltyVersion]
    withdrawn: PenaltyVersion  # public until 2026-06-20


def _utc(day: dt.date, hour: int = 2) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def make_city(session: Session) -> City:
    """Three enterprises in two districts and two industries, penalties of several types and
    months (one of a natural person), penalties that are not public (every reason), list
    entries in force, ended and removed, credit levels now and a year ago."""
    authority = make_authority(session)
    fushan = [make_enterprise(session, district="370611", industry=CHEMICALS) for _ in range(2)]
    zhifu = make_enterprise(session, district="370602", industry=FOOD)
    penalties = [
        make_penalty(session, fushan[0], authority, decision_date=dt.date(2026, 3, 10)),
        make_penalty(
            session,
            fushan[0],
            authority,
            decision_date=dt.date(2026, 5, 20),
            violation_type="未批先建",
            fine_wan=Decimal("20.123456"),
        ),
        make_penalty(session, fushan[1], authority, decision_date=dt.date(2026, 6, 1)),
        make_penalty(
            session,
            zhifu,
            authority,
            decision_date=dt.date(2026, 6, 10),
            violation_type="未批先建",
            fine_wan=None,
        ),
        make_penalty(session, zhifu, authority, decision_date=dt.date(2025, 9, 1)),
    ]
    person = make_penalty(session, fushan[1], authority, decision_date=dt.date(2026, 4, 2))
    person.party_name, person.party_uscc = "李某", None
    person.party_type = PartyType.natural_person
    session.get_one(PenaltyRecord, person.record_id).enterprise_id = None
    penalties.append(person)
    withdrawn = make_penalty(session, zhifu, authority, decision_date=dt.date(2026, 6, 5))
    record = session.get_one(PenaltyRecord, withdrawn.record_id)
    record.withdrawn_at, record.withdrawal_reason = _utc(dt.date(2026, 6, 20)), "repaired"
    hidden_penalties(session, fushan[1])
    _lists(session, fushan, zhifu)
    _levels(session, fushan, zhifu)
    session.flush()
    return City(authority, fushan, zhifu, penalties, withdrawn)


def _lists(session: Session, fushan: list[Enterprise], zhifu: Enterprise) -> None:
    for enterprise, list_type, start, end in (
        (fushan[0], ListType.black, dt.date(2026, 6, 1), dt.date(2027, 5, 31)),
        (zhifu, ListType.red, dt.date(2025, 3, 1), dt.date(2027, 2, 28)),
        (fushan[1], ListType.black, dt.date(2024, 2, 1), dt.date(2025, 1, 31)),  # ended
    ):
        entry = make_list_entry(session, enterprise, list_type, start=start, end=end)
        entry.approved_at = _utc(start)
    removed = make_list_entry(
        session, fushan[1], ListType.red, start=dt.date(2026, 1, 5), end=dt.date(2027, 1, 4)
    )
    removed.approved_at = _utc(dt.date(2026, 1, 5))
    removed.status, removed.removed_at = EntryStatus.removed, _utc(dt.date(2026, 6, 25))
    make_list_entry(session, zhifu, ListType.black, status=EntryStatus.proposed)


def _levels(session: Session, fushan: list[Enterprise], zhifu: Enterprise) -> None:
    scheme = make_scheme(session)
    make_assessment(session, fushan[0], scheme, "green", dt.date(2025, 1, 1), dt.date(2026, 5, 19))
    make_assessment(session, fushan[0], scheme, "yellow", dt.date(2026, 5, 20), points=4)
    make_assessment(session, fushan[1], scheme, "blue", dt.date(2026, 6, 1), points=1)
    make_assessment(session, zhifu, scheme, "green", dt.date(2025, 3, 1))


def make_repair(
    session: Session,
    enterprise: Enterprise,
    version: PenaltyVersion,
    authority: Authority,
    *,
    submitted: dt.date,
    status: RepairStatus = RepairStatus.submitted,
    decided: dt.date | None = None,
) -> RepairApplication:
    repair = RepairApplication(
        number=f"XF{submitted:%Y%m%d}T{next(_numbers):07d}",
        target_type=RepairTarget.penalty,
        penalty_record_id=version.record_id,
        record_version=version.version,
        authority_id=authority.id,
        enterprise_id=enterprise.id,
        uscc=enterprise.uscc,
        party_name=enterprise.name,
        decision_number="烟环罚〔2026〕测试号",
        contact_name="王经理",
        contact_phone="13800000000",
        fine_paid=True,
        rectification_done=True,
        duties_statement="罚款已缴纳，整改已验收。",
        pledge_version="test",
        pledge_text="信用承诺书",
        status=status,
        submitted_at=_utc(submitted),
        submitted_on=submitted,
        accept_within=3,
        decide_within=10,
        decided_at=_utc(decided) if decided else None,
    )
    session.add(repair)
    session.flush()
    return repair


# --- what the public API shows ------------------------------------------------------------------


def public_penalties(client: TestClient, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every penalty of ``/api/v1/penalties`` (all pages), with its enterprise's industry as the
    record API shows it (None for a party without an enterprise)."""
    params: dict[str, Any] = {"limit": 200}
    if as_of is not None:
        params["as_of"] = as_of.isoformat()
    found: list[dict[str, Any]] = []
    industries: dict[str, str | None] = {}
    while True:
        body = client.get("/api/v1/penalties", params=params).json()
        for item in body["items"]:
            url = item["enterprise_url"]
            if url and url not in industries:
                record = client.get("/api/v1" + url, params={"as_of": params.get("as_of")})
                industries[url] = record.json()["industry"]
            item["industry"] = industries.get(url) if url else None
            found.append(item)
        if not body["next_cursor"]:
            return found
        params["cursor"] = body["next_cursor"]


def tally(items: list[dict[str, Any]], key: str) -> dict[Any, tuple[int, Decimal]]:
    counts: Counter[Any] = Counter()
    fines: dict[Any, Decimal] = {}
    for item in items:
        k = item[key]
        counts[k] += 1
        fines[k] = fines.get(k, Decimal(0)) + Decimal(item["fine_amount"] or 0)
    return {k: (counts[k], fines[k]) for k in counts}


def rows_by(statistic: dict[str, Any], key: str = "label") -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in statistic["rows"]}


def statistics(client: TestClient, **params: Any) -> dict[str, dict[str, Any]]:
    """``/api/v1/statistics`` by key (200 asserted)."""
    response = client.get("/api/v1/statistics", params=params)
    assert response.status_code == 200, response.text
    return {s["key"]: s for s in response.json()["statistics"]}


def set_today(day: dt.date = TODAY) -> None:
    clock.set_now(dt.datetime.combine(day, dt.time(10), tzinfo=clock.SHANGHAI))


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def parse_svg(text: str) -> ET.Element:
    """A chart the portal drew (its own output, not untrusted input)."""
    return ET.fromstring(text)  # noqa: S314 - parses the portal's own SVG
