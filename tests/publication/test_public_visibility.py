"""The one visibility rule, seen from outside: a penalty that is not public today (draft, under
review, returned, discarded, minor, expired, not yet decided, withdrawn, superseded) appears on no
page, in no API answer and in no CSV, while the public ones do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import TODAY, cite, hidden_penalties, mark


@pytest.fixture
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def _everything(client: TestClient, uscc: str, ids: list[int]) -> str:
    """Every public output that could show a penalty of the enterprise ``uscc``."""
    texts = [
        client.get(f"/enterprises/{uscc}").text,
        client.get(f"/api/v1/enterprises/{uscc}").text,
        client.get("/penalties").text,
        client.get("/api/v1/penalties?limit=200").text,
        client.get("/lists/black").text,
        client.get("/api/v1/lists/black").text,
        client.get("/api/v1/lists/black?format=csv").content.decode("utf-8-sig"),
    ]
    for record_id in ids:
        texts.append(client.get(f"/penalties/{record_id}").text)
        texts.append(client.get(f"/api/v1/penalties/{record_id}").text)
    return "\n".join(texts)


def test_only_public_penalties_appear_anywhere(
    client: TestClient, session: Session, today: dt.date
) -> None:
    enterprise = make_enterprise(session, name="烟台可见性测试化工有限公司")
    shown = make_penalty(session, enterprise)
    mark(shown, "公开的处罚")
    hidden = hidden_penalties(session, enterprise)
    entry = make_list_entry(session, enterprise, ListType.black)
    cite(session, entry, shown)
    for h in hidden:
        cite(session, entry, h.version)
    session.flush()

    output = _everything(client, enterprise.uscc, [h.version.record_id for h in hidden])

    assert "违法事实公开的处罚" in output
    assert "违法事实更正后版本" in output
    for h in hidden:
        assert h.word not in output, f"{h.reason} penalty is visible"


@pytest.mark.parametrize(
    "reason",
    ["draft", "submitted", "returned", "discarded", "minor", "expired", "future", "withdrawn"],
)
def test_permalink_of_a_hidden_penalty_is_404(
    client: TestClient, session: Session, today: dt.date, reason: str
) -> None:
    enterprise = make_enterprise(session)
    hidden = {h.reason: h for h in hidden_penalties(session, enterprise)}[reason]
    record_id = hidden.version.record_id
    api = client.get(f"/api/v1/penalties/{record_id}")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"
    page = client.get(f"/penalties/{record_id}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert hidden.word not in page.text


def test_a_corrected_penalty_keeps_its_permalink_and_shows_the_new_version(
    client: TestClient, session: Session, today: dt.date
) -> None:
    enterprise = make_enterprise(session)
    superseded = {h.reason: h for h in hidden_penalties(session, enterprise)}["superseded"]
    body = client.get(f"/api/v1/penalties/{superseded.version.record_id}").json()
    assert body["version"] == 2
    assert body["violation_facts"] == "违法事实更正后版本"


def test_a_penalty_expires_the_day_after_its_publication_end(
    client: TestClient, session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    enterprise = make_enterprise(session)
    version = make_penalty(session, enterprise, decision_date=dt.date(2026, 6, 1))
    end = version.publication_end_date
    assert end == dt.date(2027, 5, 31)
    frozen_clock(end)
    assert client.get(f"/api/v1/penalties/{version.record_id}").status_code == 200
    frozen_clock(end + dt.timedelta(days=1))
    assert client.get(f"/api/v1/penalties/{version.record_id}").status_code == 404
    record = client.get(f"/api/v1/enterprises/{enterprise.uscc}").json()
    assert record["penalties"] == []


def test_list_entries_show_only_while_in_force(
    client: TestClient, session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    from app.models import EntryStatus

    enterprise = make_enterprise(session, name="烟台名单期限测试有限公司")
    make_list_entry(session, enterprise, start=dt.date(2026, 6, 1), end=dt.date(2026, 12, 31))
    other = make_enterprise(session, name="烟台待审核名单测试有限公司")
    make_list_entry(session, other, status=EntryStatus.proposed)
    removed = make_enterprise(session, name="烟台已移出名单测试有限公司")
    entry = make_list_entry(session, removed)
    entry.removed_at = dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    session.flush()

    frozen_clock(dt.date(2026, 12, 31))
    text = client.get("/api/v1/lists/black?format=csv").content.decode("utf-8-sig")
    assert "烟台名单期限测试有限公司" in text
    assert "烟台待审核名单测试有限公司" not in text
    assert "烟台已移出名单测试有限公司" not in text
    frozen_clock(dt.date(2027, 1, 1))
    assert "烟台名单期限测试有限公司" not in client.get("/lists/black").text
    assert client.get(f"/api/v1/enterprises/{enterprise.uscc}").json()["list_entries"] == []
