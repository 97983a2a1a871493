"""User administration (administrators only): list, create, edit, disable/enable, reset
password, and the API tokens of any account (listed and revoked; only their owner creates them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.accounts import repository, tokens
from app.accounts.service import (
    create_user,
    reset_password,
    role_choices,
    set_active,
    update_user,
)
from app.kit.actor import ROLE_LABELS, Actor, Role
from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.kit.regions import current_divisions, division_name
from app.models import User
from app.web.admin import field_errors, render_admin
from app.web.auth import AdminUser
from app.web.deps import DbSession, SettingsDep
from app.web.params import MAX_RECORD_ID, RecordId

router = APIRouter(include_in_schema=False)


def _user(session: Session, user_id: int) -> User:
    user = repository.get_user(session, user_id)
    if user is None:
        raise NotFound("用户不存在")
    return user


def _parse_role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def _parse_int(value: str) -> int | None:
    """An id chosen in a form; anything else (not a number, or no id can be that large) is
    None, which the service refuses naming the field."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_RECORD_ID:
        return None
    return int(text)


def _form_choices(session: Session) -> dict[str, Any]:
    return {
        "roles": role_choices(),
        "authorities": repository.list_authorities(session),
        "divisions": [(d.code, d.name) for d in current_divisions()],
    }


@router.get("/admin/users")
def users(
    request: Request,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    rows = [
        {
            "user": user,
            "authority": authority_name or "",
            "role": ROLE_LABELS[user.role],
            "districts": "、".join(division_name(c) or c for c in user.districts) or "全市",
        }
        for user, authority_name in repository.list_users(session)
    ]
    return render_admin(request, actor, "admin/users/list.html", page_title="用户", rows=rows)


@router.get("/admin/users/new")
def new_user_form(
    request: Request,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    form = {
        "username": "",
        "display_name": "",
        "role": "clerk",
        "authority_id": "",
        "districts": [],
    }
    return render_admin(
        request,
        actor,
        "admin/users/new.html",
        page_title="新建用户",
        form=form,
        **_form_choices(session),
    )


@router.post("/admin/users")
def create(
    request: Request,
    settings: SettingsDep,
    actor: AdminUser,
    session: DbSession,
    username: str = Form(""),
    display_name: str = Form(""),
    role: str = Form(""),
    authority_id: str = Form(""),
    districts: list[str] = Form([]),
    password: str = Form(""),
) -> Response:
    form = {
        "username": username,
        "display_name": display_name,
        "role": role,
        "authority_id": authority_id,
        "districts": districts,
    }
    chosen_role = _parse_role(role)
    try:
        if chosen_role is None:
            raise ValidationFailed(fields=[_role_error()])
        user = create_user(
            session,
            actor,
            settings,
            username=username,
            display_name=display_name,
            password=password,
            role=chosen_role,
            authority_id=_parse_int(authority_id),
            districts=districts,
        )
    except ValidationFailed as exc:
        return render_admin(
            request,
            actor,
            "admin/users/new.html",
            page_title="新建用户",
            form=form,
            errors=field_errors(exc.fields),
            status_code=422,
            **_form_choices(session),
        )
    return RedirectResponse(f"/admin/users/{user.id}?notice=created", status_code=303)


def _role_error() -> FieldError:
    return FieldError("role", "请选择角色")


def _edit_page(
    request: Request,
    actor: Actor,
    session: Session,
    user: User,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
) -> Response:
    form = form or {
        "display_name": user.display_name,
        "role": user.role.value,
        "authority_id": str(user.authority_id or ""),
        "districts": list(user.districts),
    }
    return render_admin(
        request,
        actor,
        "admin/users/edit.html",
        page_title=f"用户 {user.username}",
        user=user,
        form=form,
        errors=errors or {},
        tokens=tokens.list_tokens(session, user.id),
        scope_choices=[],  # only the owner creates a token (app.accounts.tokens)
        tokens_path=f"/admin/users/{user.id}/tokens",
        status_code=status_code,
        **_form_choices(session),
    )


@router.get("/admin/users/{user_id}")
def edit_form(
    request: Request,
    user_id: RecordId,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    return _edit_page(request, actor, session, _user(session, user_id))


@router.post("/admin/users/{user_id}")
def edit(
    request: Request,
    user_id: RecordId,
    actor: AdminUser,
    session: DbSession,
    display_name: str = Form(""),
    role: str = Form(""),
    authority_id: str = Form(""),
    districts: list[str] = Form([]),
) -> Response:
    user = _user(session, user_id)
    form = {
        "display_name": display_name,
        "role": role,
        "authority_id": authority_id,
        "districts": districts,
    }
    chosen_role = _parse_role(role)
    try:
        if chosen_role is None:
            raise ValidationFailed(fields=[_role_error()])
        update_user(
            session,
            actor,
            user,
            display_name=display_name,
            role=chosen_role,
            authority_id=_parse_int(authority_id),
            districts=districts,
        )
    except ValidationFailed as exc:
        return _edit_page(
            request,
            actor,
            session,
            user,
            form=form,
            errors=field_errors(exc.fields),
            status_code=422,
        )
    return RedirectResponse(f"/admin/users/{user.id}?notice=saved", status_code=303)


@router.post("/admin/users/{user_id}/disable")
def disable(
    user_id: RecordId,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    set_active(session, actor, _user(session, user_id), False)
    return RedirectResponse(f"/admin/users/{user_id}?notice=disabled", status_code=303)


@router.post("/admin/users/{user_id}/enable")
def enable(
    user_id: RecordId,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    set_active(session, actor, _user(session, user_id), True)
    return RedirectResponse(f"/admin/users/{user_id}?notice=enabled", status_code=303)


@router.post("/admin/users/{user_id}/password")
def reset(
    request: Request,
    settings: SettingsDep,
    user_id: RecordId,
    actor: AdminUser,
    session: DbSession,
    new_password: str = Form(""),
) -> Response:
    user = _user(session, user_id)
    try:
        reset_password(session, actor, user, new_password, settings)
    except ValidationFailed as exc:
        return _edit_page(
            request, actor, session, user, errors=field_errors(exc.fields), status_code=422
        )
    return RedirectResponse(f"/admin/users/{user_id}?notice=password_reset", status_code=303)


@router.post("/admin/users/{user_id}/tokens/{token_id}/revoke")
def revoke_token_of(
    user_id: RecordId,
    token_id: RecordId,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    tokens.revoke_token(session, actor, tokens.get_token(session, token_id, user_id))
    return RedirectResponse(f"/admin/users/{user_id}?notice=revoked", status_code=303)
