"""What an API client of the feed reads, as one use case each: a page of events after a
position, or the snapshot a new consumer starts from. Either first catches up the day's
withdrawals (what ended is on the feed before it is read, tick or no tick), then moves the
consumer's position that officers see on /admin/sync, and is audited (``feed.read`` /
``feed.snapshot``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.audit.service import record
from app.feed import repository
from app.feed.service import FeedPage, Snapshot, read_page, snapshot
from app.feed.withdrawals import catch_up
from app.kit import clock
from app.kit.actor import Actor


def read(session: Session, actor: Actor, after: int, limit: int) -> FeedPage:
    """The events after position ``after`` (at most ``limit``) for ``actor``."""
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
