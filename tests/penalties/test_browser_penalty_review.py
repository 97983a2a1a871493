"""In a real browser (headless Debian Chromium): a clerk records a penalty, a reviewer approves
it, and it is on the enterprise's public page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from app.kit import clock
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from tests.conftest import LiveServer
from tests.support.auth import PASSWORD, make_user
from tests.support.factories import make_authority, make_enterprise

pytestmark = pytest.mark.browser

COMPANY = "烟台福山浏览器测试电镀有限公司"
NUMBER = "烟福环罚〔2026〕第88号"


@pytest.fixture
def server(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> tuple[LiveServer, dict[str, str]]:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        bureau = make_authority(session, name="浏览器测试生态环境局")
        make_user(session, Role.clerk, username="clerk.browser", authority=bureau)
        make_user(session, Role.reviewer, username="reviewer.browser", authority=bureau)
        enterprise = make_enterprise(session, name=COMPANY, district="370611")
        facts = {"uscc": enterprise.uscc, "enterprise_id": str(enterprise.id)}
    engine.dispose()
    return live_server_factory(url), facts


def _sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/admin/login?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_record_approve_and_find_it_on_the_public_page(
    browser: Browser, server: tuple[LiveServer, dict[str, str]]
) -> None:
    live, facts = server
    base = live.url
    decided = clock.today() - dt.timedelta(days=10)

    clerk = browser.new_page()
    _sign_in(clerk, base, "clerk.browser", "/admin/penalties/new")
    expect(clerk.get_by_role("heading", name="录入行政处罚")).to_be_visible()
    clerk.get_by_label("企业名称或统一社会信用代码").fill("浏览器测试电镀")
    clerk.get_by_role("button", name="查找企业").click()
    clerk.get_by_role("link", name=f"{COMPANY}（{facts['uscc']}）").click()
    expect(clerk.locator("#party_uscc")).to_have_value(facts["uscc"])
    expect(clerk.locator("#party_name")).to_have_value(COMPANY)

    clerk.get_by_label("行政处罚决定书文号").fill(NUMBER)
    clerk.get_by_label("违法行为类型").fill("超标排放")
    clerk.get_by_label("违法事实").fill("电镀废水总铬浓度超过排放标准。")
    clerk.get_by_label("处罚依据").fill("《中华人民共和国水污染防治法》第八十三条")
    clerk.get_by_label("罚款", exact=True).check()
    clerk.get_by_label("处罚内容").fill("罚款人民币贰拾万零伍佰元")
    clerk.get_by_label("罚款金额（元）").fill("200500.5")
    clerk.get_by_label("一般", exact=True).check()
    expect(clerk.get_by_text("自处罚决定之日起公示1年，满3个月后可申请信用修复")).to_be_visible()
    clerk.get_by_label("处罚决定日期").fill(decided.isoformat())
    clerk.get_by_label("处罚有效期").fill((decided + dt.timedelta(days=365)).isoformat())

    # A mistake first: the page comes back with the reason next to the field, nothing lost.
    clerk.get_by_label("罚款金额（元）").fill("200500.555")
    clerk.get_by_role("button", name="保存并提交审核").click()
    expect(clerk.locator("#fine_amount-error")).to_have_text(
        "以元为单位的金额最多保留两位小数（到分）"
    )
    expect(clerk.get_by_label("行政处罚决定书文号")).to_have_value(NUMBER)
    expect(clerk.get_by_label("罚款", exact=True)).to_be_checked()
    clerk.get_by_label("罚款金额（元）").fill("200500.5")
    clerk.get_by_role("button", name="保存并提交审核").click()
    expect(clerk.get_by_role("status")).to_have_text("已提交审核")
    expect(clerk.get_by_role("heading", name=NUMBER)).to_be_visible()
    expect(clerk.get_by_text("20.05005", exact=True)).to_be_visible()  # 200500.50 元 in 万元
    clerk.close()

    reviewer = browser.new_page()
    _sign_in(reviewer, base, "reviewer.browser", "/admin/review")
    expect(reviewer.get_by_role("heading", name="待审核")).to_be_visible()
    reviewer.get_by_role("link", name=NUMBER).click()
    reviewer.get_by_role("button", name="审核通过并公示").click()
    expect(reviewer.get_by_role("status")).to_have_text("已审核通过")
    reviewer.goto(f"{base}/enterprises/{facts['uscc']}")
    expect(reviewer.get_by_role("heading", name=COMPANY)).to_be_visible()
    expect(reviewer.get_by_text(NUMBER).first).to_be_visible()
    reviewer.close()
