"""Per-user API tokens: created in the UI, shown once, stored hashed, limited by scope,
revocable; and the accounts that use them."""

from __future__ import annotations

import hashlib
import re
from typing import cast

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.actors import actor_for
from app.accounts.tokens import create_token
from app.kit.actor import Actor, Role
from app.kit.errors import Forbidden
from app.models import ApiToken, AuditEntry
from app.web.auth import require_api_actor
from tests.support.auth import login, make_user

SECRET = re.compile(r'value="(eco_[A-Za-z0-9_-]+)"')


def _create(client: TestClient, path: str, name: str, scopes: list[str]) -> str:
    response = client.post(path, data={"name": name, "scopes": scopes})
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    match = SECRET.search(response.text)
    assert match, "the new token is shown"
    return match.group(1)


def _bearer(client: TestClient, secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _with_actions(client: TestClient) -> None:
    router = APIRouter()

    @router.post("/api/v1/admin/test-approve")
    def approve(actor: Actor = Depends(require_api_actor(Role.reviewer))) -> dict[str, str]:
        return {"by": actor.username}

    @router.get("/api/v1/admin/test-check")
    def check(
        actor: Actor = Depends(require_api_actor(Role.nomination, scope="nomination:check")),
    ) -> dict[str, str]:
        return {"by": actor.username}

    cast(FastAPI, client.app).include_router(router)


def test_a_token_is_shown_once_stored_hashed_and_works(
    client: TestClient, session: Session
) -> None:
    actor = login(client, Role.reviewer)
    secret = _create(client, "/admin/account/tokens", "局审核系统", ["admin"])
    stored = session.scalars(select(ApiToken).where(ApiToken.user_id == actor.user_id)).one()
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.prefix, stored.name)
    assert secret.startswith(stored.prefix)
    assert secret not in client.get("/admin/account").text  # never shown again
    assert stored.prefix in client.get("/admin/account").text
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "token.create")).one()
    assert secret not in str(audit.after)

    api = TestClient(client.app)  # no cookie: the token alone
    me = api.get("/api/v1/admin/me", headers=_bearer(api, secret))
    assert me.status_code == 200
    assert me.json()["username"] == actor.username
    assert me.json()["role"] == "reviewer"
    session.refresh(stored)
    assert stored.last_used_at is not None


def test_a_token_acts_with_its_owners_role_without_csrf(
    client: TestClient, session: Session
) -> None:
    _with_actions(client)
    login(client, Role.reviewer)
    secret = _create(client, "/admin/account/tokens", "审核接口", ["admin"])
    api = TestClient(client.app)
    done = api.post("/api/v1/admin/test-approve", json={}, headers=_bearer(api, secret))
    assert done.status_code == 200
    forbidden = api.get("/api/v1/admin/test-check", headers=_bearer(api, secret))
    assert forbidden.status_code == 403


def test_a_revoked_token_is_refused(client: TestClient, session: Session) -> None:
    actor = login(client, Role.clerk)
    secret = _create(client, "/admin/account/tokens", "临时", ["admin"])
    token = session.scalars(select(ApiToken).where(ApiToken.user_id == actor.user_id)).one()
    assert client.post(f"/admin/account/tokens/{token.id}/revoke").status_code == 200
    api = TestClient(client.app)
    refused = api.get("/api/v1/admin/me", headers=_bearer(api, secret))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["error"]["code"] == "unauthorized"
    assert "已吊销" in client.get("/admin/account").text


def test_unknown_and_malformed_tokens_get_401(client: TestClient) -> None:
    for header in ("Bearer eco_nonsense", "Basic dXNlcjpwYXNz", "Bearer "):
        response = client.get("/api/v1/admin/me", headers={"Authorization": header})
        assert response.status_code == 401
    assert client.get("/api/v1/admin/me").status_code == 401


def test_a_token_without_the_needed_scope_gets_403(client: TestClient) -> None:
    _with_actions(client)
    login(client, Role.reviewer)
    secret = _create(client, "/admin/account/tokens", "只读订阅", ["feed:read"])
    api = TestClient(client.app)
    response = api.post("/api/v1/admin/test-approve", json={}, headers=_bearer(api, secret))
    assert response.status_code == 403
    assert "admin" in response.json()["error"]["message"]


def test_a_nomination_account_makes_its_own_token_and_an_admin_can_only_revoke_it(
    client: TestClient, session: Session
) -> None:
    _with_actions(client)
    nomination = login(client, Role.nomination, username="zuzhibu")
    refused = client.post("/admin/account/tokens", data={"name": "错误范围", "scopes": ["admin"]})
    assert refused.status_code == 422
    assert "不能使用权限范围" in refused.text
    secret = _create(client, "/admin/account/tokens", "市委组织部提名审查", ["nomination:check"])
    api = TestClient(client.app)
    check = api.get("/api/v1/admin/test-check", headers=_bearer(api, secret))
    assert check.status_code == 200
    assert check.json() == {"by": "zuzhibu"}

    login(client, Role.admin)
    page = client.get(f"/admin/users/{nomination.user_id}")
    assert "市委组织部提名审查" in page.text  # listed, with its revoke button
    assert "创建令牌" not in page.text
    assert "令牌只能由账户本人" in page.text
    minted = client.post(
        f"/admin/users/{nomination.user_id}/tokens",
        data={"name": "代为创建", "scopes": ["nomination:check"]},
    )
    assert minted.status_code in (404, 405)  # there is no way to make one for someone else
    token = session.scalars(select(ApiToken).where(ApiToken.user_id == nomination.user_id)).one()
    revoke = f"/admin/users/{nomination.user_id}/tokens/{token.id}/revoke"
    assert client.post(revoke, follow_redirects=False).status_code == 303
    assert api.get("/api/v1/admin/test-check", headers=_bearer(api, secret)).status_code == 401


def test_no_one_creates_a_token_for_someone_else(session: Session) -> None:
    """The rule lives in the service: an admin cannot mint a reviewer's token and approve as
    that reviewer (the two-person rule and the audit trail would name someone who did nothing).
    """
    admin = make_user(session, Role.admin)
    reviewer = make_user(session, Role.reviewer)
    with pytest.raises(Forbidden) as refused:
        create_token(session, actor_for(admin, "10.0.0.1"), reviewer, "代为创建", ["admin"])
    assert refused.value.code == "token_owner_only"
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == reviewer.id)).all() == []


def test_a_token_made_by_someone_else_before_the_rule_does_not_work(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.admin)
    reviewer = make_user(session, Role.reviewer)
    secret, token = create_token(session, actor_for(reviewer, None), reviewer, "本人", ["admin"])
    api = TestClient(client.app)
    assert api.get("/api/v1/admin/me", headers=_bearer(api, secret)).status_code == 200
    token.created_by_id = admin.id  # as the admin page once allowed
    session.flush()
    assert api.get("/api/v1/admin/me", headers=_bearer(api, secret)).status_code == 401


def test_the_audit_names_who_created_every_token(client: TestClient, session: Session) -> None:
    actor = login(client, Role.reviewer)
    _create(client, "/admin/account/tokens", "局审核系统", ["admin"])
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "token.create")).one()
    assert entry.actor_user_id == actor.user_id
    assert entry.after is not None
    assert entry.after["created_by"] == entry.after["owner"] == actor.username


def test_a_disabled_owners_tokens_stop_working(client: TestClient, session: Session) -> None:
    owner = login(client, Role.clerk)
    secret = _create(client, "/admin/account/tokens", "系统对接", ["admin"])
    login(client, Role.admin)
    api = TestClient(client.app)
    assert api.get("/api/v1/admin/me", headers=_bearer(api, secret)).status_code == 200
    client.post(f"/admin/users/{owner.user_id}/disable")
    assert api.get("/api/v1/admin/me", headers=_bearer(api, secret)).status_code == 401
