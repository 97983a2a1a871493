"""Search finds what people type: the city or district the registered name lacks or has, the
organisation form added or dropped, a district named as a word, the full name ranked first, an
exact credit code opening the record, and a plain word about pinyin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import Enterprise
from app.search.index import refresh_enterprise_index
from tests.support.factories import make_enterprise

API = "/api/v1/enterprises"


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(dt.date(2026, 7, 1))


def add(session: Session, name: str, **kwargs: Any) -> Enterprise:
    enterprise = make_enterprise(session, name=name, **kwargs)
    refresh_enterprise_index(session, [enterprise.id])
    return enterprise


def names(client: TestClient, q: str) -> list[str]:
    response = client.get(API, params={"q": q})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def registry(session: Session) -> dict[str, Enterprise]:
    found = {
        "wanhua": add(session, "烟台万华聚氨酯股份有限公司"),
        "wanhua_other": add(session, "山东万华新材料有限公司"),
        "plating": add(session, "烟台福山鑫达电镀有限公司", district="370611"),
        "plating_elsewhere": add(session, "莱州永盛电镀有限公司", district="370683"),
        "food": add(session, "烟台蓝海食品有限公司"),
    }
    session.commit()
    return found


@pytest.mark.parametrize(
    "q",
    [
        "烟台市万华",  # the city with 市, which the registered name lacks
        "万华聚氨酯",  # without the city and the organisation form
        "烟台万华聚氨酯有限公司",  # another organisation form than the registered one
        "山东省烟台市万华聚氨酯股份有限公司",  # province and city added
        "万华聚氨酯股份",
    ],
)
def test_places_and_organisation_forms_do_not_hide_the_enterprise(
    client: TestClient, registry: dict[str, Enterprise], q: str
) -> None:
    assert "烟台万华聚氨酯股份有限公司" in names(client, q)


def test_the_full_name_ranks_first(client: TestClient, registry: dict[str, Enterprise]) -> None:
    assert names(client, "山东万华新材料有限公司")[0] == "山东万华新材料有限公司"
    assert names(client, "烟台万华聚氨酯股份有限公司")[0] == "烟台万华聚氨酯股份有限公司"
    assert set(names(client, "万华")) == {"烟台万华聚氨酯股份有限公司", "山东万华新材料有限公司"}


def test_a_district_word_filters_by_district(
    client: TestClient, registry: dict[str, Enterprise]
) -> None:
    response = client.get(API, params={"q": "福山 电镀"}).json()
    assert [item["name"] for item in response["items"]] == ["烟台福山鑫达电镀有限公司"]
    assert response["query"]["district"] == "370611"
    assert "福山区" in (response["hint"] or "")
    assert set(names(client, "电镀")) == {"烟台福山鑫达电镀有限公司", "莱州永盛电镀有限公司"}
    assert names(client, "莱州 电镀") == ["莱州永盛电镀有限公司"]


def test_an_exact_credit_code_opens_the_record(
    client: TestClient, registry: dict[str, Enterprise]
) -> None:
    code = registry["food"].uscc
    opened = client.get("/enterprises", params={"q": code.lower()}, follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/enterprises/{code}"
    listed = client.get("/enterprises", params={"q": "食品"}, follow_redirects=False)
    assert listed.status_code == 200


def test_pinyin_is_answered_plainly(client: TestClient, registry: dict[str, Enterprise]) -> None:
    body = client.get(API, params={"q": "wanhua"}).json()
    assert body["items"] == []
    texts = [s["text"] for s in body["suggestions"]]
    assert any("暂不支持拼音" in t for t in texts)
    page = client.get("/enterprises", params={"q": "wh"}).text
    assert "暂不支持拼音" in page
    assert "如“wa”" not in page
