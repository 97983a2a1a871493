"""FastAPI dependencies that authenticate and authorise admin pages and the admin API.

HTML pages (``/admin/...``)::

    @router.get("/admin/penalties")
    def page(actor: Actor = Depends(require_user(Role.clerk, Role.reviewer)), ...): ...

- no (live) session: 303 to ``/admin/login?next=<path>``; a role not listed: 403;
- POST/PUT/PATCH/DELETE: the CSRF checks of ``app.web.csrf`` (403 when they fail).

JSON API (``/api/v1/admin/...``)::

    actor: Actor = Depends(require_api_actor(Role.reviewer))               # needs scope "admin"
    actor: Actor = Depends(require_api_actor(Role.nomination, scope="nomination:check"))

- ``Authorization: Bearer <token>`` (the token's owner acts; the token must hold ``scope``,
  ``"admin"`` when none is given, any scope with ``"*"``) or the session cookie (then CSRF
  applies to unsafe methods, the token in the ``X-CSRF-Token`` header, and the scope must be one
  a session holds: ``app.access.tokens.session_holds``; ``feed:read`` is for tokens only);
- missing or invalid credentials: 401; a role or scope not allowed: 403 (the one error shape).

No roles listed means every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Security
from fastapi.responses import RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.access.actors import actor_for
from app.access.guards import (
    ADMIN_ROLES,
    CHECKER_ROLES,
    MAKER_ROLES,
    NOMINATION_ROLES,
    OVERSEER_ROLES,
    STAFF_ROLES,
)
from app.access.sessions import COOKIE_NAME, LoadedSession, load_session
from app.access.tokens import DEFAULT_API_SCOPE, authenticate_token, session_holds
from app.config import Settings
from app.kit.actor import Actor, Role
from app.kit.errors import Forbidden, Unauthorized
from app.models import User
from app.web.csrf import (
    PRE_SESSION_COOKIE,
    UNSAFE_METHODS,
    check_csrf,
    derive_token,
    submitted_csrf,
)
from app.web.deps import get_settings, session_dependency

LOGIN_PATH = "/admin/login"
ANY_SCOPE = "*"  # require_api_actor(scope="*"): any valid token, whatever its scopes


@dataclass(frozen=True)
class Auth:
    """Who this request is, kept on ``request.state.auth`` by the dependencies below."""

    actor: Actor
    user: User
    via: str  # "session" or "token"
    session_id: int | None = None
    session_token: str | None = None


class LoginRequired(Exception):
    """Rendered as a 303 to the sign-in page (``install_auth_handlers``)."""

    def __init__(self, next_path: str, expired: bool) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.expired = expired


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def session_csrf_token(settings: Settings, session_token: str) -> str:
    return derive_token(settings.secret_key, "session", session_token)


def csrf_token(request: Request) -> str:
    """The CSRF token for forms on this page: the session's, or before sign-in the one tied to
    the ``ecocredit_csrf`` cookie (``request.state.csrf_seed`` when the page has just set it)."""
    settings = get_settings(request)
    auth: Auth | None = getattr(request.state, "auth", None)
    if auth is not None and auth.session_token is not None:
        return session_csrf_token(settings, auth.session_token)
    seed = getattr(request.state, "csrf_seed", None) or request.cookies.get(PRE_SESSION_COOKIE)
    return derive_token(settings.secret_key, "pre-session", seed) if seed else ""


def current_auth(request: Request) -> Auth | None:
    auth: Auth | None = getattr(request.state, "auth", None)
    return auth


def authenticated(request: Request) -> Auth:
    """The request's ``Auth`` on a route that ``require_user``/``require_api_actor`` guards."""
    auth = current_auth(request)
    if auth is None:  # pragma: no cover - the guards always set it
        raise RuntimeError("no authenticated user on this request")
    return auth


def _from_session(request: Request, session: Session) -> LoadedSession | None:
    return load_session(session, request.cookies.get(COOKIE_NAME), get_settings(request))


def _remember(request: Request, loaded: LoadedSession) -> Actor:
    actor = actor_for(loaded.user, client_ip(request))
    request.state.auth = Auth(actor, loaded.user, "session", loaded.session_id, loaded.token)
    return actor


def _next_path(request: Request) -> str:
    if request.method != "GET":
        return "/admin"
    path = request.url.path
    return path + (f"?{request.url.query}" if request.url.query else "")


def require_user(*roles: Role) -> Callable[..., Actor]:
    """Dependency for HTML admin routes: the signed-in actor, with one of ``roles``."""
    allowed = frozenset(roles) or frozenset(Role)

    def dependency(
        request: Request,
        submitted: str = Depends(submitted_csrf),
        session: Session = Depends(session_dependency),
    ) -> Actor:
        loaded = _from_session(request, session)
        if loaded is None:
            raise LoginRequired(_next_path(request), expired=COOKIE_NAME in request.cookies)
        actor = _remember(request, loaded)
        if actor.role not in allowed:
            raise Forbidden("您的账户角色无权访问此页面")
        if request.method in UNSAFE_METHODS:
            check_csrf(request, session_csrf_token(get_settings(request), loaded.token), submitted)
        return actor

    return dependency


# How the OpenAPI document says that an operation needs a token (the dependency reads the
# header itself, so that a missing or wrong one is answered in the one error shape).
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An API token (eco_…) with the scope the operation needs, made on the "
    "account page; or the session cookie of a signed-in officer. 访问令牌",
)


def require_api_actor(*roles: Role, scope: str | None = None) -> Callable[..., Actor]:
    """Dependency for ``/api/v1/admin`` routes: a bearer token's owner, or the session's user."""
    allowed = frozenset(roles) or frozenset(Role)
    needed = scope or DEFAULT_API_SCOPE
    challenge = {"WWW-Authenticate": "Bearer"}

    def dependency(
        request: Request,
        submitted: str = Depends(submitted_csrf),
        session: Session = Depends(session_dependency),
        _documented: HTTPAuthorizationCredentials | None = Security(BEARER),
    ) -> Actor:
        header = request.headers.get("authorization")
        if header is not None:
            kind, _, secret = header.partition(" ")
            if kind.lower() != "bearer" or not secret.strip():
                raise Unauthorized("请使用 Authorization: Bearer <令牌> 认证", headers=challenge)
            found = authenticate_token(session, secret.strip(), client_ip(request))
            if found is None:
                raise Unauthorized("访问令牌无效、已吊销或其账户已停用", headers=challenge)
            token, user = found
            actor = actor_for(user, client_ip(request))
            request.state.auth = Auth(actor, user, "token")
            if needed != ANY_SCOPE and needed not in token.scopes:
                raise Forbidden(f"访问令牌没有“{needed}”权限范围")
            if actor.role not in allowed:
                raise Forbidden("该账户角色无权执行此操作")
            return actor
        loaded = _from_session(request, session)
        if loaded is None:
            raise Unauthorized(headers=challenge)
        actor = _remember(request, loaded)
        if actor.role not in allowed:
            raise Forbidden("该账户角色无权执行此操作")
        # The scope binds every credential: a session holds only the scopes its role holds in
        # a session (never ``feed:read``, which is for the platform's token).
        if needed != ANY_SCOPE and not session_holds(actor.role, needed):
            raise Forbidden(f"此接口须使用具有“{needed}”权限范围的访问令牌（Bearer）")
        if request.method in UNSAFE_METHODS:
            check_csrf(request, session_csrf_token(get_settings(request), loaded.token), submitted)
        return actor

    return dependency


# The role groups of ``app.access.guards`` as dependencies, once for every face:
#     def page(actor: StaffUser, session: DbSession) -> Response: ...       # workspace pages
#     def read(actor: CheckerApi, session: DbSession) -> Out: ...           # admin JSON API
StaffUser = Annotated[Actor, Depends(require_user(*STAFF_ROLES))]
MakerUser = Annotated[Actor, Depends(require_user(*MAKER_ROLES))]
CheckerUser = Annotated[Actor, Depends(require_user(*CHECKER_ROLES))]
OverseerUser = Annotated[Actor, Depends(require_user(*OVERSEER_ROLES))]
AdminUser = Annotated[Actor, Depends(require_user(*ADMIN_ROLES))]
NominationUser = Annotated[Actor, Depends(require_user(*NOMINATION_ROLES))]
AnyUser = Annotated[Actor, Depends(require_user())]
StaffApi = Annotated[Actor, Depends(require_api_actor(*STAFF_ROLES))]
MakerApi = Annotated[Actor, Depends(require_api_actor(*MAKER_ROLES))]
CheckerApi = Annotated[Actor, Depends(require_api_actor(*CHECKER_ROLES))]


def install_auth_handlers(app: FastAPI) -> None:
    """Turn ``LoginRequired`` into a 303 to the sign-in page."""

    async def login_required(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, LoginRequired):  # pragma: no cover - registered for this type
            raise exc
        target = f"{LOGIN_PATH}?next={quote(exc.next_path, safe='/')}"
        if exc.expired:
            target += "&expired=1"
        response = RedirectResponse(target, status_code=303)
        if exc.expired:
            response.delete_cookie(COOKIE_NAME, path="/")
        return response

    app.add_exception_handler(LoginRequired, login_required)
