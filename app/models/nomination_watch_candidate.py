"""A candidate under a nomination watch: the keyed hash of the ID number (to match), its masked
form (to show), never the number; the last answer, so that only a change is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum
from app.models.nomination_check import CandidateStatus


class WatchCandidate(Base):
    __tablename__ = "nomination_watch_candidates"
    __table_args__ = (UniqueConstraint("watch_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("nomination_watches.id"), index=True)
    position: Mapped[int]  # the candidate's index in the registered batch, from 1
    reference: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))  # the cross-check of the match
    id_hash: Mapped[str] = mapped_column(String(64))
    id_masked: Mapped[str] = mapped_column(String(18))
    id_legacy: Mapped[bool]
    status: Mapped[CandidateStatus] = mapped_column(
        str_enum(CandidateStatus, "watch_candidate_status")
    )
    person_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # matched persons
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the answer (masked)
    changes: Mapped[int] = mapped_column(default=0)  # status changes told so far
    checked_at: Mapped[dt.datetime]
