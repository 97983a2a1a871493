"""Helpers for the credit platform link tests: real processes on 127.0.0.1, portal changes that
emit feed events the way the workflows do, and the checks "nothing lost, doubled or reordered".
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.accounts.tokens import create_token
from app.feed.service import (
    emit_list_entry_published,
    emit_list_entry_withdrawn,
    emit_penalty_published,
    emit_penalty_withdrawn,
)
from app.kit import clock
from app.kit.actor import Role
from app.kit.db import make_sessionmaker, session_scope
from app.kit.webhooks import SECRET_PREFIX
from app.models import (
    Authority,
    DeliveryAttempt,
    FeedEvent,
    ListEntry,
    OutboxMessage,
    OutboxStatus,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)
from app.models.listing import EntryStatus
from app.platform.app import make_platform_engine
from app.platform.models import HeldRecord, PlatformBase, Receipt
from tests.conftest import free_port
from tests.support.factories import make_authority, make_enterprise, make_list_entry, make_penalty
from tests.support.workflows import make_officer

ROOT = Path(__file__).resolve().parents[2]
ECOCREDIT = str(Path(sys.executable).parent / "ecocredit")
SECRET = SECRET_PREFIX + "dGVzdC1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm"  # 40 bytes
TEST_ENV = {
    "ECOCREDIT_ENVIRONMENT": "test",
    "ECOCREDIT_SECRET_KEY": "test-secret-key-0123456789",
    "ECOCREDIT_ID_HASH_KEY": "test-id-hash-key-0123456789",
    "ECOCREDIT_ID_ENCRYPTION_KEY": "test-id-encryption-key-0123456789",
    "ECOCREDIT_AUDIT_HMAC_KEY": "test-audit-hmac-key-0123456789",
    "ECOCREDIT_LOG_LEVEL": "WARNING",
    "ECOCREDIT_SYNC_WEBHOOK_SECRET": SECRET,
    "ECOCREDIT_PLATFORM_WEBHOOK_SECRETS": SECRET,
}


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOCREDIT_")}
    env.update(TEST_ENV)
    env.update(overrides)
    return env


@dataclass
class Proc:
    """A child process (a server or a worker) with its log file."""

    popen: subprocess.Popen[bytes]
    log: Path
    url: str | None = None

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@dataclass
class Processes:
    tmp: Path
    started: list[Proc] = field(default_factory=list)

    def spawn(self, args: list[str], env: dict[str, str], name: str) -> Proc:
        log = self.tmp / f"{name}-{len(self.started)}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [ECOCREDIT, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        proc = Proc(popen, log)
        self.started.append(proc)
        return proc

    def platform(self, database_url: str, port: int | None = None, **knobs: str) -> Proc:
        port = port or free_port()
        env = _env(ECOCREDIT_PLATFORM_DATABASE_URL=database_url, **knobs)
        proc = self.spawn(["platform", "serve", "--port", str(port)], env, "platform")
        proc.url = f"http://127.0.0.1:{port}"
        wait_http(proc, "/healthz")
        return proc

    def portal(self, database_url: str, platform_url: str, **settings: str) -> Proc:
        port = free_port()
        env = _env(
            ECOCREDIT_DATABASE_URL=database_url,
            ECOCREDIT_SYNC_PLATFORM_URL=platform_url,
            **settings,
        )
        proc = self.spawn(["serve", "--port", str(port)], env, "portal")
        proc.url = f"http://127.0.0.1:{port}"
        wait_http(proc, "/healthz")
        return proc

    def worker(self, database_url: str, platform_url: str, **settings: str) -> Proc:
        env = _env(
            ECOCREDIT_DATABASE_URL=database_url,
            ECOCREDIT_SYNC_PLATFORM_URL=platform_url,
            **FAST_WORKER,
        )
        env.update(settings)
        return self.spawn(["sync", "run"], env, "worker")

    def run(self, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ECOCREDIT, *args],
            cwd=ROOT,
            env=_env(**env),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def stop_all(self) -> None:
        for proc in reversed(self.started):
            proc.stop()


FAST_WORKER = {
    "ECOCREDIT_SYNC_POLL_SECONDS": "0.05",
    "ECOCREDIT_SYNC_BACKOFF_BASE_SECONDS": "0.05",
    "ECOCREDIT_SYNC_BACKOFF_MAX_SECONDS": "0.4",
    "ECOCREDIT_SYNC_MAX_ATTEMPTS": "200",
    "ECOCREDIT_SYNC_TIMEOUT_SECONDS": "2",
    "ECOCREDIT_SYNC_LEASE_SECONDS": "4",
    "ECOCREDIT_SYNC_BATCH_SIZE": "10",
    "ECOCREDIT_SYNC_CONCURRENCY": "4",
}


def wait_http(proc: Proc, path: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.popen.poll() is not None:
            raise RuntimeError(f"process exited early:\n{proc.output()}")
        try:
            if httpx.get(f"{proc.url}{path}", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{proc.url} did not answer:\n{proc.output()}")


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# --- changes on the portal side -------------------------------------------------------------


class Portal:
    """Committed changes in a portal database, each emitting its feed event like a workflow."""

    def __init__(self, database_url: str) -> None:
        # On SQLite, BEGIN IMMEDIATE: these transactions read before they write, and the
        # portal's processes commit meanwhile (a deferred BEGIN would then fail the first write
        # with SQLITE_BUSY_SNAPSHOT instead of waiting for the lock).
        self.engine: Engine = make_platform_engine(database_url)
        self.factory: sessionmaker[Session] = make_sessionmaker(self.engine)
        with session_scope(self.factory) as session:
            self.authority_id = make_authority(session).id

    def publish(self, count: int) -> list[int]:
        """``count`` new public penalties (one record each); returns their record ids."""
        ids = []
        with session_scope(self.factory) as session:
            authority = session.get_one(Authority, self.authority_id)
            for _ in range(count):
                version = make_penalty(session, make_enterprise(session), authority)
                emit_penalty_published(session, version)
                ids.append(version.record_id)
        return ids

    def correct(self, record_id: int) -> None:
        with session_scope(self.factory) as session:
            current = session.scalars(
                select(PenaltyVersion).where(
                    PenaltyVersion.record_id == record_id,
                    PenaltyVersion.status == VersionStatus.published,
                )
            ).one()
            current.status = VersionStatus.superseded
            current.superseded_at = clock.now()
            session.flush()
            columns = {
                c.key: getattr(current, c.key)
                for c in PenaltyVersion.__table__.columns
                if c.key not in ("id", "created_at", "updated_at")
            }
            columns.update(
                version=current.version + 1,
                status=VersionStatus.published,
                superseded_at=None,
                change_reason="更正违法事实",
                violation_facts=current.violation_facts + "（已更正）",
            )
            new = PenaltyVersion(**columns)
            session.add(new)
            session.flush()
            emit_penalty_published(session, new, corrected=True)

    def withdraw(self, record_id: int) -> None:
        with session_scope(self.factory) as session:
            record = session.get_one(PenaltyRecord, record_id)
            record.withdrawn_at = clock.now()
            record.withdrawal_reason = "repaired"
            version = session.scalars(
                select(PenaltyVersion).where(
                    PenaltyVersion.record_id == record_id,
                    PenaltyVersion.status == VersionStatus.published,
                )
            ).one()
            session.flush()
            emit_penalty_withdrawn(session, version, "repaired")

    def list_and_remove(self, remove: bool) -> int:
        with session_scope(self.factory) as session:
            entry = make_list_entry(
                session,
                make_enterprise(session),
                start=clock.today() - dt.timedelta(days=10),
                end=clock.today() + dt.timedelta(days=300),
            )
            emit_list_entry_published(session, entry)
            entry_id = entry.id
        if remove:
            with session_scope(self.factory) as session:
                entry = session.get_one(ListEntry, entry_id)
                entry.status = EntryStatus.removed
                entry.removed_at = clock.now()
                entry.removal_reason = "信用修复"
                session.flush()
                emit_list_entry_withdrawn(session, entry, "removed")
        return entry_id

    def feed_token(self) -> str:
        with session_scope(self.factory) as session:
            owner = make_officer(session, Role.reviewer, None, name="city-platform")
            from app.models import User

            secret, _token = create_token(
                session, owner, session.get_one(User, owner.user_id), "平台拉取", ["feed:read"]
            )
        return secret

    def undelivered(self) -> int:
        with session_scope(self.factory) as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.status != OutboxStatus.delivered)
                )
                or 0
            )

    def attempt_statuses(self) -> Counter[int | None]:
        """How the platform answered the attempts (None: no answer, e.g. a reset connection)."""
        with session_scope(self.factory) as session:
            return Counter(session.scalars(select(DeliveryAttempt.status_code)))

    def events(self) -> list[FeedEvent]:
        with session_scope(self.factory) as session:
            return list(session.scalars(select(FeedEvent).order_by(FeedEvent.id)))

    def close(self) -> None:
        self.engine.dispose()


# --- what the platform holds ----------------------------------------------------------------


class PlatformDb:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = make_platform_engine(database_url)
        PlatformBase.metadata.create_all(self.engine)
        self.factory: sessionmaker[Session] = sessionmaker(bind=self.engine)

    def receipts(self) -> list[Receipt]:
        with self.factory() as session:
            return list(session.scalars(select(Receipt).order_by(Receipt.id)))

    def held(self) -> dict[tuple[str, int], HeldRecord]:
        with self.factory() as session:
            return {(h.record_type, h.record_id): h for h in session.scalars(select(HeldRecord))}

    def as_api_items(self) -> list[dict[str, object]]:
        """What ``GET /api/v1/records`` would list, read from the database directly."""
        return [
            {
                "record_type": h.record_type,
                "record_id": h.record_id,
                "state": h.state,
                "sequence": h.sequence,
                "content_hash": h.content_hash,
                "name": h.name,
                "data": h.data,
            }
            for h in self.held().values()
        ]

    def close(self) -> None:
        self.engine.dispose()


def check_exactly_once_in_order(
    events: list[FeedEvent], platform: PlatformDb, *, allow_stale: bool = False
) -> None:
    """0 lost, 0 applied twice, 0 applied out of order per record, final states equal."""
    receipts = platform.receipts()
    seen = [r.event_id for r in receipts]
    assert len(seen) == len(set(seen)), "an event was received twice"
    missing = {e.event_id for e in events} - set(seen)
    assert not missing, f"{len(missing)} events lost"
    applied: dict[tuple[str, int], list[int]] = defaultdict(list)
    for receipt in receipts:
        if receipt.outcome == "applied":
            applied[(receipt.record_type, receipt.record_id)].append(receipt.sequence)
        elif not allow_stale:
            raise AssertionError(f"event {receipt.event_id} arrived after a later one")
    for key, sequences in applied.items():
        assert sequences == sorted(set(sequences)), f"{key} applied out of order: {sequences}"
    latest: dict[tuple[str, int], FeedEvent] = {}
    for event in events:
        latest[(event.record_type, event.record_id)] = event
    held = platform.held()
    for key, event in latest.items():
        assert held[key].sequence == event.sequence, f"{key} holds an older state"
        assert held[key].event_id == event.event_id
