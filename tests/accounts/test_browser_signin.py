"""Signing in and out in a real browser (headless Debian Chromium): the sign-in form, a wrong
password, the workspace, sign-out, and the workspace closed again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, expect

from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from tests.conftest import LiveServer
from tests.support.auth import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def server(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> LiveServer:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        make_user(session, Role.reviewer, username="reviewer.browser")
    engine.dispose()
    return live_server_factory(url)


def test_sign_in_and_sign_out(browser: Browser, server: LiveServer) -> None:
    page = browser.new_page()
    page.goto(server.url + "/admin/account")
    expect(page).to_have_url(server.url + "/admin/login?next=/admin/account")
    expect(page.get_by_role("heading", name="登录业务工作台")).to_be_visible()

    page.get_by_label("用户名").fill("reviewer.browser")
    page.get_by_label("密码").fill("wrong-password-123")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_value("reviewer.browser")

    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(server.url + "/admin/account")
    expect(page.get_by_role("heading", name="我的账户")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "ecocredit_session")
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Lax"

    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="工作台").click()
    expect(page.get_by_role("heading", name="我的账户")).to_be_visible()  # the panel
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_text("您已安全退出")).to_be_visible()
    page.goto(server.url + "/admin")
    expect(page).to_have_url(server.url + "/admin/login?next=/admin")
