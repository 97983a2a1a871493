"""Every migration upgrades and downgrades on an empty database, and the models match them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.kit.db import make_engine
from app.kit.migrate import downgrade, upgrade
from app.models import Base


def test_upgrade_downgrade_upgrade_round_trip(fresh_database: Callable[..., str]) -> None:
    url = fresh_database(migrate=False)
    upgrade(url)
    engine = make_engine(url)
    try:
        assert "enterprises" in inspect(engine).get_table_names()
        downgrade(url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(url)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models and migrations drift: {diff}"
    finally:
        engine.dispose()


def test_revision_files_sort_in_chain_order() -> None:
    """Listing migrations/versions shows the revisions in the order they run: file names are
    YYYY_MM_DD_HHMM_slug (alembic.ini's file_template), one chain, no branch."""
    versions = Path(__file__).resolve().parents[2] / "migrations" / "versions"
    found: dict[str | None, tuple[str, str]] = {}
    for path in versions.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        own = re.search(r'^revision: str = "(\w+)"', text, re.M)
        parent = re.search(r'^down_revision: str \| None = (?:None|"(\w+)")', text, re.M)
        assert own, path.name
        assert parent, path.name
        assert parent.group(1) not in found, f"two revisions follow {parent.group(1)}: a branch"
        found[parent.group(1)] = (own.group(1), path.name)
    chain: list[str] = []
    current: str | None = None
    while current in found:
        revision, name = found[current]
        chain.append(name)
        current = revision
    assert len(chain) == len(found), "revisions that do not follow the chain"
    assert chain == sorted(chain)
    assert all(re.fullmatch(r"\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+\.py", n) for n in chain)
