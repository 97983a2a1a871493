"""On SQLite, a writer's transaction takes the write lock first, so that a read-then-write unit of
work never fails with "database is locked" because another connection committed in between."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, update

from app.kit.db import make_engine, make_sessionmaker
from app.models import Authority
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(
    BACKEND != "sqlite", reason="SQLite's lock upgrade; PostgreSQL has row locks instead"
)


def test_read_then_write_waits_for_another_writer_instead_of_failing(
    fresh_database: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database())
    writers = make_sessionmaker(engine)
    first_read_done = threading.Event()
    other_committed = threading.Event()
    errors: list[BaseException] = []

    def read_then_write() -> None:
        try:
            with writers() as session, session.begin():
                session.scalar(select(func.count()).select_from(Authority))
                first_read_done.set()
                other_committed.wait(timeout=2)
                session.execute(update(Authority).values(decision_prefix="甲"))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    def other_writer() -> None:
        first_read_done.wait(timeout=5)
        with writers() as session, session.begin():
            session.execute(update(Authority).values(decision_prefix="乙"))
        other_committed.set()

    threads = [threading.Thread(target=read_then_write), threading.Thread(target=other_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    engine.dispose()
    assert errors == []


def test_readers_do_not_take_the_write_lock(fresh_database: Callable[[], str]) -> None:
    engine = make_engine(fresh_database())
    readers, writers = make_sessionmaker(engine, read_only=True), make_sessionmaker(engine)
    with readers() as reading, reading.begin():
        reading.scalar(select(func.count()).select_from(Authority))
        with writers() as writing, writing.begin():  # would wait on a second writer's lock
            writing.execute(update(Authority).values(decision_prefix="丙"))
    engine.dispose()
