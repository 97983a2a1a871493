"""``ecocredit users …``: create the first administrator (and others) and list accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

users_app = typer.Typer(help="Manage accounts of the regulators' workspace.", no_args_is_help=True)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first: str = typer.prompt("密码", hide_input=True)
    second: str = typer.prompt("再次输入密码", hide_input=True)
    if first != second:
        typer.echo("两次输入的密码不一致", err=True)
        raise typer.Exit(2)
    return first


@users_app.command("create")
def create(
    username: Annotated[str, typer.Option(help="Login name (letters, digits, _ . -)")],
    role: Annotated[str, typer.Option(help="clerk, reviewer, admin or nomination")],
    authority: Annotated[
        str, typer.Option(help="Name of the authority, e.g. 烟台市生态环境局 (none: '')")
    ],
    districts: Annotated[
        str | None,
        typer.Option(help="Division codes, comma-separated (default: from the authority)"),
    ] = None,
    display_name: Annotated[str, typer.Option(help="Person's name (default: username)")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Create an account (e.g. the first administrator); the password is prompted or piped."""
    from app.accounts import repository
    from app.accounts.service import create_user
    from app.config import get_settings
    from app.kit.actor import ROLE_LABELS, Role
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.kit.errors import ValidationFailed
    from app.kit.regions import division_name

    try:
        chosen_role = Role(role)
    except ValueError:
        typer.echo(f"未知角色：{role}（可选 clerk, reviewer, admin, nomination）", err=True)
        raise typer.Exit(2) from None
    password = _read_password(password_stdin)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            authority_id = None
            if authority:
                found = repository.get_authority_by_name(session, authority)
                if found is None:
                    names = "、".join(a.name for a in repository.authorities(session))
                    typer.echo(f"机关不存在：{authority}。可选的机关：{names}", err=True)
                    raise typer.Exit(1)
                authority_id = found.id
            codes = [c.strip() for c in districts.split(",") if c.strip()] if districts else None
            try:
                user = create_user(
                    session,
                    None,
                    settings,
                    username=username,
                    display_name=display_name,
                    password=password,
                    role=chosen_role,
                    authority_id=authority_id,
                    districts=codes,
                )
            except ValidationFailed as exc:
                for problem in exc.fields:
                    typer.echo(problem.message, err=True)
                raise typer.Exit(1) from None
            scope = "、".join(division_name(c) or c for c in user.districts) or "全市"
            typer.echo(f"已创建用户 {user.username}（{ROLE_LABELS[user.role]}，管辖：{scope}）")
    finally:
        engine.dispose()


@users_app.command("list")
def list_users() -> None:
    """List every account: username, role, authority, districts, status."""
    from app.accounts import repository
    from app.config import get_settings
    from app.kit.actor import ROLE_LABELS
    from app.kit.db import make_engine, make_sessionmaker, session_scope

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            for user, authority in repository.list_users(session):
                status = "正常" if user.is_active else "已停用"
                scope = ",".join(user.districts) or "全市"
                typer.echo(
                    f"{user.username}\t{ROLE_LABELS[user.role]}\t{authority or '-'}\t"
                    f"{scope}\t{status}"
                )
    finally:
        engine.dispose()
