"""The demo data reproduces the article's figures, live on the board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from app.demo.inspections import build_inspections
from app.inspections import public_service

AS_OF = dt.date(2026, 11, 1)


def test_the_historical_campaign_has_the_articles_figures(
    session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    frozen_clock(AS_OF)
    build_inspections(session.connection(), 2018, AS_OF)
    board = public_service.board(session, AS_OF, None)
    by_title = {h.title: h for h in board.campaigns}
    historical = by_title["2017年中央生态环境保护督察"]
    assert (historical.handed_over, historical.closed, historical.open) == (881, 873, 8)
    assert (historical.cancelled, historical.stage_closed, historical.closed_rate) == (
        873,
        3,
        "99.1%",
    )
    problems = public_service.board(session, AS_OF, historical.campaign_id).problems
    assert len(problems) == 27
    assert sum(p.kind == "个性问题" for p in problems) == 5
    assert sum(p.kind == "共性问题" for p in problems) == 22
    assert sum(p.standard_reached for p in problems) == 9
    assert sum(p.closed for p in problems) == 6
    assert sum(p.on_schedule for p in problems) == 21
    # the current provincial campaign has cases overdue, and shares add up to its case count
    current = next(h for h in board.campaigns if h.kind == "省级生态环境保护督察")
    assert board.campaign_id == current.campaign_id
    assert board.overdue
    total = sum(float(r.handed_over_value) for r in board.by_unit)
    assert total == current.handed_over
