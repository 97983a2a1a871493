"""Queries on accounts and authorities."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import Authority, MeasureDepartment, User


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def list_users(session: Session) -> list[tuple[User, str | None]]:
    """Every account with its authority's name, by username."""
    rows = session.execute(
        select(User, Authority.name)
        .outerjoin(Authority, Authority.id == User.authority_id)
        .order_by(User.username)
    )
    return [(user, name) for user, name in rows]


def count_active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(User).where(User.role == Role.admin, User.is_active)
        )
        or 0
    )


def list_authorities(session: Session) -> list[Authority]:
    return list(
        session.scalars(select(Authority).order_by(Authority.district_code, Authority.name))
    )


def get_authority(session: Session, authority_id: int) -> Authority | None:
    return session.get(Authority, authority_id)


def get_authority_by_name(session: Session, name: str) -> Authority | None:
    return session.scalar(select(Authority).where(Authority.name == name))


def department_by_code(session: Session, code: str) -> MeasureDepartment | None:
    """A department implementing joint measures, by its code (``czj`` …)."""
    return session.scalar(select(MeasureDepartment).where(MeasureDepartment.code == code))


def authorities(session: Session) -> list[Authority]:
    """Every authority, the city bureau first (by district code)."""
    return list(session.scalars(select(Authority).order_by(Authority.district_code, Authority.id)))
