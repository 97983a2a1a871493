"""Result and filter counts of a search: counted over the first ``FACET_CAP`` matches in ranking
order, and reused for the same query for a short while (``CountCache``).

Counting reads, for every counted match, its district, industry (copied into the search docs), its
level valid today and its list status today; that costs a few microseconds a match, so a search
counts at most ``FACET_CAP`` matches. Up to that, the counts are exact; beyond it, ``total`` and
the filter counts are lower bounds (``total_exact`` and ``facets_exact`` say so), except that a
single word of exactly two characters without filters has its exact total from its posting list
(up to ``TOTAL_CAP``: a word in most names, such as 公司, shows "more than 50,000").
A popular query's counts are reused for ``search_count_cache_seconds`` (60 s by default, the
same as the responses' ``Cache-Control: max-age``); the result pages themselves are always read
live, so paging stays exact.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from fastapi import Request

from app.kit.regions import current_divisions, division_name
from app.search.planner import Plan
from app.search.repository import FacetCount, Filters
from app.search.schemas import Facets, FacetValue
from app.web.deps import get_settings

FACET_CAP = 1000  # matches counted (with their facets) per search
TOTAL_CAP = 50_000  # the longest posting list counted for an exact total
LIST_LABELS = {"red": "红名单（守信激励）", "black": "黑名单（失信惩戒）", "none": "未列入"}
NO_LEVEL_LABEL = "未评价"


@dataclass(frozen=True)
class Counts:
    facets: Facets
    counted: int  # matches found, up to FACET_CAP + 1 (more than FACET_CAP: not all counted)
    total: int
    total_exact: bool

    @property
    def facets_exact(self) -> bool:
        return self.counted <= FACET_CAP


Levels = dict[str, dict[str, object]]


class CountCache:
    """A small per-process cache, each entry kept ``seconds``: the :class:`Counts` and the
    :class:`Plan` of a query, and the credit levels of a day (read for every search)."""

    def __init__(self, seconds: float, max_entries: int = 2048) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict[tuple[str, str], tuple[float, object]] = {}
        self._lock = threading.Lock()

    def _get(self, key: tuple[str, str]) -> object | None:
        if self.seconds <= 0:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            return entry[1]

    def _put(self, key: tuple[str, str], value: object) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_entries:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
                while len(self._entries) >= self.max_entries:
                    del self._entries[next(iter(self._entries))]
            self._entries[key] = (time.monotonic() + self.seconds, value)

    def get(self, key: tuple[str, str]) -> Counts | None:
        found = self._get(key)
        return found if isinstance(found, Counts) else None

    def put(self, key: tuple[str, str], counts: Counts) -> None:
        self._put(key, counts)

    def get_plan(self, key: str) -> Plan | None:
        found = self._get(("plan", key))
        return found if isinstance(found, Plan) else None

    def put_plan(self, key: str, plan: Plan) -> None:
        if plan.reusable:
            self._put(("plan", key), plan)

    def get_levels(self, day: str) -> Levels | None:
        found = self._get(("levels", day))
        return found if isinstance(found, dict) else None

    def put_levels(self, day: str, levels: Levels) -> None:
        self._put(("levels", day), levels)


def level_label(levels: Levels, code: str | None) -> str | None:
    if code is None:
        return None
    level = levels.get(code)
    if level is None:
        return code
    return f"{level.get('label', code)}（{level.get('name', '')}）"


def facets(groups: list[FacetCount], filters: Filters, levels: Levels) -> Facets:
    districts: Counter[str] = Counter()
    industries: Counter[str] = Counter()
    level_counts: Counter[str] = Counter()
    list_counts: Counter[str] = Counter()
    for group in groups:
        if group.district_code:
            districts[group.district_code] += group.count
        if group.industry:
            industries[group.industry] += group.count
        level_counts[group.level or "none"] += group.count
        list_counts[group.list_status or "none"] += group.count

    district_values = [
        FacetValue(
            value=d.code,
            label=d.name,
            count=districts.get(d.code, 0),
            selected=filters.district == d.code,
        )
        for d in current_divisions()
    ]
    known = {d.code for d in current_divisions()}
    extra = sorted(set(districts) | ({filters.district} if filters.district else set()))
    district_values += [
        FacetValue(
            value=code,
            label=division_name(code) or code,
            count=districts.get(code, 0),
            selected=filters.district == code,
        )
        for code in extra
        if code not in known
    ]
    industry_names = [name for name, _ in industries.most_common(30)]
    if filters.industry and filters.industry not in industry_names:
        industry_names.append(filters.industry)
    industry_values = [
        FacetValue(
            value=name,
            label=name,
            count=industries.get(name, 0),
            selected=filters.industry == name,
        )
        for name in industry_names
    ]
    level_values = [
        FacetValue(
            value=code,
            label=level_label(levels, code) or code,
            count=level_counts.get(code, 0),
            selected=filters.level == code,
        )
        for code in levels
    ]
    level_values.append(
        FacetValue(
            value="none",
            label=NO_LEVEL_LABEL,
            count=level_counts.get("none", 0),
            selected=filters.level == "none",
        )
    )
    list_values = [
        FacetValue(
            value=code,
            label=label,
            count=list_counts.get(code, 0),
            selected=filters.list_status == code,
        )
        for code, label in LIST_LABELS.items()
    ]
    return Facets(
        district=district_values, industry=industry_values, level=level_values, list=list_values
    )


def count_cache(request: Request) -> CountCache:
    """The app's cache of search counts (one per process), made on first use."""
    cache: CountCache | None = getattr(request.app.state, "search_count_cache", None)
    if cache is None:
        cache = CountCache(get_settings(request).search_count_cache_seconds)
        request.app.state.search_count_cache = cache
    return cache
