"""Signing in: argon2, lockout with a growing delay, sessions that expire and rotate, sign-out,
cookie flags."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.access.sessions import COOKIE_NAME
from app.accounts.service import SIGN_IN_FAILED, lockout_minutes
from app.config import Settings
from app.kit.actor import Role
from app.kit.clock import SHANGHAI
from app.main import create_app
from app.models import AuditEntry, User, UserSession
from tests.conftest import make_settings
from tests.support.auth import PASSWORD, login, make_user, page_csrf, set_session_cookie, sign_in

Clock = Callable[[dt.datetime | dt.date], None]
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
WRONG = "not-the-password-1"


def _actions(session: Session, user: User) -> list[str]:
    return list(
        session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "user", AuditEntry.object_id == str(user.id))
            .order_by(AuditEntry.seq)
        )
    )


def test_the_right_password_signs_in_and_is_audited(client: TestClient, session: Session) -> None:
    user = make_user(session, Role.reviewer)
    response = sign_in(client, user.username, next_path="/admin/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/account"
    page = client.get("/admin/account")
    assert page.status_code == 200
    assert user.username in page.text
    session.expire_all()
    assert user.last_login_at is not None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.login")).one()
    assert (entry.actor_username, entry.source_ip) == (user.username, "testclient")


def test_next_never_leads_to_another_site(client: TestClient, session: Session) -> None:
    user = make_user(session)
    response = sign_in(client, user.username, next_path="//evil.example/admin")
    assert response.headers["location"] == "/admin"


def test_ten_failures_lock_the_account_with_a_growing_delay(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(START)
    user = make_user(session, Role.clerk)
    for _ in range(9):
        assert sign_in(client, user.username, WRONG).status_code == 400
    locked = sign_in(client, user.username, WRONG)  # the 10th
    assert locked.status_code == 400
    # Locked: even the right password is refused, and with the very same words as for a user
    # that does not exist.
    refused = sign_in(client, user.username, PASSWORD)
    unknown = sign_in(client, "nobody-at-all", PASSWORD)
    assert refused.status_code == unknown.status_code == 400
    assert SIGN_IN_FAILED in refused.text
    assert SIGN_IN_FAILED in unknown.text
    assert "锁定中" not in refused.text
    assert "不存在" not in unknown.text

    frozen_clock(START + dt.timedelta(seconds=59))
    assert sign_in(client, user.username, PASSWORD).status_code == 400  # still within 1 minute
    frozen_clock(START + dt.timedelta(minutes=1, seconds=1))
    assert sign_in(client, user.username, WRONG).status_code == 400  # 11th failure: 2 minutes
    frozen_clock(START + dt.timedelta(minutes=2, seconds=59))
    assert sign_in(client, user.username, PASSWORD).status_code == 400
    frozen_clock(START + dt.timedelta(minutes=3, seconds=2))
    assert sign_in(client, user.username, PASSWORD).status_code == 303  # lock over

    session.expire_all()
    assert (user.failed_attempts, user.locked_until) == (0, None)
    actions = _actions(session, user)
    assert actions.count("auth.login_failed") == 11
    assert actions.count("auth.lockout") == 2
    assert actions.count("auth.login_refused") == 3
    assert actions[-1] == "auth.login"
    lockouts = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "auth.lockout", AuditEntry.object_id == str(user.id)
        )
    ).all()
    assert [e.after["minutes"] for e in lockouts if e.after] == [1, 2]


def test_the_delay_doubles_up_to_one_hour(settings: Settings) -> None:
    minutes = [lockout_minutes(n, settings) for n in range(9, 19)]
    assert minutes == [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_disabled_account_cannot_sign_in(client: TestClient, session: Session) -> None:
    user = make_user(session, active=False)
    response = sign_in(client, user.username)
    assert response.status_code == 400
    assert SIGN_IN_FAILED in response.text


def test_cookie_flags_and_only_a_hash_of_the_token_is_stored(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    response = sign_in(client, user.username)
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE_NAME + "=")
    )
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= flags
    token = cookie.split(";")[0].split("=", 1)[1]
    row = session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_hash, row.user_agent, row.source_ip)


@pytest.fixture
def dev_client(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(make_settings(database_url, environment="development"))
    app.state.sessionmaker = session_factory
    app.state.read_sessionmaker = session_factory
    with TestClient(app) as c:
        yield c


def test_the_cookie_is_not_secure_in_development(dev_client: TestClient, session: Session) -> None:
    user = make_user(session)
    response = sign_in(dev_client, user.username)
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE_NAME + "=")
    )
    assert "secure" not in cookie.lower()
    assert "httponly" in cookie.lower()


def test_session_ends_after_30_idle_minutes(client: TestClient, frozen_clock: Clock) -> None:
    frozen_clock(START)
    login(client, Role.clerk)
    frozen_clock(START + dt.timedelta(minutes=29))
    assert client.get("/admin").status_code == 200
    frozen_clock(START + dt.timedelta(minutes=58))  # 29 minutes after the last request
    assert client.get("/admin").status_code == 200
    frozen_clock(START + dt.timedelta(minutes=88, seconds=1))
    response = client.get("/admin/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=/admin/account&expired=1"
    assert "登录已超时" in client.get(response.headers["location"]).text


def test_session_ends_12_hours_after_sign_in_however_busy(
    client: TestClient, frozen_clock: Clock
) -> None:
    frozen_clock(START)
    login(client, Role.clerk)
    for step in range(1, 36):  # a request every 20 minutes, 11 h 40 min in all
        frozen_clock(START + dt.timedelta(minutes=20 * step))
        assert client.get("/admin").status_code == 200
    frozen_clock(START + dt.timedelta(hours=12))
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_signing_in_rotates_the_session(client: TestClient, session: Session) -> None:
    login(client, Role.clerk)
    planted = client.cookies[COOKIE_NAME]
    # A sign-in form opened earlier (e.g. in another tab), sent while that session is live.
    client.cookies.delete(COOKIE_NAME)
    form = client.get("/admin/login")
    set_session_cookie(client, planted)
    other = make_user(session, Role.reviewer)
    response = client.post(
        "/admin/login",
        data={"username": other.username, "password": PASSWORD, "csrf_token": page_csrf(form)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    fresh = client.cookies[COOKIE_NAME]
    assert fresh != planted
    # The token the browser came with is gone on the server too.
    set_session_cookie(client, planted)
    assert client.get("/admin", follow_redirects=False).status_code == 303
    planted_hash = hashlib.sha256(planted.encode()).hexdigest()
    assert (
        session.scalar(select(UserSession.id).where(UserSession.token_hash == planted_hash)) is None
    )


def test_a_made_up_cookie_is_never_promoted(client: TestClient, session: Session) -> None:
    user = make_user(session)
    set_session_cookie(client, "attacker-chosen-value")
    sign_in(client, user.username)
    assert client.cookies[COOKIE_NAME] != "attacker-chosen-value"


def test_sign_out_ends_the_session_on_the_server(client: TestClient, session: Session) -> None:
    actor = login(client, Role.admin)
    token = client.cookies[COOKIE_NAME]
    home = client.get("/admin")
    assert "退出" in home.text
    response = client.post("/admin/logout", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/admin/login")
    assert client.get("/admin", follow_redirects=False).status_code == 303
    set_session_cookie(client, token)  # replaying the old cookie does not help
    assert client.get("/admin", follow_redirects=False).status_code == 303
    assert (
        session.scalars(select(UserSession).where(UserSession.user_id == actor.user_id)).all() == []
    )
    logout = session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.logout")).one()
    assert logout.actor_user_id == actor.user_id


def test_a_disabled_account_is_signed_out_at_once(client: TestClient, app: object) -> None:
    clerk_client = TestClient(client.app)
    clerk = login(clerk_client, Role.clerk)
    login(client, Role.admin)
    assert clerk_client.get("/admin").status_code == 200
    assert client.post(f"/admin/users/{clerk.user_id}/disable").status_code == 200
    assert clerk_client.get("/admin", follow_redirects=False).status_code == 303


def test_sign_ins_are_throttled_per_client_across_accounts(
    database_url: str, session_factory: sessionmaker[Session]
) -> None:
    """Limits apply before expensive work: a client trying many accounts is throttled (429 with
    Retry-After) before any password is hashed, as well as each account's lockout."""
    app = create_app(make_settings(database_url, login_client_rate_per_minute=3))
    app.state.sessionmaker = session_factory
    app.state.read_sessionmaker = session_factory
    with TestClient(app) as client:
        answers = [sign_in(client, f"nobody{n}", "wrong-password").status_code for n in range(4)]
        assert answers == [400, 400, 400, 429]
        refused = sign_in(client, "nobody9", "wrong-password")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert "登录尝试过于频繁" in refused.text
