"""Reconciliation lists every difference between what the portal publishes today and what the
platform holds: missing records, withdrawals that never arrived, corrections that never arrived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from app.feed.service import public_items
from app.models import PenaltyRecord
from app.sync.reconcile import reconcile, render
from tests.support.factories import make_enterprise, make_list_entry, make_penalty

TODAY = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def _platform(items: list[dict[str, Any]]) -> httpx.Client:
    """The platform's records API, two pages long."""

    def answer(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("after", "0"))
        page = items[after : after + 2] if after < len(items) else []
        more = after + 2 < len(items)
        return httpx.Response(
            200, json={"counts": {}, "items": page, "next_after": after + 2 if more else None}
        )

    return httpx.Client(transport=httpx.MockTransport(answer))


def _held(item: dict[str, Any], state: str = "active", **changes: Any) -> dict[str, Any]:
    held = {
        "record_type": item["record"]["type"],
        "record_id": item["record"]["id"],
        "state": state,
        "sequence": item["record"]["sequence"],
        "content_hash": item["content_hash"],
        "name": "x",
        "data": item["data"],
    }
    held.update(changes)
    return held


def test_a_platform_that_holds_exactly_the_public_set_has_no_difference(
    session: Session,
) -> None:
    make_penalty(session, make_enterprise(session))
    make_list_entry(session, make_enterprise(session))
    items = public_items(session, TODAY)
    report = reconcile(session, "http://platform", TODAY, _platform([_held(i) for i in items]))
    assert report.clean
    assert report.portal_counts == report.platform_counts
    assert render(report)[-1] == "无差异"


def test_every_kind_of_difference_is_listed(session: Session) -> None:
    missing = make_penalty(session, make_enterprise(session))
    changed = make_penalty(session, make_enterprise(session))
    withdrawn = make_penalty(session, make_enterprise(session))
    scheduled = make_list_entry(
        session, make_enterprise(session), start=dt.date(2026, 8, 1), end=dt.date(2027, 7, 31)
    )
    items = {i["record"]["id"]: i for i in public_items(session, TODAY)}
    held = [
        _held(items[changed.record_id], content_hash="0" * 64),
        _held(items[withdrawn.record_id]),
        {
            "record_type": "list_entry",
            "record_id": scheduled.id,
            "state": "active",
            "sequence": 1,
            "content_hash": "1" * 64,
            "name": "y",
            "data": {"start_date": "2026-08-01"},
        },
    ]
    # The repair ends the publication; the platform never got the withdrawal.
    session.get_one(PenaltyRecord, withdrawn.record_id).withdrawn_at = dt.datetime(
        2026, 6, 30, tzinfo=dt.UTC
    )
    session.flush()
    report = reconcile(session, "http://platform", TODAY, _platform(held))
    found = {(d.kind, d.record_id) for d in report.differences}
    assert found == {
        ("missing", missing.record_id),
        ("changed", changed.record_id),
        ("extra", withdrawn.record_id),
    }
    assert report.scheduled == [("list_entry", scheduled.id)]
    lines = render(report)
    assert lines[-1] == "差异 3 条"
    assert any(line.startswith("平台多出\tpenalty") for line in lines)
