"""The home page renders the figures its JSON twin (/api/v1/stats) answers: counts of what is
public today, not of every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.home.service import HomeFigures
from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.pages import as_json, page_context
from tests.support.public_data import TODAY, hidden_penalties


def test_the_home_page_counts_what_is_public_today_like_its_json_twin(
    client: TestClient, session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    frozen_clock(TODAY)
    before = client.get("/api/v1/stats").json()
    enterprise = make_enterprise(session)
    make_penalty(session, enterprise)
    hidden_penalties(session, enterprise)  # not public (and one corrected record, public)
    make_list_entry(session, enterprise, ListType.black)
    context = page_context(client.get("/"), "home.html")
    figures = context["figures"]
    assert isinstance(figures, HomeFigures)
    assert figures.as_of == TODAY
    assert figures.enterprises == before["enterprises"] + 1
    assert figures.public_penalties == before["public_penalties"] + 2  # mine and the corrected
    assert figures.black_list == before["black_list"] + 1
    assert figures.red_list == before["red_list"]
    assert as_json(figures) == client.get("/api/v1/stats").json()
    assert context["page_title"] == "首页"
