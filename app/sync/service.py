"""What officers see of the link and what they can do: backlog, dead letters, consumers, replay."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.audit.service import record
from app.feed import repository as feed_repository
from app.kit import clock
from app.kit.actor import Actor
from app.models.sync import DeliveryAttempt, OutboxMessage, OutboxStatus
from app.sync import repository


@dataclass(frozen=True)
class MessageView:
    message: OutboxMessage
    kind: str
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
                event_id=event.event_id,
                record_label=f"{event.record_type} {event.record_id}（第{event.sequence}个事件）",
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
