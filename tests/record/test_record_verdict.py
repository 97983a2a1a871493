"""The verdict first: a black-listed enterprise's record opens with its level, the lists in force
with their reason and dates, and the count of public penalties, before the details; the "as of"
control comes after, folded; a penalty card does not repeat the enterprise and offers repair and
objection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry, make_penalty


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(dt.date(2026, 7, 1))


def test_the_summary_comes_first_and_the_cards_do_not_repeat_the_party(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台暗管排放测试化工有限公司")
    version = make_penalty(session, enterprise)
    entry = make_list_entry(session, enterprise, ListType.black)
    session.commit()

    html = client.get(f"/enterprises/{enterprise.uscc}").text
    verdict = html.index('id="verdict-title"')
    summary = html[verdict : html.index("</section>", verdict)]
    assert "列入黑名单" in summary
    assert "暗管" in summary  # the reason (its category)
    assert "2026年6月1日" in summary or "2026-06-01" in summary
    assert "公示中的行政处罚" in summary
    assert "<strong>1</strong> 条" in summary
    assert f'href="/repairs/new?entry={entry.id}"' in summary
    # the details come after the verdict, and the as-of control after them, folded
    assert verdict < html.index('id="reg-title"') < html.index('class="as-of-fold"')
    assert '<details class="as-of-fold">' in html  # closed for today
    cards = html[html.index('id="penalties-title"') : html.index('id="level-title"')]
    assert enterprise.name not in cards
    assert enterprise.uscc not in cards
    assert "法定代表人" not in cards
    assert f'href="/repairs/new?penalty={version.record_id}"' in cards
    assert f'href="/objections/new?penalty={version.record_id}"' in cards
