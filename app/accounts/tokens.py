"""Creating and revoking per-user API tokens: shown once, stored as the SHA-256 of the secret.

Only its owner creates a token (an administrator who minted one for a reviewer could approve as
that reviewer: the two-person rule and the audit trail would name someone who did nothing); an
administrator may revoke any. The audit entry of every creation names its maker.

A token acts as its owner, limited to its scopes:
``admin`` (the bureau's systems: the /api/v1/admin actions), ``feed:read`` (the change feed) and
``nomination:check`` (the nomination check, nomination accounts only).
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.tokens import SCOPES, TOKEN_PREFIX, token_digest
from app.audit.service import record
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import FieldError, Forbidden, NotFound, ValidationFailed
from app.models import ApiToken, User


def create_token(
    session: Session, actor: Actor, owner: User, name: str, scopes: list[str]
) -> tuple[str, ApiToken]:
    """A new token for ``owner``, made by ``owner`` itself (``actor``); returns the secret (to
    show once) and the stored row."""
    if actor.user_id != owner.id:
        raise Forbidden(
            "令牌只能由账户本人在“我的账户”页面创建；管理员可以吊销任何令牌",
            code="token_owner_only",
        )
    name = name.strip()
    problems: list[FieldError] = []
    if not name:
        problems.append(FieldError("name", "请填写令牌名称，如：局业务系统对接"))
    elif len(name) > 100:
        problems.append(FieldError("name", "令牌名称不能超过100个字符"))
    chosen = sorted(set(scopes))
    if not chosen:
        problems.append(FieldError("scopes", "请至少选择一项权限范围"))
    for scope in chosen:
        if scope not in SCOPES:
            problems.append(FieldError("scopes", f"未知的权限范围：{scope}"))
        elif owner.role not in SCOPES[scope].roles:
            problems.append(FieldError("scopes", f"该账户的角色不能使用权限范围“{scope}”"))
    if not owner.is_active:
        problems.append(FieldError("user", "账户已停用，不能创建令牌"))
    if problems:
        raise ValidationFailed(fields=problems)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=owner.id,
        name=name,
        token_hash=token_digest(secret),
        prefix=secret[:10],
        scopes=chosen,
        created_at=clock.now(),
        created_by_id=actor.user_id,
    )
    session.add(token)
    session.flush()
    record(
        session,
        actor,
        "token.create",
        "api_token",
        token.id,
        after={
            "owner": owner.username,
            "created_by": actor.username,
            "name": name,
            "scopes": chosen,
            "prefix": token.prefix,
        },
    )
    return secret, token


def revoke_token(session: Session, actor: Actor, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = clock.now()
    session.flush()
    record(
        session,
        actor,
        "token.revoke",
        "api_token",
        token.id,
        before={"name": token.name, "prefix": token.prefix, "scopes": token.scopes},
    )


def get_token(session: Session, token_id: int, owner_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != owner_id:
        raise NotFound("令牌不存在")
    return token


def list_tokens(session: Session, owner_id: int) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == owner_id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )
