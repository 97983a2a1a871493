"""Atom feeds: valid RFC 4287 (parsed by a real feed parser and checked element by element),
stable entry ids, a withdrawal without its details, ETag / 304, and pages that link them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.atom.service import GONE
from app.config import Settings
from app.kit.actor import Role
from app.lists import service as lists
from app.models import Enterprise, ListType, PenaltyVersion
from app.penalties.withdrawals import withdraw_penalty
from tests.support.factories import make_enterprise
from tests.support.publication import Bureau, correct, make_bureau, publish
from tests.support.workflows import make_officer

ATOM = "{http://www.w3.org/2005/Atom}"
SetClock = Callable[[dt.datetime | dt.date], None]
TODAY = dt.date(2026, 7, 1)
FACTS = "经现场检查，该单位废气排放口颗粒物浓度超过排放标准。"


def fetch(client: TestClient, path: str) -> tuple[Any, ET.Element, str]:
    """The feed parsed by feedparser and by ElementTree, checked against RFC 4287."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own output
    _check_rfc4287(root)
    return parsed, root, response.text


def _check_rfc4287(root: ET.Element) -> None:
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    author = root.find(f"{ATOM}author")
    assert author is not None
    assert author.find(f"{ATOM}name") is not None
    rels = {link.get("rel") for link in root.findall(f"{ATOM}link")}
    assert {"self", "alternate"} <= rels
    ids = set()
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "content"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        entry_id = entry.findtext(f"{ATOM}id") or ""
        assert entry_id.startswith("urn:uuid:")
        assert entry_id not in ids
        ids.add(entry_id)
        updated = entry.findtext(f"{ATOM}updated") or ""
        assert dt.datetime.fromisoformat(updated.replace("Z", "+00:00")).tzinfo is not None
        content = entry.find(f"{ATOM}content")
        assert content is not None
        assert content.get("type") == "text"


@pytest.fixture
def bureau(session: Session, frozen_clock: SetClock) -> Bureau:
    frozen_clock(TODAY)
    return make_bureau(session)


def _publish(session: Session, settings: Settings, bureau: Bureau, company: Enterprise) -> Any:
    return publish(session, settings, bureau, company, decision_date=dt.date(2026, 6, 20))


def test_a_published_penalty_is_an_entry_of_every_feed_it_belongs_to(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session, district="370612")
    version = _publish(session, settings, bureau, company)
    number = f"行政处罚公示：{company.name}"
    for path in (
        "/feeds/penalties.atom",
        "/feeds/districts/370612.atom",
        f"/feeds/enterprises/{company.uscc}.atom",
        f"/feeds/enterprises/{company.uscc.lower()}.atom",
    ):
        parsed, _root, _text = fetch(client, path)
        titles = [e.title for e in parsed.entries]
        assert any(t.startswith(number) for t in titles), path
        links = [e.link for e in parsed.entries if e.title.startswith(number)]
        assert links[0].endswith(f"/penalties/{version.record_id}")
    other, _root, _text = fetch(client, "/feeds/districts/370602.atom")
    assert not [e for e in other.entries if company.name in e.title]


def test_entry_ids_are_stable_and_a_correction_keeps_them(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session)
    version = _publish(session, settings, bureau, company)
    first, _root, _text = fetch(client, f"/feeds/enterprises/{company.uscc}.atom")
    again, _root, _text = fetch(client, f"/feeds/enterprises/{company.uscc}.atom")
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    assert first.feed.id == again.feed.id
    correct(session, settings, bureau, version, company, violation_type="未批先建")
    after, _root, _text = fetch(client, f"/feeds/enterprises/{company.uscc}.atom")
    by_id = {e.id: e for e in after.entries}
    original = first.entries[0].id
    assert original in by_id
    assert by_id[original].title == "一条行政处罚记录已更正"
    newest = after.entries[0]
    assert newest.title.startswith("行政处罚更正：")
    assert "未批先建" in newest.title


def test_a_withdrawal_says_only_that_the_record_is_no_longer_public(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session, district="370613")
    version = _publish(session, settings, bureau, company)
    record_number = _decision_number(session, version)
    withdraw_penalty(session, version.record_id, "repaired")
    session.flush()
    for path in (
        "/feeds/penalties.atom",
        "/feeds/districts/370613.atom",
        f"/feeds/enterprises/{company.uscc}.atom",
    ):
        parsed, _root, text = fetch(client, path)
        mine = [e for e in parsed.entries if "不再公示" in e.title]
        assert len(mine) == 2, path  # the withdrawal, and the publication before it, redacted
        for entry in mine:
            assert entry.title == "一条行政处罚记录已不再公示"
            assert entry.summary == GONE  # no reason, no name, no number, no facts
        for detail in (record_number, FACTS, "超标排放", "repaired"):
            assert detail not in text, (path, detail)
        if not path.startswith("/feeds/enterprises"):  # that one is named after the company
            assert company.name not in text


def _decision_number(session: Session, version: PenaltyVersion) -> str:
    from app.models import PenaltyRecord

    return session.get_one(PenaltyRecord, version.record_id).decision_number


def test_a_natural_persons_name_is_never_in_a_feed(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    publish(session, settings, bureau, None, decision_date=dt.date(2026, 6, 20))  # type: ignore[arg-type]  # a natural person
    _parsed, _root, text = fetch(client, "/feeds/penalties.atom")
    assert "李四" not in text
    assert "370602198001011234" not in text
    assert "行政处罚公示：自然人" in text


def test_list_feeds_follow_entries_and_removals(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session, district="370611")
    version = _publish(session, settings, bureau, company)
    proposal = lists.Proposal(
        list_type=ListType.black,
        enterprise_id=company.id,
        basis="通过暗管排放含重金属废水",
        start_date=TODAY,
        end_date=TODAY.replace(year=2027),
        category="hidden_discharge",
        legal_basis="《环境保护法》",
        decision_number="烟环黑〔2026〕1号",
        penalty_record_ids=(version.record_id,),
    )
    entry = lists.propose(session, bureau.clerk, proposal)
    lists.approve(session, bureau.reviewer, entry.id)
    parsed, _root, _text = fetch(client, "/feeds/lists/black.atom")
    assert parsed.entries[0].title == f"列入黑名单：{company.name}"
    red, _root, _text = fetch(client, "/feeds/lists/red.atom")
    assert not red.entries
    other = make_officer(session, Role.reviewer, bureau.authority)
    lists.propose_removal(session, bureau.reviewer, entry.id, "整改完成，经复核提前移出")
    lists.approve_removal(session, other, entry.id)
    parsed, _root, text = fetch(client, "/feeds/lists/black.atom")
    assert [e.title for e in parsed.entries[:2]] == ["一条黑名单条目已不再公示"] * 2
    assert company.name not in text


def test_the_enterprise_feed_tells_level_changes(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session)
    publish(session, settings, bureau, company, decision_date=dt.date(2026, 6, 20))
    parsed, _root, _text = fetch(client, f"/feeds/enterprises/{company.uscc}.atom")
    levels = [e for e in parsed.entries if e.title.startswith("环境信用等级：")]
    assert levels, [e.title for e in parsed.entries]
    assert levels[0].tags[0].term == "credit.level_changed"


def test_feeds_answer_if_none_match_with_304(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session)
    _publish(session, settings, bureau, company)
    first = client.get("/feeds/penalties.atom")
    etag = first.headers["etag"]
    assert client.get("/feeds/penalties.atom", headers={"If-None-Match": etag}).status_code == 304
    _publish(session, settings, bureau, company)
    changed = client.get("/feeds/penalties.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/feeds/inspections.atom", 404),
        ("/feeds/districts.atom", 404),
        ("/feeds/penalties/370611.atom", 404),
        ("/feeds/districts/999999.atom", 404),
        ("/feeds/lists/green.atom", 404),
        ("/feeds/enterprises/91370611MA3C00003X.atom", 422),
        ("/feeds/enterprises/91370611MA3C00003F.atom", 404),
    ],
)
def test_unknown_feeds_and_subjects_are_refused_in_chinese(
    client: TestClient, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert any("\u4e00" <= c <= "\u9fff" for c in response.json()["error"]["message"])


def test_pages_link_their_feeds_and_the_record_page_has_a_subscribe_link(
    client: TestClient, session: Session, settings: Settings, bureau: Bureau
) -> None:
    company = make_enterprise(session, district="370611")
    _publish(session, settings, bureau, company)
    alternate = 'rel="alternate" type="application/atom+xml"'
    record = client.get(f"/enterprises/{company.uscc}").text
    assert f'{alternate} title="{company.name}的信用记录变化" href="/feeds/enterprises/' in record
    assert (
        f'<a href="/feeds/enterprises/{company.uscc}.atom" type="application/atom+xml">订阅</a>'
        in record
    )
    for path, feed in (
        ("/penalties", "/feeds/penalties.atom"),
        ("/penalties?district=370611", "/feeds/districts/370611.atom"),
        ("/lists/black", "/feeds/lists/black.atom"),
        ("/lists/red", "/feeds/lists/red.atom"),
        ("/", "/feeds/penalties.atom"),
        ("/statistics", "/feeds/penalties.atom"),
    ):
        text = client.get(path).text
        assert alternate in text, path
        assert f'href="{feed}"' in text, path
        assert client.get(feed).status_code == 200
