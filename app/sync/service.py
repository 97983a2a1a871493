"""What officers see of the link and what they can do: backlog, dead letters, consumers, replay."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.orm import Session

from app.audit.service import record
from app.feed import repository as feed_repository
from app.feed.payloads import EVENT_KINDS, RECORD_TYPES
from app.feed.publications import publish_missing
from app.feed.service import public_items
from app.feed.withdrawals import catch_up
from app.kit import clock
from app.kit.actor import Actor
from app.models.reconciliation import SyncReconciliation
from app.models.sync import DeliveryAttempt, OutboxMessage, OutboxStatus
from app.sync import repository
from app.sync.reconcile import Report, reconcile


@dataclass(frozen=True)
class MessageView:
    message: OutboxMessage
    kind: str
    kind_label: str
    event_id: str
    record_label: str
    name: str | None
    attempts: list[DeliveryAttempt]


@dataclass(frozen=True)
class ConsumerView:
    name: str
    position: int
    lag: int
    last_read_at: dt.datetime
    reads: int


@dataclass(frozen=True)
class Overview:
    counts: dict[OutboxStatus, int]
    oldest_undelivered: dt.datetime | None
    backlog_age_seconds: int | None
    dead: list[MessageView]
    backlog: list[MessageView]
    head: int
    consumers: list[ConsumerView]


def _views(session: Session, statuses: list[OutboxStatus], limit: int) -> list[MessageView]:
    rows = repository.messages(session, statuses, limit)
    attempts = repository.attempts_of(session, [m.id for m, _e in rows])
    views = []
    for message, event in rows:
        data: dict[str, Any] = json.loads(event.body).get("data", {})
        name = data.get("party_name") or data.get("enterprise_name") or data.get("name")
        views.append(
            MessageView(
                message=message,
                kind=event.kind,
                kind_label=EVENT_KINDS.get(event.kind, event.kind),
                event_id=event.event_id,
                record_label=f"{RECORD_TYPES.get(event.record_type, event.record_type)} "
                f"{event.record_id}（第{event.sequence}个事件）",
                name=name,
                attempts=attempts[message.id][-5:],
            )
        )
    return views


def overview(session: Session, limit: int = 50) -> Overview:
    now = clock.now()
    oldest = repository.oldest_undelivered(session)
    head = feed_repository.head(session)
    consumers = [
        ConsumerView(
            c.name, c.last_position, max(0, head - c.last_position), c.last_read_at, c.reads
        )
        for c in feed_repository.consumers(session)
    ]
    return Overview(
        counts=repository.counts_by_status(session),
        oldest_undelivered=oldest,
        backlog_age_seconds=int((now - oldest).total_seconds()) if oldest else None,
        dead=_views(session, [OutboxStatus.dead], limit),
        backlog=_views(session, [OutboxStatus.pending, OutboxStatus.delivering], limit),
        head=head,
        consumers=consumers,
    )


def replay(session: Session, actor: Actor, message_ids: list[int] | None) -> int:
    """Queue dead letters again (the given ones, or all); audited."""
    count = repository.replay(session, message_ids, clock.now())
    record(
        session,
        actor,
        "sync.replay",
        "sync_outbox",
        None if message_ids is None else ",".join(map(str, message_ids))[:100],
        after={"replayed": count, "all": message_ids is None},
    )
    return count


# --- reconciliation: run it, keep it, resend what it found ---------------------------------

OUTCOME_LABELS = {
    "delivered": "已送达",
    "retry": "待重试",
    "dead": "停止重试",
    "lost_lease": "租约已过期",
}
KEPT_DIFFERENCES = 200  # differences stored per reconciliation (the count is always complete)


def run_reconciliation(
    session: Session,
    platform_url: str,
    *,
    actor: Actor | None = None,
    trigger: str = "cli",
    client: httpx.Client | None = None,
) -> tuple[SyncReconciliation, Report | None]:
    """Reconcile now and keep the result (the page shows the last one). A platform that cannot
    be asked is kept as an error, not as "no difference"."""
    today = clock.today()
    row = SyncReconciliation(
        ran_at=clock.now(),
        ran_by_id=actor.user_id if actor is not None else None,
        trigger=trigger,
    )
    report: Report | None = None
    try:
        report = reconcile(session, platform_url, today, client)
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        row.error = f"无法读取信用平台持有的记录（{platform_url}）：{type(exc).__name__}"[:500]
        row.portal_count = len(public_items(session, today))
    else:
        row.portal_count = sum(report.portal_counts.values())
        row.platform_count = sum(report.platform_counts.values())
        row.scheduled_count = len(report.scheduled)
        row.difference_count = len(report.differences)
        row.differences = [
            {
                "kind": d.kind,
                "record_type": d.record_type,
                "record_id": d.record_id,
                "name": d.name,
                "detail": d.detail,
            }
            for d in report.differences[:KEPT_DIFFERENCES]
        ]
    session.add(row)
    session.flush()
    if actor is not None:
        record(
            session,
            actor,
            "sync.reconcile",
            "sync_reconciliation",
            row.id,
            after={"differences": row.difference_count, "error": row.error},
        )
    return row, report


def last_reconciliation(session: Session) -> SyncReconciliation | None:
    return repository.last_reconciliation(session)


@dataclass(frozen=True)
class Resent:
    published: int  # public records that were not on the feed: their events written
    withdrawn: int  # ended publications whose withdrawal was not on the feed
    requeued: int  # records whose last event was queued again for the platform


def resend(session: Session, actor: Actor) -> Resent:
    """Send the platform again what the last reconciliation found different: first the events
    the feed lacks (public records never published, ended ones never withdrawn), then, for
    every differing record, its last event once more (the platform ignores what it already
    applied). Audited."""
    today = clock.today()
    published = publish_missing(session, today)
    withdrawn = catch_up(session, today).emitted
    last = repository.last_reconciliation(session)
    keys = (
        sorted({(str(d["record_type"]), int(d["record_id"])) for d in last.differences})
        if last is not None
        else []
    )
    requeued = repository.requeue_last_events(session, keys, clock.now())
    record(
        session,
        actor,
        "sync.resend",
        "sync_reconciliation",
        None if last is None else last.id,
        after={"published": published, "withdrawn": withdrawn, "requeued": requeued},
    )
    return Resent(published, withdrawn, requeued)
