"""Under contention the portal keeps answering: writers on the admin API, feed readers (which
note their position and catch up withdrawals), token first uses and anonymous report readers
(which issue reports and count rates) at once, against a real server on a file database
(SQLite: WAL, one writer at a time; PostgreSQL: row locks). 0 answers of 5xx, no "database is
locked" reaching a client: every request that may write takes the write lock first, and a
reading session refuses writes (so a public GET that writes is found by the route sweeps)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.kit.actor import Role
from app.kit.db import (
    WriteInReadingSession,
    make_engine,
    make_sessionmaker,
    refuse_writes,
    session_scope,
)
from app.models import User
from tests.conftest import LiveServer
from tests.support.factories import make_authority, make_enterprise
from tests.support.repairs import published_penalty
from tests.support.workflows import make_officer, penalty_form

SECONDS = 6.0


def _token(session: Session, role: Role, scopes: list[str], authority: object = None) -> str:
    actor = make_officer(session, role, authority)  # type: ignore[arg-type]  # an Authority
    user = session.get_one(User, actor.user_id)
    secret, _ = create_token(session, actor, user, "并发测试", scopes)
    return secret


def test_writers_feed_readers_and_report_readers_at_once_get_no_5xx(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> None:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        authority = make_authority(session)
        company = make_enterprise(session)
        uscc = company.uscc
        published_penalty(session, enterprise=company)
        writers = [_token(session, Role.clerk, ["admin"], authority) for _ in range(3)]
        readers = [_token(session, Role.reviewer, ["feed:read"]) for _ in range(2)]
        body = penalty_form(company, None)
    engine.dispose()
    body.pop("create_enterprise", None)
    body.update(data_source_name="", data_source_uscc="")
    server = live_server_factory(url)
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def run(name: str, call: Callable[[httpx.Client, int], httpx.Response]) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            n = 0
            while time.monotonic() < stop:
                n += 1
                response = call(client, n)
                with lock:
                    statuses[f"{name} {response.status_code}"] += 1
                    if response.status_code >= 500:
                        failures.append(f"{name}: {response.status_code} {response.text[:200]}")

    def writer(token: str, index: int) -> Callable[[httpx.Client, int], httpx.Response]:
        def call(client: httpx.Client, n: int) -> httpx.Response:
            draft = dict(body, decision_number=f"烟环罚〔2026〕第{index}{n:05d}号")
            return client.post(
                "/api/v1/admin/penalties",
                json=draft,
                headers={"Authorization": f"Bearer {token}"},
            )

        return call

    def feed(token: str) -> Callable[[httpx.Client, int], httpx.Response]:
        def call(client: httpx.Client, n: int) -> httpx.Response:
            headers = {"Authorization": f"Bearer {token}"}
            if n % 5 == 0:
                return client.get("/api/v1/feed/snapshot", headers=headers)
            return client.get("/api/v1/feed", params={"limit": 3}, headers=headers)

        return call

    def report(client: httpx.Client, n: int) -> httpx.Response:
        if n % 2:
            return client.get(f"/api/v1/enterprises/{uscc}/report")
        return client.get(f"/enterprises/{uscc}", headers={"Accept": "text/html"})

    jobs = [
        *(
            threading.Thread(target=run, args=(f"writer{i}", writer(t, i)))
            for i, t in enumerate(writers)
        ),
        *(threading.Thread(target=run, args=(f"feed{i}", feed(t))) for i, t in enumerate(readers)),
        threading.Thread(target=run, args=("report", report)),
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    assert failures == [], f"{len(failures)} 5xx of {sum(statuses.values())}: {failures[:5]}"
    assert sum(n for k, n in statuses.items() if k.startswith("writer") and k.endswith("201")) > 10
    assert sum(n for k, n in statuses.items() if k.startswith("feed") and k.endswith("200")) > 10
    # The report reader may be rate-limited (429), never refused with a 5xx.
    assert sum(n for k, n in statuses.items() if k.startswith("report ")) > 5


def test_feed_pages_and_snapshots_of_one_account_at_once_never_deadlock(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> None:
    """Two feed loops and a snapshot loop on one token (one consumer row), with a writer: one
    lock order for every path (audit head, feed head, consumer row), so PostgreSQL never
    detects a deadlock (once 38 of 115 answers were 500 ``DeadlockDetected``)."""
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        authority = make_authority(session)
        company = make_enterprise(session)
        published_penalty(session, enterprise=company)
        reader = _token(session, Role.reviewer, ["feed:read"])
        writer = _token(session, Role.clerk, ["admin"], authority)
        body = penalty_form(company, None)
    engine.dispose()
    body.pop("create_enterprise", None)
    body.update(data_source_name="", data_source_uscc="")
    server = live_server_factory(url)
    answers: Counter[int] = Counter()
    failures: list[str] = []
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def loop(path: str, method: str = "GET", token: str = reader) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            n = 0
            while time.monotonic() < stop:
                n += 1
                headers = {"Authorization": f"Bearer {token}"}
                if method == "POST":
                    draft = dict(body, decision_number=f"烟环罚〔2026〕第8{n:05d}号")
                    response = client.post(path, json=draft, headers=headers)
                else:
                    response = client.get(path, headers=headers)
                with lock:
                    answers[response.status_code] += 1
                    if response.status_code >= 500:
                        failures.append(f"{path}: {response.text[:200]}")

    jobs = [
        threading.Thread(target=loop, args=("/api/v1/feed?limit=3",)),
        threading.Thread(target=loop, args=("/api/v1/feed?limit=3",)),
        threading.Thread(target=loop, args=("/api/v1/feed/snapshot",)),
        threading.Thread(target=loop, args=("/api/v1/admin/penalties", "POST", writer)),
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    assert failures == [], f"{len(failures)} of {sum(answers.values())}: {failures[:3]}"
    assert answers[200] > 20


def test_a_reading_session_refuses_to_write(
    fresh_database: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database())
    try:
        with make_sessionmaker(engine, read_only=True)() as session:
            refuse_writes(session)
            with pytest.raises(WriteInReadingSession):
                make_enterprise(session)
    finally:
        engine.dispose()
