"""Credit repair, end to end through the pages and the API: an enterprise applies on the public
site, the deciding authority accepts and approves, and the record is gone from every public
output while the feed carries exactly one withdrawal; and every refusal a user can meet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.jobs.tick import run_tick
from app.kit.actor import Role
from app.models import (
    AuditEntry,
    EntryStatus,
    ListEntry,
    PenaltyRecord,
    RepairApplication,
)
from tests.support.auth import BASE_URL, login, logout_client
from tests.support.factories import make_authority, make_enterprise
from tests.support.repairs import (
    TODAY,
    apply_for_repair,
    feed_count,
    jpeg_bytes,
    number_from,
    pdf_bytes,
    png_bytes,
    published_black_entry,
    published_penalty,
)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None], client: TestClient) -> None:
    frozen_clock(TODAY)
    client.base_url = BASE_URL  # the form cookie is Secure outside development


def _status(client: TestClient, number: str, uscc: str) -> dict[str, object]:
    response = client.post("/api/v1/repairs/status", json={"number": number, "uscc": uscc})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_a_repaired_penalty_leaves_every_public_output_and_the_feed_withdraws_it_once(
    client: TestClient, session: Session
) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session, name="烟台修复测试化工有限公司")
    version = published_penalty(session, enterprise=enterprise, authority=authority)
    record_id = version.record_id
    decision_number = session.get_one(PenaltyRecord, record_id).decision_number
    assert decision_number in client.get(f"/enterprises/{enterprise.uscc}").text
    assert "申请信用修复" in client.get(f"/penalties/{record_id}").text

    applied = apply_for_repair(
        client,
        f"penalty={record_id}",
        enterprise.uscc.lower(),  # typed in lower case: normalised
        files=[
            ("缴款凭证.pdf", pdf_bytes(), "application/pdf"),
            ("验收现场.jpg", jpeg_bytes(), "image/jpeg"),
            ("整改照片.png", png_bytes(), "image/png"),
        ],
    )
    assert applied.status_code == 303, applied.text
    number = number_from(applied)
    assert number.startswith("XF20260715")
    assert len(number) == 20
    confirmation = client.get(applied.headers["location"])
    assert number in confirmation.text
    assert _status(client, number, enterprise.uscc)["status_label"] == "已提交，待受理"

    login(client, Role.clerk, authority=authority)
    repair_id = session.scalars(
        select(RepairApplication.id).where(RepairApplication.number == number)
    ).one()
    assert (
        client.post(f"/admin/repairs/{repair_id}/accept", follow_redirects=False).status_code == 303
    )
    login(client, Role.reviewer, authority=authority)
    page = client.get(f"/admin/repairs/{repair_id}")
    assert "缴款凭证.pdf" in page.text
    assert "准予修复" in page.text
    decided = client.post(
        f"/admin/repairs/{repair_id}/approve",
        data={"reason": "已缴清罚款，整改经验收合格"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    logout_client(client)

    assert client.get(f"/penalties/{record_id}").status_code == 404
    assert client.get(f"/api/v1/penalties/{record_id}").status_code == 404
    listing = client.get("/api/v1/penalties?limit=200").json()
    assert record_id not in [item["id"] for item in listing["items"]]
    assert decision_number not in client.get(f"/enterprises/{enterprise.uscc}").text
    status = _status(client, number, enterprise.uscc)
    assert status["status"] == "approved"
    assert status["publication_ended_on"] == "2026-07-15"
    assert status["decision_reason"] == "已缴清罚款，整改经验收合格"

    assert feed_count(session, "penalty.withdrawn", record_id) == 1
    run_tick(session, trigger="test")
    run_tick(session, trigger="test", today=TODAY + dt.timedelta(days=1))
    assert feed_count(session, "penalty.withdrawn", record_id) == 1
    actions = session.scalars(
        select(AuditEntry.action)
        .where(
            AuditEntry.object_type == "repair_application", AuditEntry.object_id == str(repair_id)
        )
        .order_by(AuditEntry.id)  # without an order, PostgreSQL may return them in any order
    ).all()
    assert actions == ["repair.apply", "repair.accept", "repair.approve"]


def test_a_repaired_black_list_entry_leaves_the_list_its_csv_and_api(
    client: TestClient, session: Session
) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session, name="烟台黑名单修复测试有限公司")
    cited = published_penalty(
        session, enterprise=enterprise, authority=authority, decided=dt.date(2025, 6, 20)
    )
    entry = published_black_entry(session, enterprise, authority, cited)
    assert enterprise.name in client.get("/lists/black").text
    assert f"/repairs/new?entry={entry.id}" in client.get("/lists/black").text

    number = number_from(apply_for_repair(client, f"entry={entry.id}", enterprise.uscc))
    repair_id = session.scalars(
        select(RepairApplication.id).where(RepairApplication.number == number)
    ).one()
    login(client, Role.reviewer, authority=authority)
    assert client.post(f"/api/v1/admin/repairs/{repair_id}/accept").status_code == 200
    approved = client.post(
        f"/api/v1/admin/repairs/{repair_id}/approve", json={"reason": "符合修复条件"}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    logout_client(client)

    assert enterprise.name not in client.get("/lists/black").text
    assert enterprise.uscc not in client.get("/api/v1/lists/black").text
    csv_text = client.get("/api/v1/lists/black?format=csv").content.decode("utf-8-sig")
    assert enterprise.uscc not in csv_text
    session.expire_all()
    stored = session.get_one(ListEntry, entry.id)
    assert stored.status == EntryStatus.removed
    assert "信用修复" in (stored.removal_reason or "")
    assert feed_count(session, "list_entry.withdrawn", entry.id) == 1
    run_tick(session, trigger="test")
    assert feed_count(session, "list_entry.withdrawn", entry.id) == 1


def test_too_early_is_refused_with_the_date_it_becomes_possible(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise, decided=dt.date(2026, 6, 1))
    page = client.get(f"/repairs/new?penalty={version.record_id}")
    assert "自2026-09-01起可以申请" in page.text
    assert 'name="pledge_accepted"' not in page.text  # no form to fill in
    response = apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc)
    assert response.status_code == 422
    assert "自2026-09-01起可以申请" in response.text
    assert session.scalar(select(RepairApplication.id)) is None


def test_an_unrepairable_penalty_says_so(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(
        session,
        enterprise=enterprise,
        decided=dt.date(2026, 3, 1),  # judged by the rules before 2026-04-01
        categories=["罚款", "责令停产停业"],
    )
    page = client.get(f"/repairs/new?penalty={version.record_id}")
    assert "不可信用修复" in page.text
    assert "责令停产停业" in page.text
    response = apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc)
    assert response.status_code == 422
    assert "不予信用修复" in response.text


def test_only_the_party_itself_may_apply(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    other = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    response = apply_for_repair(client, f"penalty={version.record_id}", other.uscc)
    assert response.status_code == 422
    assert "不是本记录的当事企业" in response.text
    assert other.uscc in response.text  # what was typed is kept
    malformed = apply_for_repair(client, f"penalty={version.record_id}", "91370611ABC")
    assert malformed.status_code == 422
    assert "18位" in malformed.text
    assert session.scalar(select(RepairApplication.id)) is None


def test_missing_duties_pledge_or_files_are_each_reported(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    response = apply_for_repair(
        client,
        f"penalty={version.record_id}",
        enterprise.uscc,
        files=[],
        fine_paid=None,
        pledge_accepted=None,
        contact_phone="12345",
    )
    assert response.status_code == 422
    for message in ("须已缴清罚款", "信用承诺书", "联系电话应为", "请上传罚款缴纳凭证"):
        assert message in response.text


def test_one_open_application_per_record(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    first = apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc)
    assert first.status_code == 303
    second = apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc)
    assert second.status_code == 409
    assert "已有正在办理的信用修复申请" in second.text


def test_a_number_alone_reveals_nothing(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    number = number_from(apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc))
    other = make_enterprise(session)
    wrong_code = client.post("/api/v1/repairs/status", json={"number": number, "uscc": other.uscc})
    wrong_number = client.post(
        "/api/v1/repairs/status", json={"number": "XF20260715AAAAAAAAAA", "uscc": enterprise.uscc}
    )
    assert wrong_code.status_code == wrong_number.status_code == 404
    assert wrong_code.json()["error"]["message"] == wrong_number.json()["error"]["message"]
    page = client.post("/repairs/status", data={"number": number, "uscc": other.uscc})
    assert page.status_code == 404
    assert "王经理" not in page.text
    found = client.post("/repairs/status", data={"number": number.lower(), "uscc": enterprise.uscc})
    assert found.status_code == 200
    assert "已提交，待受理" in found.text


def test_another_authoritys_reviewer_cannot_decide(client: TestClient, session: Session) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise, authority=authority)
    number = number_from(apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc))
    repair_id = session.scalars(
        select(RepairApplication.id).where(RepairApplication.number == number)
    ).one()

    login(client, Role.reviewer)  # a reviewer of another (new) authority
    refused = client.post(f"/api/v1/admin/repairs/{repair_id}/accept")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_the_deciding_authority"
    assert "谁认定、谁修复" in refused.json()["error"]["message"]
    assert client.get(f"/api/v1/admin/repairs/{repair_id}").status_code == 404
    assert number not in client.get("/admin/repairs").text

    login(client, Role.reviewer, authority=authority)
    assert client.post(f"/api/v1/admin/repairs/{repair_id}/accept").status_code == 200
    login(client, Role.reviewer)
    denied = client.post(f"/api/v1/admin/repairs/{repair_id}/approve", json={"reason": "同意"})
    assert denied.status_code == 403
    logout_client(client)
    assert client.get(f"/penalties/{version.record_id}").status_code == 200

    login(client, Role.clerk, authority=authority)  # clerks accept but never decide
    assert (
        client.post(f"/api/v1/admin/repairs/{repair_id}/approve", json={"reason": "同意"})
    ).status_code == 403


def test_rejection_gives_the_reason_and_keeps_the_record_public(
    client: TestClient, session: Session
) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise, authority=authority)
    number = number_from(apply_for_repair(client, f"penalty={version.record_id}", enterprise.uscc))
    repair_id = session.scalars(
        select(RepairApplication.id).where(RepairApplication.number == number)
    ).one()
    login(client, Role.reviewer, authority=authority)
    missing = client.post(f"/admin/repairs/{repair_id}/reject", data={"reason": " "})
    assert missing.status_code == 422
    assert "请填写不予修复的理由" in missing.text
    rejected = client.post(
        f"/admin/repairs/{repair_id}/reject",
        data={"reason": "罚款尚未缴清，不予受理"},
        follow_redirects=False,
    )
    assert rejected.status_code == 303
    logout_client(client)
    status = client.post("/repairs/status", data={"number": number, "uscc": enterprise.uscc})
    assert "不予修复" in status.text
    assert "罚款尚未缴清，不予受理" in status.text
    assert client.get(f"/penalties/{version.record_id}").status_code == 200
    assert feed_count(session, "penalty.withdrawn", version.record_id) == 0


def test_choosing_a_record_by_the_enterprise_code(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    ready = published_penalty(session, enterprise=enterprise)
    early = published_penalty(session, enterprise=enterprise, decided=dt.date(2026, 6, 1))
    page = client.get(f"/repairs/new?uscc={enterprise.uscc}")
    assert f"/repairs/new?penalty={ready.record_id}" in page.text
    assert f"/repairs/new?penalty={early.record_id}" not in page.text
    assert "自2026-09-01起可以申请" in page.text
    bad = client.get("/repairs/new?uscc=123")
    assert bad.status_code == 422
    assert "统一社会信用代码" in bad.text


def test_the_form_needs_its_csrf_token(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    response = apply_for_repair(
        client, f"penalty={version.record_id}", enterprise.uscc, csrf_token="forged"
    )
    assert response.status_code == 403
    assert session.scalar(select(RepairApplication.id)) is None
