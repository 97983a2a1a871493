"""API tokens as credentials: their scopes, their digest and how a request's token is checked.

A token acts as its owner, limited to its scopes:
``admin`` (the bureau's systems: the /api/v1/admin actions), ``feed:read`` (the change feed) and
``nomination:check`` (the nomination check, nomination accounts only) and ``measures:report``
(the joint measures of the account's department: read them, report feedback). Tokens are created and
revoked in ``app.accounts.tokens``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit import clock
from app.kit.actor import Role
from app.models import ApiToken, User

TOKEN_PREFIX = "eco_"  # noqa: S105 - a visible prefix, not a secret
DEFAULT_API_SCOPE = "admin"


@dataclass(frozen=True)
class Scope:
    """A permission a token may carry. ``roles``: whose token may carry it. ``in_session``:
    whether a signed-in session of those roles holds it too (the workspace's own API calls);
    a scope for machines only (``feed:read``) is never held by a session: the same rule for
    every credential, so that a clerk's browser does not read what needs a token."""

    name: str
    label: str
    roles: frozenset[Role]
    in_session: bool = True


SCOPES: dict[str, Scope] = {
    s.name: s
    for s in (
        Scope(
            "admin",
            "业务系统接口（行政处罚、名单等，按账户角色授权）",
            frozenset({Role.clerk, Role.reviewer, Role.admin}),
        ),
        Scope("feed:read", "读取数据变更订阅", frozenset(Role), in_session=False),
        Scope("nomination:check", "提名人选审查查询", frozenset({Role.nomination})),
        Scope(
            "measures:report", "联合奖惩措施：读取本部门措施并反馈", frozenset({Role.department})
        ),
    )
}
# A token is refreshed on use at most this often (last_used_at is for people, not for auditing).
TOUCH_INTERVAL = dt.timedelta(seconds=60)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_holds(role: Role, scope: str) -> bool:
    """Whether a signed-in session of ``role`` holds ``scope`` (see ``Scope.in_session``)."""
    found = SCOPES.get(scope)
    return found is not None and found.in_session and role in found.roles


def scopes_for_role(role: Role) -> list[Scope]:
    return [s for s in SCOPES.values() if role in s.roles]


def authenticate_token(
    session: Session, secret: str, source_ip: str | None
) -> tuple[ApiToken, User] | None:
    """The live token and its active owner, or None (unknown, revoked, owner disabled, or made
    by someone other than its owner: such a token, minted before only owners could create
    tokens, would let its maker act as the owner)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 128:
        return None
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_digest(secret))
    ).one_or_none()
    if found is None:
        return None
    token, user = found
    if token.revoked_at is not None or not user.is_active:
        return None
    if token.created_by_id is not None and token.created_by_id != token.user_id:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        token.last_used_at = now
        token.last_used_ip = source_ip
        session.flush()
    return token, user
