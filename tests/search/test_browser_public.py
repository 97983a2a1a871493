"""A visitor's journey in a real browser (headless Debian Chromium): search from the home page,
filter, open an enterprise and one of its penalties, filter the penalties, download a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import ListType, PenaltyRecord
from app.search.index import refresh_enterprise_index
from tests.conftest import LiveServer
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import TODAY, cite, make_assessment, make_scheme

pytestmark = pytest.mark.browser


@pytest.fixture
def portal(
    fresh_database: Callable[[], str],
    live_server_factory: Callable[[str], LiveServer],
    frozen_clock: Callable[[dt.date], None],
) -> tuple[LiveServer, dict[str, str]]:
    frozen_clock(TODAY)  # the live server runs in this process: it shares the clock
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        fushan = make_enterprise(session, name="烟台万华浏览器测试化工有限公司", district="370611")
        laishan = make_enterprise(session, name="烟台万华浏览器测试食品有限公司", district="370613")
        scheme = make_scheme(session)
        make_assessment(session, fushan, scheme, "black", dt.date(2026, 1, 1), points=12)
        penalty = make_penalty(session, fushan, violation_type="逃避监管排放")
        make_penalty(session, laishan, violation_type="超标排放")
        entry = make_list_entry(session, fushan, ListType.black)
        cite(session, entry, penalty)
        refresh_enterprise_index(session, [fushan.id, laishan.id])
        record = session.get(PenaltyRecord, penalty.record_id)
        assert record is not None
        facts = {
            "uscc": fushan.uscc,
            "penalty_id": str(record.id),
            "decision_number": record.decision_number,
        }
    engine.dispose()
    return live_server_factory(url), facts


def _page(browser: Browser, width: int = 1280) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    page.set_default_timeout(30_000)  # a loaded 2-core machine: pages can take seconds
    return page


def test_search_filter_open_enterprise_and_penalty_download_csv(
    browser: Browser, portal: tuple[LiveServer, dict[str, str]], tmp_path: Path
) -> None:
    server, facts = portal
    page = _page(browser)

    # Search from the home page.
    page.goto(server.url + "/")
    page.get_by_label("企业名称或统一社会信用代码").fill("万华")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("link", name="烟台万华浏览器测试化工有限公司")).to_be_visible()
    expect(page.get_by_role("link", name="烟台万华浏览器测试食品有限公司")).to_be_visible()

    # Filter by district.
    page.locator("section.facet a", has_text="福山区").first.click()
    expect(page.get_by_role("link", name="烟台万华浏览器测试食品有限公司")).to_have_count(0)

    # Open the enterprise.
    page.get_by_role("link", name="烟台万华浏览器测试化工有限公司").click()
    expect(page).to_have_url(f"{server.url}/enterprises/{facts['uscc']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("烟台万华浏览器测试化工有限公司")
    expect(page.get_by_role("heading", name="环境信用等级")).to_be_visible()
    expect(page.get_by_text("严重失信").first).to_be_visible()
    expect(page.get_by_text("黑名单（失信惩戒）").first).to_be_visible()

    # Open its penalty.
    page.get_by_role("link", name=facts["decision_number"]).first.click()
    expect(page).to_have_url(f"{server.url}/penalties/{facts['penalty_id']}")
    expect(page.get_by_text("公示截止期")).to_be_visible()
    expect(page.get_by_text("2027-05-31").first).to_be_visible()

    # Filter the penalties by district and violation type.
    page.goto(server.url + "/penalties")
    page.get_by_label("区县").select_option(label="莱山区")
    page.get_by_role("button", name="筛选").click()
    table = page.get_by_role("table", name="行政处罚列表")
    expect(table.get_by_text("超标排放")).to_be_visible()
    expect(table.get_by_text("逃避监管排放")).to_have_count(0)

    # Download the black list as CSV.
    page.goto(server.url + "/lists/black")
    expect(page.get_by_role("heading", level=1)).to_contain_text("黑名单")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载CSV").click()
    download = download_info.value
    assert download.suggested_filename == "黑名单-2026-07-01.csv"
    saved = tmp_path / "black.csv"
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("名单,企业名称,统一社会信用代码")
    assert "烟台万华浏览器测试化工有限公司" in text
    assert facts["decision_number"] in text


def test_pages_work_on_a_phone_with_the_keyboard(
    browser: Browser, portal: tuple[LiveServer, dict[str, str]]
) -> None:
    server, facts = portal
    page = _page(browser, width=390)
    page.goto(f"{server.url}/enterprises/{facts['uscc']}")
    # Nothing but the scrolling tables is wider than the screen.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.goto(server.url + "/lists/black")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("跳到主要内容")
    region = page.get_by_role("region", name="黑名单企业")
    region.focus()
    expect(region).to_be_focused()
