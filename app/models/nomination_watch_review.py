"""A reviewer's decision on a watched candidate who needed review: "not the same person" as a
recorded person, kept for the watch so that the same false match is not raised again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class WatchReview(Base):
    __tablename__ = "nomination_watch_reviews"
    __table_args__ = (UniqueConstraint("candidate_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("nomination_watches.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("nomination_watch_candidates.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    decision: Mapped[str] = mapped_column(String(30))  # not_same_person
    note: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime]
