"""A read-then-write unit of work never fails because another connection committed in between,
and a reader never makes a writer wait: on each database by its own mechanism.

On SQLite a writer's transaction takes the write lock first (BEGIN IMMEDIATE), so the other
writer waits for it instead of making it fail with "database is locked", and readers begin
DEFERRED; on PostgreSQL, READ COMMITTED lets the later update see the committed row, and readers
take no locks. A stricter isolation level or a reader that locks would fail these tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine, func, select, text, update

from app.kit.db import make_engine, make_sessionmaker
from app.models import Authority
from tests.conftest import BACKEND
from tests.support.factories import make_authority


def _one_authority(engine: Engine) -> int:
    """A committed row for both writers to update (PostgreSQL locks rows, not the database)."""
    with make_sessionmaker(engine)() as session, session.begin():
        return make_authority(session).id


def test_read_then_write_waits_for_another_writer_instead_of_failing(
    fresh_database: Callable[[], str],
) -> None:
    engine = make_engine(fresh_database())
    authority_id = _one_authority(engine)
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
    with writers() as session:
        final = session.get_one(Authority, authority_id).decision_prefix
    engine.dispose()
    assert errors == []
    # SQLite: the other writer waited for the first one's lock, and wrote last. PostgreSQL: the
    # other committed at once, and the first one's update then applied to the committed row.
    assert final == ("乙" if BACKEND == "sqlite" else "甲")


def test_readers_do_not_take_the_write_lock(fresh_database: Callable[[], str]) -> None:
    engine = make_engine(fresh_database())
    _one_authority(engine)
    readers, writers = make_sessionmaker(engine, read_only=True), make_sessionmaker(engine)
    with readers() as reading, reading.begin():
        reading.scalar(select(func.count()).select_from(Authority))
        with writers() as writing, writing.begin():  # would wait on a lock the reader held
            if BACKEND == "postgresql":
                writing.execute(text("SET LOCAL lock_timeout = '2s'"))  # fail, not hang
            writing.execute(update(Authority).values(decision_prefix="丙"))
    engine.dispose()
