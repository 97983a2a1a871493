"""The statistics page in a real browser (headless Debian Chromium): open it, choose a district,
read a chart's table, at desktop and at phone width; screenshots for people to look at."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.kit.db import make_engine, make_sessionmaker, session_scope
from tests.conftest import LiveServer
from tests.support.statistics import TODAY, make_city

pytestmark = pytest.mark.browser


@pytest.fixture
def server(
    fresh_database: Callable[[], str],
    live_server_factory: Callable[[str], LiveServer],
    frozen_clock: Callable[[dt.date], None],
) -> LiveServer:
    frozen_clock(TODAY)  # the live server runs in this process: it shares the clock
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        make_city(session)
    engine.dispose()
    return live_server_factory(url)


def _shots(tmp_path: Path) -> Path:
    """Where screenshots go: ECOCREDIT_SCREENSHOTS when set (to keep them), else the test's
    temporary directory."""
    folder = Path(os.environ.get("ECOCREDIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _table(page: Page, key: str) -> list[list[str]]:
    rows = page.locator(f'table[data-statistic="{key}"] tbody tr')
    return [
        [cell.strip() for cell in rows.nth(i).locator("th, td").all_inner_texts()]
        for i in range(rows.count())
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_choose_a_district_and_read_a_charts_table(
    browser: Browser, server: LiveServer, tmp_path: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(30_000)  # a loaded 2-core machine: pages can take seconds
    page.goto(server.url + "/statistics")
    expect(page.get_by_role("heading", name="环境信用统计")).to_be_visible()
    expect(page.get_by_text("本页不是排名", exact=False)).to_be_visible()
    chart = page.get_by_role("img", name="公示中的行政处罚：按区县")
    expect(chart).to_be_visible()
    before = _table(page, "penalties_by_district")
    assert len(before) >= 13  # every district has its row
    shots = _shots(tmp_path)
    page.screenshot(path=str(shots / f"statistics-{width}.png"))

    page.get_by_label("区县", exact=True).select_option(label="福山区")
    page.get_by_role("button", name="统计").click()
    page.wait_for_url("**/statistics?district=370611*")
    rows = _table(page, "penalties_by_district")
    assert [row[0] for row in rows] == ["福山区"]
    fushan = next(row for row in before if row[0] == "福山区")
    assert rows[0][2] == fushan[2]  # the same count as before, now alone
    assert page.get_by_label("区县", exact=True).input_value() == "370611"
    chart = page.locator("#penalties_by_district svg")
    expect(chart.locator("text", has_text="福山区")).to_have_count(1)
    page.locator("#penalties_by_district").scroll_into_view_if_needed()
    page.locator("#penalties_by_district").screenshot(path=str(shots / f"district-{width}.png"))
    # the table is reachable by keyboard (a focusable scroll region), and printable
    region = page.locator('#penalties_by_district [role="region"]')
    region.focus()
    expect(region).to_be_focused()
    page.close()
