"""Every statistic equals a direct count of what the public pages and API show: today, on an
``as_of`` day and after a withdrawal; filters apply; bad filters are 422 in Chinese."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import PenaltyRecord, RepairStatus
from tests.support.statistics import (
    CHEMICALS,
    TODAY,
    City,
    make_city,
    make_repair,
    public_penalties,
    rows_by,
    statistics,
    tally,
)

SetClock = Callable[[dt.datetime | dt.date], None]


@pytest.fixture
def city(session: Session, frozen_clock: SetClock) -> City:
    frozen_clock(TODAY)
    return make_city(session)


def _check_penalty_tables(client: TestClient, as_of: dt.date | None = None) -> int:
    """The five penalty tables against the penalties of /api/v1/penalties; returns how many."""
    params = {"as_of": as_of.isoformat()} if as_of else {}
    shown = public_penalties(client, as_of)
    stats = statistics(client, **params)
    for key, field in (
        ("penalties_by_district", "district_code"),
        ("penalties_by_violation_type", "violation_type"),
        ("penalties_by_industry", "industry"),
    ):
        expected = tally(shown, field)
        rows = rows_by(stats[key], "code" if field == "district_code" else "label")
        for value, (count, fine) in expected.items():
            label = value if value is not None else "未登记行业（含自然人）"
            assert rows[label]["count"] == count, (key, label)
            assert Decimal(rows[label]["fine"]) == fine, (key, label)
        assert sum(r["count"] for r in stats[key]["rows"]) == len(shown), key
    months = Counter(item["decision_date"][:7] for item in shown)
    by_month = rows_by(stats["penalties_by_month"])
    assert {m: r["count"] for m, r in by_month.items() if r["count"]} == dict(months)
    years = Counter(int(item["decision_date"][:4]) for item in shown)
    by_year = rows_by(stats["penalties_by_year"])
    assert {int(y): r["count"] for y, r in by_year.items() if r["count"]} == dict(years)
    return len(shown)


def test_penalty_statistics_equal_what_the_penalty_pages_show(
    client: TestClient, city: City
) -> None:
    assert _check_penalty_tables(client) >= 6
    stats = statistics(client)
    types = {r["label"] for r in stats["penalties_by_violation_type"]["rows"]}
    assert "类型更正后版本" in types  # the correction counts, once
    assert not [t for t in types if "隐藏" in t]  # drafts, expired, withdrawn, superseded … never
    districts = rows_by(stats["penalties_by_district"], "code")
    assert districts["370611"]["enterprises"] >= 2
    assert districts["370611"]["rate"] == (
        f"{Decimal(districts['370611']['count']) * 1000 / districts['370611']['enterprises']:.2f}"
    )
    # every current district has its row (zeros included): not a ranking, nothing left out
    assert len([r for r in stats["penalties_by_district"]["rows"] if r["code"]]) >= 13


def test_statistics_as_of_a_day_equal_the_pages_of_that_day(client: TestClient, city: City) -> None:
    day = dt.date(2026, 6, 15)
    today = _check_penalty_tables(client)
    then = _check_penalty_tables(client, day)
    # on 15 June the later decisions did not exist and the withdrawn one was still public
    assert then != today
    assert any(p["id"] == city.withdrawn.record_id for p in public_penalties(client, day))


def test_a_withdrawal_leaves_the_statistics_at_once(
    client: TestClient, session: Session, city: City
) -> None:
    before = statistics(client)["penalties_by_year"]
    version = city.penalties[2]
    record = session.get_one(PenaltyRecord, version.record_id)
    record.withdrawn_at = dt.datetime(2026, 6, 30, 3, tzinfo=dt.UTC)
    record.withdrawal_reason = "repaired"
    session.flush()
    after = statistics(client)["penalties_by_year"]
    total = sum(r["count"] for r in before["rows"])
    assert sum(r["count"] for r in after["rows"]) == total - 1
    _check_penalty_tables(client)


def test_lists_in_force_and_per_year_equal_the_list_pages(client: TestClient, city: City) -> None:
    stats = statistics(client)
    in_force = rows_by(stats["lists_in_force"], "code")
    for name in ("black", "red"):
        items = client.get(f"/api/v1/lists/{name}", params={"limit": 200}).json()["items"]
        by_district = Counter(item["district_code"] for item in items)
        for code, count in by_district.items():
            assert in_force[code][name] == count
        assert sum(r[name] for r in stats["lists_in_force"]["rows"]) == len(items)
    for row in stats["lists_by_year"]["rows"]:
        for name in ("black", "red"):
            items = client.get(
                f"/api/v1/lists/{name}", params={"limit": 200, "as_of": row["day"]}
            ).json()["items"]
            assert row[f"{name}_in_force"] == len(items), (row["label"], name)
            added = [i for i in items if i["start_date"].startswith(row["label"])]
            assert row[f"{name}_added"] == len(added), (row["label"], name)
    by_year = rows_by(stats["lists_by_year"])
    assert by_year["2026"]["black_added"] == 1
    assert by_year["2026"]["red_added"] == 0  # the red entry of 2026 was removed: not counted
    assert by_year["2024"]["black_in_force"] == 1


def test_credit_levels_equal_the_record_pages_now_and_a_year_ago(
    client: TestClient, city: City
) -> None:
    table = statistics(client)["credit_levels"]
    enterprises = [*city.fushan, city.zhifu]
    for column, day in (("now", TODAY), ("before", dt.date(2025, 7, 1))):
        levels: Counter[str] = Counter()
        for enterprise in enterprises:
            record = client.get(
                f"/api/v1/enterprises/{enterprise.uscc}", params={"as_of": day.isoformat()}
            ).json()
            if record["credit_level"]:
                levels[record["credit_level"]["code"]] += 1
        shown = {r["code"]: r[column] for r in table["rows"] if r[column]}
        assert shown == dict(levels), column
    rows = rows_by(table, "code")
    assert rows["yellow"]["change"] == 1
    assert rows["green"]["change"] == -1


def test_repair_outcomes_count_decisions_as_they_stood_on_the_day(
    client: TestClient, session: Session, city: City
) -> None:
    enterprise, version = city.fushan[0], city.penalties[0]
    for submitted, status, decided in (
        (dt.date(2026, 5, 1), RepairStatus.approved, dt.date(2026, 5, 20)),
        (dt.date(2026, 5, 2), RepairStatus.rejected, dt.date(2026, 6, 25)),
        (dt.date(2026, 6, 2), RepairStatus.accepted, None),
        (dt.date(2025, 11, 2), RepairStatus.rejected, dt.date(2025, 12, 1)),
    ):
        make_repair(
            session,
            enterprise,
            version,
            city.authority,
            submitted=submitted,
            status=status,
            decided=decided,
        )
    today = rows_by(statistics(client)["repair_outcomes"])
    assert today["2026"] == {
        "label": "2026",
        "submitted": 3,
        "approved": 1,
        "rejected": 1,
        "open": 1,
    }
    assert today["2025"]["rejected"] == 1
    then = rows_by(statistics(client, as_of="2026-06-01")["repair_outcomes"])
    assert then["2026"]["submitted"] == 2
    assert then["2026"]["open"] == 1
    narrow = rows_by(statistics(client, district="370611")["repair_outcomes"])
    assert narrow["2026"]["approved"] is None  # one application: withheld once filtered
    assert narrow["2026"]["submitted"] == 3


def test_filters_apply_to_every_table(client: TestClient, city: City) -> None:
    stats = statistics(client, district="370611", industry=CHEMICALS, **{"from": "2026-04-01"})
    shown = [
        p
        for p in public_penalties(client)
        if p["district_code"] == "370611"
        and p["industry"] == CHEMICALS
        and p["decision_date"] >= "2026-04-01"
    ]
    assert sum(r["count"] for r in stats["penalties_by_year"]["rows"]) == len(shown)
    assert [r["code"] for r in stats["penalties_by_district"]["rows"]] == ["370611"]
    assert {r["label"] for r in stats["penalties_by_industry"]["rows"]} <= {CHEMICALS}
    assert [r["code"] for r in stats["lists_in_force"]["rows"]] == ["370611"]
    levels = rows_by(stats["credit_levels"], "code")
    assert levels["green"]["now"] == 0
    assert levels["yellow"]["now"] == 1
    months = [r["label"] for r in stats["penalties_by_month"]["rows"]]
    assert months[0] == "2026-04"
    assert months[-1] == "2026-07"
    fines = statistics(client, measure="fine")["penalties_by_district"]
    assert fines["chart"]["series"] == ["fine"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"district": "999999"}, "district"),
        ({"industry": "不存在的行业"}, "industry"),
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2026-06-01", "to": "2026-05-01"}, "to"),
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"measure": "points"}, "measure"),
    ],
)
def test_bad_filters_are_refused_in_chinese(
    client: TestClient, city: City, params: dict[str, str], field: str
) -> None:
    for path in ("/api/v1/statistics", "/api/v1/statistics/penalties_by_year"):
        response = client.get(path, params=params)
        assert response.status_code == 422
        fields = response.json()["error"]["fields"]
        assert [f["field"] for f in fields] == [field]
        assert any("\u4e00" <= c <= "\u9fff" for c in fields[0]["message"])
    page = client.get("/statistics", params=params)
    assert page.status_code == 422
    assert field in page.context["errors"]
    assert page.context["sections"] == []


def test_an_unknown_statistic_is_404(client: TestClient, city: City) -> None:
    response = client.get("/api/v1/statistics/ranking")
    assert response.status_code == 404
    assert "penalties_by_district" in response.json()["error"]["message"]


def test_answers_are_cacheable_and_revalidated(client: TestClient, city: City) -> None:
    first = client.get("/api/v1/statistics")
    again = client.get("/api/v1/statistics", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def _rows(statistic: dict[str, Any]) -> list[list[Any]]:
    return [[row[c["key"]] for c in statistic["columns"]] for row in statistic["rows"]]
