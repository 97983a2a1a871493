"""The special credit report (专项信用报告, 生态环境领域) that replaces the certificate of "no
violation record": for the period the applicant picks (at most the configured years), whether
the enterprise had public environmental penalties or black-list entries, and which."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import EntryStatus, ListType, PenaltyRecord, Severity
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import TODAY
from tests.support.reports import pdf_text, squeezed


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_a_clean_enterprise_gets_the_no_record_result_for_the_last_three_years(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台守法专项测试有限公司")
    # Records that are no longer public: expired, repaired, a removed black-list entry.
    make_penalty(session, enterprise, decision_date=dt.date(2025, 6, 1))
    repaired = make_penalty(session, enterprise, decision_date=dt.date(2026, 2, 1))
    record = session.get_one(PenaltyRecord, repaired.record_id)
    record.withdrawn_at = dt.datetime(2026, 6, 20, tzinfo=dt.UTC)
    removed = make_list_entry(session, enterprise, ListType.black, start=dt.date(2026, 3, 1))
    removed.removed_at = dt.datetime(2026, 6, 25, tzinfo=dt.UTC)
    removed.status = EntryStatus.removed
    session.flush()

    body = client.get(f"/api/v1/enterprises/{enterprise.uscc}/special-report").json()

    assert body["kind"] == "special"
    assert body["title"] == "专项信用报告（生态环境领域）"
    assert body["number"].startswith("HJZX20260701")
    assert body["period"] == {"start": "2023-07-02", "end": "2026-07-01"}
    chapters = [c["title"] for c in body["content"]["chapters"]]
    assert chapters == [
        "报告主体",
        "查询期间",
        "查询结果",
        "行政处罚记录",
        "严重失信主体名单记录",
        "数据来源",
        "说明",
    ]
    result = body["content"]["chapters"][2]["data"]
    assert result["clean"] is True
    text = squeezed(pdf_text(client.get(body["pdf_url"]).content))
    assert "自2023-07-02至2026-07-01，在生态环境领域" in text
    assert "1.无公示中的环境行政处罚记录；" in text
    assert "2.未被列入严重失信主体名单（环境信用黑名单）。" in text
    assert body["number"] in text
    assert enterprise.uscc in text


def test_penalties_and_black_list_entries_in_the_period_are_listed(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    inside = make_penalty(session, enterprise, decision_date=dt.date(2026, 5, 2))
    before = make_penalty(
        session, enterprise, severity=Severity.serious, decision_date=dt.date(2025, 3, 1)
    )
    make_list_entry(session, enterprise, ListType.black, start=dt.date(2026, 5, 20))
    make_list_entry(session, enterprise, ListType.red, start=dt.date(2026, 5, 20))
    session.flush()

    page = client.get(
        f"/enterprises/{enterprise.uscc}/special-report",
        params={"from": "2026-01-01", "to": "2026-06-30"},
    )

    assert page.status_code == 200
    doc = page.context["doc"]
    assert doc.period == "2026-01-01 至 2026-06-30"
    headings = [c.heading for c in doc.chapters]
    assert headings[2] == "三、查询结果"
    tables = {c.key: c.blocks for c in doc.chapters}
    penalty_rows = tables["special_penalties"][0].rows
    assert [row[1] for row in penalty_rows] == [_decision(session, inside.record_id)]
    assert _decision(session, before.record_id) not in page.text
    assert len(tables["special_black_list"][0].rows) == 1
    assert "有 1 条公示中的环境行政处罚记录" in page.text
    assert "有 1 条严重失信主体名单（环境信用黑名单）记录" in page.text
    summary = {item.key: item.value for item in doc.summary}
    assert summary == {"result": "有违法违规记录", "penalties": "1 条", "black_list": "1 条"}


def _decision(session: Session, record_id: int) -> str:
    return session.get_one(PenaltyRecord, record_id).decision_number


def test_a_period_longer_than_allowed_or_past_the_data_day_is_refused_next_to_the_field(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)

    too_long = client.get(
        f"/enterprises/{enterprise.uscc}/special-report", params={"from": "2020-01-01"}
    )
    assert too_long.status_code == 422
    assert too_long.template.name == "reports/choose_period.html"
    errors = too_long.context["period_form"]["errors"]
    assert errors == {"from": ["查询期间最长 3 年（最早可从 2023-07-02 起）"]}

    api = client.get(
        f"/api/v1/enterprises/{enterprise.uscc}/special-report",
        params={"to": "2026-07-02", "from": "bad"},
    )
    assert api.status_code == 422
    fields = {f["field"] for f in api.json()["error"]["fields"]}
    assert fields == {"from"}
    future = client.get(
        f"/api/v1/enterprises/{enterprise.uscc}/special-report", params={"to": "2026-07-02"}
    )
    assert future.status_code == 422
    assert future.json()["error"]["fields"][0]["message"] == (
        "查询期间止不能晚于数据截止日期（2026-07-01）"
    )
