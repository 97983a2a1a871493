"""`ecocredit demo` and the reference data: what a user finds in the database after a load."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.config import get_settings
from app.credit.rules import (
    SHANDONG_2020,
    SHANDONG_2020_CODE,
    level_for_points,
    penalty_points,
)
from app.demo.build import ENTRY_PENALTIES, ID_TABLES
from app.demo.loader import DEMO_AS_OF, TABLE_LABELS, DemoSummary, load_demo
from app.demo.names import fast_uscc
from app.demo.violations import VIOLATIONS, rmb_upper
from app.kit.db import make_engine
from app.kit.identifiers import USCC_CHARSET, make_uscc, parse_resident_id, parse_uscc
from app.kit.regions import YANTAI, is_known_division
from app.kit.secrets import decrypt, keyed_hash
from app.main import create_app
from app.models import (
    Authority,
    BlackListCategory,
    CreditAssessment,
    CreditScheme,
    Enterprise,
    EnterprisePerson,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
    Person,
)
from app.publication.periods import add_months
from tests.conftest import DatabaseFactory, make_settings

N = 400
SEED = 7
DECISION_NUMBER = re.compile(r"^(烟\w*环罚)〔(\d{4})〕第(\d+)号$")


def _load(url: str, seed: int = SEED, *, force: bool = False) -> DemoSummary:
    console = Console(file=io.StringIO(), width=120)
    summary = load_demo(make_settings(url), enterprises=N, seed=seed, force=force, console=console)
    assert summary is not None
    return summary


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the demo writes, in key order; encrypted ID numbers decrypted (Fernet tokens
    differ on every encryption by design)."""
    key = make_settings(url).id_encryption_key
    engine = make_engine(url)
    tables = {t.name: t for t in (*ID_TABLES, ENTRY_PENALTIES)}
    try:
        with engine.connect() as conn:
            dump = {}
            for name in TABLE_LABELS:
                table = tables[name]
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                columns = list(table.columns)
                encrypted = [i for i, c in enumerate(columns) if c.name.endswith("_encrypted")]
                dump[name] = [
                    tuple(decrypt(key, v) if i in encrypted and v else v for i, v in enumerate(row))
                    for row in rows
                ]
            return dump
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_url(database_factory: DatabaseFactory) -> str:
    url = database_factory.create()
    _load(url)
    return url


@pytest.fixture(scope="module")
def demo_engine(demo_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(demo_engine: Engine) -> Iterator[Session]:
    with Session(demo_engine) as session:
        yield session


# --- reference data (the seed migration) ------------------------------------------------------


def test_migrations_seed_the_yantai_authorities(session: Session) -> None:
    authorities = session.scalars(select(Authority).where(Authority.name.like("烟台市%"))).all()
    by_district = {a.district_code: a for a in authorities}
    city = by_district["370600"]
    assert (city.name, city.decision_prefix) == ("烟台市生态环境局", "烟环罚")
    assert by_district["370611"].name == "烟台市生态环境局福山分局"
    assert by_district["370611"].decision_prefix == "烟福环罚"
    assert by_district["370683"].decision_prefix == "烟莱环罚"
    assert {d.code for d in YANTAI} <= set(by_district)  # a branch per county-level division
    assert len(authorities) == len(YANTAI) + 1
    assert len({a.decision_prefix for a in authorities}) == len(authorities)
    for authority in authorities:
        assert parse_uscc(authority.uscc) == authority.uscc
        assert authority.uscc.startswith("11" + authority.district_code)


def test_migrations_seed_the_shandong_scheme(session: Session) -> None:
    scheme = session.scalars(
        select(CreditScheme).where(CreditScheme.code == SHANDONG_2020_CODE)
    ).one()
    assert scheme.effective_from == dt.date(2020, 12, 31)
    assert scheme.effective_to is None
    # The migration's frozen copy is the definition the code knows.
    assert scheme.definition == SHANDONG_2020
    assert [level["label"] for level in scheme.definition["levels"]] == [
        "绿色",
        "蓝色",
        "黄色",
        "黑色",
    ]


# --- determinism and refusal ------------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(
    demo_url: str, fresh_database: Callable[[], str]
) -> None:
    again, other = fresh_database(), fresh_database()
    _load(again)
    _load(other, seed=SEED + 1)
    first = _dump(demo_url)
    assert first == _dump(again)
    different = _dump(other)
    assert [row[1:3] for row in first["enterprises"]] != [
        row[1:3] for row in different["enterprises"]
    ]


def test_a_database_with_enterprises_is_refused_without_force(
    demo_url: str, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", demo_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["demo", "--enterprises", "300"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert f"数据库中已有 {N} 家企业" in result.stderr
    assert "--force" in result.stderr
    assert db.scalar(select(func.count()).select_from(Enterprise)) == N


def test_if_empty_keeps_a_database_with_enterprises_and_exits_0(
    demo_url: str, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", demo_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["demo", "--enterprises", "300", "--if-empty"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "保留现有数据" in result.stdout
    assert db.scalar(select(func.count()).select_from(Enterprise)) == N


def test_the_command_dates_the_data_from_as_of(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_database()
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        args = ["demo", "--enterprises", "300", "--seed", "3", "--as-of", "2025-06-30"]
        result = CliRunner().invoke(cli_app, args)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "基准日 2025-06-30" in result.stdout
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            latest = conn.scalar(select(func.max(PenaltyVersion.decision_date)))
            enterprises = conn.scalar(select(func.count()).select_from(Enterprise))
    finally:
        engine.dispose()
    assert enterprises == 300
    assert latest is not None
    assert dt.date(2025, 1, 1) < latest < dt.date(2025, 6, 30)


def test_force_adds_a_second_load_without_clashing(fresh_database: Callable[[], str]) -> None:
    url = fresh_database()
    _load(url)
    summary = _load(url, force=True)  # the same seed again: codes and numbers must not clash
    assert summary.counts["enterprises"] == N
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            codes = conn.scalars(select(Enterprise.uscc)).all()
            numbers = conn.execute(
                select(PenaltyRecord.authority_id, PenaltyRecord.decision_number)
            ).all()
    finally:
        engine.dispose()
    assert len(codes) == len(set(codes)) == 2 * N
    assert len(numbers) == len(set(numbers))


# --- what the data looks like -----------------------------------------------------------------


def test_every_credit_code_is_valid_and_from_yantai(db: Session) -> None:
    codes = list(db.scalars(select(Enterprise.uscc)))
    codes += [c for c in db.scalars(select(PenaltyVersion.party_uscc)) if c]
    codes += list(db.scalars(select(PenaltyVersion.data_source_uscc)))
    codes += list(db.scalars(select(Authority.uscc)))
    for code in codes:
        assert parse_uscc(code) == code
        assert is_known_division(code[2:8]), code
    assert {code[:2] for code in codes} >= {"91", "92", "11"}
    assert any(code[2:8] in ("370684", "370634") for code in codes)  # historical divisions
    districts = set(db.scalars(select(Enterprise.district_code)))
    assert districts == {d.code for d in YANTAI}


def test_decision_numbers_are_local_style_and_unique_per_authority(db: Session) -> None:
    rows = db.execute(
        select(
            PenaltyRecord.authority_id,
            PenaltyRecord.decision_number,
            Authority.decision_prefix,
            PenaltyVersion.decision_date,
        )
        .join(Authority, Authority.id == PenaltyRecord.authority_id)
        .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
    ).all()
    assert rows
    for row in rows:
        match = DECISION_NUMBER.match(row.decision_number)
        assert match, row.decision_number
        assert match[1] == row.decision_prefix
        assert int(match[2]) == row.decision_date.year
    records = {(row.authority_id, row.decision_number) for row in rows}
    assert len(records) == db.scalar(select(func.count()).select_from(PenaltyRecord))


def test_fines_are_exact_and_within_the_statutory_range(db: Session) -> None:
    by_type = {v.type: v for v in VIOLATIONS.values()}
    versions = db.scalars(select(PenaltyVersion)).all()
    assert {v.severity for v in versions} >= {"general", "serious"}
    for version in versions:
        fine = version.fine_amount
        assert isinstance(fine, Decimal)
        assert fine.as_tuple().exponent >= -6  # type: ignore[operator]  # finite Decimal
        violation = by_type[version.violation_type]
        if violation.fine_kind == "range":
            assert violation.fine_min <= fine <= violation.fine_max, version.violation_type
        assert violation.basis == version.legal_basis or version.status == "superseded"
        assert version.penalty_categories[0] == "罚款"
        assert f"罚款人民币{fine.normalize():f}万元" in version.penalty_content


def test_penalties_come_after_the_enterprise_was_established(db: Session) -> None:
    rows = db.execute(
        select(PenaltyVersion.decision_date, Enterprise.established_on)
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .join(Enterprise, Enterprise.id == PenaltyRecord.enterprise_id)
    ).all()
    assert rows
    assert all(established and established < decided for decided, established in rows)


def test_published_penalties_follow_the_publication_rules(db: Session) -> None:
    versions = db.scalars(select(PenaltyVersion).where(PenaltyVersion.status == "published"))
    for v in versions:
        assert v.published_at is not None
        assert v.decision_date <= v.published_at.date() <= DEMO_AS_OF
        if v.severity == "minor":
            assert v.publication_end_date is None
        else:
            months = 12 if v.severity == "general" else 36
            end = add_months(v.decision_date, months) - dt.timedelta(days=1)
            assert v.publication_end_date == end


def test_no_plain_id_number_is_stored(db: Session, demo_url: str) -> None:
    settings = make_settings(demo_url)
    persons = db.scalars(select(Person)).all()
    assert persons
    numbers = set()
    for person in persons:
        assert person.id_encrypted
        assert person.id_hash
        assert person.id_masked
        number = decrypt(settings.id_encryption_key, person.id_encrypted)
        assert parse_resident_id(number).number == number
        assert person.id_hash == keyed_hash(settings.id_hash_key, number)
        assert person.id_masked == number[:6] + "********" + number[-4:]
        numbers.add(number)
    for table in (*ID_TABLES, ENTRY_PENALTIES):
        for row in db.execute(select(table)):
            for value in row:
                if isinstance(value, str):
                    assert not any(number in value for number in numbers), table.name


def test_persons_are_linked_with_their_roles(db: Session) -> None:
    roles = dict(
        db.execute(
            select(EnterprisePerson.role, func.count()).group_by(EnterprisePerson.role)
        ).all()
    )
    assert set(roles) >= {"legal_representative", "principal", "directly_responsible"}
    reps = db.execute(
        select(Person.name, Enterprise.legal_representative)
        .join(EnterprisePerson, EnterprisePerson.person_id == Person.id)
        .join(Enterprise, Enterprise.id == EnterprisePerson.enterprise_id)
        .where(EnterprisePerson.role == "legal_representative")
    ).all()
    assert reps
    assert all(person == named for person, named in reps)


def test_black_list_entries_cite_serious_penalties(db: Session) -> None:
    entries = db.scalars(select(ListEntry).where(ListEntry.list_type == "black")).all()
    assert entries
    for entry in entries:
        assert BlackListCategory(entry.category or "")
        assert add_months(entry.start_date, 12) <= entry.end_date + dt.timedelta(days=1)
        assert entry.end_date < add_months(entry.start_date, 36)
        cited = db.execute(
            select(PenaltyVersion.severity, PenaltyRecord.enterprise_id)
            .join(ENTRY_PENALTIES, ENTRY_PENALTIES.c.penalty_record_id == PenaltyRecord.id)
            .join(PenaltyVersion, PenaltyVersion.record_id == PenaltyRecord.id)
            .where(ENTRY_PENALTIES.c.list_entry_id == entry.id)
        ).all()
        assert cited
        assert all(s == "serious" and e == entry.enterprise_id for s, e in cited)


def test_assessments_match_the_penalty_points_of_their_window(db: Session) -> None:
    scheme = db.scalars(select(CreditScheme).where(CreditScheme.code == "sd-2020")).one()
    penalties: dict[int | None, list[PenaltyVersion]] = {}
    for version, enterprise_id in db.execute(
        select(PenaltyVersion, PenaltyRecord.enterprise_id)
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .where(PenaltyVersion.status == "published", PenaltyRecord.enterprise_id.is_not(None))
    ):
        penalties.setdefault(enterprise_id, []).append(version)
    assessments = db.scalars(select(CreditAssessment)).all()
    assert {a.level for a in assessments} >= {"green", "yellow", "black"}
    for a in assessments:
        assert a.scheme_id == scheme.id
        start = add_months(a.valid_from, -12)
        expected = sum(
            penalty_points(scheme.definition, v.penalty_categories, v.fine_amount)
            for v in penalties.get(a.enterprise_id, [])
            if start < v.decision_date <= a.valid_from
        )
        assert a.points == expected
        assert a.level == level_for_points(scheme.definition, a.points).code


def test_the_home_page_counts_are_not_zero(
    demo_url: str, frozen_clock: Callable[[dt.date], None]
) -> None:
    frozen_clock(DEMO_AS_OF)
    with TestClient(create_app(make_settings(demo_url))) as client:
        stats = client.get("/api/v1/stats").json()
    assert stats["enterprises"] == N
    assert stats["public_penalties"] > 0
    assert stats["black_list"] > 0
    assert stats["red_list"] > 0


def test_approved_list_entries_were_approved_before_the_load_day(db: Session) -> None:
    entries = db.scalars(select(ListEntry).where(ListEntry.status == "approved")).all()
    assert {e.list_type for e in entries} == {"red", "black"}
    city = db.scalars(select(Authority).where(Authority.district_code == "370600")).one()
    for entry in entries:
        assert entry.approved_at is not None
        assert entry.proposed_at is not None
        assert entry.proposed_at < entry.approved_at
        assert entry.start_date <= DEMO_AS_OF
        assert entry.decision_number
        assert entry.authority_id == city.id


# --- generators -------------------------------------------------------------------------------


def test_the_fast_code_builder_agrees_with_make_uscc() -> None:
    rng = random.Random(0)
    for _ in range(3000):
        head = rng.choice(("91", "92", "93", "11")) + rng.choice(("370602", "370684", "370600"))
        org8 = "".join(rng.choice(USCC_CHARSET) for _ in range(8))
        assert fast_uscc(head, org8) == make_uscc(head[:2], head[2:], org8)


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (123_000, "壹拾贰万叁仟元整"),
        (100_500, "壹拾万零伍佰元整"),
        (1_000_000, "壹佰万元整"),
        (1_005_000, "壹佰万伍仟元整"),
        (20_050, "贰万零伍拾元整"),
        (500, "伍佰元整"),
    ],
)
def test_fines_are_written_in_capital_numerals(yuan: int, text: str) -> None:
    assert rmb_upper(yuan) == text


def test_licences_for_a_share_of_enterprises_in_every_state(db: Session) -> None:
    from app.licences.public_service import LicenceFilters, list_licences
    from app.models import LicenceRecord

    holders = db.scalar(select(func.count(func.distinct(LicenceRecord.enterprise_id))))
    enterprises = db.scalar(select(func.count()).select_from(Enterprise))
    assert holders is not None
    assert enterprises
    assert 0.2 < holders / enterprises < 0.6
    day = DEMO_AS_OF
    for status in ("in_force", "expired", "revoked"):
        page = list_licences(db, "s", day, LicenceFilters(status=status), None, 5)
        assert page.items, status


def test_measure_feedback_in_several_states(
    db: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    from app.measures.service import workspace_overview

    frozen_clock(DEMO_AS_OF)
    states = [m for row in workspace_overview(db) for m in row.measures]
    assert {m.outcome for m in states} >= {"applied", "not_applied", None}
    assert any(m.overdue for m in states)
