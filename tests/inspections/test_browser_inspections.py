"""In a real browser (headless Debian Chromium): the office imports a batch, a county clerk
records findings, an office reviewer approves, and the board and the case page show it, the
chart's table agreeing with the headline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.inspections import service
from app.kit import clock
from app.kit.actor import Role
from app.kit.csv import csv_bytes
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import CampaignKind
from tests.conftest import LiveServer
from tests.support.auth import PASSWORD, make_user
from tests.support.factories import make_authority
from tests.support.workflows import make_officer

pytestmark = pytest.mark.browser

HEADER = ["序号", "受理编号", "交办问题基本情况", "行政区域", "污染类型", "承办单位", "来电来信"]
ROWS = [
    [
        "1",
        "X3SD202612010001",
        "反映村民闫小明在河边焚烧垃圾，电话13812345678",
        "福山区",
        "大气,固废",
        "福山区",
        "来电",
    ],
    [
        "2",
        "X3SD202612010002",
        "反映某厂夜间噪声扰民",
        "福山区",
        "噪声",
        "福山区:0.5,莱山区:0.5",
        "来信",
    ],
]


@pytest.fixture
def server(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> tuple[LiveServer, int]:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        city = make_authority(session, name="督察整改办测试局")
        fushan = make_authority(session, name="福山分局测试", district="370611")
        make_user(session, Role.clerk, username="office.clerk", authority=city)
        make_user(session, Role.reviewer, username="office.reviewer", authority=city)
        make_user(
            session, Role.clerk, username="fushan.clerk", authority=fushan, districts=["370611"]
        )
        office = make_officer(session, Role.clerk, city)
        today = clock.today()
        campaign = service.create_campaign(
            session,
            office,
            kind=CampaignKind.provincial,
            round_="第三轮",
            team="山东省第二生态环境保护督察组",
            title="浏览器测试省级督察",
            start_date=today - dt.timedelta(days=5),
            end_date=today + dt.timedelta(days=25),
            findings_due_days=5,
            publication_day=0,
        )
        campaign_id = campaign.id
    engine.dispose()
    return live_server_factory(url), campaign_id


def _sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/admin/login?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_import_record_approve_and_read_it_on_the_board(
    browser: Browser, server: tuple[LiveServer, int], tmp_path: Path
) -> None:
    live, campaign_id = server
    base = live.url
    handed = clock.today() - dt.timedelta(days=2)
    sheet = tmp_path / "第1批.csv"
    sheet.write_bytes(csv_bytes(HEADER, ROWS))

    office = browser.new_page()
    _sign_in(office, base, "office.clerk", f"/admin/inspections/campaigns/{campaign_id}")
    expect(office.get_by_role("heading", name="浏览器测试省级督察")).to_be_visible()
    office.get_by_label("批次（第N批）").fill("1")
    office.get_by_label("交办日期").fill(handed.isoformat())
    office.get_by_role("button", name="登记批次").click()
    office.get_by_label("导入第1批信访件（CSV 或 Excel）").set_input_files(str(sheet))
    office.get_by_role("button", name="上传并校验").click()
    expect(office.get_by_text("全部校验通过")).to_be_visible()
    office.get_by_role("button", name="确认导入 2 件").click()
    expect(office.get_by_role("link", name="X3SD202612010001")).to_be_visible()

    clerk = browser.new_page()
    _sign_in(clerk, base, "fushan.clerk", "/admin/inspections")
    clerk.get_by_role("link", name="X3SD202612010001").click()
    clerk.get_by_label("调查核实情况").fill("经现场核查，闫小明确在河边焚烧垃圾。")
    clerk.get_by_label("文中涉及的自然人姓名").fill("闫小明")
    clerk.get_by_label("是否属实").select_option("属实")
    clerk.get_by_label("处理和整改情况").fill("已责令停止焚烧并清理现场。")
    clerk.get_by_role("button", name="保存并报送审核").click()
    expect(clerk.get_by_text("第1版（待审核）")).to_be_visible()
    expect(clerk.get_by_text("经现场核查，闫某确在河边焚烧垃圾。")).to_be_visible()

    reviewer = browser.new_page()
    _sign_in(reviewer, base, "office.reviewer", "/admin/inspections")
    reviewer.locator("#review-queue").get_by_role("link", name="X3SD202612010001").click()
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("第1版（已审核）")).to_be_visible()

    public = browser.new_page()
    public.goto(f"{base}/inspections")
    row = public.locator("#headline tr[data-campaign]").first
    expect(row.locator('[data-key="handed_over"]')).to_have_text("2")
    expect(public.get_by_text("交办信访件 2 件")).to_be_visible()
    # the chart's table agrees with the headline: 福山区 1.5 + 莱山区 0.5 = 2 cases
    units = public.locator('table[data-chart="by_unit"] tbody tr')
    expect(units).to_have_count(2)
    expect(units.nth(0)).to_contain_text("福山区")
    expect(units.nth(0).locator("td").first).to_have_text("1.5")
    expect(units.nth(1).locator("td").first).to_have_text("0.5")
    expect(public.locator("#by_unit svg")).to_be_visible()
    public.goto(f"{base}/inspections/cases")
    public.get_by_role("link", name="X3SD202612010001").click()
    expect(public.locator("#truth")).to_have_text("属实")
    content = public.content()
    assert "闫小明" not in content
    assert "13812345678" not in content
    expect(public.get_by_text("公开", exact=False).first).to_be_visible()
