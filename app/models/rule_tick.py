"""One row per run of ``ecocredit rules tick`` (also run by ``ecocredit serve``): what it did.

The last run's ``day`` is where the next run starts looking for expiries, so that a run after a
long stop catches up on every day it missed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RuleTick(Base):
    __tablename__ = "rule_ticks"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(index=True)  # "today" of the run (Asia/Shanghai)
    trigger: Mapped[str] = mapped_column(String(20))  # cli | serve | test
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    withdrawals: Mapped[int] = mapped_column(default=0)  # withdrawal events emitted
    noted: Mapped[int] = mapped_column(default=0)  # endings noted without a new event
    assessments: Mapped[int] = mapped_column(default=0)  # credit assessments written
    proposals: Mapped[int] = mapped_column(default=0)  # black-list entries proposed
