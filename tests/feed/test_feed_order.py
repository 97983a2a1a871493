"""A reader that follows ``id > cursor`` must never miss a row that commits late.

PostgreSQL commits transactions in any order: with a plain serial such a reader loses rows, and
the feed prevents it by serialising its writers on the ``feed_head`` row. SQLite lets one writer
at a time hold the write lock, so a later writer cannot commit first there: the same guarantee by
the database's own mechanism. Each test asserts the guarantee on the database it runs on.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.feed.service import emit_change
from app.kit.db import make_engine, make_sessionmaker, session_scope
from tests.conftest import BACKEND, LiveServer
from tests.support.sync import Portal


def _emit(session: Session, record_id: int) -> None:
    emit_change(
        session,
        kind="list_entry.published",
        record_type="list_entry",
        record_id=record_id,
        record_version=1,
        payload={"entry_id": record_id},
    )


def _naive_table(conn: Connection) -> None:
    if BACKEND == "postgresql":
        conn.execute(text("CREATE TABLE naive_feed (id SERIAL PRIMARY KEY, note TEXT)"))
    else:
        conn.execute(
            text("CREATE TABLE naive_feed (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT)")
        )


def test_a_plain_serial_loses_a_late_row_on_postgresql_and_cannot_on_sqlite(
    fresh_database: Callable[[], str],
) -> None:
    """The failure the feed is built against, on a plain table: a writer that took id 1 commits
    after a writer that took id 2, while a reader follows ``id > cursor``."""
    engine = make_engine(fresh_database())
    try:
        with engine.begin() as conn:
            _naive_table(conn)
        slow, fast, reader = engine.connect(), engine.connect(), engine.connect()
        slow_tx = slow.begin()
        slow.execute(text("INSERT INTO naive_feed (note) VALUES ('slow')"))  # takes id 1
        if BACKEND == "sqlite":
            # The slow writer holds the write lock: the fast one cannot commit before it.
            fast.exec_driver_sql("PRAGMA busy_timeout=200")
            fast.commit()
            with pytest.raises(OperationalError, match="database is locked"), fast.begin():
                fast.execute(text("INSERT INTO naive_feed (note) VALUES ('fast')"))
            slow_tx.commit()
            with fast.begin():
                fast.execute(text("INSERT INTO naive_feed (note) VALUES ('fast')"))  # id 2
            rows = reader.execute(text("SELECT id FROM naive_feed WHERE id > 0 ORDER BY id")).all()
            assert [r[0] for r in rows] == [1, 2]  # in commit order: nothing to lose
        else:
            with fast.begin():
                fast.execute(text("INSERT INTO naive_feed (note) VALUES ('fast')"))  # id 2
            seen = reader.execute(text("SELECT id FROM naive_feed WHERE id > 0 ORDER BY id")).all()
            reader.commit()
            cursor = seen[-1][0]
            slow_tx.commit()
            after = reader.execute(
                text("SELECT id FROM naive_feed WHERE id > :c ORDER BY id"), {"c": cursor}
            ).all()
            assert [r[0] for r in seen] == [2]
            assert after == []  # row 1 committed late and is never seen: lost
        for conn in (slow, fast, reader):
            conn.close()
    finally:
        engine.dispose()


def test_the_feed_makes_a_late_writer_wait_instead(fresh_database: Callable[[], str]) -> None:
    engine = make_engine(fresh_database())
    factory = make_sessionmaker(engine)
    readers = make_sessionmaker(engine, read_only=True)  # on SQLite: not waiting for the lock
    try:
        slow = factory()
        _emit(slow, 1)  # position 1, not committed
        done = threading.Event()

        def fast_writer() -> None:
            with session_scope(factory) as session:
                _emit(session, 2)
            done.set()

        thread = threading.Thread(target=fast_writer)
        thread.start()
        assert not done.wait(0.5)  # the second writer queues behind the first
        with readers() as reader:
            visible = reader.execute(text("SELECT id FROM feed_events ORDER BY id")).all()
        assert visible == []
        slow.commit()
        slow.close()
        thread.join(5)
        assert done.is_set()
        with readers() as reader:
            rows = reader.execute(text("SELECT id, record_id FROM feed_events ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, 1), (2, 2)]
    finally:
        engine.dispose()


def test_eight_writers_pausing_before_commit_and_a_consumer_miss_nothing(
    fresh_database: Callable[[], str],
    live_server_factory: Callable[[str], LiveServer],
) -> None:
    url = fresh_database()
    portal = Portal(url)
    token = portal.feed_token()
    portal.close()
    server = live_server_factory(url)
    engine = make_engine(url)
    factory: sessionmaker[Session] = make_sessionmaker(engine)
    writers, per_writer = 8, 25
    # On PostgreSQL the pauses make commits interleave out of order. On SQLite the writers queue
    # for the one write lock anyway: a long pause there only makes the queue wait longer.
    pause = 0.02 if BACKEND == "postgresql" else 0.002
    committed: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        rng = random.Random(n)
        for i in range(per_writer):
            record_id = n * 1000 + i
            with session_scope(factory) as session:
                _emit(session, record_id)
                time.sleep(rng.uniform(0, pause))  # pause between insert and commit
            with lock:
                committed.append(record_id)

    received: list[tuple[str, int]] = []

    def consumer() -> None:
        cursor: str | None = None
        with httpx.Client(base_url=server.url, timeout=10) as http:
            while not stop.is_set():
                params: dict[str, str | int] = {"limit": 3}
                if cursor:
                    params["after"] = cursor
                page = http.get(
                    "/api/v1/feed", params=params, headers={"Authorization": f"Bearer {token}"}
                ).json()
                received.extend((e["id"], e["record"]["id"]) for e in page["events"])
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    time.sleep(0.05)  # caught up: poll again soon, not in a busy loop

    try:
        reader = threading.Thread(target=consumer)
        reader.start()
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        deadline = time.monotonic() + 20
        while len(received) < writers * per_writer and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        reader.join(10)
    finally:
        engine.dispose()
    event_ids = [e for e, _r in received]
    assert len(event_ids) == len(set(event_ids)), "an event was served twice"
    assert sorted(r for _e, r in received) == sorted(committed), "an event was missed"
    assert len(committed) == writers * per_writer
