"""What an API client of the feed reads, as one use case each: a page of events after a
position, or the snapshot a new consumer starts from. Either first catches up the day's
withdrawals (what ended is on the feed before it is read, tick or no tick), then moves the
consumer's position that officers see on /admin/sync, and is audited (``feed.read`` /
``feed.snapshot``).

Lock order (PostgreSQL; the one order of every path, ``app.feed.service.lock_in_order``): the
audit head, then the feed head, then the consumer's row. Both use cases take the audit head
first, before anything else: a page that locked the consumer's row and then the audit head (to
record its read) deadlocked with a snapshot of the same account that held the audit head and
waited for the row."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.audit.service import record
from app.feed import repository
from app.feed.service import FeedPage, Snapshot, lock_in_order, read_page, snapshot
from app.feed.withdrawals import catch_up
from app.kit import clock
from app.kit.actor import Actor


def read(session: Session, actor: Actor, after: int, limit: int) -> FeedPage:
    """The events after position ``after`` (at most ``limit``) for ``actor``."""
    lock_in_order(session)  # audit head first: see the module docstring
    catch_up(session)
    page = read_page(session, after, limit)
    repository.note_consumer(session, actor.username, page.last_position, clock.now())
    record(
        session,
        actor,
        "feed.read",
        "feed",
        None,
        after={"from": after, "to": page.last_position, "events": len(page.bodies)},
    )
    return page


def start(session: Session, actor: Actor) -> Snapshot:
    """Everything public now and the feed position it reflects, for ``actor``."""
    lock_in_order(session)  # audit head first: see the module docstring
    catch_up(session)  # withdrawals of what ended are emitted before the snapshot's position
    snap = snapshot(session)
    repository.note_consumer(session, actor.username, snap.position, clock.now())
    record(
        session,
        actor,
        "feed.snapshot",
        "feed",
        None,
        after={"position": snap.position, "records": len(snap.items)},
    )
    return snap
