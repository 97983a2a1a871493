"""Account rules: creating and changing accounts, passwords, and signing in with lockout.

Every change is audited. Sign-in failures never say whether the account exists, is locked or is
disabled: one message for all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.access.actors import actor_for
from app.access.sessions import end_user_sessions
from app.access.tokens import SCOPES
from app.accounts import repository
from app.accounts.passwords import hash_password, needs_rehash, password_problems, verify_password
from app.audit.service import record
from app.config import Settings
from app.kit import clock
from app.kit.actor import ROLE_LABELS, Actor, Role
from app.kit.errors import Conflict, FieldError, ValidationFailed
from app.kit.regions import current_divisions
from app.models import Authority, User

SIGN_IN_FAILED = "用户名或密码不正确。连续多次失败后账户将被暂时锁定，请稍后再试。"
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,50}$")
STAFF_ROLES = frozenset({Role.clerk, Role.reviewer, Role.admin})


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "authority_id": user.authority_id,
        "districts": sorted(user.districts or ()),
        "is_active": user.is_active,
    }


def _check_districts(districts: list[str]) -> list[FieldError]:
    known = {d.code for d in current_divisions()}
    wrong = [code for code in districts if code not in known]
    if wrong:
        return [FieldError("districts", f"不是本市的区县代码：{'、'.join(wrong)}")]
    return []


def _resolve_authority(
    session: Session, role: Role, authority_id: int | None, problems: list[FieldError]
) -> Authority | None:
    if authority_id is None:
        if role in STAFF_ROLES:
            problems.append(FieldError("authority_id", "请选择所属机关"))
        return None
    authority = repository.get_authority(session, authority_id)
    if authority is None:
        problems.append(FieldError("authority_id", "所选机关不存在"))
    return authority


def default_districts(authority: Authority | None) -> list[str]:
    """A county branch acts on its own district; the city bureau (and no authority) on all."""
    if authority is None:
        return []
    known = {d.code for d in current_divisions()}
    return [authority.district_code] if authority.district_code in known else []


def create_user(
    session: Session,
    actor: Actor | None,
    settings: Settings,
    *,
    username: str,
    display_name: str,
    password: str,
    role: Role,
    authority_id: int | None,
    districts: list[str] | None = None,
) -> User:
    """A new active account. ``districts`` None or empty takes the authority's default: a county
    branch acts on its own district, the city bureau on the whole city."""
    username = username.strip()
    display_name = display_name.strip() or username
    problems: list[FieldError] = []
    if not USERNAME_RE.match(username):
        problems.append(
            FieldError("username", "用户名为3-50个英文字母、数字或 _ . - 字符", "username_format")
        )
    elif repository.get_user_by_username(session, username) is not None:
        problems.append(FieldError("username", "该用户名已被使用", "username_taken"))
    if len(display_name) > 100:
        problems.append(FieldError("display_name", "姓名不能超过100个字符"))
    authority = _resolve_authority(session, role, authority_id, problems)
    chosen = sorted(set(districts or ()))
    problems += _check_districts(chosen)
    problems += password_problems(
        password, min_length=settings.password_min_length, username=username
    )
    if problems:
        raise ValidationFailed(fields=problems)
    now = clock.now()
    user = User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        authority_id=authority.id if authority else None,
        districts=chosen or default_districts(authority),
        is_active=True,
        failed_attempts=0,
        password_changed_at=now,
    )
    session.add(user)
    session.flush()
    record(session, actor, "user.create", "user", user.id, after=_snapshot(user))
    return user


def update_user(
    session: Session,
    actor: Actor,
    user: User,
    *,
    display_name: str,
    role: Role,
    authority_id: int | None,
    districts: list[str] | None,
) -> User:
    """Change an account's name, role, authority and districts (administrators only).
    ``districts=None`` (or empty) takes the authority's default."""
    before = _snapshot(user)
    problems: list[FieldError] = []
    display_name = display_name.strip()
    if not display_name:
        problems.append(FieldError("display_name", "请填写姓名"))
    elif len(display_name) > 100:
        problems.append(FieldError("display_name", "姓名不能超过100个字符"))
    authority = _resolve_authority(session, role, authority_id, problems)
    chosen = sorted(set(districts or ()))
    problems += _check_districts(chosen)
    demoting = user.role == Role.admin and role != Role.admin and user.is_active
    if demoting and repository.count_active_admins(session) <= 1:
        problems.append(FieldError("role", "这是唯一的在用管理员账户，不能更改其角色"))
    if problems:
        raise ValidationFailed(fields=problems)
    user.display_name = display_name
    user.role = role
    user.authority_id = authority.id if authority else None
    user.districts = chosen or default_districts(authority)
    session.flush()
    after = _snapshot(user)
    if after != before:
        changed = [k for k in after if after[k] != before[k]]
        record(
            session,
            actor,
            "user.update",
            "user",
            user.id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return user


def set_active(session: Session, actor: Actor, user: User, active: bool) -> None:
    """Disable (ends its sessions; its tokens stop working) or enable (also unlocks) an account."""
    if user.is_active == active:
        return
    if not active:
        if user.id == actor.user_id:
            raise Conflict("不能停用自己的账户")
        if user.role == Role.admin and repository.count_active_admins(session) <= 1:
            raise Conflict("这是唯一的在用管理员账户，不能停用")
        end_user_sessions(session, user.id)
    else:
        user.failed_attempts = 0
        user.locked_until = None
    user.is_active = active
    session.flush()
    record(
        session,
        actor,
        "user.enable" if active else "user.disable",
        "user",
        user.id,
        before={"is_active": not active},
        after={"is_active": active},
    )


def reset_password(
    session: Session, actor: Actor, user: User, new_password: str, settings: Settings
) -> None:
    """An administrator sets a new password: the account is unlocked and signed out everywhere."""
    problems = password_problems(
        new_password, min_length=settings.password_min_length, username=user.username
    )
    if problems:
        raise ValidationFailed(fields=problems)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = clock.now()
    user.failed_attempts = 0
    user.locked_until = None
    end_user_sessions(session, user.id)
    session.flush()
    record(session, actor, "user.password_reset", "user", user.id)


def change_own_password(
    session: Session,
    actor: Actor,
    user: User,
    settings: Settings,
    *,
    current: str,
    new: str,
    confirm: str,
    keep_session_id: int | None,
) -> None:
    """A user changes their password; their other sessions end."""
    problems: list[FieldError] = []
    if not verify_password(user.password_hash, current):
        problems.append(FieldError("current_password", "当前密码不正确", "wrong_password"))
    problems += password_problems(
        new, min_length=settings.password_min_length, username=user.username, field="new_password"
    )
    if new != confirm:
        problems.append(FieldError("confirm_password", "两次输入的新密码不一致"))
    if not problems and new == current:
        problems.append(FieldError("new_password", "新密码不能与当前密码相同"))
    if problems:
        raise ValidationFailed(fields=problems)
    user.password_hash = hash_password(new)
    user.password_changed_at = clock.now()
    end_user_sessions(session, user.id, keep_id=keep_session_id)
    session.flush()
    record(session, actor, "user.password_change", "user", user.id)


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.user is not None


def lockout_minutes(failures: int, settings: Settings) -> int:
    """Minutes of lockout after ``failures`` consecutive failures (0: not locked).

    At the threshold: ``login_lockout_minutes``; each further failure doubles it, up to
    ``login_lockout_max_minutes``.
    """
    over = failures - settings.login_max_failures
    if over < 0:
        return 0
    return int(
        min(settings.login_lockout_max_minutes, settings.login_lockout_minutes * 2 ** min(over, 30))
    )


def password_verdict(session: Session, username: str, password: str) -> bool:
    """Whether ``password`` is the password of ``username`` (a dummy hash is checked for an
    unknown account, so that both take as long). Slow on purpose (argon2): call it in a reading
    session, before the unit of work that records the attempt, so that no write lock is held
    while it runs (on SQLite six failed sign-ins in parallel once held up every writer)."""
    user = repository.get_user_by_username(session, username.strip()[:50]) if username else None
    return verify_password(user.password_hash if user else None, password)


def sign_in(
    session: Session,
    settings: Settings,
    username: str,
    password: str,
    source_ip: str | None,
    *,
    verdict: bool | None = None,
) -> SignInResult:
    """Check a username and password. Never raises for a failure: the failed attempt, and a
    lockout, must be committed (and audited) like a success. ``verdict``: the password was
    checked already (``password_verdict``), so that no hash is computed here."""

    def matches(stored: str | None) -> bool:
        if verdict is not None:
            return verdict and stored is not None
        return verify_password(stored, password)

    username = username.strip()[:50]
    user = repository.get_user_by_username(session, username) if username else None
    now = clock.now()
    failed = SignInResult(None, SIGN_IN_FAILED)
    if user is None:
        matches(None)
        record(
            session,
            None,
            "auth.login_failed",
            "user",
            None,
            after={"username": username, "reason": "unknown_user"},
            source_ip=source_ip,
        )
        return failed
    if user.locked_until is not None and now < user.locked_until:
        matches(None)
        record(
            session,
            None,
            "auth.login_refused",
            "user",
            user.id,
            after={
                "username": user.username,
                "reason": "locked",
                "locked_until": user.locked_until,
            },
            source_ip=source_ip,
        )
        return failed
    if not matches(user.password_hash) or not user.is_active:
        user.failed_attempts += 1
        reason = "disabled" if not user.is_active else "wrong_password"
        record(
            session,
            None,
            "auth.login_failed",
            "user",
            user.id,
            after={
                "username": user.username,
                "reason": reason,
                "failed_attempts": user.failed_attempts,
            },
            source_ip=source_ip,
        )
        minutes = lockout_minutes(user.failed_attempts, settings)
        if minutes:
            user.locked_until = now + dt.timedelta(minutes=minutes)
            record(
                session,
                None,
                "auth.lockout",
                "user",
                user.id,
                after={
                    "username": user.username,
                    "failed_attempts": user.failed_attempts,
                    "minutes": minutes,
                    "locked_until": user.locked_until,
                },
                source_ip=source_ip,
            )
        session.flush()
        return failed
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    record(
        session,
        actor_for(user, source_ip),
        "auth.login",
        "user",
        user.id,
        after={"username": user.username},
    )
    return SignInResult(user)


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


def scope_choices(role: Role) -> list[tuple[str, str]]:
    return [(s.name, s.label) for s in SCOPES.values() if role in s.roles]
