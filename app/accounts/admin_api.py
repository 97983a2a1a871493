"""``GET /api/v1/admin/me``: the account behind a token or session."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from app.accounts.schemas import MeOut
from app.kit.actor import Actor
from app.web.auth import authenticated, require_api_actor

router = APIRouter(prefix="/api/v1/admin", tags=["管理接口 admin"])


@router.get("/me", summary="The account behind this token or session", response_model=MeOut)
def me(
    request: Request,
    actor: Actor = Depends(require_api_actor(scope="*")),
) -> Any:
    """Who is calling: username, role, authority and districts (an empty list means the whole
    city). Any valid token works, whatever its scopes. 当前调用者的账户信息。"""
    user = authenticated(request).user
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        role=actor.role,
        authority_id=actor.authority_id,
        districts=sorted(actor.districts),
    )
