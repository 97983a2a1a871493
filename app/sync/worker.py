"""The push worker: claims due outbox events, sends them signed, records every attempt.

One delivery goes through four steps — claimed (lease committed), sent (request body written),
answered (answer read), recording (result written, not yet committed) — and a crash at any of
them loses nothing: an unrecorded attempt is claimed again when its lease expires, and the
platform applies each event id once. ``ECOCREDIT_SYNC_KILL_AT`` (tests only) makes the worker
SIGKILL itself at a named step to prove it.

Run it with ``ecocredit sync run``; ``ecocredit serve`` also runs one in a background thread
unless ``ECOCREDIT_SYNC_WORKER_IN_SERVE=false``. Several may run against PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import os
import random
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.feed.service import DESTINATIONS
from app.kit import clock
from app.kit.db import session_scope
from app.kit.webhooks import signed_headers, split_secrets
from app.sync import repository

log = logging.getLogger("ecocredit.sync")

STEPS = ("claimed", "sent", "answered", "recording")
MAX_RETRY_AFTER = 24 * 3600.0
RECORD_TRIES = 5


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: about base·2^(attempt-1), between half and all of it."""
    delay: float = min(cap, base * 2.0 ** min(attempt - 1, 40))
    return delay * rng.uniform(0.5, 1.0)


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER)


class KillSwitch:
    """``step[:N]``: SIGKILL this process the N-th time (default 1st) it reaches ``step``."""

    def __init__(self, spec: str) -> None:
        self.step: str | None = None
        self.remaining = 0
        self._lock = threading.Lock()
        if spec:
            step, _, count = spec.partition(":")
            if step not in STEPS:
                raise ValueError(f"sync_kill_at: unknown step {step!r}, expected one of {STEPS}")
            self.step, self.remaining = step, int(count or 1)

    def reached(self, step: str) -> None:
        if step != self.step:
            return
        with self._lock:
            self.remaining -= 1
            if self.remaining <= 0:
                os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    text: str | None
    retry_after: str | None
    started_at: dt.datetime
    duration_ms: int


class PushWorker:
    """Delivers the outbox to one destination's ``{url}/api/v1/records``."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        *,
        transport: httpx.BaseTransport | None = None,
        name: str | None = None,
        destination: str = DESTINATIONS[0],
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.destination = destination
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.url = settings.sync_platform_url.rstrip("/") + "/api/v1/records"
        self.secrets = split_secrets(settings.sync_webhook_secret)
        self.kill = KillSwitch(settings.sync_kill_at)
        self.rng = random.Random()  # noqa: S311 - jitter, not security
        limits = httpx.Limits(
            max_connections=settings.sync_concurrency,
            max_keepalive_connections=settings.sync_concurrency,
        )
        self.client = httpx.Client(
            timeout=settings.sync_timeout_seconds, limits=limits, transport=transport
        )
        self.pool = ThreadPoolExecutor(
            max_workers=settings.sync_concurrency, thread_name_prefix="sync-push"
        )

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.client.close()

    # --- the loop ---------------------------------------------------------------------------

    def run(self, stop: threading.Event, on_idle: Callable[[], None] | None = None) -> None:
        log.info("push worker started", extra={"worker": self.name, "url": self.url})
        while not stop.is_set():
            try:
                done = self.run_once()
            except Exception:  # a database or network hiccup must not end the worker
                log.exception("push worker round failed", extra={"worker": self.name})
                done = 0
            if done == 0:
                if on_idle is not None:
                    on_idle()
                stop.wait(self.settings.sync_poll_seconds)
        log.info("push worker stopped", extra={"worker": self.name})

    def run_once(self) -> int:
        """One round: claim a batch, deliver it, record it. Returns how many were claimed."""
        token = uuid.uuid4().hex
        lease = dt.timedelta(seconds=self.settings.sync_lease_seconds)
        with session_scope(self.factory) as session:
            batch = repository.claim(
                session,
                destination=self.destination,
                lease_token=token,
                now=clock.now(),
                lease=lease,
                limit=self.settings.sync_batch_size,
            )
        if not batch:
            return 0
        claimed_at = time.monotonic()
        self.kill.reached("claimed")
        # Never send once the lease could run out during the send: another worker may then
        # claim the event, and the two would deliver it at the same time.
        send_before = claimed_at + lease.total_seconds() - self.settings.sync_timeout_seconds - 0.5
        futures = [self.pool.submit(self._deliver, item, send_before) for item in batch]
        answers = [f.result() for f in futures]
        self._record(batch, answers, token)
        return len(batch)

    def _record(
        self, batch: list[repository.Claimed], answers: list[Answer | None], token: str
    ) -> None:
        """Write the round's results; a failed write is tried again (the answers are in memory,
        and the leases would otherwise hold the events back until they expire)."""
        outcomes = [
            (item, self._outcome(item, answer))
            for item, answer in zip(batch, answers, strict=True)
            if answer is not None
        ]
        unsent = [item for item, answer in zip(batch, answers, strict=True) if answer is None]
        for attempt in range(1, RECORD_TRIES + 1):
            try:
                with session_scope(self.factory) as session:
                    for item in unsent:
                        repository.release(session, item.message_id, token)
                    words = repository.record_outcomes(
                        session, [o for _i, o in outcomes], lease_token=token, worker=self.name
                    )
                    session.flush()
                    self.kill.reached("recording")
                break
            except OperationalError:
                if attempt == RECORD_TRIES:
                    raise
                log.warning("recording a push round failed, trying again", exc_info=True)
                time.sleep(0.2 * attempt)
        for (item, _outcome), word in zip(outcomes, words, strict=True):
            if word in ("dead", "lost_lease"):
                log.warning("push %s", word, extra={"event_id": item.event_id, "worker": self.name})

    # --- one delivery -----------------------------------------------------------------------

    def _deliver(self, item: repository.Claimed, send_before: float) -> Answer | None:
        if time.monotonic() > send_before:
            return None
        body = item.body.encode()
        started = clock.now()
        t0 = time.perf_counter()
        headers = signed_headers(self.secrets, item.event_id, int(time.time()), body)
        headers["content-type"] = "application/json"

        def trace(event_name: str, _info: dict[str, Any]) -> None:
            if event_name == "http11.send_request_body.complete":
                self.kill.reached("sent")

        try:
            response = self.client.post(
                self.url, content=body, headers=headers, extensions={"trace": trace}
            )
            answer = Answer(
                response.status_code,
                response.text[: repository.RESPONSE_LIMIT],
                response.headers.get("retry-after"),
                started,
                int((time.perf_counter() - t0) * 1000),
            )
        except httpx.HTTPError as exc:
            answer = Answer(
                None,
                f"{type(exc).__name__}: {exc}"[: repository.RESPONSE_LIMIT],
                None,
                started,
                int((time.perf_counter() - t0) * 1000),
            )
        self.kill.reached("answered")
        return answer

    def _outcome(self, item: repository.Claimed, answer: Answer) -> repository.Outcome:
        delivered = answer.status_code is not None and 200 <= answer.status_code < 300
        retry_at = None
        if not delivered and item.attempt < self.settings.sync_max_attempts:
            now = clock.now()
            delay = backoff_seconds(
                item.attempt,
                self.settings.sync_backoff_base_seconds,
                self.settings.sync_backoff_max_seconds,
                self.rng,
            )
            asked = parse_retry_after(answer.retry_after, now)
            if asked is not None:
                delay = max(delay, asked)
            retry_at = now + dt.timedelta(seconds=delay)
        return repository.Outcome(
            message_id=item.message_id,
            attempt=item.attempt,
            started_at=answer.started_at,
            duration_ms=answer.duration_ms,
            status_code=answer.status_code,
            response=answer.text,
            delivered=delivered,
            retry_at=retry_at,
        )


def start_in_thread(settings: Settings, factory: sessionmaker[Session]) -> Callable[[], None]:
    """Run a worker in a daemon thread (``ecocredit serve``); returns the function that stops it."""
    stop = threading.Event()
    worker = PushWorker(settings, factory)
    thread = threading.Thread(target=worker.run, args=(stop,), name="sync-worker", daemon=True)
    thread.start()

    def stopper() -> None:
        stop.set()
        thread.join(timeout=settings.sync_timeout_seconds + 5)
        worker.close()

    return stopper
