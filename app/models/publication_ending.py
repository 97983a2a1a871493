"""The ledger of ended publications: one row per record version whose publication ended and
whose withdrawal the change feed carries (``app.feed.withdrawals``).

The unique key (record type, record id, record version) is what makes the withdrawal of an
expiry exactly-once, however often and however late ``ecocredit rules tick`` runs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

_POSITION = BigInteger().with_variant(Integer(), "sqlite")


class PublicationEnding(Base):
    __tablename__ = "publication_endings"
    __table_args__ = (
        UniqueConstraint("record_type", "record_id", "record_version"),
        Index("ix_publication_endings_ended_on", "ended_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))  # penalty | list_entry
    record_id: Mapped[int]
    record_version: Mapped[int]
    # expired | repaired | removed | revoked | corrected (app.feed.payloads.WITHDRAWAL_REASONS)
    reason: Mapped[str] = mapped_column(String(32))
    ended_on: Mapped[dt.date]  # the first day the record was no longer public
    # The withdrawal event on the feed; None when the record never reached the feed.
    feed_event_id: Mapped[int | None] = mapped_column(_POSITION, ForeignKey("feed_events.id"))
    noted_at: Mapped[dt.datetime]
