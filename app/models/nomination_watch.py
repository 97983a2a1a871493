"""Nomination watches (提名人选监测): a nomination body keeps a batch of candidates under watch
until the election day and is told when one's status changes.

The watch itself stays on the record when it ends (who watched, until when, how many); its
candidates, their notifications and the reviewers' decisions are deleted then (``purged_at``).
The callback's signing secret is kept encrypted (Fernet, ``ECOCREDIT_ID_ENCRYPTION_KEY``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class NominationWatch(Base):
    __tablename__ = "nomination_watches"
    __table_args__ = (Index("ix_nomination_watches_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))  # the body's own label of the election
    end_date: Mapped[dt.date] = mapped_column(index=True)  # the election day: watched as of it
    callback_url: Mapped[str | None] = mapped_column(String(500))  # None: the body polls
    secret_encrypted: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    candidates: Mapped[int]  # watched (valid ID numbers)
    last_checked_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]  # ended early by the body, or at the end date
    purged_at: Mapped[dt.datetime | None]  # candidates, notifications and decisions deleted
