"""The actor a signed-in account (or an API token's owner) acts as."""

from __future__ import annotations

from app.kit.actor import Actor
from app.models import User


def actor_for(user: User, source_ip: str | None) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        authority_id=user.authority_id,
        districts=frozenset(user.districts or ()),
        source_ip=source_ip,
    )
