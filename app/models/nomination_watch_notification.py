"""One status change of a watched candidate, told once: by a signed callback (retried with
backoff, until delivered or dead) and always readable by polling."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class DeliveryStatus(enum.StrEnum):
    poll = "poll"  # no callback: the body polls
    pending = "pending"  # 待推送 (or waiting for a retry)
    delivered = "delivered"  # 已送达
    dead = "dead"  # 推送失败（已放弃重试；仍可轮询读取）


DELIVERY_STATUS_LABELS = {
    DeliveryStatus.poll: "轮询读取",
    DeliveryStatus.pending: "待推送",
    DeliveryStatus.delivered: "已送达",
    DeliveryStatus.dead: "推送失败",
}


class WatchNotification(Base):
    __tablename__ = "nomination_watch_notifications"
    __table_args__ = (
        UniqueConstraint("candidate_id", "sequence"),
        Index("ix_nomination_watch_notifications_due", "delivery", "next_attempt_at"),
        Index("ix_nomination_watch_notifications_watch", "watch_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)  # webhook-id
    watch_id: Mapped[int] = mapped_column(ForeignKey("nomination_watches.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("nomination_watch_candidates.id"))
    sequence: Mapped[int]  # the candidate's n-th change: one notification per change
    change: Mapped[str] = mapped_column(String(20))  # newly_barred, bar_ended, needs_review …
    created_at: Mapped[dt.datetime]
    body: Mapped[str] = mapped_column(Text)  # the JSON sent and polled (masked numbers only)
    delivery: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "watch_delivery"))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    lease_expires_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
