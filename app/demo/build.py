"""Generate the demo data set and write it with bulk inserts, table by table.

Speed: rows are plain dicts written in chunks with the driver's ``executemany`` (app.demo.bulk)
inside the caller's transaction; ids are assigned here (from the tables' current maximum) so that
no row needs a query; only the few persons get their ID number encrypted.

Determinism: every phase draws from its own ``random.Random`` seeded with ``"{seed}:{phase}"``,
and every date comes from ``as_of``, never from the clock. The one exception is the encrypted ID
number (Fernet uses a fresh IV and timestamp each time): it decrypts to the same number.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select

from app.credit.rules import penalty_points
from app.demo import licences, lists
from app.demo.bulk import CHUNK, write
from app.demo.names import EnterpriseDraft, EnterpriseFactory, person_name
from app.demo.penalties import (
    Authorities,
    PenaltyDraft,
    PenaltyFactory,
    assign_decision_numbers,
    corrected,
    version_row,
)
from app.demo.persons import PersonFactory
from app.demo.violations import VIOLATIONS
from app.kit.clock import SHANGHAI
from app.models import (
    CreditAssessment,
    Enterprise,
    EnterprisePerson,
    LicenceRecord,
    LicenceVersion,
    ListEntry,
    MeasureFeedback,
    PenaltyRecord,
    PenaltyVersion,
    Person,
    Severity,
)
from app.models.listing import list_entry_penalties
from app.publication.periods import add_months
from app.publication.rules import RuleBook, load_rule_book

SHOWCASE = 3  # the first enterprises that always have a black-list case / a red-list entry
RED_SHARE = 0.004  # red-list entries per batch, as a share of all enterprises
CORRECTION_SHARE = 0.03  # published penalties later corrected by a second version

Advance = Callable[[str, int], None]
_BLACKABLE = frozenset(key for key, v in VIOLATIONS.items() if v.black_category is not None)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


ENTERPRISES = _table(Enterprise)
PERSONS = _table(Person)
LINKS = _table(EnterprisePerson)
RECORDS = _table(PenaltyRecord)
VERSIONS = _table(PenaltyVersion)
ENTRIES = _table(ListEntry)
ASSESSMENTS = _table(CreditAssessment)
ENTRY_PENALTIES = list_entry_penalties
LICENCE_RECORDS = _table(LicenceRecord)
LICENCE_VERSIONS = _table(LicenceVersion)
FEEDBACKS = _table(MeasureFeedback)
ID_TABLES = (
    ENTERPRISES,
    PERSONS,
    LINKS,
    RECORDS,
    VERSIONS,
    ENTRIES,
    ASSESSMENTS,
    LICENCE_RECORDS,
    LICENCE_VERSIONS,
    FEEDBACKS,
)


@dataclass
class Scheme:
    id: int
    definition: Mapping[str, Any]


@dataclass
class Existing:
    """What the database holds already (empty unless ``--force``): ids and unique values."""

    next_ids: dict[str, int]
    usccs: set[str] = field(default_factory=set)
    decision_numbers: set[tuple[int, str]] = field(default_factory=set)
    person_hashes: set[str] = field(default_factory=set)


def read_existing(conn: Connection) -> Existing:
    next_ids = {t.name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1 for t in ID_TABLES}
    existing = Existing(next_ids)
    if next_ids[ENTERPRISES.name] > 1:
        existing.usccs = set(conn.scalars(select(ENTERPRISES.c.uscc)))
    if next_ids[RECORDS.name] > 1:
        rows = conn.execute(select(RECORDS.c.authority_id, RECORDS.c.decision_number))
        existing.decision_numbers = {(r[0], r[1]) for r in rows}
    if next_ids[PERSONS.name] > 1:
        hashes = conn.scalars(select(PERSONS.c.id_hash).where(PERSONS.c.id_hash.is_not(None)))
        existing.person_hashes = set(hashes)
    return existing


@dataclass
class DemoBuild:
    conn: Connection
    seed: int
    as_of: dt.date
    authorities: Authorities
    scheme: Scheme
    existing: Existing
    hash_key: str
    encryption_key: str
    advance: Advance
    counts: dict[str, int] = field(default_factory=dict)
    holders: list[licences.Holder] = field(default_factory=list)  # active: may hold licences
    entries: list[dict[str, Any]] = field(default_factory=list)  # the list entries written

    def rng(self, phase: str) -> random.Random:
        return random.Random(f"{self.seed}:{phase}")

    @cached_property
    def rules(self) -> RuleBook:
        """The publication rule sets of the database (periods by decision date)."""
        return load_rule_book(self.conn)

    @cached_property
    def created(self) -> dt.datetime:
        """When the registry was loaded into the portal: before the oldest penalty."""
        day = add_months(self.as_of, -49)
        return dt.datetime.combine(day, dt.time(0), tzinfo=SHANGHAI).astimezone(dt.UTC)

    def _write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        write(self.conn, table, rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    # --- enterprises ---------------------------------------------------------------------

    def enterprises(
        self, count: int
    ) -> tuple[list[EnterpriseDraft], list[EnterpriseDraft], list[tuple[int, dt.date]]]:
        """Write ``count`` enterprises; return the penalised ones (showcase first flagged by
        position), the showcase ones, and the assessed green ones (id, established)."""
        factory = EnterpriseFactory(self.rng("enterprises"), self.as_of, self.existing.usccs)
        pick = self.rng("selection")
        first_id = self.existing.next_ids[ENTERPRISES.name]
        penalised: list[EnterpriseDraft] = []
        showcase: list[EnterpriseDraft] = []
        green: list[tuple[int, dt.date]] = []
        settled = self.as_of - dt.timedelta(days=120)
        seasoned = self.as_of - dt.timedelta(days=400)  # showcase cases are decided by then
        for start in range(0, count, CHUNK):
            rows = []
            for index in range(start, min(count, start + CHUNK)):
                draft = factory.make(first_id + index, self.created)
                rows.append(draft.row)
                established = cast(dt.date, draft.row["established_on"])
                # Penalties come at least three months after establishment.
                rate = draft.industry.penalty_rate if established < settled else 0.0
                blackable = rate >= 0.05 and any(v in _BLACKABLE for v in draft.industry.violations)
                if (
                    len(showcase) < SHOWCASE
                    and blackable
                    and draft.party_type == "legal_entity"
                    and established < seasoned
                ):
                    showcase.append(draft)
                    penalised.append(draft)
                elif pick.random() < rate:
                    penalised.append(draft)
                elif draft.row["registration_status"] == "active" and (
                    pick.random() < draft.industry.assess_rate
                ):
                    green.append((cast(int, draft.row["id"]), established))
                if draft.row["registration_status"] == "active":
                    self.holders.append(
                        licences.Holder(
                            id=cast(int, draft.row["id"]),
                            uscc=cast(str, draft.row["uscc"]),
                            name=cast(str, draft.row["name"]),
                            legal_representative=cast(
                                "str | None", draft.row["legal_representative"]
                            ),
                            district_code=cast(str, draft.row["district_code"]),
                            established=established,
                        )
                    )
            self._write(ENTERPRISES, rows)
            self.advance("enterprises", len(rows))
        return penalised, showcase, green

    # --- persons and penalties -----------------------------------------------------------

    def penalties(
        self, penalised: list[EnterpriseDraft], showcase: list[EnterpriseDraft]
    ) -> dict[int, list[PenaltyDraft]]:
        ids = self.existing.next_ids
        people = PersonFactory(
            self.rng("persons"),
            self.hash_key,
            self.encryption_key,
            ids[PERSONS.name],
            ids[LINKS.name],
            self.existing.person_hashes,
            self.created,
        )
        factory = PenaltyFactory(
            self.rng("penalties"), self.as_of, self.authorities, ids[RECORDS.name]
        )
        roles = self.rng("roles")
        showcase_ids = {cast(int, e.row["id"]) for e in showcase}
        by_enterprise: dict[int, list[PenaltyDraft]] = {}
        for e in penalised:
            eid = cast(int, e.row["id"])
            since = cast(dt.date, e.row["established_on"])
            rep_id, rep = people.person(cast(str, e.row["legal_representative"]), e.male_rep)
            people.link(eid, rep_id, "legal_representative", since)
            drafts = factory.for_enterprise(e, rep["id_hash"])
            if eid in showcase_ids:
                drafts.append(factory.showcase(e, rep["id_hash"], _BLACKABLE))
            drafts.sort(key=lambda d: (d.decision_date, d.record_id))
            by_enterprise[eid] = drafts
            if roles.random() < 0.6:
                people.link(eid, rep_id, "principal", since)
            else:
                principal, _ = people.person(person_name(roles, True), roles.random() < 0.8)
                people.link(eid, principal, "principal", since)
            if any(d.severity != Severity.minor for d in drafts) and roles.random() < 0.7:
                male = roles.random() < 0.75
                staff, _ = people.person(person_name(roles, male), male)
                first_seen = drafts[0].inspection_date
                days = max(1, (first_seen - since).days)
                joined = since + dt.timedelta(days=roles.randrange(days))
                people.link(eid, staff, "directly_responsible", joined)
            if any(d.severity == Severity.serious for d in drafts) and roles.random() < 0.5:
                people.link(eid, rep_id, "actual_controller", since)
            self.advance("penalties", 1)
        natural = self._natural_persons(factory, people, len(penalised) // 60 + 1)
        all_drafts = [d for drafts in by_enterprise.values() for d in drafts] + natural
        assign_decision_numbers(self.rng("numbers"), all_drafts, self.existing.decision_numbers)
        for d in all_drafts:
            d.points = penalty_points(self.scheme.definition, d.categories, d.fine)
        self._write(PERSONS, people.persons)
        self._write(LINKS, people.links)
        self._write_penalties(all_drafts)
        return by_enterprise

    def _natural_persons(
        self, factory: PenaltyFactory, people: PersonFactory, count: int
    ) -> list[PenaltyDraft]:
        rng = self.rng("natural-persons")
        drafts = []
        for _ in range(count):
            male = rng.random() < 0.85
            name = person_name(rng, male)
            _, forms = people.person(name, male)
            party = {
                "party_name": name,
                "party_type": "natural_person",
                "party_id_type": "身份证",
                "party_id_hash": forms["id_hash"],
                "party_id_masked": forms["id_masked"],
                "party_id_encrypted": forms["id_encrypted"],
            }
            place = rng.choice(sorted(self.authorities.by_district))
            drafts.append(factory.for_person(party, place))
        return drafts

    def _write_penalties(self, drafts: list[PenaltyDraft]) -> None:
        rng = self.rng("corrections")
        next_version = self.existing.next_ids[VERSIONS.name]
        records: list[dict[str, Any]] = []
        versions: list[dict[str, Any]] = []
        for d in sorted(drafts, key=lambda d: d.record_id):
            created = dt.datetime.combine(d.decision_date, dt.time(1), tzinfo=dt.UTC)
            records.append(
                {
                    "id": d.record_id,
                    "authority_id": d.authority.id,
                    "decision_number": d.decision_number,
                    "enterprise_id": d.enterprise.row["id"] if d.enterprise else None,
                    "withdrawn_at": None,
                    "withdrawal_reason": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            current = version_row(d, next_version, self.rules)
            first = None
            if rng.random() < CORRECTION_SHARE:
                first = corrected(rng, d, current, self.as_of)
            if first is not None:
                versions.append(first)
                next_version += 1
                current["id"] = next_version
            versions.append(current)
            next_version += 1
        self._write(RECORDS, records)
        self._write(VERSIONS, versions)

    # --- lists and assessments -----------------------------------------------------------

    def lists_and_assessments(
        self,
        by_enterprise: dict[int, list[PenaltyDraft]],
        showcase: list[EnterpriseDraft],
        green: list[tuple[int, dt.date]],
        total: int,
    ) -> None:
        ids = self.existing.next_ids
        black, links = lists.black_entries(
            self.rng("black-list"),
            by_enterprise,
            self.as_of,
            self.authorities.city,
            ids[ENTRIES.name],
            {cast(int, e.row["id"]) for e in showcase},
        )
        share = min(0.5, RED_SHARE * total / max(1, len(green)))
        red = lists.red_entries(
            self.rng("red-list"),
            green,
            self.as_of,
            share,
            ids[ENTRIES.name] + len(black),
            SHOWCASE,
            self.authorities.city.id,
        )
        self._write(ENTRIES, black + red)
        self.entries = black + red
        self._write(ENTRY_PENALTIES, links)
        rows: list[dict[str, Any]] = []
        for eid, drafts in by_enterprise.items():
            rows.extend(
                lists.assessments_for(
                    eid, drafts, self.scheme.definition, self.scheme.id, self.as_of
                )
            )
        latest = lists.annual_year(self.as_of)
        assessed = [eid for eid, established in green if established < dt.date(latest, 1, 1)]
        rows += lists.green_assessments(
            assessed, self.scheme.id, self.as_of, self.scheme.definition
        )
        first = ids[ASSESSMENTS.name]
        for offset, row in enumerate(rows):
            row["id"] = first + offset
        self._write(ASSESSMENTS, rows)

    # --- licences and joint-measure feedback ---------------------------------------------

    def licences_and_feedback(self) -> None:
        ids = self.existing.next_ids
        records, versions = licences.licence_rows(
            self.conn,
            self.rng("licences"),
            self.holders,
            self.authorities,
            self.as_of,
            ids[LICENCE_RECORDS.name],
            ids[LICENCE_VERSIONS.name],
        )
        self._write(LICENCE_RECORDS, records)
        self._write(LICENCE_VERSIONS, versions)
        feedback = licences.feedback_rows(
            self.conn, self.rng("feedback"), self.entries, self.as_of, ids[FEEDBACKS.name]
        )
        self._write(FEEDBACKS, feedback)
