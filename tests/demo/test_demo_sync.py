"""The demo's public records reach the credit platform like the officers' ones: after a demo load
the feed carries every public record, the push worker delivers them to the mock platform (a real
server on 127.0.0.1) and ``ecocredit sync reconcile`` finds no difference."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.demo.loader import load_demo
from app.feed.publications import publish_missing, unpublished
from app.feed.service import public_items
from app.kit import clock
from app.kit.db import make_engine
from app.models import OutboxMessage
from tests.conftest import DatabaseFactory, make_settings
from tests.support.sync import FAST_WORKER, PlatformDb, Processes


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    processes = Processes(tmp_path)
    yield processes
    processes.stop_all()


def test_the_demo_reaches_the_platform_and_reconciles_clean(
    database_factory: DatabaseFactory, procs: Processes
) -> None:
    url = database_factory.create()
    console = Console(file=io.StringIO(), width=200)
    summary = load_demo(make_settings(url), enterprises=300, seed=11, console=console)
    assert summary is not None
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            public = public_items(session, clock.today())
            assert len(public) > 10
            # Every public record has its event and its outbox row, as after a workflow.
            assert unpublished(session, clock.today()) == []
            outbox = session.scalar(select(func.count()).select_from(OutboxMessage))
            assert outbox == summary.feed_events == len(public)
            assert publish_missing(session, clock.today()) == 0  # nothing left to catch up
            session.rollback()
    finally:
        engine.dispose()
    assert "变更订阅" in console.file.getvalue()  # type: ignore[attr-defined]

    platform_db = PlatformDb(database_factory.create(migrate=False))
    try:
        platform = procs.platform(platform_db.url)
        assert platform.url is not None
        env = {
            "ECOCREDIT_DATABASE_URL": url,
            "ECOCREDIT_SYNC_PLATFORM_URL": platform.url,
            **FAST_WORKER,
        }
        before = procs.run(["sync", "reconcile"], **env)
        assert before.returncode == 1, before.stdout + before.stderr
        assert "平台缺失" in before.stdout
        pushed = procs.run(["sync", "run", "--once"], **env)
        assert pushed.returncode == 0, pushed.stdout + pushed.stderr
        after = procs.run(["sync", "reconcile"], **env)
        assert after.returncode == 0, after.stdout + after.stderr
        assert after.stdout.strip().splitlines()[-1] == "无差异"
        assert len(platform_db.held()) == len(public)
    finally:
        platform_db.close()
