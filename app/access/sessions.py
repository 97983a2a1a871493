"""Server-side sessions: the cookie holds a random token, the table holds only its SHA-256.

A session ends at sign-out, after ``session_idle_minutes`` without a request, and
``session_absolute_hours`` after sign-in in any case. Signing in always starts a new session
(a token planted before sign-in is never promoted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.models import User, UserSession

COOKIE_NAME = "ecocredit_session"
# Writing last_seen_at on every request is wasteful; a minute's precision is enough for 30 minutes.
TOUCH_INTERVAL = dt.timedelta(seconds=60)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoadedSession:
    session_id: int
    token: str
    user: User


def start_session(
    session: Session,
    user: User,
    settings: Settings,
    *,
    source_ip: str | None,
    user_agent: str | None,
) -> tuple[str, UserSession]:
    """A new session for ``user``; returns the cookie token (shown nowhere else) and the row."""
    now = clock.now()
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=token_digest(token),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(hours=settings.session_absolute_hours),
        source_ip=source_ip,
        user_agent=(user_agent or "")[:200] or None,
    )
    session.add(row)
    # Sessions of this user that have run out are removed on the way.
    idle_cutoff = now - dt.timedelta(minutes=settings.session_idle_minutes)
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            (UserSession.expires_at <= now) | (UserSession.last_seen_at <= idle_cutoff),
        )
    )
    session.flush()
    return token, row


def load_session(session: Session, token: str | None, settings: Settings) -> LoadedSession | None:
    """The live session of a cookie token, refreshed; None (and the row removed) when it has
    expired, and None for unknown tokens or disabled accounts."""
    if not token or len(token) > 128:
        return None
    found = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_digest(token))
    ).one_or_none()
    if found is None:
        return None
    row, user = found
    now = clock.now()
    idle_limit = row.last_seen_at + dt.timedelta(minutes=settings.session_idle_minutes)
    if now >= row.expires_at or now >= idle_limit or not user.is_active:
        session.delete(row)
        session.flush()
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.flush()
    return LoadedSession(session_id=row.id, token=token, user=user)


def end_session(session: Session, token: str | None) -> bool:
    """Delete the session of ``token``; whether there was one."""
    if not token:
        return False
    result = session.execute(
        delete(UserSession).where(UserSession.token_hash == token_digest(token))
    )
    return bool(getattr(result, "rowcount", 0))


def end_user_sessions(session: Session, user_id: int, *, keep_id: int | None = None) -> None:
    """End every session of a user (disabled account, new password), except ``keep_id``."""
    stmt = delete(UserSession).where(UserSession.user_id == user_id)
    if keep_id is not None:
        stmt = stmt.where(UserSession.id != keep_id)
    session.execute(stmt)
