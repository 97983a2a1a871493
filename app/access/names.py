"""Who did it: account names for the history and queue pages."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """``{user_id: "显示名（用户名）"}`` for the given ids (unknown ids are left out)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(User.id, User.display_name, User.username).where(User.id.in_(wanted))
    ).all()
    return {row.id: f"{row.display_name}（{row.username}）" for row in rows}
