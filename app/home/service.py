"""The home page's figures, its picture of the record and the latest changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.lists.public_service import ListFilters, list_page
from app.models import Enterprise, ListEntry, ListType, PenaltyRecord, PenaltyVersion
from app.penalties.public_service import PenaltyFilters, list_penalties
from app.publication.visibility import list_entry_in_force, penalty_version_public
from app.statistics.filters import StatFilters
from app.statistics.presentation import trend_svg
from app.statistics.service import report
from app.statistics.tables import StatTable


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


@dataclass(frozen=True)
class Latest:
    """One line of the home page's latest changes: what, whose, when, where it links."""

    day: dt.date
    label: str
    name: str
    detail: str
    url: str


@dataclass(frozen=True)
class HomeOverview:
    trend: StatTable  # the month table of /statistics (24 months up to today)
    trend_svg: Markup
    penalties: list[Latest]
    list_entries: list[Latest]


LATEST = 5


def home_overview(session: Session, settings: Settings, day: dt.date) -> HomeOverview:
    """The small picture of the record: the trend of the last 24 months (the statistics page's
    month table, through its cache) and the latest public penalties and list entries."""
    trend = report(session, settings, StatFilters(day=day)).table("penalties_by_month")
    penalties = list_penalties(session, settings.secret_key, day, PenaltyFilters(), None, LATEST)
    entries = [
        entry
        for list_type in (ListType.black, ListType.red)
        for entry in list_page(
            session, settings.secret_key, day, list_type, ListFilters(), None, LATEST
        ).items
    ]
    entries.sort(key=lambda e: (e.start_date, e.id), reverse=True)
    return HomeOverview(
        trend=trend,
        trend_svg=trend_svg(trend),
        penalties=[
            Latest(
                p.decision_date,
                "行政处罚",
                p.party_name,
                f"{p.violation_type}（{p.decision_number}）",
                p.url,
            )
            for p in penalties.items
        ],
        list_entries=[
            Latest(
                e.start_date,
                f"列入{e.list_label}",
                e.enterprise_name,
                e.category_label or ("守信激励" if e.list_type == "red" else "失信惩戒"),
                e.enterprise_url,
            )
            for e in entries[:LATEST]
        ],
    )
