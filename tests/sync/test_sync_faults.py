"""The link under faults, with real processes on 127.0.0.1: the mock platform, the push workers
(`ecocredit sync run`) and the portal (`ecocredit serve`). Whatever fails, at the end the
platform has every event exactly once, in order per record, and reconciliation finds nothing."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.feed.service import public_items
from app.kit import clock
from app.sync.reconcile import compare
from app.sync.reconcile import reconcile as run_reconcile
from tests.conftest import DatabaseFactory, free_port
from tests.support.sync import (
    PlatformDb,
    Portal,
    Processes,
    check_exactly_once_in_order,
    wait_until,
)


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    processes = Processes(tmp_path)
    yield processes
    processes.stop_all()


@pytest.fixture
def portal(fresh_database: Callable[[], str]) -> Iterator[Portal]:
    p = Portal(fresh_database())
    yield p
    p.close()


@pytest.fixture
def platform_db(database_factory: DatabaseFactory) -> Iterator[PlatformDb]:
    db = PlatformDb(database_factory.create(migrate=False))
    yield db
    db.close()


def _changes(portal: Portal, records: int) -> None:
    """Publish ``records`` penalties, correct half of them, withdraw a third, list and remove."""
    ids = portal.publish(records)
    for record_id in ids[::2]:
        portal.correct(record_id)
    for record_id in ids[::3]:
        portal.withdraw(record_id)
    portal.list_and_remove(remove=True)
    portal.list_and_remove(remove=False)


def _reconciles(portal: Portal, platform_url: str) -> None:
    with portal.factory() as session:
        report = run_reconcile(session, platform_url, clock.today())
    assert report.differences == []
    assert sum(report.portal_counts.values()) > 0


def test_thirty_percent_failures_lose_and_double_nothing(
    procs: Processes, portal: Portal, platform_db: PlatformDb
) -> None:
    """30 % of the answers fail (half of them after the event was applied: the answer is lost),
    5 % are 429 with Retry-After, 5 % of the requests have their connection reset."""
    platform = procs.platform(
        platform_db.url,
        ECOCREDIT_PLATFORM_FAIL_RATE="0.3",
        ECOCREDIT_PLATFORM_THROTTLE_RATE="0.05",
        ECOCREDIT_PLATFORM_REFUSE_RATE="0.05",
        ECOCREDIT_PLATFORM_RETRY_AFTER_SECONDS="1",
        ECOCREDIT_PLATFORM_SEED="6",
    )
    assert platform.url is not None
    _changes(portal, 16)
    workers = [procs.worker(portal.engine.url.render_as_string(False), platform.url) for _ in "ab"]
    _changes(portal, 10)  # more changes while two workers deliver
    wait_until(lambda: portal.undelivered() == 0, 45, "every event delivered")
    for worker in workers:
        assert worker.popen.poll() is None, worker.output()
    events = portal.events()
    check_exactly_once_in_order(events, platform_db)
    receipts = platform_db.receipts()
    assert len(receipts) == len(events)
    answers = portal.attempt_statuses()
    assert {None, 429, 500, 503} <= set(answers), answers  # every kind of failure happened
    _reconciles(portal, platform.url)


def test_platform_down_then_back(procs: Processes, portal: Portal, platform_db: PlatformDb) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    procs.worker(portal.engine.url.render_as_string(False), url)
    _changes(portal, 12)
    time.sleep(1.5)  # the worker meets refused connections and backs off
    assert portal.undelivered() == len(portal.events())
    procs.platform(platform_db.url, port=port)
    wait_until(lambda: portal.undelivered() == 0, 30, "delivery once the platform is back")
    check_exactly_once_in_order(portal.events(), platform_db)
    _reconciles(portal, url)


def test_worker_killed_at_each_delivery_step(
    procs: Processes, portal: Portal, platform_db: PlatformDb
) -> None:
    """kill -9 after claiming, after sending, after the answer, and while recording it."""
    platform = procs.platform(platform_db.url)
    assert platform.url is not None
    database_url = portal.engine.url.render_as_string(False)
    _changes(portal, 10)
    for step, nth in [("claimed", 1), ("sent", 2), ("answered", 3), ("recording", 1)]:
        victim = procs.worker(
            database_url,
            platform.url,
            ECOCREDIT_SYNC_KILL_AT=f"{step}:{nth}",
            ECOCREDIT_SYNC_LEASE_SECONDS="3",
        )
        victim.popen.wait(timeout=30)
        assert victim.popen.returncode == -signal.SIGKILL, (step, victim.output())
    assert portal.undelivered() > 0
    procs.worker(database_url, platform.url, ECOCREDIT_SYNC_LEASE_SECONDS="3")
    wait_until(lambda: portal.undelivered() == 0, 30, "delivery after the crashes")
    check_exactly_once_in_order(portal.events(), platform_db)
    _reconciles(portal, platform.url)


def test_serve_pushes_and_the_platform_pulls_the_feed(
    procs: Processes,
    portal: Portal,
    platform_db: PlatformDb,
    database_factory: DatabaseFactory,
) -> None:
    """``ecocredit serve`` delivers by itself; a second platform catches up by pulling the feed
    with `ecocredit platform pull` (snapshot, then the feed from the stored cursor)."""
    pushed = procs.platform(platform_db.url)
    assert pushed.url is not None
    database_url = portal.engine.url.render_as_string(False)
    token = portal.feed_token()
    _changes(portal, 6)
    server = procs.portal(database_url, pushed.url, ECOCREDIT_SYNC_POLL_SECONDS="0.1")
    assert server.url is not None
    wait_until(lambda: portal.undelivered() == 0, 30, "delivery by the worker inside serve")
    check_exactly_once_in_order(portal.events(), platform_db)

    pulled = PlatformDb(database_factory.create(migrate=False))
    try:
        pull_env = {
            "ECOCREDIT_PLATFORM_DATABASE_URL": pulled.url,
            "ECOCREDIT_PLATFORM_PORTAL_API_KEY": token,
        }
        first = procs.run(["platform", "pull", "--portal", server.url], **pull_env)
        assert first.returncode == 0, first.stderr
        assert "快照 " in first.stdout
        before = {key: held.sequence for key, held in pulled.held().items()}
        assert before  # the snapshot loaded the public set
        _changes(portal, 3)  # new events after the snapshot's cursor
        second = procs.run(["platform", "pull", "--portal", server.url], **pull_env)
        assert second.returncode == 0, second.stderr
        assert "快照 0 条" in second.stdout  # resumed from the stored cursor
        with portal.factory() as session:
            report = compare(
                public_items(session, clock.today()), pulled.as_api_items(), clock.today()
            )
        assert report.differences == []
        held = {(h["record_type"], h["record_id"]): h for h in pulled.as_api_items()}
        wait_until(lambda: portal.undelivered() == 0, 30, "the push of the new events")
        # Pushed and pulled, the two platforms hold the same content for everything public.
        for key, item in platform_db.held().items():
            if item.state == "active":
                assert held[key]["content_hash"] == item.content_hash
    finally:
        pulled.close()
