"""Verifying a report from its number and code: a genuine report is confirmed with its issue time
and hash; a changed record is said to have changed; after a credit repair the report is still
confirmed but what is no longer public is not shown again; a forged number and a wrong code get
the same answer; attempts are rate-limited per client and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Enterprise, IssuedReport, PenaltyRecord
from tests.support.factories import make_enterprise, make_penalty
from tests.support.public_data import TODAY


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def _issue(client: TestClient, enterprise: Enterprise) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/v1/enterprises/{enterprise.uscc}/report").json()
    return body


def _verify(client: TestClient, number: str, code: str) -> Any:
    return client.get(f"/api/v1/reports/{number}", params={"code": code})


def test_a_genuine_report_is_confirmed_with_its_time_hash_and_summary(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台核验测试有限公司")
    make_penalty(session, enterprise)
    report = _issue(client, enterprise)

    response = _verify(client, report["number"], report["code"].lower())  # case forgiven
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True
    assert body["message"] == (
        f"本报告由本平台于 2026-07-01 10:00 出具，内容哈希 {report['content_sha256']}"
    )
    assert body["record_changed"] is False
    assert body["content_withdrawn"] is False
    assert body["subject"] == {"name": "烟台核验测试有限公司", "uscc": enterprise.uscc}
    assert {"key": "penalties", "label": "公示中的行政处罚", "value": "1 条"} in body["summary"]

    page = client.get(report["verify_url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert page.template.name == "reports/verify.html"
    answer = page.context["answer"]
    assert answer.verified
    assert not answer.record_changed
    assert answer.report.number == report["number"]
    assert "本报告由本平台于 2026-07-01 10:00 出具，内容哈希" in page.text
    assert "报告出具后，该企业的公示记录没有变化" in page.text


def test_a_changed_record_is_detected_and_points_to_the_latest_report(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    make_penalty(session, enterprise)
    report = _issue(client, enterprise)
    make_penalty(session, enterprise, decision_date=dt.date(2026, 6, 20))  # published since
    session.flush()

    body = _verify(client, report["number"], report["code"]).json()
    assert body["verified"] is True
    assert body["record_changed"] is True
    assert body["content_withdrawn"] is False  # all it showed is still public
    assert body["summary"] is not None
    assert body["latest_url"] == f"http://testserver/enterprises/{enterprise.uscc}/report"
    page = client.get(
        "/reports/verify", params={"number": report["number"], "code": report["code"]}
    )
    assert "当前记录已有变化，请查看最新报告" in page.text
    # A new report of the changed record has another number.
    assert _issue(client, enterprise)["number"] != report["number"]


def test_after_a_repair_the_report_is_genuine_but_its_content_is_not_shown_again(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    penalty = make_penalty(session, enterprise)
    penalty.violation_type = "修复后不再公示的违法类型"
    session.flush()
    report = _issue(client, enterprise)
    record = session.get_one(PenaltyRecord, penalty.record_id)
    record.withdrawn_at = dt.datetime(2026, 7, 1, 1, 0, tzinfo=dt.UTC)
    record.withdrawal_reason = "repaired"
    session.flush()

    body = _verify(client, report["number"], report["code"]).json()
    assert body["verified"] is True
    assert body["record_changed"] is True
    assert body["content_withdrawn"] is True
    assert body["summary"] is None
    page = client.get(f"/reports/{report['number']}", params={"code": report["code"]})
    assert page.status_code == 200
    assert "本报告确为本平台出具" in page.text
    assert "报告概要" not in page.text
    assert "修复后不再公示的违法类型" not in page.text
    assert penalty.penalty_content not in page.text


def _without_request_id(response: Any) -> Any:
    body = response.json()
    body["error"].pop("request_id")
    return response.status_code, body


def test_a_forged_number_and_a_wrong_code_get_the_same_answer(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    report = _issue(client, enterprise)
    forged = report["number"][:-4] + ("AAAA" if not report["number"].endswith("AAAA") else "BBBB")
    wrong_code = "ZZZZZZ" if report["code"] != "ZZZZZZ" else "YYYYYY"

    unknown = _verify(client, forged, report["code"])
    wrong = _verify(client, report["number"], wrong_code)
    assert unknown.status_code == wrong.status_code == 404
    assert _without_request_id(unknown) == _without_request_id(wrong)
    assert unknown.json()["error"]["message"] == "未能核验：报告编号或核验码不正确，请核对后重试"

    pages = [
        client.get("/reports/verify", params={"number": forged, "code": report["code"]}),
        client.get(f"/reports/{report['number']}", params={"code": wrong_code}),
    ]
    assert [p.status_code for p in pages] == [404, 404]
    for page in pages:
        assert page.context["answer"].verified is False
        assert page.context["answer"].report is None
        assert "核验结果：未能核验" in page.text
        assert enterprise.name not in page.text


def test_a_number_alone_shows_the_form_without_looking_anything_up(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    report = _issue(client, enterprise)

    page = client.get(f"/reports/{report['number']}")

    assert page.status_code == 200
    assert page.context["asked"] is False
    assert page.context["form"]["number"] == report["number"]
    assert enterprise.name not in page.text


def test_verifications_are_rate_limited_per_client_and_audited(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    report = _issue(client, enterprise)
    limit = client.app.state.settings.report_verify_rate_per_minute  # type: ignore[attr-defined]

    answers = [_verify(client, report["number"], "WRONG1").status_code for _ in range(limit)]
    assert answers == [404] * limit
    refused = _verify(client, report["number"], report["code"])  # right, but too many
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "核验过于频繁" in refused.json()["error"]["message"]

    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "report.verify").order_by(AuditEntry.seq)
    ).all()
    assert len(entries) == limit
    assert {e.after["result"] for e in entries if e.after} == {"not_verified"}
    assert all(e.source_ip == "testclient" and e.actor_user_id is None for e in entries)
    assert all("WRONG1" not in str(e.after) for e in entries)  # the code typed is not kept

    issued = session.scalars(select(IssuedReport)).all()
    assert [r.number for r in issued] == [report["number"]]
