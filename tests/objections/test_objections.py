"""Objections (异议), end to end: anyone objects to a published penalty, the record shows
"异议处理中" (page and JSON) while it is open, the authority that made it answers with reasons,
the badge goes, and an upheld objection leads to a correction reviewed as usual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import AuditEntry, CaseFile, Objection, ObjectionStatus
from tests.support.auth import BASE_URL, login, logout_client
from tests.support.factories import make_authority, make_enterprise
from tests.support.repairs import (
    EXE_AS_PDF,
    TODAY,
    form_csrf,
    number_from,
    pdf_bytes,
    published_penalty,
)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None], client: TestClient) -> None:
    frozen_clock(TODAY)
    client.base_url = BASE_URL


def _object(
    client: TestClient,
    record_id: int,
    *,
    files: list[tuple[str, bytes, str]] | None = None,
    **overrides: Any,
) -> Response:
    page = client.get(f"/objections/new?penalty={record_id}")
    assert page.status_code == 200, page.text
    data: dict[str, Any] = {
        "csrf_token": form_csrf(page),
        "penalty_record_id": str(record_id),
        "objector_kind": "organisation",
        "objector_name": "烟台某律师事务所",
        "contact_name": "李律师",
        "contact_phone": "0535-6123456",
        "reason": "公示的罚款金额与处罚决定书不符：决定书为5万元，公示为10.5万元。",
    }
    data.update(overrides)
    response: Response = client.post(
        "/objections/new",
        data={k: v for k, v in data.items() if v is not None},
        files=[("files", item) for item in (files or [])],
        follow_redirects=False,
    )
    return response


def _open_flag(client: TestClient, record_id: int) -> bool:
    answer = client.get(f"/api/v1/penalties/{record_id}")
    assert answer.status_code == 200
    flag: bool = answer.json()["objection_open"]
    return flag


def test_an_open_objection_marks_the_record_until_it_is_answered(
    client: TestClient, session: Session
) -> None:
    authority = make_authority(session)
    version = published_penalty(session, enterprise=make_enterprise(session), authority=authority)
    record_id = version.record_id
    assert "异议处理中" not in client.get(f"/penalties/{record_id}").text
    assert _open_flag(client, record_id) is False
    assert f"/objections/new?penalty={record_id}" in client.get(f"/penalties/{record_id}").text

    submitted = _object(client, record_id, files=[("决定书.pdf", pdf_bytes(), "application/pdf")])
    assert submitted.status_code == 303, submitted.text
    number = number_from(submitted)
    assert number.startswith("YY20260715")
    assert "异议处理中" in client.get(f"/penalties/{record_id}").text
    assert _open_flag(client, record_id) is True
    assert "李律师" not in client.get(f"/penalties/{record_id}").text

    status = client.post(
        "/api/v1/objections/status", json={"number": number, "phone": "05356123456"}
    )
    assert status.status_code == 200
    assert status.json()["status"] == "open"
    assert status.json()["due"] == "2026-07-29"  # 10 working days after Wednesday 15 July

    login(client, Role.reviewer, authority=authority)
    page = client.get(f"/admin/objections/{session.scalars(select(Objection.id)).one()}")
    assert "决定书.pdf" in page.text
    objection_id = session.scalars(select(Objection.id)).one()
    upheld = client.post(
        f"/admin/objections/{objection_id}/uphold",
        data={"reason": "经核查，罚款金额有误，将予更正"},
        follow_redirects=False,
    )
    assert upheld.status_code == 303
    detail = client.get(upheld.headers["location"]).text
    assert "异议成立" in detail
    login(client, Role.clerk, authority=authority)
    detail = client.get(f"/admin/objections/{objection_id}").text
    assert f"/admin/penalties/{record_id}/correct" in detail
    logout_client(client)

    assert "异议处理中" not in client.get(f"/penalties/{record_id}").text
    assert _open_flag(client, record_id) is False
    answer = client.post("/objections/status", data={"number": number, "phone": "0535 6123456"})
    assert "异议成立" in answer.text
    assert "经核查，罚款金额有误，将予更正" in answer.text
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "objection")
    ).all()
    assert actions == ["objection.submit", "objection.uphold"]


def test_the_badge_of_a_past_day_follows_the_objection_history(
    client: TestClient, session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    authority = make_authority(session)
    version = published_penalty(session, enterprise=make_enterprise(session), authority=authority)
    record_id = version.record_id
    number_from(_object(client, record_id))
    frozen_clock(dt.date(2026, 7, 20))
    login(client, Role.reviewer, authority=authority)
    objection_id = session.scalars(select(Objection.id)).one()
    rejected = client.post(
        f"/api/v1/admin/objections/{objection_id}/reject",
        json={"reason": "经核查，公示信息与处罚决定书一致"},
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    logout_client(client)
    assert _open_flag(client, record_id) is False
    on_the_16th = client.get(f"/api/v1/penalties/{record_id}?as_of=2026-07-16").json()
    assert on_the_16th["objection_open"] is True
    on_the_14th = client.get(f"/api/v1/penalties/{record_id}?as_of=2026-07-14").json()
    assert on_the_14th["objection_open"] is False


def test_objection_form_problems_are_shown_next_to_the_fields(
    client: TestClient, session: Session
) -> None:
    version = published_penalty(session, enterprise=make_enterprise(session))
    response = _object(
        client,
        version.record_id,
        objector_kind=None,
        contact_phone="12",
        reason="",
        files=[("决定书.pdf", EXE_AS_PDF, "application/pdf")],
    )
    assert response.status_code == 422
    for message in ("请选择异议人身份", "联系电话应为", "请填写异议理由", "不是有效的PDF"):
        assert message in response.text
    assert "烟台某律师事务所" in response.text  # what was typed is kept
    assert session.scalar(select(Objection.id)) is None
    assert session.scalar(select(CaseFile.id)) is None


def test_only_published_records_take_objections(client: TestClient, session: Session) -> None:
    version = published_penalty(session, enterprise=make_enterprise(session))
    assert client.get("/objections/new?penalty=999999").status_code == 404
    early = published_penalty(
        session, enterprise=make_enterprise(session), decided=dt.date(2026, 8, 1)
    )
    assert client.get(f"/objections/new?penalty={early.record_id}").status_code == 404
    assert client.get(f"/objections/new?penalty={version.record_id}").status_code == 200


def test_the_number_needs_the_phone(client: TestClient, session: Session) -> None:
    version = published_penalty(session, enterprise=make_enterprise(session))
    number = number_from(_object(client, version.record_id))
    wrong = client.post(
        "/api/v1/objections/status", json={"number": number, "phone": "13900000000"}
    )
    unknown = client.post(
        "/api/v1/objections/status", json={"number": "YY20260715AAAAAAAAAA", "phone": "05356123456"}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]


def test_only_the_records_authority_answers(client: TestClient, session: Session) -> None:
    authority = make_authority(session)
    version = published_penalty(session, enterprise=make_enterprise(session), authority=authority)
    number_from(_object(client, version.record_id))
    objection_id = session.scalars(select(Objection.id)).one()
    login(client, Role.reviewer)  # another authority
    refused = client.post(
        f"/api/v1/admin/objections/{objection_id}/uphold", json={"reason": "成立"}
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_the_deciding_authority"
    assert client.get(f"/admin/objections/{objection_id}").status_code == 404
    login(client, Role.clerk, authority=authority)
    assert (
        client.post(f"/api/v1/admin/objections/{objection_id}/reject", json={"reason": "不成立"})
    ).status_code == 403
    session.expire_all()
    assert session.get_one(Objection, objection_id).status == ObjectionStatus.open


def test_objection_files_are_only_for_officers(client: TestClient, session: Session) -> None:
    authority = make_authority(session)
    version = published_penalty(session, enterprise=make_enterprise(session), authority=authority)
    marker = b"%PDF-1.5\nOBJECTION-EVIDENCE-77\n%%EOF"
    number_from(_object(client, version.record_id, files=[("证据.pdf", marker, "application/pdf")]))
    objection_id = session.scalars(select(Objection.id)).one()
    stored = session.scalars(select(CaseFile).where(CaseFile.objection_id == objection_id)).one()
    url = f"/admin/objections/{objection_id}/files/{stored.id}"
    assert client.get(url, follow_redirects=False).status_code == 303
    assert (
        client.get(f"/api/v1/admin/objections/{objection_id}/files/{stored.id}").status_code == 401
    )
    assert b"OBJECTION-EVIDENCE" not in client.get(f"/penalties/{version.record_id}").content
    login(client, Role.reviewer)
    assert client.get(url).status_code == 404
    login(client, Role.reviewer, authority=authority)
    download = client.get(url)
    assert download.status_code == 200
    assert download.content == marker
    assert download.headers["content-disposition"].startswith("attachment;")
