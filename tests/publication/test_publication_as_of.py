"""``?as_of=YYYY-MM-DD``: what was public on a past day, answered from the records' history. The
answers for each past day equal what the API and the pages said on that day; a correction
published on D supersedes the old version from D on; a day in the future or before 2000 is 422."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.lists import service as lists
from app.models import ListType
from app.penalties.withdrawals import withdraw_penalty
from tests.support.factories import make_enterprise
from tests.support.publication import DAY, SetClock, correct, make_bureau, publish

D1 = dt.date(2026, 6, 1)
VOLATILE = ("updated_at", "data_updated_at", "request_id")


def _plain(value: Any) -> Any:
    """A JSON answer without what changes when a row is later touched (``updated_at``) or with
    every request (an error's ``request_id``)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _answers(client: TestClient, uscc: str, record_ids: list[int], as_of: str = "") -> list[Any]:
    query = f"?as_of={as_of}" if as_of else ""
    joiner = "&" if as_of else "?"
    paths = [
        f"/api/v1/enterprises/{uscc}{query}",
        f"/api/v1/penalties{query}{joiner}limit=200",
        f"/api/v1/lists/black{query}",
        *(f"/api/v1/penalties/{rid}{query}" for rid in record_ids),
    ]
    answers = []
    for path in paths:
        response = client.get(path)
        answers.append((response.status_code, _plain(response.json())))
    return answers


def test_as_of_answers_what_the_api_said_on_each_day(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    from tests.support.nominations import make_bureau as list_bureau

    frozen_clock(D1)
    bureau = make_bureau(session)
    company = make_enterprise(session, name="烟台历史查询测试有限公司")
    first = publish(session, settings, bureau, company, decision_date=D1)
    second = publish(session, settings, bureau, company, decision_date=D1 - DAY, severity="serious")
    ids = [first.record_id, second.record_id]
    checker = list_bureau(session, bureau.authority)
    shown: dict[dt.date, list[Any]] = {}

    def day(when: dt.date) -> None:
        frozen_clock(when)

    # The events of the story, each on its day; the API is read at the end of every day.
    story: list[tuple[dt.date, Any]] = [
        (D1 + DAY, lambda: None),
        (D1 + 10 * DAY, lambda: correct(session, settings, bureau, first, company, remarks="备注")),
        (D1 + 20 * DAY, lambda: _black(session, checker, company.id, [second.record_id], D1)),
        (D1 + 40 * DAY, lambda: withdraw_penalty(session, first.record_id, "repaired")),
        (D1 + 60 * DAY, lambda: _remove(session, checker, company.id)),
        (dt.date(2027, 6, 1), lambda: None),  # the first penalty's period would have ended
    ]
    for when, event in story:
        day(when)
        event()
        shown[when] = _answers(client, company.uscc, ids)
        day(when + DAY)  # a later day: the same day asked "as of" gives the same answers
        assert _answers(client, company.uscc, ids, when.isoformat()) == shown[when], when
    day(dt.date(2027, 7, 1))
    for when, answers in shown.items():
        assert _answers(client, company.uscc, ids, when.isoformat()) == answers, when
    # The correction on D1+10 superseded the first version from that day on.
    before = client.get(f"/api/v1/penalties/{first.record_id}?as_of={D1 + 9 * DAY}").json()
    after = client.get(f"/api/v1/penalties/{first.record_id}?as_of={D1 + 10 * DAY}").json()
    assert (before["version"], after["version"]) == (1, 2)


def _black(
    session: Session, bureau: Any, enterprise_id: int, cited: list[int], start: dt.date
) -> None:
    proposal = lists.Proposal(
        list_type=ListType.black,
        enterprise_id=enterprise_id,
        basis="通过暗管排放",
        start_date=start + 20 * DAY,
        end_date=start + 20 * DAY + 400 * DAY,
        category="hidden_discharge",
        penalty_record_ids=tuple(cited),
    )
    entry = lists.propose(session, bureau.clerk, proposal)
    lists.approve(session, bureau.reviewer, entry.id)


def _remove(session: Session, bureau: Any, enterprise_id: int) -> None:
    from sqlalchemy import select

    from app.models import ListEntry

    entry_id = session.scalar(select(ListEntry.id).where(ListEntry.enterprise_id == enterprise_id))
    assert entry_id is not None
    lists.propose_removal(session, bureau.clerk, entry_id, "整改完成")
    lists.approve_removal(session, bureau.reviewer, entry_id)


def test_was_this_enterprise_on_the_black_list_on_a_day(
    client: TestClient, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    from tests.support.nominations import make_bureau as list_bureau

    frozen_clock(dt.date(2025, 5, 1))
    bureau = make_bureau(session)
    company = make_enterprise(session, name="烟台黑名单历史测试有限公司")
    penalty = publish(session, settings, bureau, company, decision_date=dt.date(2025, 4, 20))
    checker = list_bureau(session, bureau.authority)
    frozen_clock(dt.date(2025, 5, 20))
    _black(session, checker, company.id, [penalty.record_id], dt.date(2025, 5, 1))  # from 5-21
    frozen_clock(dt.date(2025, 9, 1))
    _remove(session, checker, company.id)
    frozen_clock(dt.date(2026, 1, 1))
    for when, on_list in [("2025-05-20", False), ("2025-06-01", True), ("2025-09-01", False)]:
        record = client.get(f"/api/v1/enterprises/{company.uscc}?as_of={when}").json()
        assert record["on_black_list"] is on_list, when
        listed = client.get(f"/api/v1/lists/black?as_of={when}").json()["items"]
        assert (company.uscc in {e["enterprise_uscc"] for e in listed}) is on_list, when
        csv = client.get(f"/api/v1/lists/black?format=csv&as_of={when}").content.decode("utf-8-sig")
        assert (company.uscc in csv) is on_list, when
        page = client.get(f"/lists/black?as_of={when}")
        assert (company.name in page.text) is on_list, when
    page = client.get(f"/enterprises/{company.uscc}?as_of=2025-06-01")
    assert 'type="date"' in page.text
    assert 'name="as_of"' in page.text
    assert "2025-06-01" in page.text
    assert "历史查询" in page.text
    assert "黑名单（失信惩戒）" in page.text


@pytest.mark.parametrize(
    ("as_of", "code"),
    [
        ("2026-07-02", "future"),
        ("1999-12-31", "too_early"),
        ("2026-13-01", "date_invalid"),
        ("20260601", "date_format"),
        # The check once passed these and the parser then failed on them (a 500).
        ("2026-6-1", "date_format"),
        ("2026-06-1", "date_format"),
        ("2026-02-30", "date_invalid"),
    ],
)
def test_a_day_in_the_future_before_2000_or_malformed_is_refused(
    client: TestClient, session: Session, frozen_clock: SetClock, as_of: str, code: str
) -> None:
    frozen_clock(dt.date(2026, 7, 1))
    company = make_enterprise(session)
    for path in (
        f"/api/v1/enterprises/{company.uscc}",
        "/api/v1/penalties",
        "/api/v1/penalties/1",
        "/api/v1/lists/black",
    ):
        response = client.get(path, params={"as_of": as_of})
        assert response.status_code == 422, path
        error = response.json()["error"]
        assert error["fields"][0]["field"] == "as_of"
        assert error["fields"][0]["code"] == code
        assert any("\u4e00" <= c <= "\u9fff" for c in error["fields"][0]["message"])
    for path in ("/penalties", "/lists/black", f"/enterprises/{company.uscc}"):
        page = client.get(path, params={"as_of": as_of}, headers={"Accept": "text/html"})
        assert page.status_code == 422, path
        assert "查询日期" in page.text or "日期" in page.text


def test_full_width_digits_mean_the_same_day(
    client: TestClient, session: Session, frozen_clock: SetClock
) -> None:
    frozen_clock(dt.date(2026, 7, 1))
    company = make_enterprise(session)
    for path in (f"/api/v1/enterprises/{company.uscc}", "/api/v1/penalties", "/api/v1/lists/black"):
        typed = client.get(path, params={"as_of": "２０２６－０６－０１"})
        plain = client.get(path, params={"as_of": "2026-06-01"})
        assert typed.status_code == 200, (path, typed.text)
        assert _plain(typed.json()) == _plain(plain.json())


def test_the_pages_offer_a_date_picker(client: TestClient, session: Session) -> None:
    company = make_enterprise(session)
    for path in ("/penalties", "/lists/black", "/lists/red", f"/enterprises/{company.uscc}"):
        text = client.get(path).text
        assert '<input id="f-as-of" name="as_of" type="date"' in text, path
        assert '<label for="f-as-of">' in text, path
