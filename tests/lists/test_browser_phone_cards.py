"""On a phone (390 px) the black list and the penalties become stacked cards: nothing scrolls
sideways, the reason is on screen, and a credit code stays on one line."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser

from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import ListType
from tests.conftest import LiveServer
from tests.support.factories import make_enterprise, make_list_entry, make_penalty


def test_tables_are_cards_on_a_phone(
    browser: Browser,
    fresh_database: Callable[[], str],
    live_server_factory: Callable[[str], LiveServer],
) -> None:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        enterprise = make_enterprise(session, name="烟台手机卡片测试化工有限公司")
        make_penalty(session, enterprise)
        make_list_entry(session, enterprise, ListType.black)
    engine.dispose()
    server = live_server_factory(url)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    for path, reason in (("/lists/black", "暗管"), ("/penalties", "")):
        page.goto(server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways ({width} px)"
        row = page.locator("table.cards tbody tr").first
        box = row.bounding_box()
        assert box is not None
        assert box["width"] <= 390
        assert page.locator("table.cards thead").first.bounding_box()["height"] <= 1  # type: ignore[index]
        if reason:
            cell = page.locator("td.reason").first
            assert reason in cell.inner_text()
            assert cell.is_visible()
        code = page.locator("table.cards .code").first
        if code.count():
            height = code.bounding_box()["height"]  # type: ignore[index]
            assert height < 30, "a credit code broke over lines"
    page.close()
