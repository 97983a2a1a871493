"""Administrators manage accounts in the UI; the first administrator comes from the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.config import get_settings
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import AuditEntry, User
from tests.support.auth import PASSWORD, login, make_user, sign_in
from tests.support.factories import make_authority

NEW_PASSWORD = "Another-Long-Secret-7"


def _audit(session: Session, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        )
    )


def test_an_admin_creates_a_county_clerk_who_can_sign_in(
    client: TestClient, session: Session
) -> None:
    login(client, Role.admin)
    branch = make_authority(session, name="烟台市生态环境局福山分局", district="370611")
    response = client.post(
        "/admin/users",
        data={
            "username": "li.si",
            "display_name": "李四",
            "role": "clerk",
            "authority_id": str(branch.id),
            "password": NEW_PASSWORD,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    user = session.scalars(select(User).where(User.username == "li.si")).one()
    assert (user.role, user.authority_id, user.districts) == (Role.clerk, branch.id, ["370611"])
    assert user.password_hash.startswith("$argon2id$")
    assert NEW_PASSWORD not in str(_audit(session, "user.create")[0].after)
    listing = client.get("/admin/users").text
    assert "李四" in listing
    assert "福山区" in listing

    officer = TestClient(client.app)
    assert sign_in(officer, "li.si", NEW_PASSWORD).status_code == 303
    assert "福山区" in officer.get("/admin").text


def test_errors_are_shown_next_to_the_fields_and_input_is_kept(
    client: TestClient, session: Session
) -> None:
    login(client, Role.admin)
    taken = make_user(session, Role.clerk)
    response = client.post(
        "/admin/users",
        data={
            "username": taken.username,
            "display_name": "王五",
            "role": "reviewer",
            "authority_id": "",
            "districts": ["999999"],
            "password": "short",
        },
    )
    assert response.status_code == 422
    text = response.text
    assert "该用户名已被使用" in text
    assert "请选择所属机关" in text
    assert "不是本市的区县代码：999999" in text
    assert "密码至少需要10个字符" in text
    assert 'value="王五"' in text


def test_disable_enable_and_reset_password_are_audited(
    client: TestClient, session: Session
) -> None:
    admin = login(client, Role.admin)
    clerk = make_user(session, Role.clerk)
    client.post(f"/admin/users/{clerk.id}/disable")
    session.refresh(clerk)
    assert not clerk.is_active
    client.post(f"/admin/users/{clerk.id}/enable")
    reset = client.post(f"/admin/users/{clerk.id}/password", data={"new_password": NEW_PASSWORD})
    assert "密码已重置" in reset.text
    other = TestClient(client.app)
    assert sign_in(other, clerk.username, PASSWORD).status_code == 400
    assert sign_in(other, clerk.username, NEW_PASSWORD).status_code == 303
    for action in ("user.disable", "user.enable", "user.password_reset"):
        (entry,) = _audit(session, action)
        assert (entry.actor_user_id, entry.object_id) == (admin.user_id, str(clerk.id))


def test_an_admin_cannot_disable_themself(client: TestClient) -> None:
    admin = login(client, Role.admin)
    response = client.post(f"/admin/users/{admin.user_id}/disable")
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "不能停用自己的账户"


def test_editing_a_user_records_what_changed(client: TestClient, session: Session) -> None:
    login(client, Role.admin)
    clerk = make_user(session, Role.clerk)
    authority_id = str(clerk.authority_id)
    response = client.post(
        f"/admin/users/{clerk.id}",
        data={
            "display_name": "赵六",
            "role": "reviewer",
            "authority_id": authority_id,
            "districts": ["370602", "370613"],
        },
    )
    assert response.status_code == 200
    (entry,) = _audit(session, "user.update")
    assert entry.before == {"display_name": "测试clerk", "role": "clerk", "districts": []}
    assert entry.after == {
        "display_name": "赵六",
        "role": "reviewer",
        "districts": ["370602", "370613"],
    }


def test_a_user_changes_their_own_password(client: TestClient, session: Session) -> None:
    actor = login(client, Role.clerk)
    wrong = client.post(
        "/admin/account/password",
        data={
            "current_password": "wrong",
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 422
    assert "当前密码不正确" in wrong.text
    done = client.post(
        "/admin/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert done.status_code == 200
    assert "密码已修改" in done.text  # still signed in in this browser
    assert sign_in(TestClient(client.app), actor.username, NEW_PASSWORD).status_code == 303
    assert len(_audit(session, "user.password_change")) == 1


def test_only_administrators_see_user_management(client: TestClient) -> None:
    login(client, Role.reviewer)
    assert client.get("/admin/users").status_code == 403
    assert "/admin/users" not in client.get("/admin").text


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli_engine(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    url = fresh_database()
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def test_cli_creates_the_first_admin_from_stdin_and_lists_users(cli_engine: Engine) -> None:
    with session_scope(make_sessionmaker(cli_engine)) as session:
        city = make_authority(session, name="烟台市生态环境局", district="370600")
        city_name = city.name
    runner = CliRunner()
    args = ["users", "create", "--role", "admin", "--username", "admin"]
    args += ["--authority", city_name, "--password-stdin"]
    created = runner.invoke(cli_app, args, input=NEW_PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    assert "已创建用户 admin（管理员，管辖：全市）" in created.stdout
    assert NEW_PASSWORD not in created.output

    again = runner.invoke(cli_app, args, input=NEW_PASSWORD + "\n")
    assert again.exit_code == 1
    assert "该用户名已被使用" in again.stderr

    unknown = runner.invoke(
        cli_app,
        ["users", "create", "--role", "clerk", "--username", "x1", "--authority", "无此机关"],
        input=NEW_PASSWORD + "\n" + NEW_PASSWORD + "\n",
    )
    assert unknown.exit_code == 1
    assert "机关不存在：无此机关" in unknown.stderr

    listed = runner.invoke(cli_app, ["users", "list"])
    assert listed.exit_code == 0
    assert f"admin\t管理员\t{city_name}\t全市\t正常" in listed.stdout
    with session_scope(make_sessionmaker(cli_engine)) as session:
        (entry,) = _audit(session, "user.create")
        assert entry.actor_user_id is None


def test_cli_prompts_twice_and_takes_districts(cli_engine: Engine) -> None:
    with session_scope(make_sessionmaker(cli_engine)) as session:
        name = make_authority(session, name="烟台市生态环境局莱山分局", district="370613").name
    args = ["users", "create", "--role", "clerk", "--username", "ls.clerk", "--authority", name]
    result = CliRunner().invoke(
        cli_app,
        [*args, "--districts", "370613,370602"],
        input=NEW_PASSWORD + "\n" + NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "管辖：芝罘区、莱山区" in result.stdout


def test_cli_creates_a_department_account_for_the_joint_measures(cli_engine: Engine) -> None:
    from app.models import MeasureDepartment, User

    runner = CliRunner()
    args = ["users", "create", "--role", "department", "--username", "czj.measures"]
    args += ["--authority", "", "--department", "czj", "--password-stdin"]
    created = runner.invoke(cli_app, args, input=NEW_PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    assert "联合奖惩部门" in created.stdout
    with session_scope(make_sessionmaker(cli_engine)) as session:
        user = session.scalars(select(User).where(User.username == "czj.measures")).one()
        department = session.get_one(MeasureDepartment, user.department_id)
        assert department.name == "烟台市财政局"
    wrong = [*args[:5], "x.measures", "--authority", "", "--department", "nope", "--password-stdin"]
    refused = runner.invoke(cli_app, wrong, input=NEW_PASSWORD + "\n")
    assert refused.exit_code == 1
    assert "联合奖惩部门不存在：nope" in refused.stderr


def test_cli_asks_for_what_is_missing_and_lists_the_authorities(cli_engine: Engine) -> None:
    with session_scope(make_sessionmaker(cli_engine)) as session:
        name = make_authority(session, name="烟台市生态环境局福山分局", district="370611").name
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["users", "list-authorities"])
    assert listed.exit_code == 0, listed.output
    assert f"{name}\t福山区" in listed.stdout
    asked = runner.invoke(
        cli_app,
        ["users", "create"],
        input=f"fs.clerk\nclerk\n{name}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert asked.exit_code == 0, asked.output
    assert "登录名" in asked.stdout
    assert "可选的机关" in asked.stdout
    assert name in asked.stdout
    assert "已创建用户 fs.clerk（录入员，管辖：福山区）" in asked.stdout
    piped = runner.invoke(
        cli_app, ["users", "create", "--password-stdin"], input=NEW_PASSWORD + "\n"
    )
    assert piped.exit_code == 2
    assert "--username" in piped.stderr
