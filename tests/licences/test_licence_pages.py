"""The licence workspace pages: a clerk records and submits, a second person approves, the
public page shows it; the same person cannot approve; the measures overview page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import Authority
from tests.support.auth import login, logout_client, page_csrf
from tests.support.factories import make_authority, make_enterprise
from tests.support.licences import licence_form


def test_clerk_records_reviewer_approves(client: TestClient, session: Session) -> None:
    bureau: Authority = make_authority(session)
    company = make_enterprise(session)
    session.commit()
    login(client, Role.clerk, authority=bureau)
    page = client.get("/admin/licences/new")
    assert page.status_code == 200
    form = licence_form(company, bureau)
    bad = client.post(
        "/admin/licences/new",
        data={**form, "valid_to": "2020-01-01", "action": "submit", "csrf_token": page_csrf(page)},
    )
    assert bad.status_code == 422
    assert "有效期至不能早于有效期自" in bad.text
    done = client.post(
        "/admin/licences/new",
        data={**form, "action": "submit", "csrf_token": page_csrf(page)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    version_url = done.headers["location"].split("?")[0]
    mine = client.get(version_url)
    assert "审核通过并公示" not in mine.text
    logout_client(client)
    login(client, Role.reviewer, authority=bureau)
    view = client.get(version_url)
    assert "审核通过并公示" in view.text
    approved = client.post(
        version_url + "/approve", data={"csrf_token": page_csrf(view)}, follow_redirects=False
    )
    assert approved.status_code == 303
    record_id = re.search(r'href="/licences/(\d+)"', client.get(version_url).text)
    assert record_id is not None
    public = client.get(f"/licences/{record_id.group(1)}")
    assert form["document_number"] in public.text
    assert "有效" in public.text
    overview = client.get("/admin/measures")
    assert overview.status_code == 200
