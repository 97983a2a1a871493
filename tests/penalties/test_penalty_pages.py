"""Recording and reviewing penalties in the workspace pages and through the admin API."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import AuditEntry, Enterprise, PenaltyRecord, PenaltyVersion, VersionStatus
from tests.support.auth import login
from tests.support.factories import make_authority, make_enterprise
from tests.support.publication import feed_token
from tests.support.workflows import RESIDENT_ID, TODAY, penalty_form


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def company(session: Session) -> Enterprise:
    enterprise = make_enterprise(session, name="烟台福山测试化工有限公司", district="370611")
    session.commit()
    return enterprise


def _version_id(response: Any) -> int:
    match = re.search(r"/admin/penalties/versions/(\d+)", response.headers["location"])
    assert match, response.headers.get("location")
    return int(match.group(1))


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PenaltyVersion)) or 0


def test_a_clerk_records_and_a_second_reviewer_publishes(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    clerk = login(client, Role.clerk)
    page = client.get(f"/admin/penalties/new?enterprise_id={company.id}")
    assert page.status_code == 200
    assert company.uscc in page.text  # the chosen enterprise fills the party fields
    assert "满3个月后可申请信用修复" in page.text  # what 一般 means

    form = penalty_form(company, None, action="submit")
    response = client.post("/admin/penalties/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    version_id = _version_id(response)
    version = session.get_one(PenaltyVersion, version_id)
    assert version.status == VersionStatus.submitted
    assert version.fine_amount == Decimal("12.345678")
    assert version.created_by_id == clerk.user_id

    login(client, Role.reviewer)
    queue = client.get("/admin/review")
    assert f"/admin/penalties/versions/{version_id}" in queue.text
    shown = client.get(f"/admin/penalties/versions/{version_id}")
    assert "审核通过并公示" in shown.text
    assert "2027-05-31" in shown.text  # the publication end it will get
    approved = client.post(
        f"/admin/penalties/versions/{version_id}/approve", follow_redirects=False
    )
    assert approved.status_code == 303
    published = session.get_one(PenaltyVersion, version_id, populate_existing=True)
    assert published.status == VersionStatus.published
    assert published.publication_end_date == dt.date(2027, 5, 31)
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "penalty_version", AuditEntry.object_id == str(version_id))
        .order_by(AuditEntry.seq)
    ).all()
    assert list(actions) == ["penalty.create", "penalty.submit", "penalty.approve"]


def test_form_errors_are_shown_next_to_the_fields_and_nothing_typed_is_lost(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.clerk)
    before = _count(session)
    form = penalty_form(
        company,
        None,
        fine_amount_yuan="12.345",
        decision_date="2026-07-05",
        violation_facts="夜间通过雨水管网排放<b>未经处理</b>的废水",
        penalty_categories=["罚款", "责令停产停业"],
    )
    response = client.post("/admin/penalties/new", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'id="fine_amount-error">以元为单位的金额最多保留两位小数（到分）' in html
    assert 'id="decision_date-error">日期不能晚于今天' in html
    assert 'value="12.345"' in html  # the typed amount is kept
    assert "夜间通过雨水管网排放&lt;b&gt;未经处理&lt;/b&gt;的废水" in html  # kept, escaped
    assert re.search(r'value="责令停产停业" checked', html)
    assert form["decision_number"] in html
    assert _count(session) == before  # nothing saved


def test_a_duplicate_decision_number_is_reported_on_its_field(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.clerk)
    form = penalty_form(company, None)
    assert client.post("/admin/penalties/new", data=form, follow_redirects=False).status_code == 303
    again = client.post("/admin/penalties/new", data=form)
    assert again.status_code == 409
    assert 'id="decision_number-error">本机关已有文号为' in again.text


def test_the_submitter_cannot_approve_their_own_submission_in_the_ui_or_the_api(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.reviewer)
    form = penalty_form(company, None, action="submit")
    version_id = _version_id(client.post("/admin/penalties/new", data=form, follow_redirects=False))
    page = client.get(f"/admin/penalties/versions/{version_id}")
    assert "审核通过并公示" not in page.text
    assert "须由另一名审核员审核" in page.text
    assert f"/admin/penalties/versions/{version_id}" not in client.get("/admin/review").text
    ui = client.post(f"/admin/penalties/versions/{version_id}/approve")
    assert ui.status_code == 403
    api = client.post(f"/api/v1/admin/penalties/versions/{version_id}/approve")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "two_person_rule"
    assert session.get_one(PenaltyVersion, version_id).status == VersionStatus.submitted


def test_return_with_a_comment_then_edit_and_resubmit(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    clerk = login(client, Role.clerk)
    form = penalty_form(company, None, action="submit")
    version_id = _version_id(client.post("/admin/penalties/new", data=form, follow_redirects=False))

    login(client, Role.reviewer)
    empty = client.post(f"/admin/penalties/versions/{version_id}/return", data={"comment": ""})
    assert empty.status_code == 422
    assert "请填写退回原因" in empty.text
    client.post(
        f"/admin/penalties/versions/{version_id}/return", data={"comment": "违法事实不完整"}
    )

    login(client, Role.clerk)  # another clerk of the city
    other_home = client.get("/admin")
    assert "违法事实不完整" not in other_home.text  # returned to its maker, not to everyone

    _relogin(client, session, clerk.user_id)
    home = client.get("/admin")
    assert "违法事实不完整" in home.text
    edit = client.get(f"/admin/penalties/versions/{version_id}/edit")
    assert "审核意见（退回修改）：违法事实不完整" in edit.text
    fixed = dict(form, violation_facts="补充：经监测，颗粒物浓度超标2.3倍。")
    response = client.post(
        f"/admin/penalties/versions/{version_id}/edit", data=fixed, follow_redirects=False
    )
    assert response.status_code == 303
    version = session.get_one(PenaltyVersion, version_id)
    session.refresh(version)
    assert version.status == VersionStatus.submitted
    assert version.violation_facts.startswith("补充")


def _relogin(client: TestClient, session: Session, user_id: int) -> None:
    """Sign ``client`` in again as an existing account."""
    from typing import cast

    from fastapi import FastAPI

    from app.access.sessions import COOKIE_NAME, start_session
    from app.models import User
    from app.web.auth import session_csrf_token
    from tests.support.auth import BASE_URL

    app = cast(FastAPI, client.app)
    user = session.get_one(User, user_id)
    token, _row = start_session(
        session, user, app.state.settings, source_ip="testclient", user_agent=None
    )
    session.commit()
    client.base_url = BASE_URL
    client.cookies.set(COOKIE_NAME, token)
    client.headers["X-CSRF-Token"] = session_csrf_token(app.state.settings, token)


def test_a_county_officer_sees_and_acts_on_its_districts_only(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    laishan = make_enterprise(session, district="370613")
    session.commit()
    login(client, Role.clerk)
    form = penalty_form(laishan, None, action="submit")
    laishan_id = _version_id(client.post("/admin/penalties/new", data=form, follow_redirects=False))

    fushan = make_authority(session, name="测试福山分局", district="370611")
    session.commit()
    login(client, Role.reviewer, districts={"370611"}, authority=fushan)
    assert client.get(f"/admin/penalties/versions/{laishan_id}").status_code == 404
    assert client.post(f"/admin/penalties/versions/{laishan_id}/approve").status_code == 404
    assert client.get(f"/api/v1/admin/penalties/versions/{laishan_id}").status_code == 404
    assert f"/admin/penalties/versions/{laishan_id}" not in client.get("/admin/review").text

    login(client, Role.clerk, districts={"370611"}, authority=fushan)
    response = client.post("/admin/penalties/new", data=penalty_form(laishan, fushan))
    assert response.status_code == 422
    assert "所属区县不在您的辖区内" in response.text


def test_the_api_records_submits_and_approves_with_two_people(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.clerk)
    body = penalty_form(company, None)
    body.pop("create_enterprise", None)
    body["data_source_name"] = ""
    body["data_source_uscc"] = ""
    created = client.post("/api/v1/admin/penalties", json=body)
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["status"] == "draft"
    assert data["fine_amount_wan"] == "12.345678"
    bad = client.post("/api/v1/admin/penalties", json=dict(body, fine_amount_yuan="-1"))
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0] == {
        "field": "fine_amount",
        "code": "amount_negative",
        "message": "金额不能为负数",
    }
    for field in ("fine_amount_yuan", "confiscation_amount_yuan"):
        boolean = client.post("/api/v1/admin/penalties", json=dict(body, **{field: True}))
        assert boolean.status_code == 422, boolean.text  # not a fine of 1 元
        assert boolean.json()["error"]["fields"][0]["field"] == field
        assert boolean.json()["error"]["fields"][0]["code"] == "not_boolean"
    submitted = client.post(f"/api/v1/admin/penalties/versions/{data['id']}/submit")
    assert submitted.json()["status"] == "submitted"
    assert client.post(f"/api/v1/admin/penalties/versions/{data['id']}/approve").status_code == 403

    login(client, Role.reviewer)
    queue = client.get("/api/v1/admin/penalties/review-queue").json()
    assert data["id"] in [item["id"] for item in queue]
    approved = client.post(f"/api/v1/admin/penalties/versions/{data['id']}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "published"
    assert approved.json()["publication_end_date"] == "2027-05-31"


def test_a_natural_persons_id_number_is_only_shown_masked(
    client: TestClient, session: Session
) -> None:
    login(client, Role.clerk)
    form = penalty_form(None, None)
    response = client.post("/admin/penalties/new", data=form, follow_redirects=False)
    version_id = _version_id(response)
    page = client.get(f"/admin/penalties/versions/{version_id}")
    assert "370602********1234" in page.text
    assert RESIDENT_ID not in page.text
    edit = client.get(f"/admin/penalties/versions/{version_id}/edit")
    assert RESIDENT_ID not in edit.text
    assert "已登记：370602********1234，留空则保持不变" in edit.text
    api = client.get(f"/api/v1/admin/penalties/versions/{version_id}").json()
    assert api["party_id_masked"] == "370602********1234"
    assert RESIDENT_ID not in str(api)


def test_a_correction_through_the_pages_keeps_the_history(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.clerk)
    form = penalty_form(company, None, action="submit")
    first_id = _version_id(client.post("/admin/penalties/new", data=form, follow_redirects=False))
    login(client, Role.reviewer)
    client.post(f"/admin/penalties/versions/{first_id}/approve")
    record_id = session.get_one(PenaltyVersion, first_id).record_id

    login(client, Role.clerk)
    page = client.get(f"/admin/penalties/{record_id}/correct")
    assert page.status_code == 200
    assert "更正原因" in page.text
    missing = client.post(f"/admin/penalties/{record_id}/correct", data=form)
    assert missing.status_code == 422
    assert 'id="change_reason-error">请填写更正原因' in missing.text
    corrected = dict(
        form,
        penalty_content="罚款人民币拾贰万元",
        fine_amount_yuan="120000",
        change_reason="罚款金额录入有误，以决定书为准",
    )
    second_id = _version_id(
        client.post(f"/admin/penalties/{record_id}/correct", data=corrected, follow_redirects=False)
    )
    login(client, Role.reviewer)
    client.post(f"/admin/penalties/versions/{second_id}/approve")
    history = client.get(f"/admin/penalties/{record_id}").text
    assert "第1版" in history
    assert "第2版" in history
    assert "已被更正版本取代" in history
    assert "罚款金额录入有误，以决定书为准" in history
    record = session.get_one(PenaltyRecord, record_id)
    assert record.decision_number == form["decision_number"]


def test_the_home_page_shows_my_work_and_what_awaits_my_review(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.clerk)
    form = penalty_form(company, None, action="submit")
    client.post("/admin/penalties/new", data=form)
    home = client.get("/admin").text
    assert "我提交的（待审核）" in home
    assert form["decision_number"] in home
    assert "待我审核" not in home  # a clerk reviews nothing

    login(client, Role.reviewer)
    home = client.get("/admin").text
    assert "待我审核" in home
    assert "行政处罚 1 条" in home
    assert form["decision_number"] in home


def test_id_and_mobile_numbers_typed_into_the_text_are_masked_before_publication(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    """Wherever the record goes (public page and API, feed, snapshot), the number typed into
    its free text is masked; the officer is told, on the page and in the API answer."""
    number = RESIDENT_ID
    mobile = "13912345678"
    login(client, Role.clerk)
    body = penalty_form(company, None)
    body.pop("create_enterprise", None)
    body.update(data_source_name="", data_source_uscc="")
    body["violation_facts"] = f"当事人张三（身份证号{number}）未批先建"
    body["remarks"] = f"联系人手机 {mobile}"
    created = client.post("/api/v1/admin/penalties", json=body)
    assert created.status_code == 201, created.text
    data = created.json()
    assert sorted(data["masked_fields"]) == ["备注", "违法事实"]
    assert f"身份证号{number[:6]}********{number[-4:]}）" in data["violation_facts"]
    assert data["remarks"] == "联系人手机 139****5678"

    form = penalty_form(company, None, action="submit", decision_number="烟环罚〔2026〕第9001号")
    form["penalty_content"] = f"责令改正，通知送达 {number.lower()}"
    page = client.post("/admin/penalties/new", data=form)
    assert page.status_code == 200
    assert "已自动遮盖" in page.text  # the notice after the redirect

    client.post(f"/api/v1/admin/penalties/versions/{data['id']}/submit")
    login(client, Role.reviewer)
    queue = client.get("/api/v1/admin/penalties/review-queue").json()
    for item in queue:
        assert (
            client.post(f"/api/v1/admin/penalties/versions/{item['id']}/approve").status_code == 200
        )
    token = feed_token(session)
    session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    answers = [
        client.get(f"/api/v1/penalties/{data['record_id']}").text,
        client.get(f"/penalties/{data['record_id']}", headers={"Accept": "text/html"}).text,
        client.get("/api/v1/penalties", params={"limit": 200}).text,
        client.get("/api/v1/feed", params={"limit": 500}, headers=bearer).text,
        client.get("/api/v1/feed/snapshot", headers=bearer).text,
    ]
    for text in answers:
        assert number not in text
        assert number.lower() not in text
        assert mobile not in text
    assert f"{number[:6]}********{number[-4:]}" in answers[0]
