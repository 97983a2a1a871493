"""Benchmark the credit platform link and print the figures.

    uv run python scripts/bench_sync.py                      # SQLite, all three parts
    uv run python scripts/bench_sync.py --pg                  # PostgreSQL on 127.0.0.1:5432
    uv run python scripts/bench_sync.py --part push --events 20000 --rate 600

1. push, drain: a backlog of --events events on distinct records, delivered by `ecocredit sync
   run` to a healthy mock platform (`ecocredit platform serve`): events/s sustained.
2. push, at a rate: events committed at --rate events/s for --seconds seconds (written in bulk,
   as emit_change writes them, so that the emitter is not what is measured) while the worker
   delivers: commit-to-acknowledgement p50/p99 (event time, just before its commit, to the
   platform's answer).
3. feed harvest: --feed-events (default 1,000,000) events read by an API client through
   GET /api/v1/feed (limit 5000, following next_cursor, parsing every page): events/s.

Targets (issue 6): push >= 500 events/s, p99 < 5 s; harvest >= 50,000 events/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.feed.payloads import canonical_json, content_hash  # noqa: E402
from app.feed.service import emit_change, iso_utc, next_positions  # noqa: E402
from app.kit.db import make_engine, make_sessionmaker, session_scope  # noqa: E402
from app.kit.migrate import upgrade  # noqa: E402
from app.models import (  # noqa: E402
    DeliveryAttempt,
    FeedEvent,
    FeedHead,
    OutboxMessage,
    OutboxStatus,
)

ECOCREDIT = str(Path(sys.executable).parent / "ecocredit")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SECRET = "whsec_YmVuY2htYXJrLXNpZ25pbmctc2VjcmV0LTAxMjM0NTY3ODk="  # noqa: S105 - bench only
ENV = {
    "ECOCREDIT_ENVIRONMENT": "test",
    "ECOCREDIT_SECRET_KEY": "bench-secret-key-0123456789",
    "ECOCREDIT_ID_HASH_KEY": "bench-id-hash-key-0123456789",
    "ECOCREDIT_AUDIT_HMAC_KEY": "bench-audit-hmac-key-0123456789",
    "ECOCREDIT_ID_ENCRYPTION_KEY": "bench-id-encryption-key-0123456789",
    "ECOCREDIT_LOG_LEVEL": "WARNING",
    "ECOCREDIT_METRICS_ENABLED": "false",
    "ECOCREDIT_SYNC_WEBHOOK_SECRET": SECRET,
    "ECOCREDIT_PLATFORM_WEBHOOK_SECRETS": SECRET,
}

PAYLOAD = {
    "record_id": 0,
    "version": 1,
    "party_name": "烟台市福山区某某精细化工有限公司",
    "party_type": "法人及非法人组织",
    "party_uscc": "91370611MA3C00003F",
    "legal_representative": "张三",
    "legal_rep_id_type": None,
    "party_id_type": None,
    "party_id_masked": None,
    "decision_number": "烟环罚〔2026〕第0号",
    "violation_type": "超标排放",
    "violation_facts": "2026年5月12日，执法人员对该公司进行现场检查，经监测，该公司废气排放口颗粒物"
    "排放浓度为38.6毫克/立方米，超过《区域性大气污染物综合排放标准》规定的限值。",
    "legal_basis": "《中华人民共和国大气污染防治法》第九十九条第（二）项",
    "penalty_categories": ["罚款"],
    "penalty_content": "罚款人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分",
    "fine_amount": "12.345678",
    "confiscation_amount": None,
    "licence": None,
    "severity": "一般",
    "decision_date": "2026-06-01",
    "valid_until": "2027-05-31",
    "publication_end_date": "2027-05-31",
    "authority_name": "烟台市生态环境局",
    "authority_uscc": "11370600MB00000001",
    "data_source_name": "烟台市生态环境局",
    "data_source_uscc": "11370600MB00000001",
    "district_code": "370611",
    "remarks": None,
}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Databases:
    def __init__(self, pg: bool) -> None:
        self.pg = pg
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        self.names: list[str] = []

    def create(self, migrate: bool = True) -> str:
        if self.pg:
            name = f"bench_sync_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            self.names.append(name)
            url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{self.tmp / (uuid.uuid4().hex[:8] + '.db')}"
        if migrate:
            upgrade(url)
        return url

    def drop(self) -> None:
        if self.names:
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                for name in self.names:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)


def spawn(args: list[str], **env: str) -> subprocess.Popen[bytes]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("ECOCREDIT_")}
    full.update(ENV)
    full.update(env)
    return subprocess.Popen(
        [ECOCREDIT, *args], cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def wait_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def emit_events(url: str, first_record: int, count: int, per_tx: int) -> None:
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    for start in range(0, count, per_tx):
        with session_scope(factory) as session:
            for n in range(start, min(count, start + per_tx)):
                record_id = first_record + n
                emit_change(
                    session,
                    kind="penalty.published",
                    record_type="penalty",
                    record_id=record_id,
                    record_version=1,
                    payload={**PAYLOAD, "record_id": record_id},
                )
    engine.dispose()


def emit_bulk(factory: sessionmaker[Session], first_record: int, count: int) -> None:
    """``count`` events committed in one transaction, written as emit_change writes them but
    in bulk (so that the emitter keeps up with the rate and the push is what is measured)."""
    now = dt.datetime.now(dt.UTC)
    with session_scope(factory) as session:
        first = next_positions(session, count)
        events, messages = [], []
        for n in range(count):
            record_id, position = first_record + n, first + n
            event_id = f"evt_{uuid.uuid4().hex}"
            data = {**PAYLOAD, "record_id": record_id}
            body = {
                "id": event_id,
                "type": "penalty.published",
                "timestamp": iso_utc(now),
                "record": {"type": "penalty", "id": record_id, "version": 1, "sequence": 1},
                "data": data,
            }
            events.append(
                {
                    "id": position,
                    "event_id": event_id,
                    "kind": "penalty.published",
                    "record_type": "penalty",
                    "record_id": record_id,
                    "record_version": 1,
                    "sequence": 1,
                    "occurred_at": now,
                    "body": canonical_json(body),
                    "content_hash": content_hash(data),
                }
            )
            messages.append(
                {
                    "event_id": position,
                    "destination": "platform",
                    "record_key": f"penalty:{record_id}",
                    "status": OutboxStatus.pending,
                    "attempts": 0,
                    "created_at": now,
                    "next_attempt_at": now,
                }
            )
        session.execute(insert(FeedEvent), events)
        session.execute(insert(OutboxMessage), messages)


def delivered(url: str) -> tuple[int, float, float]:
    """(events delivered, first attempt's start, last acknowledgement) in epoch seconds."""
    engine = make_engine(url)
    with engine.connect() as conn:
        count, last = conn.execute(
            select(func.count(), func.max(OutboxMessage.delivered_at)).where(
                OutboxMessage.status == OutboxStatus.delivered
            )
        ).one()
        first = conn.execute(select(func.min(DeliveryAttempt.started_at))).scalar()
    engine.dispose()
    if not count or first is None or last is None:
        return 0, 0.0, 0.0
    return int(count), first.timestamp(), last.timestamp()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def bench_push(dbs: Databases, events: int, rate: int, seconds: int, workers: int) -> None:
    portal_url, platform_url = dbs.create(), dbs.create(migrate=False)
    port = free_port()
    platform = spawn(
        ["platform", "serve", "--port", str(port)], ECOCREDIT_PLATFORM_DATABASE_URL=platform_url
    )
    base = f"http://127.0.0.1:{port}"
    worker_env = {
        "ECOCREDIT_DATABASE_URL": portal_url,
        "ECOCREDIT_SYNC_PLATFORM_URL": base,
        "ECOCREDIT_SYNC_POLL_SECONDS": "0.05",
        "ECOCREDIT_SYNC_BATCH_SIZE": "200",
        "ECOCREDIT_SYNC_CONCURRENCY": "16",
    }
    procs = [platform]
    try:
        wait_http(base + "/healthz", platform)
        # 1. drain a backlog
        emit_events(portal_url, 1, events, per_tx=500)
        procs += [spawn(["sync", "run"], **worker_env) for _ in range(workers)]
        t0 = time.monotonic()
        while delivered(portal_url)[0] < events and time.monotonic() - t0 < 600:
            time.sleep(0.5)
        count, first, last = delivered(portal_url)
        print(
            f"push drain: {count} events in {last - first:.1f} s "
            f"= {count / max(last - first, 1e-9):,.0f} events/s "
            f"({workers} worker process(es), platform healthy)"
        )
        # 2. steady rate, latency
        engine = make_engine(portal_url)
        factory = make_sessionmaker(engine)
        sent = 0
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            due = int((time.monotonic() - start) * rate)
            if due > sent:
                emit_bulk(factory, events + 1 + sent, due - sent)
                sent = due
            time.sleep(0.01)
        engine.dispose()
        total = events + sent
        t1 = time.monotonic()
        while delivered(portal_url)[0] < total and time.monotonic() - t1 < 300:
            time.sleep(0.5)
        engine = make_engine(portal_url)
        with engine.connect() as conn:
            rows = conn.execute(
                select(FeedEvent.occurred_at, OutboxMessage.delivered_at)
                .join(OutboxMessage, OutboxMessage.event_id == FeedEvent.id)
                .where(FeedEvent.record_id > events, OutboxMessage.delivered_at.is_not(None))
            ).all()
        engine.dispose()
        pairs = [(o, d) for o, d in rows if d is not None]
        latencies = [(d - o).total_seconds() for o, d in pairs]
        span = max(d for _o, d in pairs).timestamp() - min(o for o, _d in pairs).timestamp()
        print(
            f"push at {rate}/s for {seconds} s: {len(rows)} events delivered, "
            f"{len(rows) / span:,.0f} events/s; commit-to-ack p50 {pct(latencies, 50):.3f} s, "
            f"p99 {pct(latencies, 99):.3f} s, max {max(latencies):.3f} s"
        )
    finally:
        for proc in reversed(procs):
            stop(proc)


def fill_feed(url: str, count: int) -> None:
    """``count`` feed events written directly (bulk), as emit_change would write them."""
    engine = make_engine(url)
    now = dt.datetime.now(dt.UTC)
    stamp = iso_utc(now)
    template = canonical_json(
        {
            "id": "EVENTID",
            "type": "penalty.published",
            "timestamp": stamp,
            "record": {"type": "penalty", "id": 0, "version": 1, "sequence": 1},
            "data": {**PAYLOAD, "record_id": 0},
        }
    )
    digest = content_hash(PAYLOAD)
    chunk = 20_000
    with engine.begin() as conn:
        for start in range(1, count + 1, chunk):
            rows = []
            for position in range(start, min(count, start + chunk - 1) + 1):
                event_id = f"evt_{position:032x}"
                body = template.replace("EVENTID", event_id).replace(
                    '"id":0,"type":"penalty"', f'"id":{position},"type":"penalty"'
                )
                rows.append(
                    {
                        "id": position,
                        "event_id": event_id,
                        "kind": "penalty.published",
                        "record_type": "penalty",
                        "record_id": position,
                        "record_version": 1,
                        "sequence": 1,
                        "occurred_at": now,
                        "body": body,
                        "content_hash": digest,
                    }
                )
            conn.execute(insert(FeedEvent), rows)
        conn.execute(update(FeedHead).where(FeedHead.id == 1).values(last_position=count))
    engine.dispose()


def make_token(url: str) -> str:
    from app.accounts.tokens import create_token
    from app.kit.actor import Actor, Role
    from app.models import User

    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as session:
        user = User(
            username="bench-platform",
            display_name="基准测试平台",
            password_hash="not-a-password-hash",  # noqa: S106 - cannot sign in
            role=Role.reviewer,
            districts=[],
            is_active=True,
            failed_attempts=0,
        )
        session.add(user)
        session.flush()
        actor = Actor(user.id, user.username, Role.admin, None, frozenset())
        secret, _ = create_token(session, actor, user, "bench", ["feed:read"])
    engine.dispose()
    return secret


def bench_harvest(dbs: Databases, count: int, parse: bool) -> None:
    url = dbs.create()
    t0 = time.monotonic()
    fill_feed(url, count)
    print(f"feed fill: {count:,} events written in {time.monotonic() - t0:.1f} s")
    token = make_token(url)
    port = free_port()
    portal = spawn(
        ["serve", "--port", str(port)],
        ECOCREDIT_DATABASE_URL=url,
        ECOCREDIT_SYNC_WORKER_IN_SERVE="false",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/healthz", portal)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=60) as client:

            def fetch(cursor: str | None) -> httpx.Response:
                params: dict[str, str | int] = {"limit": 5000}
                if cursor:
                    params["after"] = cursor
                response = client.get("/api/v1/feed", params=params, headers=headers)
                response.raise_for_status()
                return response

            # The next page is asked for (X-Next-Cursor) while this one is parsed.
            with ThreadPoolExecutor(1) as pool:
                seen, pages = 0, 0
                start = time.monotonic()
                pending: Future[httpx.Response] | None = pool.submit(fetch, None)
                while pending is not None:
                    response = pending.result()
                    pending = None
                    if response.headers["x-has-more"] == "true":
                        pending = pool.submit(fetch, response.headers["x-next-cursor"])
                    if parse:
                        seen += len(json.loads(response.content)["events"])
                    else:  # the consumer stores the page as received
                        seen += response.content.count(b'"id":"evt_')
                    pages += 1
                elapsed = time.monotonic() - start
        print(
            f"feed harvest: {seen:,} events in {elapsed:.1f} s = {seen / elapsed:,.0f} events/s "
            f"({pages} pages of 5000, {'every page parsed' if parse else 'pages not parsed'}, "
            "every read audited)"
        )
    finally:
        stop(portal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", action="store_true", help="use PostgreSQL instead of SQLite")
    parser.add_argument("--part", choices=["push", "harvest", "all"], default="all")
    parser.add_argument("--events", type=int, default=10_000, help="backlog to drain")
    parser.add_argument("--rate", type=int, default=500, help="events/s for the latency run")
    parser.add_argument("--seconds", type=int, default=15, help="length of the latency run")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--feed-events", type=int, default=1_000_000)
    parser.add_argument(
        "--no-parse", action="store_true", help="harvest without parsing the pages' JSON"
    )
    args = parser.parse_args()
    dbs = Databases(args.pg)
    print(f"database: {'PostgreSQL' if args.pg else 'SQLite'}; cores: {os.cpu_count()}; {load()}")
    try:
        if args.part in ("push", "all"):
            bench_push(dbs, args.events, args.rate, args.seconds, args.workers)
        if args.part in ("harvest", "all"):
            bench_harvest(dbs, args.feed_events, parse=not args.no_parse)
    finally:
        dbs.drop()
    print(f"done; {load()} (other processes on the machine share the cores)")


if __name__ == "__main__":
    main()
