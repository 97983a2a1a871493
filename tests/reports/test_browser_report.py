"""In a real browser (headless Debian Chromium): open an enterprise's record, open its credit
report, download the PDF, and open the verification URL that the PDF's QR code encodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from app.kit import clock
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import PenaltyRecord
from tests.conftest import LiveServer
from tests.support.factories import make_enterprise, make_penalty
from tests.support.reports import page_images, pdf_text, qr_codes, squeezed

pytestmark = pytest.mark.browser

COMPANY = "烟台浏览器报告测试化工有限公司"


@pytest.fixture
def server(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> tuple[LiveServer, str, str]:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        enterprise = make_enterprise(session, name=COMPANY)
        decided = clock.today() - dt.timedelta(days=30)
        version = make_penalty(session, enterprise, decision_date=decided)
        uscc = enterprise.uscc
        session.flush()
        decision_number = session.get_one(PenaltyRecord, version.record_id).decision_number
    engine.dispose()
    return live_server_factory(url), uscc, decision_number


def test_open_a_record_download_its_report_and_verify_it(
    browser: Browser, server: tuple[LiveServer, str, str], tmp_path: Path
) -> None:
    live, uscc, decision_number = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live.url}/enterprises/{uscc}")
    page.get_by_role("link", name="企业环境信用报告").click()
    expect(page.get_by_role("heading", name="企业环境信用报告", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="四、行政处罚信息")).to_be_visible()
    expect(page.locator("main")).to_contain_text(decision_number)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / "report.pdf"
    download.save_as(saved)
    data = saved.read_bytes()
    text = squeezed(pdf_text(data))
    assert COMPANY in text
    assert uscc in text
    assert squeezed(decision_number) in text
    [verify_url] = qr_codes(page_images(data)[0])
    assert verify_url.startswith(f"{live.url}/reports/HJXY")

    page.goto(verify_url)
    expect(page.get_by_role("heading", name="核验结果：真实有效")).to_be_visible()
    expect(page.locator("main")).to_contain_text("本报告由本平台于")
    expect(page.locator("main")).to_contain_text(COMPANY)
    # The same check by typing the number and a wrong code into the form.
    number = verify_url.split("/reports/")[1].split("?")[0]
    page.goto(f"{live.url}/reports/verify")
    page.get_by_label("报告编号").fill(number)
    page.get_by_label("核验码").fill("WRONG1")
    page.get_by_role("button", name="核验").click()
    expect(page.get_by_role("heading", name="核验结果：未能核验")).to_be_visible()
    context.close()
