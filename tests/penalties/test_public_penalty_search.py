"""/penalties finds what people type: words of the party name or the decision number, and says
how many penalties match on all pages (the JSON twin too)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import PenaltyRecord
from tests.support.factories import make_authority, make_enterprise, make_penalty

TODAY = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def _total(html: str) -> int:
    found = re.search(r"共 ([\d,]+) 条", html)
    assert found, "the page does not say how many penalties there are"
    return int(found.group(1).replace(",", ""))


def test_search_by_party_name_and_decision_number_with_a_total(
    client: TestClient, session: Session
) -> None:
    authority = make_authority(session)
    plating = make_penalty(
        session, make_enterprise(session, name="烟台福山鑫达电镀有限公司"), authority
    )
    make_penalty(session, make_enterprise(session, name="烟台蓝海食品有限公司"), authority)
    make_penalty(session, make_enterprise(session, name="烟台北方铸造有限公司"), authority)
    session.commit()
    number = session.get_one(PenaltyRecord, plating.record_id).decision_number

    everything = client.get("/penalties")
    assert everything.status_code == 200
    assert _total(everything.text) == 3

    by_name = client.get("/penalties", params={"q": "电镀"})
    assert _total(by_name.text) == 1
    assert "烟台福山鑫达电镀有限公司" in by_name.text
    assert "烟台蓝海食品有限公司" not in by_name.text

    by_number = client.get("/penalties", params={"q": number})
    assert _total(by_number.text) == 1
    assert number in by_number.text

    api = client.get("/api/v1/penalties", params={"q": "电镀 鑫达"}).json()
    assert api["total"] == 1
    assert [item["id"] for item in api["items"]] == [plating.record_id]
    assert client.get("/api/v1/penalties", params={"limit": 1}).json()["total"] == 3


def test_the_black_list_says_how_many_entries_it_has(client: TestClient) -> None:
    page = client.get("/lists/black")
    assert page.status_code == 200
    assert re.search(r"共 \d+ 家企业", page.text)
