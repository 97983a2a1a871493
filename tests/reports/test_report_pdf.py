"""The credit report as a PDF, read as a person reads it: its text names the enterprise, its code,
every public penalty's decision number and the report number; nothing that is not public on the
data-as-of day appears; Chinese is text in an embedded font; every page carries the number, the
page count and a QR code that opens the verification page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import TODAY, hidden_penalties, make_assessment, make_scheme
from tests.support.reports import page_images, pdf_fonts, pdf_pages, pdf_text, qr_codes, squeezed


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def _report_number(client: TestClient, uscc: str, query: str = "") -> dict[str, str]:
    body = client.get(f"/api/v1/enterprises/{uscc}/report{query}").json()
    return {"number": body["number"], "code": body["code"], "verify_url": body["verify_url"]}


def test_pdf_text_has_the_enterprise_every_public_penalty_and_the_report_number(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台报告测试化工有限公司")
    scheme = make_scheme(session)
    make_assessment(session, enterprise, scheme, "yellow", dt.date(2026, 1, 1), points=6)
    public = [make_penalty(session, enterprise, decision_date=dt.date(2026, 3, d)) for d in (2, 9)]
    hidden = hidden_penalties(session, enterprise)
    make_list_entry(session, enterprise, ListType.black)
    session.flush()

    response = client.get(f"/enterprises/{enterprise.uscc}/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    text = squeezed(pdf_text(response.content))
    report = _report_number(client, enterprise.uscc)
    assert "烟台报告测试化工有限公司" in text
    assert enterprise.uscc in text
    assert len(public) == 2
    decision_numbers = client.get(f"/api/v1/enterprises/{enterprise.uscc}").json()["penalties"]
    assert len(decision_numbers) == 3  # the two above and the correction's current version
    for penalty in decision_numbers:
        assert squeezed(penalty["decision_number"]) in text
    # The same content on the same day keeps its number (PDF, page and JSON alike).
    assert report["number"] in text
    assert report["code"] in text
    for item in hidden:
        assert item.word not in text, item.reason
    assert "黄色·一般失信" in text
    assert "黑名单（失信惩戒）" in text


def test_chinese_is_text_in_an_embedded_font_and_every_page_has_number_count_and_qr(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台五十处罚测试铸造有限公司")
    penalties = [
        make_penalty(session, enterprise, decision_date=dt.date(2026, 1, 1) + dt.timedelta(days=n))
        for n in range(50)
    ]
    penalties[7].violation_facts = "超长的违法事实" * 300  # one value longer than a page
    penalties[8].legal_basis = "A" * 400  # an unbreakable run of Latin letters
    session.flush()

    data = client.get(f"/enterprises/{enterprise.uscc}/report.pdf").content
    report = _report_number(client, enterprise.uscc)

    fonts = pdf_fonts(data)
    assert fonts, "the PDF has text in fonts"
    for row in fonts:
        name, emb, sub, uni = row[0], row[-5], row[-4], row[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), f"{name} is not an embedded subset"
        assert "WenQuanYi" in name
    pages = pdf_pages(data)
    assert len(pages) > 10  # 50 penalties paginate
    for n, page in enumerate(pages, start=1):
        flat = squeezed(page)
        assert f"第{n}页共{len(pages)}页" in flat
        assert f"报告编号：{report['number']}" in flat
        assert f"核验码：{report['code']}" in flat
    text = squeezed("".join(pages))
    for version in penalties:
        assert squeezed(version.penalty_content) in text
    assert text.count("超长的违法事实") == 300  # split across pages, nothing cut off
    assert "A" * 400 in text
    images = page_images(data, resolution=100)
    assert len(images) == len(pages)
    for image in images:
        assert qr_codes(image) == [report["verify_url"]]
    assert re.fullmatch(
        r"http://testserver/reports/HJXY\d{8}[0-9A-Z]{10}\?code=[0-9A-Z]{6}", report["verify_url"]
    )


def test_a_report_as_of_a_past_day_shows_what_was_public_that_day(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    hidden = {h.reason: h for h in hidden_penalties(session, enterprise)}
    session.flush()
    withdrawn = hidden["withdrawn"]  # repaired on 2026-06-20
    superseded = hidden["superseded"]  # corrected on 2026-06-10

    before = squeezed(
        pdf_text(client.get(f"/enterprises/{enterprise.uscc}/report.pdf?as_of=2026-06-05").content)
    )
    after = squeezed(pdf_text(client.get(f"/enterprises/{enterprise.uscc}/report.pdf").content))

    assert withdrawn.word in before
    assert withdrawn.word not in after
    assert superseded.word in before
    assert superseded.word not in after
    assert "更正后版本" in after
    assert "数据截止日期：2026-06-05" in before
    assert hidden["expired"].word not in before  # its publication had ended by then


def test_without_the_font_the_pdf_is_refused_in_chinese(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    client.app.state.settings.report_font_path = "/nonexistent/cjk.ttc"  # type: ignore[attr-defined]

    response = client.get(f"/enterprises/{enterprise.uscc}/report.pdf")

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "report_font_missing"
    assert "fonts-wqy-microhei" in error["message"]
    assert "中文字体" in error["message"]
