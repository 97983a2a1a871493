"""``ecocredit rules tick``: the periodic work the publication rules need.

Public status needs none of it (it is derived from dates when served). The tick

1. sends the withdrawals of publications that ended (``app.feed.withdrawals.catch_up``), and
   the publication of any public record that is not on the feed yet, whatever path it entered by
   (``app.feed.publications.publish_missing``),
2. brings credit levels up to date (``app.credit.service.recompute``) for the enterprises
   whose points may have changed since the last tick,
3. proposes a black-list entry for each enterprise that newly reached the black-list level,
4. publishes on the feed the inspection cases whose findings became public today
   (``app.inspections.events.catch_up``: approved before their publication day),
5. re-checks the nomination watches (``app.nomination_watch.service.recheck``): a candidate
   whose status changed gets one notification, delivered by ``app.nomination_watch.delivery``,

and records itself in ``rule_ticks``. It is idempotent: running it twice, late or after a long
stop does each of these once (a run starts looking a week before the last run's day). Runs are
serialised: the first write of a run (its ``rule_ticks`` row) and the audit/feed lock keep a second
run waiting until the first commits. ``ecocredit serve`` runs it every
``ECOCREDIT_RULES_TICK_SECONDS`` in a background thread (``start_ticker``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.audit.anchors import write_anchor
from app.credit import repository as credit_repository
from app.credit.rules import window_months
from app.credit.service import recompute
from app.feed.publications import publish_missing
from app.feed.service import lock_in_order
from app.feed.withdrawals import catch_up, default_since
from app.inspections.events import catch_up as publish_due_cases
from app.kit import clock
from app.kit.db import session_scope
from app.lists.service import propose_for_crossings
from app.models import RuleTick
from app.nomination_watch.service import RecheckReport, recheck

log = logging.getLogger("ecocredit.rules")
NO_WATCHES = RecheckReport(0, 0, 0, 0)
CHUNK = 500  # enterprises whose levels one step of ``run_tick_in_steps`` recomputes


@dataclass(frozen=True)
class TickReport:
    day: dt.date
    emitted: int
    noted: int
    enterprises: int
    assessments: int
    proposals: int
    watch: RecheckReport = NO_WATCHES
    published: int = 0  # public records that were not on the feed yet
    inspection_cases: int = 0  # inspection cases whose findings reached the feed today

    def lines(self) -> list[str]:
        return [
            f"规则日：{self.day.isoformat()}",
            f"撤下公示事件：新发 {self.emitted} 条，已记录无需再发 {self.noted} 条",
            f"补发公示事件（公示中但尚未写入变更订阅的记录）：{self.published} 条",
            f"信用等级：检查企业 {self.enterprises} 家，写入评价 {self.assessments} 条",
            f"黑名单提议（待审核）：{self.proposals} 条",
            f"提名人选监测：复查 {self.watch.watches} 个监测的 {self.watch.candidates} 名候选人，"
            f"状态变化 {self.watch.changes} 人；结束并删除 {self.watch.purged} 个监测的候选人",
            f"督察交办信访件公开事件：新发 {self.inspection_cases} 条",
        ]


def _levels(session: Session, enterprise_ids: list[int], day: dt.date) -> tuple[int, int]:
    """Recompute these enterprises' levels and propose for the crossings: (written, proposed)."""
    recomputed = recompute(session, enterprise_ids, day)
    proposals = propose_for_crossings(session, recomputed.crossings, day)
    return recomputed.written, len(proposals)


def _changed(session: Session, since: dt.date | None, today: dt.date) -> list[int]:
    found: set[int] = set()
    for scheme in credit_repository.schemes_by_code(session).values():
        months = window_months(scheme.definition)
        found.update(credit_repository.changed_enterprises(session, since, today, months))
    return sorted(found)


def _report(
    tick: RuleTick, enterprises: int, watch: RecheckReport, published: int, inspection_cases: int
) -> TickReport:
    return TickReport(
        day=tick.day,
        emitted=tick.withdrawals,
        noted=tick.noted,
        enterprises=enterprises,
        assessments=tick.assessments,
        proposals=tick.proposals,
        watch=watch,
        published=published,
        inspection_cases=inspection_cases,
    )


def run_tick(
    session: Session, *, trigger: str = "cli", today: dt.date | None = None, full: bool = False
) -> TickReport:
    """One tick in the caller's transaction (it flushes; the caller commits)."""
    day = today or clock.today()
    since = None if full else default_since(session)
    tick = RuleTick(day=day, trigger=trigger, started_at=clock.now())
    session.add(tick)
    session.flush()  # the run's first write: SQLite serialises concurrent runs here
    lock_in_order(session)  # PostgreSQL: the audit lock, taken first by every feed writer
    caught = catch_up(session, day, full=full)
    published = publish_missing(session, day)
    cases = publish_due_cases(session, day)
    enterprise_ids = _changed(session, since, day)
    written, proposed = _levels(session, enterprise_ids, day)
    tick.withdrawals, tick.noted = caught.emitted, caught.noted
    tick.assessments, tick.proposals = written, proposed
    watched = recheck(session, day)
    tick.finished_at = clock.now()
    session.flush()
    return _report(tick, len(enterprise_ids), watched, published, cases)


def run_tick_in_steps(
    factory: sessionmaker[Session],
    *,
    trigger: str = "cli",
    full: bool = False,
    chunk: int = CHUNK,
) -> TickReport:
    """The same tick in short transactions (the expiries, then the levels ``chunk`` enterprises
    at a time), so that a long first run on a large database never holds the database's write
    lock for long. Each step is idempotent on its own; the run is recorded as finished last."""
    with session_scope(factory) as session:
        day = clock.today()
        since = None if full else default_since(session)
        tick = RuleTick(day=day, trigger=trigger, started_at=clock.now())
        session.add(tick)
        session.flush()
        lock_in_order(session)
        caught = catch_up(session, day, full=full)
        tick.withdrawals, tick.noted = caught.emitted, caught.noted
        published = publish_missing(session, day)
        cases = publish_due_cases(session, day)
        tick_id = tick.id
        enterprise_ids = _changed(session, since, day)
    written = proposed = 0
    for start in range(0, len(enterprise_ids), chunk):
        with session_scope(factory) as session:
            lock_in_order(session)
            done = _levels(session, enterprise_ids[start : start + chunk], day)
        written, proposed = written + done[0], proposed + done[1]
    with session_scope(factory) as session:
        watched = recheck(session, day)
    with session_scope(factory) as session:
        tick = session.get_one(RuleTick, tick_id)
        tick.assessments, tick.proposals = written, proposed
        tick.finished_at = clock.now()
        return _report(tick, len(enterprise_ids), watched, published, cases)


def start_ticker(
    factory: sessionmaker[Session],
    every_seconds: float,
    trigger: str = "serve",
    anchor_path: Path | None = None,
) -> Callable[[], None]:
    """Run a tick now and then every ``every_seconds`` in a daemon thread; returns the stopper.
    With ``anchor_path``, the audit chain's head is anchored there after every tick
    (``app.audit.anchors``)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                report = run_tick_in_steps(factory, trigger=trigger)
                log.info("rules tick done", extra={"report": report.lines()})
                if anchor_path is not None:
                    with session_scope(factory) as session:
                        write_anchor(session, anchor_path)
            except Exception:  # a database hiccup must not end the ticker
                log.exception("rules tick failed")
            stop.wait(every_seconds)

    thread = threading.Thread(target=loop, name="rules-ticker", daemon=True)
    thread.start()

    def stopper() -> None:
        stop.set()
        thread.join(timeout=30)

    return stopper
