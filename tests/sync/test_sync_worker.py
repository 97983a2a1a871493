"""The push worker's rules, against a scripted platform (httpx.MockTransport): order per record,
back-off with jitter, Retry-After, dead letters and replay, every attempt recorded, leases."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.feed.service import emit_penalty_published, emit_penalty_withdrawn
from app.kit import clock
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import DeliveryAttempt, FeedEvent, OutboxMessage, OutboxStatus, PenaltyVersion
from app.sync import repository
from app.sync.service import overview, replay
from app.sync.worker import PushWorker, backoff_seconds, parse_retry_after
from tests.support.factories import make_enterprise, make_penalty
from tests.support.workflows import make_officer

T0 = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    clock.set_now(T0)
    yield
    clock.set_now(None)


def _advance(seconds: float) -> None:
    clock.set_now(clock.now() + dt.timedelta(seconds=seconds))


class Platform:
    """Answers by a rule; remembers what arrived (event id, record key, sequence)."""

    def __init__(self, rule: Callable[[dict[str, object]], httpx.Response] | None = None) -> None:
        self.rule = rule or (lambda _e: httpx.Response(200, json={"status": "applied"}))
        self.arrived: list[dict[str, object]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        envelope = json.loads(request.content)
        self.arrived.append(envelope)
        return self.rule(envelope)

    def arrivals(self) -> list[tuple[int, int]]:
        return [
            (int(e["record"]["id"]), int(e["record"]["sequence"]))  # type: ignore[index]
            for e in self.arrived
        ]


def _worker(
    settings: Settings, factory: sessionmaker[Session], platform: Platform, **changes: object
) -> PushWorker:
    values: dict[str, object] = {"sync_backoff_base_seconds": 5.0, "sync_max_attempts": 5}
    values.update(changes)
    return PushWorker(
        settings.model_copy(update=values), factory, transport=httpx.MockTransport(platform)
    )


def _published(session: Session, count: int) -> list[PenaltyVersion]:
    versions = [make_penalty(session, make_enterprise(session)) for _ in range(count)]
    for version in versions:
        emit_penalty_published(session, version)
    return versions


def _message(session: Session, record_id: int, sequence: int) -> OutboxMessage:
    return session.scalars(
        select(OutboxMessage)
        .join(FeedEvent, FeedEvent.id == OutboxMessage.event_id)
        .where(FeedEvent.record_id == record_id, FeedEvent.sequence == sequence)
        .execution_options(populate_existing=True)
    ).one()


def test_a_failing_event_holds_back_its_own_record_only(
    session: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    a, b = _published(session, 2)
    emit_penalty_published(session, a, corrected=True)
    emit_penalty_withdrawn(session, a, "repaired")
    emit_penalty_withdrawn(session, b, "expired")
    failing = {a.record_id}
    platform = Platform(
        lambda e: (
            httpx.Response(503)
            if e["record"]["id"] in failing  # type: ignore[index]
            else httpx.Response(200)
        )
    )
    worker = _worker(settings, session_factory, platform)
    try:
        while worker.run_once():
            pass
        # b went through entirely, a's first event waits for its retry, the rest of a waits.
        assert platform.arrivals() == [(a.record_id, 1), (b.record_id, 1), (b.record_id, 2)]
        assert _message(session, a.record_id, 1).status == OutboxStatus.pending
        assert _message(session, a.record_id, 2).attempts == 0
        failing.clear()
        _advance(3600)
        while worker.run_once():
            pass
    finally:
        worker.close()
    a_keys = [k for k in platform.arrivals() if k[0] == a.record_id]
    assert a_keys == [(a.record_id, 1), (a.record_id, 1), (a.record_id, 2), (a.record_id, 3)]
    assert all(
        _message(session, a.record_id, s).status == OutboxStatus.delivered for s in (1, 2, 3)
    )


def test_retries_back_off_with_jitter_and_honour_retry_after(
    session: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    (version,) = _published(session, 1)
    answers = iter(
        [
            httpx.Response(503),
            httpx.Response(503),
            httpx.Response(429, headers={"Retry-After": "120"}),
            httpx.Response(200),
        ]
    )
    worker = _worker(settings, session_factory, Platform(lambda _e: next(answers)))
    delays = []
    try:
        for _ in range(3):
            assert worker.run_once() == 1
            message = _message(session, version.record_id, 1)
            delays.append((message.next_attempt_at - clock.now()).total_seconds())
            assert worker.run_once() == 0  # not due yet
            _advance(delays[-1])
        assert worker.run_once() == 1
    finally:
        worker.close()
    assert 2.5 <= delays[0] <= 5  # base 5 s, jittered down to half at most
    assert 5 <= delays[1] <= 10  # doubled
    assert delays[2] >= 120  # Retry-After wins over the 10-20 s of back-off
    attempts = session.scalars(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).all()
    assert [(a.attempt, a.status_code, a.outcome) for a in attempts][-4:] == [
        (1, 503, "retry"),
        (2, 503, "retry"),
        (3, 429, "retry"),
        (4, 200, "delivered"),
    ]


def test_back_off_reaches_hours_and_stops_there() -> None:
    rng = random.Random(1)
    delays = [backoff_seconds(n, 5.0, 4 * 3600.0, rng) for n in range(1, 30)]
    assert delays[0] < 10
    assert max(delays) <= 4 * 3600
    assert delays[-1] >= 2 * 3600  # capped at hours, jitter keeps at least half
    assert len({round(d, 3) for d in delays[-5:]}) == 5  # jittered, not all equal


def test_retry_after_as_an_http_date() -> None:
    now = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Wed, 01 Jul 2026 02:01:30 GMT", now) == 90
    assert parse_retry_after("30", now) == 30
    assert parse_retry_after("soon", now) is None


def test_dead_letter_after_the_limit_is_shown_and_can_be_replayed(
    session: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    (version,) = _published(session, 1)
    emit_penalty_withdrawn(session, version, "expired")
    broken = [True]
    platform = Platform(
        lambda e: (
            httpx.Response(500, text="x" * 5000)
            if broken and e["record"]["sequence"] == 1  # type: ignore[index]
            else httpx.Response(200)
        )
    )
    worker = _worker(settings, session_factory, platform, sync_max_attempts=3)
    try:
        for _ in range(4):
            worker.run_once()
            _advance(3600)
        first = _message(session, version.record_id, 1)
        assert first.status == OutboxStatus.dead
        assert first.attempts == 3
        # A dead letter no longer holds back the record: the later event (the full later
        # state) went out.
        assert _message(session, version.record_id, 2).status == OutboxStatus.delivered
        attempts = session.scalars(
            select(DeliveryAttempt).where(DeliveryAttempt.message_id == first.id)
        ).all()
        assert [a.outcome for a in attempts] == ["retry", "retry", "dead"]
        assert all(a.response is not None and len(a.response) == 1000 for a in attempts)
        seen = overview(session)
        assert [v.message.id for v in seen.dead] == [first.id]
        assert seen.counts[OutboxStatus.dead] == 1

        broken.clear()
        officer = make_officer(session, Role.reviewer, None)
        assert replay(session, officer, [first.id]) == 1
        assert worker.run_once() == 1
    finally:
        worker.close()
    assert _message(session, version.record_id, 1).status == OutboxStatus.delivered


def test_an_unreachable_platform_is_recorded_as_no_answer(
    session: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    _published(session, 1)

    def refuse(_e: dict[str, object]) -> httpx.Response:
        raise httpx.ConnectError("Connection refused")

    worker = _worker(settings, session_factory, Platform(refuse))
    try:
        worker.run_once()
    finally:
        worker.close()
    attempt = session.scalars(select(DeliveryAttempt).order_by(DeliveryAttempt.id.desc())).first()
    assert attempt is not None
    assert attempt.status_code is None
    assert attempt.response == "ConnectError: Connection refused"


def test_a_dead_workers_lease_expires_and_its_late_answer_is_fenced_off(
    session: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    (version,) = _published(session, 1)
    lease = dt.timedelta(seconds=60)
    with session_scope(session_factory) as s:
        dead = repository.claim(
            s, destination="platform", lease_token="dead", now=clock.now(), lease=lease, limit=10
        )
    assert [c.record_key for c in dead] == [f"penalty:{version.record_id}"]
    platform = Platform()
    worker = _worker(settings, session_factory, platform)
    try:
        assert worker.run_once() == 0  # leased by the dead worker: nobody else sends it
        _advance(61)
        assert worker.run_once() == 1
    finally:
        worker.close()
    assert len(platform.arrived) == 1
    with session_scope(session_factory) as s:
        outcome = repository.Outcome(dead[0].message_id, 1, clock.now(), 5, 200, "", True, None)
        assert repository.record_outcome(s, outcome, lease_token="dead", worker="w") == "lost_lease"
    assert _message(session, version.record_id, 1).status == OutboxStatus.delivered


def test_concurrent_claims_never_hand_out_an_event_twice(
    fresh_database: Callable[[], str],
) -> None:
    """Four claimers on their own connections (PostgreSQL: FOR UPDATE SKIP LOCKED): every event
    is claimed by exactly one, and only the head event of each record is ever claimable."""
    engine = make_engine(fresh_database())
    factory = make_sessionmaker(engine)
    try:
        with session_scope(factory) as s:
            for version in _published(s, 40):
                emit_penalty_withdrawn(s, version, "expired")
        claimed: list[tuple[str, str, int]] = []
        lock = threading.Lock()
        barrier = threading.Barrier(4)

        def claimer(name: str) -> None:
            barrier.wait()
            for _ in range(20):
                with session_scope(factory) as s:
                    batch = repository.claim(
                        s,
                        destination="platform",
                        lease_token=name,
                        now=clock.now(),
                        lease=dt.timedelta(minutes=5),
                        limit=7,
                    )
                with lock:
                    claimed.extend((name, c.record_key, c.position) for c in batch)

        threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        engine.dispose()
    positions = [p for _n, _k, p in claimed]
    assert len(positions) == len(set(positions)) == 40  # each record's head, once
    assert len({k for _n, k, _p in claimed}) == 40
    assert len({n for n, _k, _p in claimed}) > 1  # the claimers really competed
