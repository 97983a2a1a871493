"""In a real browser (headless Debian Chromium): a clerk records a licence, a reviewer approves
it, the enterprise's record page shows it, the push delivers it and the mock credit platform
shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from app.kit import clock
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.platform.app import create_platform_app
from app.platform.config import PlatformSettings
from app.sync.worker import PushWorker
from tests.conftest import DatabaseFactory, LiveServer, make_settings
from tests.support.auth import PASSWORD, make_user
from tests.support.factories import make_authority, make_enterprise
from tests.support.sync import SECRET

pytestmark = pytest.mark.browser

COMPANY = "烟台福山浏览器测试许可化工有限公司"
NUMBER = "烟福环许〔2026〕第7号"


@pytest.fixture
def platform(database_factory: DatabaseFactory) -> Iterator[LiveServer]:
    settings = PlatformSettings(
        database_url=database_factory.create(migrate=False), webhook_secrets=SECRET
    )
    server = LiveServer(create_platform_app(settings))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> tuple[LiveServer, str, str]:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        bureau = make_authority(session, name="浏览器许可测试生态环境局")
        make_user(session, Role.clerk, username="clerk.licence", authority=bureau)
        make_user(session, Role.reviewer, username="reviewer.licence", authority=bureau)
        enterprise = make_enterprise(session, name=COMPANY, district="370611")
        uscc = enterprise.uscc
    engine.dispose()
    return live_server_factory(url), url, uscc


def _sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/admin/login?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_record_approve_and_see_it_on_the_record_page_and_the_platform(
    browser: Browser, server: tuple[LiveServer, str, str], platform: LiveServer
) -> None:
    live, url, uscc = server
    base = live.url
    decided = clock.today() - dt.timedelta(days=5)

    clerk = browser.new_page()
    _sign_in(clerk, base, "clerk.licence", "/admin/licences/new")
    expect(clerk.get_by_role("heading", name="录入行政许可")).to_be_visible()
    clerk.get_by_label("行政相对人名称").fill(COMPANY)
    clerk.get_by_label("统一社会信用代码", exact=True).fill(uscc)
    clerk.get_by_label("法定代表人").fill("张三")
    clerk.get_by_label("行政许可决定文书名称").fill("排污许可决定书")
    clerk.get_by_label("行政许可决定文书号").fill(NUMBER)
    clerk.get_by_label("许可证书名称").fill("排污许可证")
    clerk.get_by_label("许可编号").fill(f"{uscc}001P")
    clerk.get_by_label("许可事项").select_option("pollutant_discharge")
    clerk.get_by_label("许可内容").fill("准予排放废气、废水")
    clerk.get_by_label("许可决定日期").fill(decided.isoformat())
    clerk.get_by_label("有效期自").fill(decided.isoformat())
    clerk.get_by_label("有效期至（长期可不填）").fill((decided - dt.timedelta(days=1)).isoformat())
    clerk.get_by_role("button", name="保存并提交审核").click()
    expect(clerk.locator("#valid_to-error")).to_have_text("有效期至不能早于有效期自")
    expect(clerk.get_by_label("行政许可决定文书号")).to_have_value(NUMBER)
    clerk.get_by_label("有效期至（长期可不填）").fill(
        (decided + dt.timedelta(days=1825)).isoformat()
    )
    clerk.get_by_role("button", name="保存并提交审核").click()
    expect(clerk.get_by_role("status")).to_have_text("已提交审核")
    expect(clerk.get_by_role("button", name="审核通过并公示")).to_have_count(0)
    clerk.close()

    reviewer = browser.new_page()
    _sign_in(reviewer, base, "reviewer.licence", "/admin/licences")
    reviewer.get_by_role("link", name=NUMBER).first.click()
    reviewer.get_by_role("button", name="审核通过并公示").click()
    expect(reviewer.get_by_role("status")).to_have_text("已审核通过")
    reviewer.goto(f"{base}/enterprises/{uscc}")
    section = reviewer.locator("#licences")
    expect(section.get_by_role("link", name=NUMBER)).to_be_visible()
    expect(section.get_by_text("有效", exact=True)).to_be_visible()

    # The push: the outbox row written with the approval reaches the platform.
    settings = make_settings(url, sync_platform_url=platform.url, sync_webhook_secret=SECRET)
    engine = make_engine(url)
    worker = PushWorker(settings, make_sessionmaker(engine))
    try:
        assert worker.run_once() >= 1
    finally:
        worker.close()
        engine.dispose()
    reviewer.goto(f"{platform.url}/?uscc={uscc}")
    expect(reviewer.get_by_role("cell", name="行政许可").first).to_be_visible()
    expect(reviewer.get_by_text(f"排污许可 {uscc}001P")).to_be_visible()
    reviewer.close()
