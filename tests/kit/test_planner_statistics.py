"""Every bulk load leaves the query planner the statistics it needs, on both databases.

A planner that believes a table is empty scans it where it should seek an index: the record
page of an enterprise with penalties ran at a quarter of its speed on the demo database until
someone ran ANALYZE by hand. The demo, the registry import and an approved import batch refresh
the statistics themselves (SQLite keeps them in ``sqlite_stat1``; PostgreSQL's ``reltuples`` is
-1 until a table is analysed).
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.demo.loader import load_demo
from app.enterprises.importer import import_enterprises
from app.kit.db import make_engine, refresh_planner_statistics
from tests.conftest import DatabaseFactory, make_settings
from tests.support.factories import make_enterprise
from tests.support.penalty_imports import MIXED, write


def analysed(session: Session, table: str) -> bool:
    if session.get_bind().dialect.name == "sqlite":
        found = session.execute(
            text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t"), {"t": table}
        ).scalar()
        return bool(found)
    tuples = session.execute(
        text("SELECT reltuples FROM pg_class WHERE relname = :t AND relkind = 'r'"), {"t": table}
    ).scalar()
    return tuples is not None and tuples >= 0


def test_refreshing_analyses_the_tables_asked_for(session: Session) -> None:
    make_enterprise(session)  # SQLite keeps no statistics of an empty table
    refresh_planner_statistics(session, ("enterprises",))
    assert analysed(session, "enterprises")


def test_the_registry_import_leaves_statistics_of_the_registry(
    session: Session, tmp_path: Path
) -> None:
    import_enterprises(session, write(tmp_path, MIXED))
    for table in ("enterprises", "enterprise_search_docs", "enterprise_search_postings"):
        assert analysed(session, table), table


def test_the_demo_leaves_statistics_of_every_table_it_fills(
    database_factory: DatabaseFactory,
) -> None:
    url = database_factory.create()
    console = Console(file=io.StringIO(), width=120)
    summary = load_demo(make_settings(url), enterprises=60, seed=3, console=console)
    assert summary is not None
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            filled = [table for table, rows in summary.counts.items() if rows > 0]
            assert {"enterprises", "penalty_versions", "list_entries"} <= set(filled)
            assert [t for t in filled if not analysed(session, t)] == []
    finally:
        engine.dispose()
