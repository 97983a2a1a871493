"""The mock platform behaves like a platform: order per record by sequence, withdrawals, what it
holds (JSON with counts, a Chinese page), and misbehaviour only when a setting asks for it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker

from app.kit.webhooks import signed_headers
from app.platform.app import create_platform_app, make_platform_engine
from app.platform.config import PlatformSettings
from app.platform.models import PlatformBase
from app.platform.pull import FeedClient, pull
from tests.conftest import DatabaseFactory
from tests.support.sync import SECRET

USCC = "91370611MA3C00003F"


def _client(database_factory: DatabaseFactory, **knobs: Any) -> TestClient:
    settings = PlatformSettings(
        database_url=database_factory.create(migrate=False), webhook_secrets=SECRET, **knobs
    )
    return TestClient(create_platform_app(settings))


@pytest.fixture
def platform(database_factory: DatabaseFactory) -> Iterator[TestClient]:
    with _client(database_factory) as client:
        yield client


def _push(client: TestClient, event_id: str, kind: str, sequence: int, **data: Any) -> Any:
    record_type = kind.split(".")[0]
    envelope = {
        "id": event_id,
        "type": kind,
        "timestamp": "2026-07-01T02:00:00Z",
        "record": {"type": record_type, "id": 5, "version": 1, "sequence": sequence},
        "data": {"party_name": "烟台测试化工有限公司", "party_uscc": USCC, **data},
    }
    body = json.dumps(envelope, ensure_ascii=False).encode()
    headers = signed_headers([SECRET], event_id, int(time.time()), body)
    return client.post("/api/v1/records", content=body, headers=headers)


def test_a_stale_event_is_acknowledged_and_ignored(platform: TestClient) -> None:
    assert _push(platform, "evt_b", "penalty.corrected", 2, violation_facts="新").json() == {
        "status": "applied",
        "event_id": "evt_b",
    }
    late = _push(platform, "evt_a", "penalty.published", 1, violation_facts="旧")
    assert late.status_code == 200
    assert late.json()["status"] == "stale"
    (held,) = platform.get("/api/v1/records", params={"uscc": USCC}).json()["items"]
    assert (held["sequence"], held["data"]["violation_facts"]) == (2, "新")


def test_a_withdrawal_keeps_the_record_as_withdrawn(platform: TestClient) -> None:
    _push(platform, "evt_1", "penalty.published", 1)
    _push(platform, "evt_2", "penalty.withdrawn", 2, reason="expired")
    body = platform.get("/api/v1/records", params={"uscc": USCC}).json()
    assert body["counts"] == {"penalty": {"active": 0, "withdrawn": 1}}
    assert body["items"][0]["state"] == "withdrawn"
    assert platform.get("/api/v1/records", params={"uscc": "913706110000000000"}).json() == {
        "counts": {},
        "items": [],
        "next_after": None,
    }


def test_the_page_shows_what_it_holds_in_chinese(platform: TestClient) -> None:
    _push(platform, "evt_1", "penalty.published", 1)
    page = platform.get("/", params={"uscc": USCC.lower()})
    assert page.status_code == 200
    assert "<h1>市公共信用信息平台（模拟）</h1>" in page.text
    assert '<label for="uscc">统一社会信用代码</label>' in page.text
    assert "烟台测试化工有限公司" in page.text
    assert "公示中" in page.text


def test_it_behaves_unless_told_otherwise(platform: TestClient) -> None:
    answers = {_push(platform, f"evt_{n}", "penalty.published", n).status_code for n in range(40)}
    assert answers == {200}


def test_failure_after_applying_loses_the_answer_not_the_event(
    database_factory: DatabaseFactory,
) -> None:
    with _client(database_factory, fail_rate=1.0, fail_after_apply_share=1.0) as client:
        first = _push(client, "evt_1", "penalty.published", 1)
        assert first.status_code == 500
        again = _push(client, "evt_1", "penalty.published", 1)
        assert again.status_code == 500
        held = client.get("/api/v1/records").json()
        assert held["counts"] == {"penalty": {"active": 1, "withdrawn": 0}}


def test_throttling_answers_429_with_retry_after(database_factory: DatabaseFactory) -> None:
    with _client(database_factory, throttle_rate=1.0, retry_after_seconds=7) as client:
        response = _push(client, "evt_1", "penalty.published", 1)
        assert response.status_code == 429
        assert response.headers["retry-after"] == "7"
        assert client.get("/api/v1/records").json()["items"] == []


def test_pull_starts_from_a_snapshot_resumes_from_its_cursor_and_retries(
    database_factory: DatabaseFactory,
) -> None:
    """The pull, against a scripted portal: snapshot, pages, a 503 on the way, then resume."""

    def event(n: int, kind: str = "penalty.published") -> dict[str, Any]:
        return {
            "id": f"evt_{n}",
            "type": kind,
            "timestamp": "2026-07-01T02:00:00Z",
            "record": {"type": "penalty", "id": n % 3, "version": 1, "sequence": n},
            "data": {"party_name": f"企业{n}", "party_uscc": USCC},
        }

    asked: list[str] = []
    flaky = [True]

    def portal(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url.params.get("after", "-")))
        assert request.headers["authorization"] == "Bearer eco_test"
        if request.url.path.endswith("/snapshot"):
            item = {"record": event(1)["record"], "data": event(1)["data"], "content_hash": "x"}
            return httpx.Response(200, json={"cursor": "c1", "items": [item]})
        after = request.url.params.get("after")
        if after == "c2" and flaky:
            flaky.clear()
            return httpx.Response(503)
        pages = {"c1": ([event(2), event(3)], "c2", True), "c2": ([event(4)], "c3", False)}
        events, cursor, more = pages.get(str(after), ([], str(after), False))
        return httpx.Response(200, json={"events": events, "next_cursor": cursor, "has_more": more})

    engine = make_platform_engine(database_factory.create(migrate=False))
    PlatformBase.metadata.create_all(engine)
    factory = sessionmaker(bind=engine)
    client = FeedClient(
        "http://portal", "eco_test", httpx.Client(transport=httpx.MockTransport(portal)), pause=0
    )
    try:
        first = pull(factory, client, page_size=2)
        assert (first.snapshot_records, first.events, first.applied) == (1, 3, 3)
        assert first.cursor == "c3"
        assert asked == ["-", "c1", "c2", "c2"]  # the 503 was tried again
        again = pull(factory, client, page_size=2)
        assert (again.snapshot_records, again.events) == (0, 0)  # resumed from c3
        assert asked[-1] == "c3"
    finally:
        engine.dispose()


def test_it_accepts_and_shows_licences_and_their_revocation(platform: TestClient) -> None:
    licence = {"kind_name": "排污许可", "licence_number": "91370611MA3C00003F001P"}
    assert _push(platform, "evt_l1", "licence.published", 1, **licence).status_code == 200
    revoked = {**licence, "revocation_kind": "注销", "revocation_date": "2026-07-01"}
    _push(platform, "evt_l2", "licence.revoked", 2, **revoked)
    body = platform.get("/api/v1/records", params={"uscc": USCC}).json()
    assert body["counts"] == {"licence": {"active": 1, "withdrawn": 0}}
    assert body["items"][0]["data"]["revocation_kind"] == "注销"
    page = platform.get("/", params={"uscc": USCC})
    assert "行政许可" in page.text
    assert "排污许可 91370611MA3C00003F001P 已注销（2026-07-01）" in page.text
