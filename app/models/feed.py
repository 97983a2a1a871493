"""The change feed: every public change the credit platform must learn about, in one total order.

``FeedEvent.id`` is the feed position. It is not a database sequence: ``emit_change`` takes the next
value from the single ``feed_head`` row with an ``UPDATE`` that locks the row until the writer's
transaction ends. Writers of feed events are therefore serialised from their first event to their
commit, positions become visible in commit order without gaps, and a reader that follows
``id > cursor`` never skips a row that committed late with a smaller id (with a plain sequence,
PostgreSQL hands out ids at insert time and transactions commit in any order).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

# BIGINT on PostgreSQL; INTEGER PRIMARY KEY (the rowid) on SQLite.
POSITION = BigInteger().with_variant(Integer(), "sqlite")


class FeedEvent(Base):
    __tablename__ = "feed_events"
    __table_args__ = (UniqueConstraint("record_type", "record_id", "sequence"),)

    id: Mapped[int] = mapped_column(POSITION, primary_key=True, autoincrement=False)  # position
    event_id: Mapped[str] = mapped_column(String(40), unique=True)  # "evt_…", webhook-id
    kind: Mapped[str] = mapped_column(String(40))  # e.g. penalty.published
    record_type: Mapped[str] = mapped_column(String(20))  # penalty | list_entry
    record_id: Mapped[int]
    record_version: Mapped[int]
    # 1, 2, 3 … per record: the order in which a consumer applies this record's events.
    sequence: Mapped[int]
    occurred_at: Mapped[dt.datetime]
    # The event exactly as served and pushed (canonical JSON, UTF-8): readers splice it unparsed.
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the canonical ``data``


class FeedHead(Base):
    """One row (id 1): the last position handed out. Its row lock serialises feed writers."""

    __tablename__ = "feed_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_position: Mapped[int] = mapped_column(POSITION, default=0)


class FeedConsumer(Base):
    """An API client that reads the feed: where it is, so that officers see its lag."""

    __tablename__ = "feed_consumers"
    __table_args__ = (Index("ix_feed_consumers_last_read_at", "last_read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # the token's or account's name
    last_position: Mapped[int] = mapped_column(POSITION, default=0)
    last_read_at: Mapped[dt.datetime]
    reads: Mapped[int] = mapped_column(default=0)
