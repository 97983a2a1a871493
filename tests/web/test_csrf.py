"""Every form posted with the session cookie needs the session's CSRF token and must come from
this site: a form without the token, or sent from another origin, is refused with 403."""

from __future__ import annotations

from typing import cast

from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.kit.actor import Actor, Role
from app.models import User
from app.web.auth import require_api_actor
from tests.support.auth import BASE_URL, login, make_user, page_csrf


def _disable(
    client: TestClient,
    user: User,
    data: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    response = client.post(
        f"/admin/users/{user.id}/disable", data=data, headers=headers, follow_redirects=False
    )
    return int(response.status_code)


def test_a_form_without_the_token_is_refused(client: TestClient, session: Session) -> None:
    login(client, Role.admin, csrf=False)
    clerk = make_user(session, Role.clerk)
    response = client.post(f"/admin/users/{clerk.id}/disable", follow_redirects=False)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert _disable(client, clerk, data={"csrf_token": "forged"}) == 403
    session.refresh(clerk)
    assert clerk.is_active


def test_the_token_from_the_page_is_accepted(client: TestClient, session: Session) -> None:
    login(client, Role.admin, csrf=False)
    clerk = make_user(session, Role.clerk)
    page = client.get(f"/admin/users/{clerk.id}")
    assert _disable(client, clerk, data={"csrf_token": page_csrf(page)}) == 303
    session.refresh(clerk)
    assert not clerk.is_active


def test_another_origin_is_refused_even_with_the_token(
    client: TestClient, session: Session
) -> None:
    login(client, Role.admin, csrf=False)
    clerk = make_user(session, Role.clerk)
    token = page_csrf(client.get("/admin"))
    data = {"csrf_token": token}
    assert _disable(client, clerk, data=data, headers={"Origin": "https://evil.example"}) == 403
    assert _disable(client, clerk, data=data, headers={"Origin": "null"}) == 403
    evil_referer = {"Referer": "https://evil.example/page"}
    assert _disable(client, clerk, data=data, headers=evil_referer) == 403
    session.refresh(clerk)
    assert clerk.is_active
    assert _disable(client, clerk, data=data, headers={"Origin": BASE_URL}) == 303


def test_a_token_of_another_session_is_refused(client: TestClient, session: Session) -> None:
    login(client, Role.admin, csrf=False)
    stolen = page_csrf(client.get("/admin"))
    login(client, Role.admin, csrf=False)  # a new session of another administrator
    clerk = make_user(session, Role.clerk)
    assert _disable(client, clerk, data={"csrf_token": stolen}) == 403


def test_the_sign_in_form_needs_its_token_and_this_origin(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    client.base_url = BASE_URL
    form = client.get("/admin/login")
    data = {"username": user.username, "password": "Correct-Horse-Battery-42"}
    missing = client.post("/admin/login", data=data, follow_redirects=False)
    assert missing.status_code == 403
    assert "页面已过期或来源无效" in missing.text
    foreign = client.post(
        "/admin/login",
        data={**data, "csrf_token": page_csrf(form)},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert foreign.status_code == 403
    good = client.post(
        "/admin/login", data={**data, "csrf_token": page_csrf(form)}, follow_redirects=False
    )
    assert good.status_code == 303


def test_every_page_form_carries_the_token(client: TestClient, session: Session) -> None:
    login(client, Role.admin)
    user = make_user(session, Role.clerk)
    for path in ("/admin", "/admin/account", "/admin/users/new", f"/admin/users/{user.id}"):
        html = client.get(path).text
        forms = html.count('method="post"')
        assert forms > 0
        assert html.count('name="csrf_token"') == forms, path


def _with_api_action(client: TestClient) -> None:
    router = APIRouter()

    @router.post("/api/v1/admin/test-action")
    def action(actor: Actor = Depends(require_api_actor(Role.clerk))) -> dict[str, str]:
        return {"done_by": actor.username}

    cast(FastAPI, client.app).include_router(router)


def test_the_api_with_a_session_cookie_needs_the_csrf_header(client: TestClient) -> None:
    _with_api_action(client)
    actor = login(client, Role.clerk, csrf=False)
    refused = client.post("/api/v1/admin/test-action", json={})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    token = page_csrf(client.get("/admin"))
    done = client.post("/api/v1/admin/test-action", json={}, headers={"X-CSRF-Token": token})
    assert done.status_code == 200
    assert done.json() == {"done_by": actor.username}
