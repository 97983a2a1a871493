"""The search page renders the result its JSON twin answers (one service function): the same
enterprises in the same order, the filters with their counts, the words searched for; without
a search, only the form; a bad filter shows the form again naming it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Enterprise
from app.search.index import refresh_enterprise_index
from tests.support.factories import make_enterprise
from tests.support.pages import as_json, page_context
from tests.support.public_data import TODAY


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def _add(session: Session, name: str, district: str) -> Enterprise:
    enterprise = make_enterprise(session, name=name, district=district)
    refresh_enterprise_index(session, [enterprise.id])
    return enterprise


def test_the_results_are_those_of_the_json_twin_in_the_same_order(
    client: TestClient, session: Session
) -> None:
    first = _add(session, "烟台上下文检索化工有限公司", "370611")
    second = _add(session, "烟台上下文检索化工二厂", "370613")
    _add(session, "烟台无关机械有限公司", "370611")
    response = client.get("/enterprises", params={"q": "上下文检索"})
    context = page_context(response, "search/results.html")
    result = context["result"]
    assert {item.uscc for item in result.items} == {first.uscc, second.uscc}
    assert context["form"] == {
        "q": "上下文检索",
        "district": "",
        "industry": "",
        "level": "",
        "list": "",
        "licence": "",
    }
    assert context["errors"] == {}
    assert context["page_title"] == "“上下文检索”的查询结果"
    limit = client.app.state.settings.page_size_default  # type: ignore[attr-defined]
    api = client.get("/api/v1/enterprises", params={"q": "上下文检索", "limit": limit})
    assert as_json(result) == api.json()
    narrowed = page_context(
        client.get("/enterprises", params={"q": "上下文检索", "district": "370613"}),
        "search/results.html",
    )["result"]
    assert [item.uscc for item in narrowed.items] == [second.uscc]


def test_without_a_search_the_page_is_the_form_alone(client: TestClient) -> None:
    context = page_context(client.get("/enterprises"), "search/results.html")
    assert context["result"] is None
    assert context["page_title"] == "企业查询"


def test_an_unknown_filter_shows_the_form_again_naming_it(client: TestClient) -> None:
    response = client.get("/enterprises", params={"q": "化工", "level": "Z"})
    context = page_context(response, "search/results.html", status=422)
    assert set(context["errors"]) == {"level"}
    assert context["result"] is None
