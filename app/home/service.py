"""The home page's figures, from the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Enterprise, ListEntry, ListType, PenaltyRecord, PenaltyVersion
from app.publication.visibility import list_entry_in_force, penalty_version_public


@dataclass(frozen=True)
class HomeFigures:
    enterprises: int
    public_penalties: int
    black_list: int
    red_list: int
    as_of: dt.date


def home_figures(session: Session, day: dt.date) -> HomeFigures:
    enterprises = session.scalar(select(func.count()).select_from(Enterprise)) or 0
    penalties = (
        session.scalar(
            select(func.count())
            .select_from(PenaltyVersion)
            .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
            .where(penalty_version_public(day))
        )
        or 0
    )
    by_list = dict(
        session.execute(
            select(ListEntry.list_type, func.count())
            .where(list_entry_in_force(day))
            .group_by(ListEntry.list_type)
        ).all()
    )
    return HomeFigures(
        enterprises=enterprises,
        public_penalties=penalties,
        black_list=by_list.get(ListType.black, 0),
        red_list=by_list.get(ListType.red, 0),
        as_of=day,
    )
