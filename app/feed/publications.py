"""Every public record is on the feed: the published side of ``withdrawals.catch_up``.

The officers' workflows emit ``penalty.published`` / ``list_entry.published`` when they approve.
Records can also enter the database by other paths (the demo loader, a restore, a script): for
those, ``publish_missing`` finds every record public on a day (the one visibility rule) whose
latest content is not what its last feed event carries, and emits the event the workflow would
have emitted (published, or ``penalty.corrected`` when an earlier public version was on the feed).
It is idempotent: a second run finds nothing. The demo loader and the rules tick call it, so the
feed and the push outbox always carry everything that is public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.feed.payloads import EVENT_KINDS, WITHDRAWAL_KINDS
from app.feed.service import emit_change, lock_in_order, public_items
from app.models.feed import FeedEvent
from app.models.sync import OutboxMessage


@dataclass(frozen=True)
class LastState:
    kind: str
    content_hash: str


def last_states(session: Session) -> dict[tuple[str, int], LastState]:
    """The last feed event of every record on the feed: its kind and content hash."""
    latest = (
        select(
            FeedEvent.record_type,
            FeedEvent.record_id,
            func.max(FeedEvent.sequence).label("sequence"),
        )
        .group_by(FeedEvent.record_type, FeedEvent.record_id)
        .subquery()
    )
    rows = session.execute(
        select(
            FeedEvent.record_type, FeedEvent.record_id, FeedEvent.kind, FeedEvent.content_hash
        ).join(
            latest,
            and_(
                FeedEvent.record_type == latest.c.record_type,
                FeedEvent.record_id == latest.c.record_id,
                FeedEvent.sequence == latest.c.sequence,
            ),
        )
    )
    return {(r[0], int(r[1])): LastState(r[2], r[3]) for r in rows}


def unpublished(session: Session, day: dt.date) -> list[tuple[str, int]]:
    """Records public on ``day`` whose current content is not on the feed (should be none)."""
    last = last_states(session)
    missing = []
    for item in public_items(session, day):
        key = (item["record"]["type"], int(item["record"]["id"]))
        found = last.get(key)
        if (
            found is None
            or found.kind in WITHDRAWAL_KINDS
            or found.content_hash != item["content_hash"]
        ):
            missing.append(key)
    return missing


def publish_missing(session: Session, day: dt.date) -> int:
    """Emit the events of every record public on ``day`` that the feed lacks; returns how many."""
    items = public_items(session, day)
    if not items:
        return 0
    lock_in_order(session)
    last = last_states(session)
    emitted = 0
    for item in items:
        record_type, record_id = item["record"]["type"], int(item["record"]["id"])
        found = last.get((record_type, record_id))
        on_feed = found is not None and found.kind not in WITHDRAWAL_KINDS
        if on_feed and found is not None and found.content_hash == item["content_hash"]:
            continue
        kind = f"{record_type}.published"
        if on_feed and record_type == "penalty":
            kind = "penalty.corrected"
        event = emit_change(
            session,
            kind=kind,
            record_type=record_type,
            record_id=record_id,
            record_version=int(item["record"]["version"]),
            payload=item["data"],
        )
        emitted += event is not None
    return emitted


# What the credit platform has been sent of one record: stated from the feed and the outbox,
# never assumed (a page says only what happened).
OUTBOX_STATE_WORDS = {
    "pending": "已排入推送队列，尚未送达",
    "delivering": "正在推送",
    "delivered": "已送达",
    "dead": "推送多次失败，已停止重试（见“数据同步”页）",
}


def delivery_state(session: Session, record_type: str, record_id: int) -> str:
    """One Chinese sentence: the record's last feed event and where its push stands."""
    event = session.execute(
        select(FeedEvent.id, FeedEvent.kind)
        .where(FeedEvent.record_type == record_type, FeedEvent.record_id == record_id)
        .order_by(FeedEvent.sequence.desc())
        .limit(1)
    ).first()
    if event is None:
        return "该记录从未写入变更订阅，信用平台未收到过它，无需撤下。"
    statuses = list(
        session.scalars(select(OutboxMessage.status).where(OutboxMessage.event_id == event.id))
    )
    what = f"最近一次变更（{EVENT_KINDS.get(event.kind, event.kind)}，订阅序号 {event.id}）"
    if not statuses:
        return f"{what}已写入变更订阅，供信用平台拉取。"
    words = "；".join(OUTBOX_STATE_WORDS.get(str(s.value), str(s.value)) for s in statuses)
    return f"{what}推送至信用平台：{words}。"
