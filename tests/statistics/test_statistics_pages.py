"""The statistics page: every chart's table equals its JSON (and its CSV, and the values drawn
in its SVG), the caveats are on the page, the figures are fresh after a publication, and the
home page shows the trend and the latest changes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.main import create_app
from app.statistics import service
from app.statistics.charts import OKABE_ITO
from app.statistics.filters import StatFilters
from app.statistics.tables import shown_value
from tests.conftest import make_settings
from tests.support.factories import make_enterprise
from tests.support.publication import make_bureau, publish
from tests.support.statistics import (
    TODAY,
    City,
    contrast_with_white,
    make_city,
    parse_svg,
    statistics,
)

SetClock = Callable[[dt.datetime | dt.date], None]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def city(session: Session, frozen_clock: SetClock) -> City:
    frozen_clock(TODAY)
    return make_city(session)


class Tables(HTMLParser):
    """The statistics tables of a page: {key: [[cell text, …], …]} (body rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._key: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("data-statistic"):
            self._key = values["data-statistic"]
            self.tables[str(self._key)] = []
        elif tag == "tbody" and self._key:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._key:
            self.tables[self._key].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._key = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _number(kind: str, text: str) -> Any:
    """A cell as the JSON carries it."""
    if text in ("—", "少于3"):
        return None
    if kind in ("count", "change"):
        return int(text.replace(",", "").replace("+", ""))
    if kind in ("amount", "rate"):
        return Decimal(text.replace(",", ""))
    return text


def _json_value(kind: str, value: Any) -> Any:
    return Decimal(value) if kind in ("amount", "rate") and value is not None else value


def test_every_table_on_the_page_equals_its_json_and_its_csv(
    client: TestClient, city: City
) -> None:
    page = client.get("/statistics")
    assert page.status_code == 200
    parser = Tables()
    parser.feed(page.text)
    stats = statistics(client)
    assert set(parser.tables) == set(stats)
    for key, statistic in stats.items():
        # the page leaves out machine keys ("code": green, black …), which the JSON and CSV keep
        shown = [c for c in statistic["columns"] if c["key"] != "code"]
        kinds = [c["kind"] for c in shown]
        html = [
            [_number(k, t) for k, t in zip(kinds, row, strict=True)] for row in parser.tables[key]
        ]
        json_rows = [
            [_json_value(c["kind"], row[c["key"]]) for c in shown] for row in statistic["rows"]
        ]
        assert html == json_rows, key
        download = client.get(statistic["csv_url"])
        assert download.headers["content-type"].startswith("text/csv")
        lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
        assert lines[0] == [c["label"] for c in statistic["columns"]]
        assert lines[1:] == [
            ["" if row[c["key"]] is None else str(row[c["key"]]) for c in statistic["columns"]]
            for row in statistic["rows"]
        ], key


def test_each_chart_draws_the_values_of_its_table(client: TestClient, city: City) -> None:
    page = client.get("/statistics")
    blocks = [b for s in page.context["sections"] for b in s["blocks"]]
    stats = statistics(client)
    assert [b.key for b in blocks] == list(stats)
    for b in blocks:
        statistic = stats[b.key]
        svg = parse_svg(str(b.svg))
        assert svg.get("role") == "img"
        assert svg.find(f"{SVG}title") is not None
        assert svg.find(f"{SVG}desc") is not None
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") != "12.0"]  # not legend
        drawn = statistic["rows"][: statistic["chart"]["limit"] or None]
        values = [row[s] for row in drawn for s in statistic["chart"]["series"]]
        assert len(bars) == len([v for v in values if v is not None]), b.key
        for row in drawn:
            assert str(row[statistic["chart"]["category"]]) in texts, b.key
            for series in statistic["chart"]["series"]:
                column = next(c for c in statistic["columns"] if c["key"] == series)
                value = row[series]
                if value is not None:
                    raw = Decimal(value) if column["kind"] in ("amount", "rate") else value
                    assert shown_value(column["kind"], raw) in texts, (b.key, series)


def test_the_page_says_how_to_read_the_figures(client: TestClient, city: City) -> None:
    page = client.get("/statistics")
    caveats = page.context["caveats"]
    assert any("检查" in c for c in caveats)  # counts depend on inspection effort
    assert any("企业多" in c for c in caveats)  # more enterprises, more penalties
    assert any("不是排名" in c for c in caveats)  # not a ranking
    for caveat in caveats:
        assert caveat in page.text
    assert 'type="application/atom+xml"' in page.text


def test_the_page_follows_its_filters(client: TestClient, city: City) -> None:
    page = client.get("/statistics", params={"district": "370602", "as_of": "2026-06-15"})
    assert page.status_code == 200
    filters = page.context["filters"]
    assert filters.district == "370602"
    assert filters.day == dt.date(2026, 6, 15)
    blocks = {b.key: b for s in page.context["sections"] for b in s["blocks"]}
    assert [row[0].text for row in blocks["penalties_by_district"].rows] == ["芝罘区"]
    assert "as_of=2026-06-15" in blocks["penalties_by_district"].csv_url
    assert "district=370602" in blocks["penalties_by_district"].json_url
    assert "/feeds/districts/370602.atom" in page.text


@pytest.fixture
def cached_app(database_url: str, session_factory: sessionmaker[Session]) -> Iterator[FastAPI]:
    application = create_app(make_settings(database_url, statistics_cache_seconds=300))
    application.state.sessionmaker = session_factory
    application.state.read_sessionmaker = session_factory
    service.clear_caches()
    yield application
    service.clear_caches()


def test_a_publication_shows_on_the_next_request_although_figures_are_cached(
    cached_app: FastAPI, session: Session, settings: Settings, frozen_clock: SetClock
) -> None:
    frozen_clock(TODAY)
    bureau = make_bureau(session)
    company = make_enterprise(session, district="370612")
    publish(session, settings, bureau, company, decision_date=dt.date(2026, 6, 20))
    session.commit()
    with TestClient(cached_app) as client:
        before = statistics(client)["penalties_by_district"]
        count = next(r["count"] for r in before["rows"] if r["code"] == "370612")
        publish(session, settings, bureau, company, decision_date=dt.date(2026, 6, 21))
        session.commit()
        after = statistics(client)["penalties_by_district"]
        assert next(r["count"] for r in after["rows"] if r["code"] == "370612") == count + 1


def test_figures_are_reused_while_nothing_changed(
    session: Session, settings: Settings, frozen_clock: SetClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_clock(TODAY)
    computed: list[StatFilters] = []
    real = service.compute

    def counting(s: Session, st: Settings, f: StatFilters) -> service.Report:
        computed.append(f)
        return real(s, st, f)

    monkeypatch.setattr(service, "compute", counting)
    cached = settings.model_copy(update={"statistics_cache_seconds": 300})
    service.clear_caches()
    filters = StatFilters(day=TODAY)
    first = service.report(session, cached, filters)
    assert service.report(session, cached, filters) is first
    frozen_clock(TODAY + dt.timedelta(days=1))  # a new day: figures computed afresh
    service.report(session, cached, StatFilters(day=TODAY))
    assert len(computed) == 2
    service.clear_caches()


def test_the_home_page_shows_the_trend_and_the_latest_changes(
    client: TestClient, city: City
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    overview = page.context["overview"]
    month = statistics(client)["penalties_by_month"]
    assert [(r["label"], r["count"]) for r in overview.trend.rows] == [
        (r["label"], r["count"]) for r in month["rows"]
    ]
    assert len(overview.trend.rows) == 24
    assert overview.penalties
    assert overview.penalties[0].day >= overview.penalties[-1].day
    assert {item.label for item in overview.list_entries} <= {"列入黑名单", "列入红名单"}
    assert 'href="/statistics"' in page.text
    assert "<svg" in page.text
    assert 'role="img"' in page.text


def test_every_bar_colour_is_okabe_ito_and_contrasts_with_white(
    session: Session, settings: Settings, city: City
) -> None:
    report = service.compute(session, settings, StatFilters(day=TODAY))
    used = {s.colour for table in report.tables for s in table.chart.series}
    assert used <= set(OKABE_ITO.values())
    for colour in used:
        assert contrast_with_white(colour) >= 3.0, colour  # WCAG 1.4.11: graphics 3:1
