"""An enterprise's record page renders the record its JSON twin answers (one service function):
level, lists in force, public penalties; and as of a past day, that day's record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.pages import as_json, page_context
from tests.support.public_data import TODAY, hidden_penalties, make_assessment, make_scheme


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_the_record_page_shows_the_record_of_its_json_twin(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台上下文测试化工有限公司")
    scheme = make_scheme(session)
    make_assessment(session, enterprise, scheme, "yellow", dt.date(2026, 2, 1), points=5)
    penalty = make_penalty(session, enterprise)
    hidden_penalties(session, enterprise)
    entry = make_list_entry(session, enterprise, ListType.black)
    context = page_context(client.get(f"/enterprises/{enterprise.uscc}"), "enterprises/record.html")
    record = context["record"]
    assert context["page_title"] == record.name == "烟台上下文测试化工有限公司"
    assert record.credit_level.code == "yellow"
    assert (record.on_black_list, record.on_red_list) == (True, False)
    assert [e.id for e in record.list_entries] == [entry.id]
    assert penalty.record_id in [p.id for p in record.penalties]
    assert context["as_of"]["history"] is False
    assert as_json(record) == client.get(f"/api/v1/enterprises/{enterprise.uscc}").json()


def test_as_of_a_past_day_the_page_shows_that_day(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    make_list_entry(session, enterprise, ListType.black, start=dt.date(2026, 6, 1))
    response = client.get(f"/enterprises/{enterprise.uscc}", params={"as_of": "2026-05-01"})
    context = page_context(response, "enterprises/record.html")
    record = context["record"]
    assert record.on_black_list is False  # not yet on the list that day
    assert context["as_of"]["day"] == dt.date(2026, 5, 1)
    assert context["as_of"]["history"] is True
    api = client.get(f"/api/v1/enterprises/{enterprise.uscc}", params={"as_of": "2026-05-01"})
    assert as_json(record) == api.json()
