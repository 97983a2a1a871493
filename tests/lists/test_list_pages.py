"""List decisions and nomination bars through the workspace pages and the admin API."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import (
    BarStatus,
    Enterprise,
    EntryStatus,
    ListEntry,
    NominationBar,
    PenaltyVersion,
)
from tests.support.auth import login
from tests.support.factories import make_authority, make_enterprise, make_penalty
from tests.support.workflows import RESIDENT_ID, TODAY


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def company(session: Session) -> Enterprise:
    enterprise = make_enterprise(session, name="烟台福山暗管排放测试有限公司", district="370611")
    session.commit()
    return enterprise


@pytest.fixture
def penalty(session: Session, company: Enterprise) -> PenaltyVersion:
    version = make_penalty(session, company)
    session.commit()
    return version


def _entry_id(response: Response) -> int:
    location = response.headers.get("location", "")
    match = re.search(r"/admin/lists/(\d+)", location)
    assert match, location
    return int(match.group(1))


def _black_form(
    company: Enterprise, penalty: PenaltyVersion, **changes: object
) -> dict[str, object]:
    form: dict[str, object] = {
        "list_type": "black",
        "enterprise_id": str(company.id),
        "penalty_record_ids": [str(penalty.record_id)],
        "category": "hidden_discharge",
        "basis": "通过暗管排放含重金属废水，经查属实",
        "legal_basis": "《企业环境信用评价办法》",
        "start_date": "2026-07-01",
        "end_date": "2027-06-30",
    }
    form.update(changes)
    return form


def test_a_black_list_proposal_takes_effect_after_a_second_person(
    client: TestClient, session: Session, company: Enterprise, penalty: PenaltyVersion
) -> None:
    login(client, Role.clerk)
    page = client.get(f"/admin/lists/new?list_type=black&enterprise_id={company.id}")
    assert page.status_code == 200
    assert f'value="{penalty.record_id}"' in page.text  # its published penalty can be cited
    short = client.post(
        "/admin/lists/new", data=_black_form(company, penalty, end_date="2027-01-01")
    )
    assert short.status_code == 422
    assert "黑名单期限不少于12个月" in short.text
    assert "通过暗管排放含重金属废水，经查属实" in short.text  # kept
    response = client.post(
        "/admin/lists/new", data=_black_form(company, penalty), follow_redirects=False
    )
    assert response.status_code == 303, response.text
    entry_id = _entry_id(response)
    entry = session.get_one(ListEntry, entry_id)
    assert entry.status == EntryStatus.proposed
    assert client.post(f"/admin/lists/{entry_id}/approve").status_code == 403  # a clerk

    login(client, Role.reviewer)
    assert f"/admin/lists/{entry_id}" in client.get("/admin/review").text
    page = client.get(f"/admin/lists/{entry_id}")
    assert "审核通过，使其生效" in page.text
    client.post(f"/admin/lists/{entry_id}/approve")
    assert session.get_one(ListEntry, entry_id, populate_existing=True).status == (
        EntryStatus.approved
    )

    no_reason = client.post(f"/admin/lists/{entry_id}/removal", data={"reason": ""})
    assert no_reason.status_code == 422
    assert "请填写移出理由" in no_reason.text
    client.post(f"/admin/lists/{entry_id}/removal", data={"reason": "信用修复完成"})
    assert client.post(f"/admin/lists/{entry_id}/removal/approve").status_code == 403  # own

    login(client, Role.reviewer)
    client.post(f"/admin/lists/{entry_id}/removal/approve")
    removed = session.get_one(ListEntry, entry_id, populate_existing=True)
    assert removed.status == EntryStatus.removed


def test_the_red_list_page_shows_whether_the_criteria_hold(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    login(client, Role.clerk)
    page = client.get(f"/admin/lists/new?list_type=red&enterprise_id={company.id}")
    assert "✘ 不符合：当前环境信用评价等级为绿色（诚信守法）（暂无有效的信用评价）" in page.text
    assert "✔ 符合：近2年内无环境行政处罚" in page.text
    response = client.post(
        "/admin/lists/new",
        data={
            "list_type": "red",
            "enterprise_id": str(company.id),
            "basis": "守法经营",
            "start_date": "2026-07-01",
            "end_date": "2027-06-30",
        },
    )
    assert response.status_code == 422
    assert "不符合红名单条件" in response.text


def test_the_list_api_keeps_the_two_person_rule(
    client: TestClient, session: Session, company: Enterprise, penalty: PenaltyVersion
) -> None:
    login(client, Role.reviewer)
    body = {
        "list_type": "black",
        "enterprise_id": company.id,
        "penalty_record_ids": [penalty.record_id],
        "category": "hazardous_waste_dumping",
        "basis": "非法倾倒危险废物",
        "start_date": "2026-07-01",
        "end_date": "2027-06-30",
    }
    created = client.post("/api/v1/admin/list-entries", json=body)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["status"] == "proposed"
    assert entry["penalty_record_ids"] == [penalty.record_id]
    own = client.post(f"/api/v1/admin/list-entries/{entry['id']}/approve")
    assert own.status_code == 403
    assert own.json()["error"]["code"] == "two_person_rule"

    login(client, Role.reviewer)
    assert entry["id"] in [
        e["id"] for e in client.get("/api/v1/admin/list-entries/review-queue").json()
    ]
    approved = client.post(f"/api/v1/admin/list-entries/{entry['id']}/approve")
    assert approved.json()["status"] == "approved"


def test_bars_follow_an_approved_black_list_entry_and_show_masked_ids(
    client: TestClient, session: Session, company: Enterprise, penalty: PenaltyVersion
) -> None:
    login(client, Role.clerk)
    persons = client.get(f"/admin/enterprises/{company.id}/persons")
    assert persons.status_code == 200
    bad = client.post(
        f"/admin/enterprises/{company.id}/persons",
        data={
            "name": "王五",
            "id_type": "身份证",
            "id_number": "370602198001011235",
            "role": "legal_representative",
        },
    )
    assert bad.status_code == 422
    assert "第18位（校验位）应为“4”" in bad.text
    recorded = client.post(
        f"/admin/enterprises/{company.id}/persons",
        data={
            "name": "王五",
            "id_type": "身份证",
            "id_number": RESIDENT_ID,
            "role": "legal_representative",
        },
        follow_redirects=False,
    )
    assert recorded.status_code == 303
    listed = client.get(f"/admin/enterprises/{company.id}/persons").text
    assert "370602********1234" in listed
    assert RESIDENT_ID not in listed
    entry_id = _entry_id(
        client.post("/admin/lists/new", data=_black_form(company, penalty), follow_redirects=False)
    )

    login(client, Role.reviewer)
    client.post(f"/admin/lists/{entry_id}/approve")
    bar = session.scalars(
        select(NominationBar).where(NominationBar.list_entry_id == entry_id)
    ).one()
    assert bar.status == BarStatus.proposed
    queue = client.get("/admin/review").text
    assert f"/admin/nominations/{bar.id}" in queue
    assert "370602********1234" in queue
    assert RESIDENT_ID not in queue
    client.post(f"/admin/nominations/{bar.id}/approve")
    assert session.get_one(NominationBar, bar.id, populate_existing=True).status == (
        BarStatus.approved
    )
    api = client.get(f"/api/v1/admin/nomination-bars/{bar.id}").json()
    assert api["id_masked"] == "370602********1234"
    assert RESIDENT_ID not in str(api)


def test_a_direct_bar_through_the_api_needs_a_second_person(
    client: TestClient, session: Session
) -> None:
    login(client, Role.reviewer)
    body = {
        "name": "周九",
        "id_type": "身份证",
        "id_number": RESIDENT_ID,
        "basis": "因污染环境罪被判处刑罚",
        "start_date": "2026-07-01",
        "end_date": "2031-06-30",
    }
    created = client.post("/api/v1/admin/nomination-bars", json=body)
    assert created.status_code == 201, created.text
    bar = created.json()
    assert bar["id_masked"] == "370602********1234"
    assert client.post(f"/api/v1/admin/nomination-bars/{bar['id']}/approve").status_code == 403
    login(client, Role.reviewer)
    rejected = client.post(
        f"/api/v1/admin/nomination-bars/{bar['id']}/reject", json={"comment": ""}
    )
    assert rejected.status_code == 422
    approved = client.post(f"/api/v1/admin/nomination-bars/{bar['id']}/approve")
    assert approved.json()["status"] == "approved"


def test_a_county_clerk_cannot_propose_for_another_district(
    client: TestClient, session: Session, company: Enterprise, penalty: PenaltyVersion
) -> None:
    laishan = make_authority(session, name="测试莱山分局", district="370613")
    session.commit()
    login(client, Role.clerk, districts={"370613"}, authority=laishan)
    page = client.get(f"/admin/lists/new?list_type=black&enterprise_id={company.id}")
    assert page.status_code == 404
    api = client.post(
        "/api/v1/admin/list-entries",
        json={
            "list_type": "black",
            "enterprise_id": company.id,
            "penalty_record_ids": [penalty.record_id],
            "category": "crime",
            "basis": "x",
            "start_date": "2026-07-01",
            "end_date": "2027-06-30",
        },
    )
    assert api.status_code == 404
