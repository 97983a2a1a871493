"""The push outbox: one row per feed event and destination, written in the change's transaction.

A worker claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, with a lease that expires when
the worker dies), delivers them in order per record and records every attempt.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.feed import POSITION, FeedEvent


class OutboxStatus(enum.StrEnum):
    pending = "pending"  # 待推送 (new, or waiting for its next retry)
    delivering = "delivering"  # 推送中 (claimed by a worker under a lease)
    delivered = "delivered"  # 已送达
    dead = "dead"  # 死信 (gave up after the attempt limit; officers can replay it)


OUTBOX_STATUS_LABELS = {
    OutboxStatus.pending: "待推送",
    OutboxStatus.delivering: "推送中",
    OutboxStatus.delivered: "已送达",
    OutboxStatus.dead: "死信",
}


class OutboxMessage(Base):
    __tablename__ = "sync_outbox"
    __table_args__ = (
        Index("ix_sync_outbox_due", "status", "next_attempt_at"),
        Index("ix_sync_outbox_record", "destination", "record_key", "id"),
    )

    id: Mapped[int] = mapped_column(POSITION, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("feed_events.id"), index=True)
    destination: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(60))  # "penalty:12": order is kept per key
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime]
    next_attempt_at: Mapped[dt.datetime]
    lease_token: Mapped[str | None] = mapped_column(String(40))
    lease_expires_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    last_status: Mapped[int | None]  # HTTP status of the last attempt (None: no answer)
    last_error: Mapped[str | None] = mapped_column(String(500))

    event: Mapped[FeedEvent] = relationship(lazy="raise")


class DeliveryAttempt(Base):
    """One try to deliver one outbox message: when, by whom, what came back (truncated)."""

    __tablename__ = "sync_attempts"

    id: Mapped[int] = mapped_column(POSITION, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("sync_outbox.id"), index=True)
    attempt: Mapped[int]
    started_at: Mapped[dt.datetime]
    duration_ms: Mapped[int]
    worker: Mapped[str] = mapped_column(String(80))
    status_code: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(20))  # delivered | retry | dead | lost_lease
    response: Mapped[str | None] = mapped_column(Text)  # at most 1,000 characters
