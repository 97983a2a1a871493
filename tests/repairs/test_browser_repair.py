"""In a real browser (headless Debian Chromium): an enterprise applies for credit repair from its
penalty's public page, follows the status with its number, an officer of the deciding authority
accepts and approves in the workspace, and the enterprise sees the decision while the penalty
has left the public site."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from app.kit import clock
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.publication.rules import add_months
from tests.conftest import LiveServer
from tests.support.auth import PASSWORD, make_user
from tests.support.factories import make_authority, make_enterprise, make_penalty
from tests.support.repairs import pdf_bytes, png_bytes

pytestmark = pytest.mark.browser

COMPANY = "烟台牟平浏览器修复测试铸造有限公司"
PROOF = FilePayload(name="缴款凭证.pdf", mimeType="application/pdf", buffer=pdf_bytes())
PHOTO = FilePayload(name="验收照片.png", mimeType="image/png", buffer=png_bytes())


@pytest.fixture
def server(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], LiveServer]
) -> tuple[LiveServer, dict[str, str]]:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        bureau = make_authority(session, name="浏览器修复测试生态环境局")
        make_user(session, Role.reviewer, username="reviewer.repair", authority=bureau)
        enterprise = make_enterprise(session, name=COMPANY, district="370612")
        decided = add_months(clock.today(), -4) - dt.timedelta(days=1)  # past the 3 months
        version = make_penalty(session, enterprise, bureau, decision_date=decided)
        facts = {"uscc": enterprise.uscc, "record_id": str(version.record_id)}
    engine.dispose()
    return live_server_factory(url), facts


def _look_up(page: Page, base: str, number: str, uscc: str) -> None:
    page.goto(f"{base}/repairs/status?number={number}")
    expect(page.get_by_label("申请编号")).to_have_value(number)
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_role("button", name="查询").click()


def test_apply_on_the_public_site_and_follow_it_to_approval(
    browser: Browser, server: tuple[LiveServer, dict[str, str]]
) -> None:
    live, facts = server
    base = live.url
    penalty_url = f"{base}/penalties/{facts['record_id']}"

    applicant = browser.new_page()
    applicant.goto(penalty_url)
    applicant.get_by_role("link", name="申请信用修复").click()
    expect(applicant.get_by_role("heading", name="申请信用修复")).to_be_visible()
    expect(applicant.locator("#pledge")).to_contain_text("信用承诺书")
    applicant.get_by_label("统一社会信用代码（必填）").fill(facts["uscc"])
    applicant.get_by_label("联系人姓名（必填）").fill("赵经理")
    applicant.get_by_label("联系电话（必填）").fill("13912345678")
    applicant.get_by_label("已按期缴清罚款（没收款项）").check()
    applicant.get_by_label("已完成整改，并经生态环境主管部门认可（验收）").check()
    applicant.get_by_label("履行义务情况说明（必填）").fill(
        "已缴清罚款，除尘设施已改造并通过验收。"
    )
    applicant.locator("#files").set_input_files([PROOF, PHOTO])
    # Forgetting the pledge: the form comes back with the reason, nothing typed is lost.
    applicant.get_by_role("button", name="提交信用修复申请").click()
    expect(applicant.locator("#pledge_accepted-error")).to_have_text("请完整阅读并接受信用承诺书")
    expect(applicant.get_by_label("联系人姓名（必填）")).to_have_value("赵经理")
    applicant.locator("#files").set_input_files([PROOF])
    applicant.get_by_label(re.compile("已阅读并接受上述信用承诺书全文")).check()
    applicant.get_by_role("button", name="提交信用修复申请").click()
    expect(applicant.get_by_role("heading", name="信用修复申请已提交")).to_be_visible()
    number = applicant.locator("#application-number").inner_text()
    assert re.fullmatch(r"XF\d{8}[2-9A-HJ-NP-Z]{10}", number), number
    _look_up(applicant, base, number, facts["uscc"])
    expect(applicant.locator("#repair-status")).to_have_text("已提交，待受理")

    officer = browser.new_page()
    officer.goto(f"{base}/admin/login?next=/admin")
    officer.get_by_label("用户名").fill("reviewer.repair")
    officer.get_by_label("密码").fill(PASSWORD)
    officer.get_by_role("button", name="登录").click()
    expect(officer.get_by_role("heading", name="信用修复申请")).to_be_visible()  # the panel
    officer.get_by_role("link", name="办理中 1 件").click()
    officer.get_by_role("link", name=number).click()
    expect(officer.get_by_role("link", name="缴款凭证.pdf")).to_be_visible()
    officer.get_by_role("button", name="受理", exact=True).click()
    expect(officer.get_by_role("status")).to_have_text("已受理")
    officer.get_by_label("决定理由（必填，申请人可见）").fill(
        "已履行全部义务，整改验收合格，准予修复"
    )
    officer.get_by_role("button", name="准予修复", exact=True).click()
    expect(officer.get_by_role("status")).to_contain_text("已准予修复")
    officer.close()

    _look_up(applicant, base, number, facts["uscc"])
    expect(applicant.locator("#repair-status")).to_have_text("准予修复，已停止公示")
    expect(applicant.locator("#decision-reason")).to_have_text(
        "已履行全部义务，整改验收合格，准予修复"
    )
    answer = applicant.goto(penalty_url)
    assert answer is not None
    assert answer.status == 404
    applicant.close()
