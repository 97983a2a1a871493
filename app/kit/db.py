"""Engine and sessions. Nothing is created at import time: the app factory and the CLI build them.

The request edge owns the transaction (``app.web.deps.session_dependency``): one session per
request, committed when the endpoint returns, rolled back on error. Services only ``flush()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the driver, open transactions: SAVEPOINT then works as documented
            # (SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL" recipe).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA cache_size=-64000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A deferred transaction that reads and later writes fails at once ("database is
            # locked") when another connection committed in between; busy_timeout cannot help.
            # Writers therefore take the write lock up front (waiting up to busy_timeout).
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **kwargs)


def make_sessionmaker(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions for a unit of work. On SQLite a writer's transaction begins IMMEDIATE (it takes
    the write lock first); ``read_only`` sessions begin DEFERRED so that readers run side by side.
    """
    bind = engine if read_only else engine.execution_options(sqlite_begin="IMMEDIATE")
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)


class WriteInReadingSession(RuntimeError):
    """A reading session (a safe request without credentials) tried to write. On SQLite its
    transaction began DEFERRED, and a write after a read fails with "database is locked" as
    soon as another connection commits in between: a route that writes on GET must say so
    (``app.web.deps.writing_session_dependency``), so that its transaction takes the write lock
    first."""


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise WriteInReadingSession(f"ORM writes in a reading session: {list(session.new)[:3]}")


def _refuse_dml(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise WriteInReadingSession(f"a write statement in a reading session: {state.statement}")


def refuse_writes(session: Session) -> None:
    """Make ``session`` refuse every write (ORM flushes and INSERT/UPDATE/DELETE statements)."""
    event.listen(session, "before_flush", _refuse_flush)
    event.listen(session, "do_orm_execute", _refuse_dml)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work for the CLI and workers: commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: its ``%`` and ``_`` match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Rows SQLite's ANALYZE reads per index: statistics good enough for the planner, in a time that
# does not grow with the table (``PRAGMA analysis_limit``).
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(session: Session, tables: tuple[str, ...] = ()) -> None:
    """Bring the query planner's statistics up to date for ``tables`` (all tables when empty).

    Called by every path that loads data in bulk (the demo, the registry import, an approved
    import batch): a planner that still believes a table is empty scans where it should seek,
    and neither database refreshes them on its own in time (SQLite never; PostgreSQL's
    autovacuum only after a threshold and a delay)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
    quote = connection.dialect.identifier_preparer.quote
    if not tables:
        connection.exec_driver_sql("ANALYZE")
    for table in tables:  # SQLite analyses one table per statement
        connection.exec_driver_sql(f"ANALYZE {quote(table)}")
