"""Time the nomination check: a batch of 10,000 candidates against the demo data (not a test).

    uv run python scripts/bench_nomination.py [--enterprises 300000] [--candidates 10000]
                                              [--runs 5] [--url DATABASE_URL]

Without --url it works on bench-data/nomination.db: a consistent copy (SQLite backup API) of
bench-data/ecocredit.db when another benchmark created that (``scripts/bench_public.py``), else
``ecocredit demo --enterprises N`` is loaded into it; the copy is reused between runs and migrated
to head. The demo data has no nomination bars, so bars are added for the 法定代表人 / 主要负责人 /
直接责任人员 of every black-list entry in force (as reviewers would confirm them), inside a
transaction that is rolled back at the end: the database is left as it was.

The batch mixes what real lists hold: barred persons by 18-digit and legacy 15-digit numbers,
name mismatches, malformed numbers, recorded persons who are not barred, and unknown (clear)
candidates. Printed: the service call (``run_check``) and the whole HTTP request
(``POST /api/v1/nomination-checks`` with a bearer token, JSON in and out), min and median of
``--runs``; target under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.accounts.tokens import create_token
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.db import make_engine
from app.kit.identifiers import id_check_char
from app.kit.migrate import upgrade
from app.kit.secrets import decrypt
from app.main import create_app
from app.models import (
    BarSource,
    BarStatus,
    CheckChannel,
    Enterprise,
    EnterprisePerson,
    ListEntry,
    ListType,
    NominationBar,
    Person,
    User,
)
from app.nomination_bars.service import BARRED_ROLES
from app.nomination_checks.matching import Candidate
from app.nomination_checks.service import run_check
from app.publication.visibility import list_entry_in_force

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
SHARED = DATA / "ecocredit.db"
OWN = DATA / "nomination.db"


def log(message: str) -> None:
    print(f">> {message}", flush=True)


def _enterprises(path: Path) -> int:
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM enterprises").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def prepare_sqlite(enterprises: int) -> str:
    DATA.mkdir(exist_ok=True)
    if _enterprises(OWN) < enterprises:
        OWN.unlink(missing_ok=True)
        if _enterprises(SHARED) >= enterprises:
            log(f"copying {SHARED.name} (another benchmark's demo data) to {OWN.name}")
            source = sqlite3.connect(f"file:{SHARED}?mode=ro", uri=True)
            target = sqlite3.connect(OWN)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            url = f"sqlite:///{OWN}"
            upgrade(url)
            log(f"loading `ecocredit demo --enterprises {enterprises}` into {OWN.name}")
            env = {**os.environ, "ECOCREDIT_DATABASE_URL": url}
            subprocess.run(
                ["uv", "run", "ecocredit", "demo", "--enterprises", str(enterprises)],
                check=True,
                cwd=ROOT,
                env=env,
            )
    return f"sqlite:///{OWN}"


def add_bars(session: Session, today: dt.date) -> list[int]:
    """Approved bars for the barred roles of every black-list entry in force; their person ids."""
    rows = session.execute(
        select(
            EnterprisePerson.person_id,
            EnterprisePerson.role,
            ListEntry.id,
            ListEntry.enterprise_id,
            ListEntry.start_date,
            ListEntry.end_date,
            Enterprise.district_code,
        )
        .join(ListEntry, ListEntry.enterprise_id == EnterprisePerson.enterprise_id)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(
            ListEntry.list_type == ListType.black,
            list_entry_in_force(today),
            EnterprisePerson.role.in_(BARRED_ROLES),
        )
    ).all()
    now = clock.now()
    values = [
        {
            "person_id": r.person_id,
            "enterprise_id": r.enterprise_id,
            "role": r.role,
            "list_entry_id": r.id,
            "source": BarSource.black_list,
            "basis": f"所在单位列入环境信用黑名单（名单记录第{r.id}号）",
            "start_date": r.start_date,
            "end_date": r.end_date,
            "status": BarStatus.approved,
            "district_code": r.district_code,
            "proposed_at": now,
            "reviewed_at": now,
        }
        for r in rows
    ]
    if values:
        session.execute(insert(NominationBar), values)
    session.flush()
    return sorted({r.person_id for r in rows})


def random_id(rng: random.Random) -> str:
    area = rng.choice(["370602", "370611", "370612", "370613", "370681", "370683", "370685"])
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
    first17 = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def candidates(
    session: Session, settings: Settings, barred: list[int], count: int
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rng = random.Random(1580)
    chosen = rng.sample(barred, min(len(barred), 600))
    others = session.execute(
        select(Person.name, Person.id_encrypted)
        .where(Person.id_encrypted.is_not(None), Person.id.not_in(barred))
        .limit(500)
    ).all()
    people = session.execute(
        select(Person.name, Person.id_encrypted).where(Person.id.in_(chosen))
    ).all()
    batch: list[dict[str, Any]] = []
    mix = {"barred": 0, "legacy": 0, "renamed": 0, "recorded_not_barred": 0, "malformed": 0}
    for n, (name, encrypted) in enumerate(people):
        number = decrypt(settings.id_encryption_key, encrypted)
        if n % 6 == 0 and number[6:8] == "19":
            number, kind = number[:6] + number[8:17], "legacy"  # the 15-digit form
        elif n % 6 == 1:
            name, kind = name + "某", "renamed"
        else:
            kind = "barred"
        mix[kind] += 1
        batch.append({"name": name, "id_number": number})
    for name, encrypted in others:
        batch.append({"name": name, "id_number": decrypt(settings.id_encryption_key, encrypted)})
        mix["recorded_not_barred"] += 1
    for _ in range(200):
        batch.append({"name": "某某", "id_number": random_id(rng)[:17] + "Z"})
        mix["malformed"] += 1
    mix["unknown"] = max(0, count - len(batch))
    while len(batch) < count:
        batch.append({"name": "候选人", "id_number": random_id(rng)})
    rng.shuffle(batch)
    for position, candidate in enumerate(batch[:count], start=1):
        candidate["reference"] = f"R{position:05d}"
    return batch[:count], mix


def timed(label: str, runs: int, action: Any) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    print(
        f"{label:<44} min {min(times):6.3f} s   median {statistics.median(times):6.3f} s   "
        f"(runs: {', '.join(f'{t:.3f}' for t in times)})",
        flush=True,
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--enterprises", type=int, default=300_000)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="an already loaded database (default: bench-data/)")
    args = parser.parse_args()

    url = args.url or prepare_sqlite(args.enterprises)
    upgrade(url)
    settings = Settings(
        database_url=url,
        nomination_check_rate_per_minute=1000,
        log_level="WARNING",
    )
    engine = make_engine(url)
    connection = engine.connect()
    outer = connection.begin()  # everything below is rolled back at the end
    factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    try:
        today = clock.today()
        with factory() as session:
            counts = {
                "enterprises": session.scalar(select(func.count()).select_from(Enterprise)),
                "persons": session.scalar(select(func.count()).select_from(Person)),
            }
            barred = add_bars(session, today)
            counts["bars in force"] = session.scalar(
                select(func.count()).select_from(NominationBar)
            )
            batch, mix = candidates(session, settings, barred, args.candidates)
            user = User(
                username="bench-nomination",
                display_name="组织部（基准测试）",
                password_hash="-",  # noqa: S106 - no password: it cannot sign in
                role=Role.nomination,
                districts=[],
                is_active=True,
                failed_attempts=0,
            )
            session.add(user)
            session.flush()
            actor = Actor(user.id, user.username, Role.nomination, None, frozenset())
            secret, _ = create_token(session, actor, user, "bench", ["nomination:check"])
            session.commit()
        print(f"database: {url}")
        print("data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        print("batch: " + ", ".join(f"{k} {v:,}" for k, v in mix.items()))

        items = [
            Candidate(n, c["reference"], c["name"], c["id_number"])
            for n, c in enumerate(batch, start=1)
        ]
        summary: dict[str, int] = {}

        def service() -> None:
            with factory() as session:
                report = run_check(
                    session, settings, actor, items, as_of=today, channel=CheckChannel.api
                )
                check = report.check
                summary.update(
                    barred=check.barred,
                    needs_review=check.needs_review,
                    invalid=check.invalid,
                    clear=check.clear,
                )
                session.commit()

        timed(f"run_check, {len(items):,} candidates", args.runs, service)
        print("answers: " + ", ".join(f"{k} {v:,}" for k, v in summary.items()))

        app = create_app(settings)
        app.state.sessionmaker = factory
        headers = {"Authorization": f"Bearer {secret}"}
        body = {"as_of": today.isoformat(), "candidates": batch}
        with TestClient(app) as client:

            def http() -> None:
                response = client.post("/api/v1/nomination-checks", json=body, headers=headers)
                if response.status_code != 200:
                    raise SystemExit(f"HTTP {response.status_code}: {response.text[:500]}")

            times = timed(f"POST /api/v1/nomination-checks, {len(batch):,}", args.runs, http)
        verdict = "met" if statistics.median(times) < 2.0 else "MISSED"
        print(f"target: a batch of {len(batch):,} under 2 s end to end: {verdict}")
    finally:
        outer.rollback()
        connection.close()
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
