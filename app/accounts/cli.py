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
    username: Annotated[
        str | None, typer.Option(help="Login name (letters, digits, _ . -); asked when missing")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(help="clerk, reviewer, admin, nomination or department; asked when missing"),
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option(
            help="Name of the authority, e.g. 烟台市生态环境局 (none: ''); asked for when "
            "missing; `ecocredit users list-authorities` lists them",
        ),
    ] = None,
    districts: Annotated[
        str | None,
        typer.Option(help="Division codes, comma-separated (default: from the authority)"),
    ] = None,
    display_name: Annotated[str, typer.Option(help="Person's name (default: username)")] = "",
    department: Annotated[
        str,
        typer.Option(
            help="role department: the department's code (czj 市财政局, fgw 市发展改革委 …)"
        ),
    ] = "",
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

    if (username is None or role is None) and password_stdin:
        typer.echo("请用 --username 和 --role 指定登录名和角色（标准输入用于读取密码）", err=True)
        raise typer.Exit(2)
    if username is None:
        username = str(typer.prompt("登录名"))
    if role is None:
        role = str(
            typer.prompt("角色（clerk 录入员、reviewer 审核员、admin 管理员、nomination 提名审查）")
        )
    try:
        chosen_role = Role(role)
    except ValueError:
        typer.echo(
            f"未知角色：{role}（可选 clerk, reviewer, admin, nomination, department）", err=True
        )
        raise typer.Exit(2) from None
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            names = "、".join(a.name for a in repository.authorities(session))
            if authority is None:
                if password_stdin:  # standard input carries the password: nothing to ask
                    typer.echo(
                        f"请用 --authority 指定所属机关（可选：{names}；不属于任何机关：''）",
                        err=True,
                    )
                    raise typer.Exit(2)
                typer.echo(f"可选的机关：{names}")
                authority = str(
                    typer.prompt(
                        "所属机关（不属于任何机关请直接回车）", default="", show_default=False
                    )
                )
            password = _read_password(password_stdin)
            authority_id = None
            if authority:
                found = repository.get_authority_by_name(session, authority)
                if found is None:
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
            if chosen_role == Role.department:
                found_department = repository.department_by_code(session, department)
                if found_department is None:
                    typer.echo(
                        f"联合奖惩部门不存在：{department}（见 /about 的措施目录）", err=True
                    )
                    raise typer.Exit(1)
                user.department_id = found_department.id
                session.flush()
            scope = "、".join(division_name(c) or c for c in user.districts) or "全市"
            typer.echo(f"已创建用户 {user.username}（{ROLE_LABELS[user.role]}，管辖：{scope}）")
    finally:
        engine.dispose()


@users_app.command("list-authorities")
def list_authorities() -> None:
    """List the authorities an account can belong to (the names `users create` takes)."""
    from app.accounts import repository
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.kit.regions import division_name

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            for found in repository.authorities(session):
                where = division_name(found.district_code) or found.district_code
                typer.echo(f"{found.name}\t{where}\t{found.decision_prefix}")
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
