"""Every migration upgrades and downgrades on an empty database, and the models match them."""

from __future__ import annotations

from collections.abc import Callable

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
