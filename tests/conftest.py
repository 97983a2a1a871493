"""Test fixtures: a real database (SQLite or PostgreSQL) built by the migrations.

``ECOCREDIT_TEST_DATABASE=sqlite`` (default) or ``postgresql`` picks the database. For PostgreSQL,
every run (and every xdist worker) creates its own database on the server of
``ECOCREDIT_TEST_PG_URL`` and
drops it at the end. Each test runs inside an outer transaction that is rolled back, so tests do not
see each other's rows; tests that need committed data (real servers in other threads or processes)
use ``fresh_database`` instead.

Nothing is skipped in CI (``CI=true``): a skipped or expected-to-fail test fails there, with its
reason. A guarantee that each database keeps by its own mechanism is tested on both, each by its
mechanism (``tests/kit/test_transactions.py``, ``tests/feed/test_feed_order.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.kit import clock
from app.kit.db import make_engine
from app.kit.migrate import upgrade
from app.main import create_app

BACKEND = os.environ.get("ECOCREDIT_TEST_DATABASE", "sqlite")
PG_URL = os.environ.get(
    "ECOCREDIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI") == "true"
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, headless, without the background connections this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Supporting files of repair applications and objections written by tests (never the repo's).
UPLOAD_DIR = Path(tempfile.gettempdir()) / f"ecocredit-test-uploads-{os.getpid()}"
# Audit anchors written by the processes the tests start go to a temporary file, never to the
# checkout's ./var (a later run would verify its databases against them).
os.environ.setdefault(
    "ECOCREDIT_AUDIT_ANCHOR_PATH",
    str(Path(tempfile.gettempdir()) / f"ecocredit-test-anchors-{os.getpid()}.jsonl"),
)


def pytest_report_header() -> str:
    return f"ecocredit test database: {BACKEND}"


class DatabaseFactory:
    """Creates migrated databases for this run and removes them afterwards."""

    def __init__(self) -> None:
        self._tmp = Path(tempfile.mkdtemp(prefix="ecocredit-test-"))
        self._pg_names: list[str] = []

    def create(self, migrate: bool = True) -> str:
        if BACKEND == "postgresql":
            name = f"ecocredit_test_{uuid.uuid4().hex[:12]}"
            admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            self._pg_names.append(name)
            url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{self._tmp / (uuid.uuid4().hex[:12] + '.db')}"
        if migrate:
            upgrade(url)
        return url

    def drop_all(self) -> None:
        shutil.rmtree(UPLOAD_DIR, ignore_errors=True)
        if self._pg_names:
            admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                for name in self._pg_names:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(self._tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def database_factory() -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory()
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def database_url(database_factory: DatabaseFactory) -> str:
    """The run's shared database, migrated to head."""
    return database_factory.create()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


def make_settings(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": url,
        "secret_key": "test-secret-key-0123456789",
        "id_hash_key": "test-id-hash-key-0123456789",
        "id_encryption_key": "test-id-encryption-key-0123456789",
        "audit_hmac_key": "test-audit-hmac-key-0123456789",
        "log_json": True,
        "metrics_public": True,
        "upload_dir": str(UPLOAD_DIR),
        # Test data is often written by builders that emit no feed events, so the statistics'
        # cache key would not see it change: tests compute figures afresh unless they say so.
        "statistics_cache_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]  # values are checked by pydantic


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    if outer.is_active:
        outer.rollback()
    conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as s:
        yield s


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    application = create_app(settings)
    application.state.sessionmaker = session_factory
    application.state.read_sessionmaker = session_factory
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def frozen_clock() -> Iterator[Callable[[dt.datetime | dt.date], None]]:
    """Set "now" for every rule; a date means 10:00 in Shanghai on that day."""

    def set_to(value: dt.datetime | dt.date) -> None:
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time(10, 0), tzinfo=clock.SHANGHAI)
        clock.set_now(value)

    yield set_to
    clock.set_now(None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The portal as a real HTTP server on 127.0.0.1, in a thread, on a committed database."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def fresh_database(database_factory: DatabaseFactory) -> Callable[[], str]:
    """Make a new migrated database (committed data; dropped at the end of the run)."""
    return database_factory.create


@pytest.fixture
def live_server_factory() -> Iterator[Callable[[str], LiveServer]]:
    servers: list[LiveServer] = []

    def start(url: str) -> LiveServer:
        server = LiveServer(create_app(make_settings(url)))
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded browser), driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    if IN_CI:
        raise pytest.UsageError("CI=true but /usr/bin/chromium is missing: .ci/run installs it")
    skip = pytest.mark.skip(reason="SKIPPED LOUDLY: /usr/bin/chromium not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _not_skipped_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    """In CI, turn a skip (or an expected failure) into a failure that says why."""
    if not IN_CI or not report.skipped:
        return
    why = getattr(report, "wasxfail", None)
    if why is None and isinstance(report.longrepr, tuple):
        why = report.longrepr[2]
    report.outcome = "failed"
    report.longrepr = f"CI=true: nothing may be skipped, and this was: {why or report.longrepr}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _not_skipped_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _not_skipped_in_ci(report)
    return report
