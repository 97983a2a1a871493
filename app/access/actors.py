"""The actor a signed-in account (or an API token's owner) acts as, and the authority it acts
for."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.kit.errors import Forbidden, NotFound
from app.models import Authority, User


def actor_for(user: User, source_ip: str | None) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        authority_id=user.authority_id,
        districts=frozenset(user.districts or ()),
        source_ip=source_ip,
        department_id=user.department_id,
    )


def actor_authority(session: Session, actor: Actor) -> Authority:
    """The authority the officer records and proposes for (403 without one)."""
    if actor.authority_id is None:
        raise Forbidden("您的账号未关联处罚机关，不能录入或提议")
    authority = session.get(Authority, actor.authority_id)
    if authority is None:
        raise NotFound("未找到您账号所属的机关")
    return authority
