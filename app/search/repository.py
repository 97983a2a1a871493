"""Queries of the enterprise search: candidates from the gram postings, verified by substring.

Every candidate query streams in key order (keyset pagination) and stops at ``limit`` rows, so a
page of a 2-character word costs one index range scan of its posting list, however many names
contain it. Where the postings could over-match (several bigrams, a 1-character word, words that
must all appear), the SQL verifies each candidate by substring against the normalised names.
The statements themselves are built once per shape (app.search.statements).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CreditScheme
from app.search import statements
from app.search.statements import FilterShape, TierShape


@dataclass(frozen=True)
class Driver:
    """Where a tier's candidates come from.

    ``gram``: one posting list (streams in id order). ``range``: every posting in
    ``[low, high)`` (a 1-character word; distinct ids sorted by the database, used when small).
    ``scan``: every indexed enterprise in id order (a 1-character word found in many names).
    ``all``: every enterprise (no query words: browsing by filters).
    """

    kind: str
    low: int = 0
    high: int = 0


@dataclass(frozen=True)
class Filters:
    district: str | None = None
    industry: str | None = None
    level: str | None = None  # a level code, or "none" for no assessment valid today
    list_status: str | None = None  # "red", "black" or "none"
    licence: str | None = None  # a licence kind code: holds one in force today

    def any(self) -> bool:
        return any((self.district, self.industry, self.level, self.list_status, self.licence))


@dataclass(frozen=True)
class TierQuery:
    """One ranking tier: its candidates (``driver``) and the conditions a match must meet."""

    tier: int
    driver: Driver | None = None  # None: a code tier (``uscc`` exact or prefix)
    uscc_exact: str | None = None
    uscc_prefix: str | None = None
    contains: tuple[str, ...] = ()  # every word must occur in one of the names
    name_equals: str | None = None
    name_starts: str | None = None
    name_not_starts: str | None = None
    name_not_equals: str | None = None


@dataclass(frozen=True)
class MatchRow:
    tier: int
    key: int | str  # the keyset key inside the tier: the id, or the uscc for code prefixes
    enterprise_id: int


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _tier_shape(query: TierQuery, after: int | str | None) -> TierShape:
    driver = query.driver
    return TierShape(
        tier=query.tier,
        driver="code" if driver is None else driver.kind,
        uscc_exact=query.uscc_exact is not None,
        uscc_prefix=query.uscc_prefix is not None,
        contains=len(query.contains),
        name_equals=query.name_equals is not None,
        name_starts=query.name_starts is not None,
        name_not_starts=query.name_not_starts is not None,
        name_not_equals=query.name_not_equals is not None,
        after=after is not None,
    )


def _tier_params(query: TierQuery, after: int | str | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    driver = query.driver
    if driver is not None and driver.kind == "gram":
        values["gram"] = driver.low
    if driver is not None and driver.kind == "range":
        values["low"], values["high"] = driver.low, driver.high
    if query.uscc_exact is not None:
        values["uscc"] = query.uscc_exact
    if query.uscc_prefix is not None:
        prefix = query.uscc_prefix
        values.update(prefix=prefix, prefix_end=prefix + "Z", prefix_len=len(prefix))
    for n, word in enumerate(query.contains):
        values[f"w{n}"] = word
    name = query.name_equals or query.name_not_equals
    if name is not None:
        values["name"] = name
    start = query.name_starts or query.name_not_starts
    if start is not None:
        values.update(start=start, start_len=len(start))
    if after is not None:
        values["after"] = after
    return {f"t{query.tier}_{key}": value for key, value in values.items()}


def _filter_shape(filters: Filters) -> FilterShape:
    def kind(value: str | None) -> str | None:
        return None if value is None else "none" if value == "none" else "code"

    return FilterShape(
        district=filters.district is not None,
        industry=filters.industry is not None,
        level=kind(filters.level),
        list_status=kind(filters.list_status),
        licence=filters.licence is not None,
    )


def _filter_params(filters: Filters, day: dt.date) -> dict[str, Any]:
    values: dict[str, Any] = {"day": day}
    if filters.district is not None:
        values["district"] = filters.district
    if filters.industry is not None:
        values["industry"] = filters.industry
    if filters.level not in (None, "none"):
        values["level"] = filters.level
    if filters.list_status not in (None, "none"):
        values["list_status"] = filters.list_status
    if filters.licence is not None:
        values["licence"] = filters.licence
    return values


def _prepare(
    tiers: Sequence[tuple[TierQuery, int | str | None]], filters: Filters, day: dt.date, limit: int
) -> tuple[tuple[TierShape, ...], FilterShape, dict[str, Any]]:
    params = _filter_params(filters, day)
    params["limit"] = limit
    for query, after in tiers:
        params.update(_tier_params(query, after))
    shapes = tuple(_tier_shape(query, after) for query, after in tiers)
    return shapes, _filter_shape(filters), params


def fetch_page(
    session: Session,
    tiers: Sequence[tuple[TierQuery, int | str | None]],
    filters: Filters,
    day: dt.date,
    limit: int,
) -> list[MatchRow]:
    """The first ``limit`` matches of these tiers (each after its keyset position), in order."""
    if not tiers:
        return []
    shapes, filter_shape, params = _prepare(tiers, filters, day, limit)
    stmt = statements.page_statement(_dialect(session), shapes, filter_shape)
    return [
        MatchRow(
            tier=int(row.tier),
            key=row.code if row.code is not None else int(row.eid),
            enterprise_id=int(row.eid),
        )
        for row in session.connection().execute(stmt, params)
    ]


@dataclass(frozen=True)
class EnterpriseRow:
    id: int
    uscc: str
    name: str
    former_names: list[str]
    district_code: str | None
    industry: str | None
    level: str | None
    list_status: str | None


def fetch_page_rows(
    session: Session,
    tiers: Sequence[tuple[TierQuery, int | str | None]],
    filters: Filters,
    day: dt.date,
    limit: int,
) -> list[tuple[MatchRow, EnterpriseRow]]:
    """Like :func:`fetch_page`, with the facts each result shows (its level and list status on
    ``day``), in one query."""
    if not tiers:
        return []
    shapes, filter_shape, params = _prepare(tiers, filters, day, limit)
    stmt = statements.page_rows_statement(_dialect(session), shapes, filter_shape)
    return [
        (
            MatchRow(
                tier=int(row.tier),
                key=row.code if row.code is not None else int(row.eid),
                enterprise_id=int(row.eid),
            ),
            EnterpriseRow(
                id=int(row.eid),
                uscc=row.uscc,
                name=row.name,
                former_names=list(row.former_names or []),
                district_code=row.district_code,
                industry=row.industry,
                level=row.level,
                list_status=str(row.list_status) if row.list_status is not None else None,
            ),
        )
        for row in session.connection().execute(stmt, params)
    ]


@dataclass(frozen=True)
class FacetCount:
    district_code: str | None
    industry: str | None
    level: str | None
    list_status: str | None
    count: int


def facet_counts(
    session: Session, tiers: Sequence[TierQuery], filters: Filters, day: dt.date, limit: int
) -> list[FacetCount]:
    """Counts of the first ``limit`` matches by district, industry, level and list status."""
    if not tiers:
        return []
    shapes, filter_shape, params = _prepare([(t, None) for t in tiers], filters, day, limit)
    stmt = statements.facet_statement(_dialect(session), shapes, filter_shape)
    return [
        FacetCount(
            district_code=row.district_code,
            industry=row.industry,
            level=row.level,
            list_status=str(row.list_status) if row.list_status is not None else None,
            count=int(row.n),
        )
        for row in session.connection().execute(stmt, params)
    ]


def capped_counts(session: Session, ranges: Sequence[tuple[int, int, int]]) -> list[int]:
    """How many postings fall in each gram range ``(low, high, cap)`` (``low`` <= gram <
    ``high``), counting at most ``cap``."""
    if not ranges:
        return []
    params: dict[str, Any] = {}
    for i, (low, high, cap) in enumerate(ranges):
        params[f"lo{i}"], params[f"hi{i}"], params[f"cap{i}"] = low, high, cap
    stmt = statements.gram_count_statement(len(ranges))
    found = {int(row.i): int(row.n) for row in session.connection().execute(stmt, params)}
    return [found.get(i, 0) for i in range(len(ranges))]


def count_postings(session: Session, gram: int, cap: int) -> int:
    """The size of one posting list, counting at most ``cap`` (an index-only count)."""
    found = session.connection().scalar(statements.COUNT_POSTINGS, {"gram": gram, "cap": cap})
    return int(found or 0)


_SCHEMES = select(CreditScheme.definition, CreditScheme.effective_from, CreditScheme.effective_to)


def scheme_levels(session: Session, day: dt.date) -> list[dict[str, Any]]:
    """The levels of every scheme (the one in force on ``day`` first), as stored definitions."""
    schemes = session.connection().execute(_SCHEMES).all()
    in_force = [
        s
        for s in schemes
        if s.effective_from <= day and (s.effective_to is None or s.effective_to >= day)
    ]
    others = [s for s in schemes if s not in in_force]
    ordered = sorted(in_force, key=lambda s: s.effective_from, reverse=True) + others
    levels: list[dict[str, Any]] = []
    seen: set[str] = set()
    for scheme in ordered:
        for level in scheme.definition.get("levels", []):
            if level.get("code") not in seen:
                seen.add(level["code"])
                levels.append(dict(level))
    return levels


def industry_exists(session: Session, industry: str) -> bool:
    found = session.connection().scalar(statements.INDUSTRY_EXISTS, {"industry": industry})
    return found is not None


def licence_kind_exists(session: Session, code: str) -> bool:
    found = session.connection().scalar(statements.LICENCE_KIND_EXISTS, {"code": code})
    return found is not None
