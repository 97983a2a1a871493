"""The black and red list pages render what their JSON twin answers (one service function): the
entries in force on the day, each list its own, with the links to the JSON and CSV of the same
selection; a bad filter shows the form again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry
from tests.support.pages import as_json, page_context
from tests.support.public_data import TODAY


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_each_list_page_shows_its_own_entries_like_its_json_twin(
    client: TestClient, session: Session
) -> None:
    black = make_enterprise(session, name="烟台黑名单上下文测试有限公司")
    red = make_enterprise(session, name="烟台红名单上下文测试有限公司")
    make_list_entry(session, black, ListType.black)
    make_list_entry(session, red, ListType.red, start=dt.date(2026, 1, 5))
    make_list_entry(session, black, ListType.black, start=dt.date(2024, 1, 1), end=TODAY)
    limit = client.app.state.settings.page_size_default  # type: ignore[attr-defined]
    for name, label, other, mine, theirs in (
        ("black", "黑名单", "red", black, red),
        ("red", "红名单", "black", red, black),
    ):
        context = page_context(client.get(f"/lists/{name}"), "lists/list.html")
        page = context["page"]
        names = [item.enterprise_name for item in page.items]
        assert mine.name in names
        assert theirs.name not in names
        assert (context["list_type"], context["label"], context["other"]) == (name, label, other)
        assert context["json_url"] == f"/api/v1/lists/{name}"
        assert context["csv_url"] == f"/api/v1/lists/{name}?format=csv"
        assert context["errors"] == {}
        api = client.get(f"/api/v1/lists/{name}", params={"limit": limit})
        assert as_json(page) == api.json()
    black_page = page_context(client.get("/lists/black"), "lists/list.html")["page"]
    ending_today = [i for i in black_page.items if i.end_date == TODAY]
    assert len(ending_today) == 1  # in force through its last day


def test_the_links_keep_the_filters_and_a_bad_filter_shows_the_form_again(
    client: TestClient, session: Session
) -> None:
    make_list_entry(session, make_enterprise(session), ListType.black)
    context = page_context(client.get("/lists/black?district=370611"), "lists/list.html")
    assert context["form"] == {"district": "370611", "industry": ""}
    assert context["csv_url"] == "/api/v1/lists/black?district=370611&format=csv"
    assert all(item.district_code == "370611" for item in context["page"].items)
    response = client.get("/lists/black", params={"district": "999999"})
    context = page_context(response, "lists/list.html", status=422)
    assert set(context["errors"]) == {"district"}
    assert context["page"] is None
