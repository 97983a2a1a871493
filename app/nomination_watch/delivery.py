"""Delivering the watch's notifications to the bodies' HTTPS callbacks.

Each notification is POSTed as it was stored (JSON; masked numbers only), signed with the
watch's own secret by the Standard Webhooks scheme (``app.kit.webhooks``: ``webhook-id`` is the
notification's id, the same on every retry, so the receiver applies it once). A 2xx answer
delivers it; anything else is tried again, backing off (``app.sync.worker.backoff_seconds``,
honouring ``Retry-After``), until ``ECOCREDIT_NOMINATION_WATCH_CALLBACK_MAX_ATTEMPTS``, then it
is ``dead`` (it stays readable by polling, and the watch's page shows it). A watch's
notifications go out in order. Delivered and dead notifications are audited. Logs carry ids and
status codes, never a body.

``ecocredit serve`` runs ``deliver_due`` every ``ECOCREDIT_NOMINATION_WATCH_DELIVERY_SECONDS``
(``start_in_thread``); ``ecocredit watches deliver`` runs it once.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from sqlalchemy.orm import Session, sessionmaker

from app.audit.service import record as audit
from app.config import Settings
from app.feed.service import lock_in_order
from app.kit import clock
from app.kit.db import session_scope
from app.kit.secrets import decrypt
from app.kit.webhooks import signed_headers
from app.models import DeliveryStatus, NominationWatch, WatchNotification
from app.nomination_watch import repository as repo
from app.sync.worker import backoff_seconds, parse_retry_after

log = logging.getLogger("ecocredit.nomination_watch")

BATCH = 50
LEASE = dt.timedelta(seconds=60)
TIMEOUT_SECONDS = 10.0
BACKOFF_BASE_SECONDS = 30.0
BACKOFF_MAX_SECONDS = 3600.0
ERROR_LIMIT = 500


@dataclass(frozen=True)
class Claimed:
    notification_id: int
    message_id: str
    watch_id: int
    url: str
    secret: str
    body: str
    attempt: int


@dataclass(frozen=True)
class Result:
    claimed: Claimed
    status_code: int | None
    error: str | None
    retry_after: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _claim(session: Session, settings: Settings, now: dt.datetime) -> list[Claimed]:
    claimed: list[Claimed] = []
    held: set[int] = set()
    for note in repo.due(session, now, BATCH):
        if note.watch_id in held or repo.earlier_undelivered(session, note):
            held.add(note.watch_id)  # in order per watch: one at a time, oldest first
            continue
        watch = session.get_one(NominationWatch, note.watch_id)
        if not watch.callback_url or not watch.secret_encrypted:
            note.delivery = DeliveryStatus.poll
            continue
        note.attempts += 1
        note.lease_expires_at = now + LEASE
        held.add(note.watch_id)
        claimed.append(
            Claimed(
                note.id,
                note.message_id,
                note.watch_id,
                watch.callback_url,
                decrypt(settings.id_encryption_key, watch.secret_encrypted),
                note.body,
                note.attempts,
            )
        )
    session.flush()
    return claimed


def _send(client: httpx.Client, item: Claimed) -> Result:
    body = item.body.encode()
    headers = signed_headers([item.secret], item.message_id, int(time.time()), body)
    headers["content-type"] = "application/json"
    try:
        response = client.post(item.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return Result(item, None, f"{type(exc).__name__}"[:ERROR_LIMIT], None)
    return Result(
        item,
        response.status_code,
        None if response.is_success else f"HTTP {response.status_code}",
        response.headers.get("retry-after"),
    )


def _record(session: Session, settings: Settings, result: Result, rng: random.Random) -> None:
    note = session.get(WatchNotification, result.claimed.notification_id)
    if note is None:  # the watch ended while the callback was on its way
        return
    now = clock.now()
    note.lease_expires_at = None
    note.last_status_code = result.status_code
    note.last_error = result.error
    item = result.claimed
    if result.delivered:
        note.delivery = DeliveryStatus.delivered
        note.delivered_at = now
    elif note.attempts >= settings.nomination_watch_callback_max_attempts:
        note.delivery = DeliveryStatus.dead
    else:
        delay = backoff_seconds(note.attempts, BACKOFF_BASE_SECONDS, BACKOFF_MAX_SECONDS, rng)
        asked = parse_retry_after(result.retry_after, now)
        note.next_attempt_at = now + dt.timedelta(seconds=max(delay, asked or 0.0))
    if note.delivery in (DeliveryStatus.delivered, DeliveryStatus.dead):
        audit(
            session,
            None,
            f"nomination_watch.{note.delivery.value}",
            "nomination_watch",
            item.watch_id,
            after={
                "message_id": item.message_id,
                "attempts": note.attempts,
                "status_code": result.status_code,
            },
        )
    log.info(
        "watch callback",
        extra={
            "message_id": item.message_id,
            "watch_id": item.watch_id,
            "attempt": item.attempt,
            "status_code": result.status_code,
            "outcome": note.delivery.value,
        },
    )


def deliver_due(
    settings: Settings,
    factory: sessionmaker[Session],
    *,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """Deliver the callbacks that are due (one round); returns how many were tried."""
    with session_scope(factory) as session:
        claimed = _claim(session, settings, clock.now())
    if not claimed:
        return 0
    rng = random.Random()  # noqa: S311 - jitter, not security
    with httpx.Client(timeout=TIMEOUT_SECONDS, transport=transport) as client:
        results = [_send(client, item) for item in claimed]
    with session_scope(factory) as session:
        lock_in_order(session)  # the audit lock before the notifications' rows (as the tick)
        for result in results:
            _record(session, settings, result, rng)
    return len(results)


def start_in_thread(settings: Settings, factory: sessionmaker[Session]) -> Callable[[], None]:
    """Deliver due callbacks every ``nomination_watch_delivery_seconds`` in a daemon thread;
    returns the function that stops it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                deliver_due(settings, factory)
            except Exception:  # a database or network hiccup must not end the loop
                log.exception("watch callback round failed")
            stop.wait(settings.nomination_watch_delivery_seconds)

    thread = threading.Thread(target=loop, name="watch-callbacks", daemon=True)
    thread.start()

    def stopper() -> None:
        stop.set()
        thread.join(timeout=TIMEOUT_SECONDS + 5)

    return stopper
