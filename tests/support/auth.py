"""Signing in during tests, for every feature of the regulators' workspace.

    from tests.support.auth import login

    def test_something(client: TestClient) -> None:
        actor = login(client, Role.clerk, districts={"370611"})
        response = client.post("/admin/penalties", data={...})   # CSRF header already set

``login`` creates an account (with a fresh test authority unless one is given) and a live
session, puts the session cookie on the client and, unless ``csrf=False``, the session's CSRF
token in the client's ``X-CSRF-Token`` header, so that posts pass the CSRF check. The client
talks ``https://testserver`` from then on (the session cookie is Secure outside development).
Calling it again on the same client switches to another account.

``make_user`` only creates the account (password ``PASSWORD``), ``sign_in`` goes through the
real sign-in form, ``page_csrf`` reads the CSRF token out of a page.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import cast

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.access.actors import actor_for
from app.access.sessions import COOKIE_NAME, start_session
from app.accounts.passwords import hash_password
from app.config import Settings
from app.kit.actor import Actor, Role
from app.models import Authority, MeasureDepartment, User
from app.web.auth import session_csrf_token
from tests.support.factories import make_authority

PASSWORD = "Correct-Horse-Battery-42"
BASE_URL = "https://testserver"
COOKIE_DOMAIN = "testserver.local"
_numbers = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """argon2 is slow on purpose: hash the test password once per run."""
    return hash_password(PASSWORD)


def make_user(
    session: Session,
    role: Role = Role.clerk,
    *,
    username: str | None = None,
    districts: Iterable[str] = (),
    authority: Authority | None = None,
    active: bool = True,
) -> User:
    """An account with password ``PASSWORD``; staff get a new test authority unless given one,
    a department account the first department of the catalogue (烟台市生态环境局)."""
    if authority is None and role not in (Role.nomination, Role.department):
        authority = make_authority(session)
    department_id = None
    if role == Role.department:
        department_id = session.scalar(select(MeasureDepartment.id).order_by(MeasureDepartment.id))
    user = User(
        username=username or f"{role.value}{next(_numbers)}",
        display_name=f"测试{role.value}",
        password_hash=password_hash(),
        role=role,
        authority_id=authority.id if authority else None,
        districts=sorted(set(districts)),
        is_active=active,
        failed_attempts=0,
        department_id=department_id,
    )
    session.add(user)
    session.flush()
    return user


def _app(client: TestClient) -> FastAPI:
    return cast(FastAPI, client.app)


def login(
    client: TestClient,
    role: Role = Role.clerk,
    *,
    districts: Iterable[str] = (),
    authority: Authority | None = None,
    username: str | None = None,
    csrf: bool = True,
) -> Actor:
    """Sign ``client`` in as a new account of ``role``; returns its actor."""
    app = _app(client)
    settings: Settings = app.state.settings
    factory: sessionmaker[Session] = app.state.sessionmaker
    with factory() as session:
        if authority is not None:
            authority = session.merge(authority)
        user = make_user(session, role, username=username, districts=districts, authority=authority)
        token, _row = start_session(
            session, user, settings, source_ip="testclient", user_agent=None
        )
        actor = actor_for(user, "testclient")
        session.commit()
    client.base_url = BASE_URL
    client.cookies.clear()
    set_session_cookie(client, token)
    if csrf:
        client.headers["X-CSRF-Token"] = session_csrf_token(settings, token)
    else:
        client.headers.pop("X-CSRF-Token", None)
    return actor


def set_session_cookie(client: TestClient, token: str) -> None:
    """Put a session cookie on the client as the server would (the jar's name for the host
    ``testserver`` is ``testserver.local``), replacing any other."""
    client.cookies.delete(COOKIE_NAME)
    client.cookies.set(COOKIE_NAME, token, domain=COOKIE_DOMAIN, path="/")


def logout_client(client: TestClient) -> None:
    """Forget the session on the client side (the server still has it)."""
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)


_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]*)"')


def page_csrf(response: Response) -> str:
    """The CSRF token of the first form of a page."""
    match = _CSRF_INPUT.search(response.text)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(
    client: TestClient, username: str, password: str = PASSWORD, *, next_path: str = "/admin"
) -> Response:
    """Go through the real sign-in form (GET, then POST with its CSRF token); not following the
    redirect, so that the answer can be checked."""
    client.base_url = BASE_URL
    form = client.get("/admin/login", params={"next": next_path})
    response: Response = client.post(
        "/admin/login",
        data={
            "username": username,
            "password": password,
            "next": next_path,
            "csrf_token": page_csrf(form),
        },
        follow_redirects=False,
    )
    return response
