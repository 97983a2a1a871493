"""The statistics: every figure computed from what is public on the day looked at, through the
one visibility rule, for the page, its JSON twin and the CSV alike.

Speed: a computation reads the public penalties once and every list and level count once
(a few hundred milliseconds at 300,000 enterprises), and its result is reused while nothing it
depends on changed: the cache key holds the filters, today's date and the data's fingerprint (the
change feed's head, which moves with every publication, correction and withdrawal; the last rules
tick, which rewrites levels; the repair decisions), so the first request after a publication
computes afresh and never serves the figures from before it. ``ECOCREDIT_STATISTICS_CACHE_SECONDS``
bounds the reuse in time as well (0: compute every time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.kit.errors import NotFound
from app.statistics import repository
from app.statistics.cache import FreshCache
from app.statistics.context import StatContext
from app.statistics.filters import StatFilters, parse_filters
from app.statistics.registry import BY_KEY, SECTIONS, STATISTICS
from app.statistics.tables import StatTable

CAVEATS: tuple[str, ...] = (
    "处罚数量首先反映执法检查的力度和频次：检查越多、越细，发现和处罚的违法行为往往越多，"
    "数字高不等于环境更差，数字低也不等于没有违法。",
    "企业多的区县和行业，处罚数量通常也多。比较区县时请看“每千家企业处罚数”，"
    "并结合产业结构、检查计划等因素理解。",
    "本页不是排名，不代表对任何区县、行业或企业的评价；企业的信用状况以其信用记录页为准。",
    "只统计查询日公示中的记录：公示期满、信用修复、撤销或更正前的旧版本都不计入，"
    "与行政处罚公示页、红黑名单页和企业信用记录页显示的内容一致。",
)

_REPORTS = FreshCache(256)
_REGISTRY = FreshCache(64)


@dataclass(frozen=True)
class Report:
    filters: StatFilters
    tables: tuple[StatTable, ...]

    def table(self, key: str) -> StatTable:
        return next(t for t in self.tables if t.key == key)

    def sections(self) -> list[tuple[str, str, list[StatTable]]]:
        """(key, title, tables) of the page's sections, in order."""
        grouped: list[tuple[str, str, list[StatTable]]] = []
        for section, title in SECTIONS.items():
            keys = [s.key for s in STATISTICS if s.section == section]
            tables = [t for t in self.tables if t.key in keys]
            if tables:
                grouped.append((section, title, tables))
        return grouped


def _registry(session: Session, settings: Settings) -> Any:
    def cached(name: str, compute: Any) -> Any:
        return _REGISTRY.get(name, settings.statistics_cache_seconds, compute)

    return cached


def industries(session: Session, settings: Settings) -> list[str]:
    """The industry filter's choices (the registry's industries)."""
    found: list[str] = _registry(session, settings)(
        "industries", lambda: repository.industries(session)
    )
    return found


def read_filters(session: Session, settings: Settings, **raw: str | None) -> StatFilters:
    """The request's filters, checked (422 with every problem)."""
    return parse_filters(industries(session, settings), **raw)


def report(session: Session, settings: Settings, filters: StatFilters) -> Report:
    """Every statistic for ``filters`` (from the cache when nothing changed since)."""
    key = (filters, clock.today(), repository.fingerprint(session))
    value: Report = _REPORTS.get(
        key, settings.statistics_cache_seconds, lambda: compute(session, settings, filters)
    )
    return value


def compute(session: Session, settings: Settings, filters: StatFilters) -> Report:
    """Every statistic for ``filters``, computed now (no cache)."""
    ctx = StatContext(session, filters, _registry(session, settings))
    tables = tuple(statistic.compute(ctx) for statistic in STATISTICS)
    return Report(filters=filters, tables=tables)


def statistic_key(key: str) -> str:
    """``key`` when it names a statistic, else 404 saying which exist."""
    if key not in BY_KEY:
        names = "、".join(BY_KEY)
        raise NotFound(f"没有名为“{key}”的统计：可用的有 {names}")
    return key


def clear_caches() -> None:
    """Forget every cached figure (tests that change the registry, the bench's cold runs)."""
    _REPORTS.clear()
    _REGISTRY.clear()
