"""Sign-in, sign-out and the user's own account (password, API tokens)."""

from __future__ import annotations

import datetime as dt
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from app.access.rate_limits import hit
from app.access.sessions import COOKIE_NAME, end_session, load_session, start_session
from app.access.tokens import scopes_for_role
from app.accounts import repository, tokens
from app.accounts.service import SignInResult, change_own_password, password_verdict, sign_in
from app.audit.service import record
from app.config import Settings
from app.kit.actor import Actor
from app.kit.db import session_scope
from app.kit.errors import ValidationFailed
from app.models import User
from app.web.admin import field_errors, render_admin
from app.web.auth import AnyUser, authenticated, client_ip
from app.web.csrf import PRE_SESSION_COOKIE, derive_token, origin_ok
from app.web.deps import DbSession, SettingsDep, get_settings
from app.web.params import RecordId

router = APIRouter(include_in_schema=False)


NO_STORE = {"Cache-Control": "no-store"}


def _secure(settings: Settings) -> bool:
    return settings.environment != "development"


def safe_next(value: str | None) -> str:
    """Only paths of the workspace itself: never another site (``//evil``, ``https://…``)."""
    if not value or not value.startswith("/admin") or value.startswith("//") or "\\" in value:
        return "/admin"
    return value


def _login_page(
    request: Request,
    *,
    username: str = "",
    next_path: str = "/admin",
    error: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    settings = get_settings(request)
    seed = request.cookies.get(PRE_SESSION_COOKIE)
    fresh = not seed or len(seed) > 64
    if fresh:
        seed = secrets.token_urlsafe(24)
        request.state.csrf_seed = seed
    response = render_admin(
        request,
        None,
        "admin/login.html",
        page_title="登录",
        username=username,
        next_path=next_path,
        error=error,
        expired=request.query_params.get("expired") == "1",
        status_code=status_code,
        headers={**NO_STORE, **(headers or {})},
    )
    if fresh and seed:
        response.set_cookie(
            PRE_SESSION_COOKIE,
            seed,
            httponly=True,
            secure=_secure(settings),
            samesite="lax",
            path="/admin",
        )
    return response


@router.get("/admin/login")
def login_form(
    request: Request, settings: SettingsDep, session: DbSession, next: str = "/admin"
) -> Response:
    if load_session(session, request.cookies.get(COOKIE_NAME), settings) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_path=safe_next(next))


def throttle_client(request: Request, settings: Settings) -> int | None:
    """Count a sign-in attempt of the client (its IP address) in a short unit of work of its
    own; the seconds to wait when it made too many (per client, as well as the per-account
    lockout: many accounts tried from one address are throttled too)."""
    writer: sessionmaker[Session] = request.app.state.sessionmaker
    with session_scope(writer) as unit:
        return hit(
            unit,
            f"login:{client_ip(request)}",
            settings.login_client_rate_per_minute,
            dt.timedelta(minutes=1),
        )


@router.post("/admin/login")
def login(
    request: Request,
    settings: SettingsDep,
    session: DbSession,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/admin"),
    csrf_token: str = Form(""),
) -> Response:
    settings = settings
    next_path = safe_next(next)
    seed = request.cookies.get(PRE_SESSION_COOKIE)
    expected = derive_token(settings.secret_key, "pre-session", seed) if seed else None
    if (
        expected is None
        or not secrets.compare_digest(csrf_token.encode(), expected.encode())
        or not origin_ok(request)
    ):
        return _login_page(
            request,
            username=username,
            next_path=next_path,
            error="页面已过期或来源无效，请重新输入后登录",
            status_code=403,
        )
    if not username.strip() or not password:
        return _login_page(
            request,
            username=username,
            next_path=next_path,
            error="请输入用户名和密码",
            status_code=400,
        )
    # Limits before expensive work: the client's rate first (its own short write), then the
    # password hash (slow on purpose) in a reading session, with no write lock held; only then
    # the unit of work that records the attempt (``session`` has not begun until here).
    wait = throttle_client(request, settings)
    if wait is not None:
        return _login_page(
            request,
            username=username,
            next_path=next_path,
            error=f"登录尝试过于频繁，请在{wait}秒后重试",
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    with session_scope(request.app.state.read_sessionmaker) as reading:
        verdict = password_verdict(reading, username, password)
    result: SignInResult = sign_in(
        session, settings, username, password, client_ip(request), verdict=verdict
    )
    if result.user is None:
        return _login_page(
            request, username=username, next_path=next_path, error=result.message, status_code=400
        )
    # A new session every time: whatever token the browser brought is dropped, never promoted.
    end_session(session, request.cookies.get(COOKIE_NAME))
    token, _row = start_session(
        session,
        result.user,
        settings,
        source_ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        COOKIE_NAME, token, httponly=True, secure=_secure(settings), samesite="lax", path="/"
    )
    response.delete_cookie(PRE_SESSION_COOKIE, path="/admin")
    return response


@router.post("/admin/logout")
def logout(
    request: Request,
    actor: AnyUser,
    session: DbSession,
) -> Response:
    end_session(session, request.cookies.get(COOKIE_NAME))
    record(session, actor, "auth.logout", "user", actor.user_id)
    response = RedirectResponse("/admin/login?signed_out=1", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


def _account_page(
    request: Request,
    actor: Actor,
    session: Session,
    *,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
) -> Response:
    user = authenticated(request).user
    authority = repository.get_authority(session, user.authority_id) if user.authority_id else None
    return render_admin(
        request,
        actor,
        "admin/account.html",
        page_title="我的账户",
        user=user,
        authority=authority,
        tokens=tokens.list_tokens(session, user.id),
        scope_choices=[(s.name, s.label) for s in scopes_for_role(user.role)],
        tokens_path="/admin/account/tokens",
        errors=errors or {},
        status_code=status_code,
    )


@router.get("/admin/account")
def account(
    request: Request,
    actor: AnyUser,
    session: DbSession,
) -> Response:
    return _account_page(request, actor, session)


@router.post("/admin/account/password")
def change_password(
    request: Request,
    settings: SettingsDep,
    actor: AnyUser,
    session: DbSession,
    current_password: str = Form(""),
    new_password: str = Form(""),
    confirm_password: str = Form(""),
) -> Response:
    auth = authenticated(request)
    try:
        change_own_password(
            session,
            actor,
            auth.user,
            settings,
            current=current_password,
            new=new_password,
            confirm=confirm_password,
            keep_session_id=auth.session_id,
        )
    except ValidationFailed as exc:
        return _account_page(
            request, actor, session, errors=field_errors(exc.fields), status_code=422
        )
    return RedirectResponse("/admin/account?notice=password_changed", status_code=303)


def token_created_page(
    request: Request, actor: Actor, owner: User, secret: str, back: str
) -> Response:
    """The one and only time a token's secret is shown."""
    return render_admin(
        request,
        actor,
        "admin/token_created.html",
        page_title="令牌已创建",
        owner=owner,
        secret=secret,
        back=back,
        status_code=201,
        headers=NO_STORE,
    )


@router.post("/admin/account/tokens")
def create_own_token(
    request: Request,
    actor: AnyUser,
    session: DbSession,
    name: str = Form(""),
    scopes: list[str] = Form([]),
) -> Response:
    owner = authenticated(request).user
    try:
        secret, _token = tokens.create_token(session, actor, owner, name, scopes)
    except ValidationFailed as exc:
        return _account_page(
            request, actor, session, errors=field_errors(exc.fields), status_code=422
        )
    return token_created_page(request, actor, owner, secret, "/admin/account")


@router.post("/admin/account/tokens/{token_id}/revoke")
def revoke_own_token(
    token_id: RecordId,
    actor: AnyUser,
    session: DbSession,
) -> Response:
    tokens.revoke_token(session, actor, tokens.get_token(session, token_id, actor.user_id))
    return RedirectResponse("/admin/account?notice=revoked", status_code=303)
