"""The public penalty pages render what their JSON twins answer (one service function each): the
list of what is public on the day, the permalink's record, and the form's errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import PenaltyRecord
from tests.support.factories import make_enterprise, make_penalty
from tests.support.pages import as_json, page_context
from tests.support.public_data import TODAY, hidden_penalties


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_the_list_page_shows_what_its_json_twin_lists_and_nothing_hidden(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    older = make_penalty(session, enterprise, decision_date=dt.date(2026, 3, 2))
    newer = make_penalty(session, enterprise, decision_date=dt.date(2026, 5, 2))
    hidden = hidden_penalties(session, enterprise)
    context = page_context(client.get("/penalties"), "penalties/list.html")
    result = context["result"]
    ids = [item.id for item in result.items]
    assert ids.index(newer.record_id) < ids.index(older.record_id)  # newest first
    shown = {item.violation_type for item in result.items}
    assert shown.isdisjoint({f"类型{h.word}" for h in hidden})  # each hidden one is marked so
    assert context["errors"] == {}
    assert context["today"] == TODAY
    assert context["first_page"] is True
    assert context["json_url"] == "/api/v1/penalties"
    limit = client.app.state.settings.page_size_default  # type: ignore[attr-defined]
    assert as_json(result) == client.get("/api/v1/penalties", params={"limit": limit}).json()


def test_a_bad_filter_shows_the_form_again_with_the_field_and_no_list(
    client: TestClient, session: Session
) -> None:
    response = client.get("/penalties", params={"from": "2026-02-30", "district": "370611"})
    context = page_context(response, "penalties/list.html", status=422)
    assert set(context["errors"]) == {"from"}
    assert context["result"] is None
    assert context["form"] == {
        "district": "370611",
        "from": "2026-02-30",
        "to": "",
        "type": "",
        "q": "",
    }


def test_the_permalink_page_shows_the_record_its_json_twin_answers(
    client: TestClient, session: Session
) -> None:
    version = make_penalty(session, make_enterprise(session))
    response = client.get(f"/penalties/{version.record_id}")
    context = page_context(response, "penalties/detail.html")
    penalty = context["penalty"]
    assert penalty.id == version.record_id
    record = session.get_one(PenaltyRecord, version.record_id)
    assert context["page_title"] == penalty.decision_number == record.decision_number
    assert context["as_of"]["history"] is False
    assert as_json(penalty) == client.get(f"/api/v1/penalties/{version.record_id}").json()


def test_the_permalink_as_of_a_past_day_says_which_day(
    client: TestClient, session: Session
) -> None:
    version = make_penalty(session, make_enterprise(session), decision_date=dt.date(2026, 3, 2))
    response = client.get(f"/penalties/{version.record_id}", params={"as_of": "2026-04-01"})
    context = page_context(response, "penalties/detail.html")
    assert context["as_of"]["day"] == dt.date(2026, 4, 1)
    assert context["as_of"]["history"] is True  # the page says it shows the past
    api = client.get(f"/api/v1/penalties/{version.record_id}", params={"as_of": "2026-04-01"})
    assert as_json(context["penalty"]) == api.json()
