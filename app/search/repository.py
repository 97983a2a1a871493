"""Queries of the enterprise search: candidates from the gram postings, verified by substring.

Every candidate query streams in key order (keyset pagination) and stops at ``limit`` rows, so a
page of a 2-character word costs one index range scan of its posting list, however many names
contain it. Where the postings could over-match (several bigrams, a 1-character word, words that
must all appear), the SQL verifies each candidate by substring against the normalised names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.models import (
    CreditAssessment,
    CreditScheme,
    Enterprise,
    EnterpriseSearchDoc,
    EnterpriseSearchPosting,
    ListEntry,
)
from app.publication.visibility import list_entry_in_force

P = EnterpriseSearchPosting
D = EnterpriseSearchDoc
E = Enterprise


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

    def any(self) -> bool:
        return any((self.district, self.industry, self.level, self.list_status))


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


def _contains(dialect: str, column: Any, word: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return func.strpos(column, word) > 0
    return func.instr(column, word) > 0


def level_today(day: dt.date, enterprise_id: Any) -> Any:
    """Scalar subquery: the level code of the assessment valid on ``day`` (latest first)."""
    return (
        select(CreditAssessment.level)
        .where(
            CreditAssessment.enterprise_id == enterprise_id,
            CreditAssessment.valid_from <= day,
            or_(CreditAssessment.valid_to.is_(None), CreditAssessment.valid_to >= day),
        )
        .order_by(CreditAssessment.valid_from.desc(), CreditAssessment.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def list_status_today(day: dt.date, enterprise_id: Any) -> Any:
    """Scalar subquery: ``black`` or ``red`` (black first) when a list entry is in force, else
    NULL."""
    return (
        select(func.min(ListEntry.list_type))
        .where(ListEntry.enterprise_id == enterprise_id, list_entry_in_force(day))
        .scalar_subquery()
    )


def _filter_conditions(filters: Filters, day: dt.date, eid: Any) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.district:
        conditions.append(E.district_code == filters.district)
    if filters.industry:
        conditions.append(E.industry == filters.industry)
    if filters.level == "none":
        conditions.append(level_today(day, eid).is_(None))
    elif filters.level:
        conditions.append(level_today(day, eid) == filters.level)
    if filters.list_status == "none":
        conditions.append(list_status_today(day, eid).is_(None))
    elif filters.list_status:
        conditions.append(list_status_today(day, eid) == filters.list_status)
    return conditions


def _head(tier: int, eid: Any, code: Any) -> list[Any]:
    """The leading columns of every tier: its number, the enterprise id and, for code prefixes,
    the code (the keyset key of that tier)."""
    code_column = code if code is not None else cast(null(), String(18))
    return [
        literal_column(str(int(tier)), Integer).label("tier"),
        eid.label("eid"),
        code_column.label("code"),
    ]


def tier_select(
    dialect: str,
    query: TierQuery,
    filters: Filters,
    day: dt.date,
    *,
    after: int | str | None,
    limit: int,
    with_facets: bool,
) -> Select[Any]:
    """The rows of one tier after ``after`` (keyset), in key order, at most ``limit``."""
    needs_doc = bool(
        query.contains
        or query.name_equals
        or query.name_starts
        or query.name_not_starts
        or query.name_not_equals
    )
    driver = query.driver
    conditions: list[ColumnElement[bool]] = []
    if driver is None:  # a code tier
        eid: Any = E.id
        stmt = select(*_head(query.tier, eid, E.uscc if query.uscc_prefix else None))
        stmt = stmt.select_from(E)
        if query.uscc_exact:
            conditions.append(E.uscc == query.uscc_exact)
        if query.uscc_prefix:
            prefix = query.uscc_prefix
            conditions += [
                E.uscc >= prefix,
                E.uscc < prefix + "Z",  # "Z" sorts after every character of the code alphabet
                func.substr(E.uscc, 1, len(prefix)) == prefix,
            ]
        joined_e = True
    elif driver.kind == "gram":
        eid = P.enterprise_id
        stmt = select(*_head(query.tier, eid, None))
        stmt = stmt.select_from(P)
        conditions.append(P.gram == driver.low)
        if needs_doc:
            stmt = stmt.join(D, D.enterprise_id == P.enterprise_id)
        joined_e = False
    elif driver.kind == "all":
        eid = E.id
        stmt = select(*_head(query.tier, eid, None))
        stmt = stmt.select_from(E)
        joined_e = True
    else:
        eid = D.enterprise_id
        stmt = select(*_head(query.tier, eid, None))
        stmt = stmt.select_from(D)
        if driver.kind == "range":
            conditions.append(
                eid.in_(select(P.enterprise_id).where(P.gram >= driver.low, P.gram < driver.high))
            )
        joined_e = False

    needs_e = with_facets or bool(filters.district or filters.industry)
    if needs_e and not joined_e:
        stmt = stmt.join(E, E.id == eid)

    for word in query.contains:
        conditions.append(_contains(dialect, D.all_names, word))
    if query.name_equals is not None:
        conditions.append(D.name_key == query.name_equals)
    if query.name_not_equals is not None:
        conditions.append(D.name_key != query.name_not_equals)
    if query.name_starts is not None:
        word = query.name_starts
        conditions.append(func.substr(D.name_key, 1, len(word)) == word)
    if query.name_not_starts is not None:
        word = query.name_not_starts
        conditions.append(func.substr(D.name_key, 1, len(word)) != word)
    conditions += _filter_conditions(filters, day, eid)
    key_column = E.uscc if (driver is None and query.uscc_prefix) else eid
    if after is not None:
        conditions.append(key_column > after)

    if with_facets:
        stmt = stmt.add_columns(
            E.district_code.label("district_code"),
            E.industry.label("industry"),
            level_today(day, eid).label("level"),
            list_status_today(day, eid).label("list_status"),
        )
    return stmt.where(and_(*conditions)).order_by(key_column).limit(limit)


def _union(
    session: Session,
    tiers: Sequence[tuple[TierQuery, int | str | None]],
    filters: Filters,
    day: dt.date,
    limit: int,
    with_facets: bool,
) -> Any:
    """The first ``limit`` rows of these tiers in order, as one statement (a subquery)."""
    dialect = session.get_bind().dialect.name
    parts = [
        tier_select(
            dialect, query, filters, day, after=after, limit=limit, with_facets=with_facets
        ).subquery()
        for query, after in tiers
    ]
    selects = [select(*part.c) for part in parts]
    combined = selects[0] if len(selects) == 1 else union_all(*selects)
    return combined.limit(limit).subquery()


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
    rows = _union(session, tiers, filters, day, limit, with_facets=False)
    return [
        MatchRow(
            tier=int(row.tier),
            key=row.code if row.code is not None else int(row.eid),
            enterprise_id=int(row.eid),
        )
        for row in session.execute(select(rows.c.tier, rows.c.eid, rows.c.code))
    ]


@dataclass(frozen=True)
class FacetCount:
    district_code: str | None
    industry: str | None
    level: str | None
    list_status: str | None
    count: int


def facet_counts(
    session: Session,
    tiers: Sequence[TierQuery],
    filters: Filters,
    day: dt.date,
    limit: int,
) -> list[FacetCount]:
    """Counts of the first ``limit`` matches by district, industry, level and list status."""
    if not tiers:
        return []
    rows = _union(session, [(t, None) for t in tiers], filters, day, limit, with_facets=True)
    groups = (rows.c.district_code, rows.c.industry, rows.c.level, rows.c.list_status)
    stmt = select(*groups, func.count().label("n")).group_by(*groups)
    return [
        FacetCount(
            district_code=row.district_code,
            industry=row.industry,
            level=row.level,
            list_status=str(row.list_status) if row.list_status is not None else None,
            count=int(row.n),
        )
        for row in session.execute(stmt)
    ]


def capped_counts(session: Session, ranges: Sequence[tuple[int, int]], cap: int) -> list[int]:
    """How many postings fall in each gram range ``[low, high)``, counting at most ``cap``."""
    if not ranges:
        return []
    parts = [
        select(literal_column(str(i), Integer).label("i"), func.count().label("n")).select_from(
            select(literal_column("1", Integer).label("one"))
            .select_from(P)
            .where(P.gram >= low, P.gram < high)
            .limit(cap)
            .subquery()
        )
        for i, (low, high) in enumerate(ranges)
    ]
    found = {int(row.i): int(row.n) for row in session.execute(union_all(*parts))}
    return [found.get(i, 0) for i in range(len(ranges))]


def count_postings(session: Session, gram: int) -> int:
    """The exact size of one posting list (an index-only count)."""
    return int(session.scalar(select(func.count()).select_from(P).where(P.gram == gram)) or 0)


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


def enterprise_rows(session: Session, ids: Sequence[int], day: dt.date) -> dict[int, EnterpriseRow]:
    """The displayed facts of these enterprises, with their level and list status on ``day``."""
    if not ids:
        return {}
    stmt = select(
        E.id,
        E.uscc,
        E.name,
        E.former_names,
        E.district_code,
        E.industry,
        level_today(day, E.id).label("level"),
        list_status_today(day, E.id).label("list_status"),
    ).where(E.id.in_(list(ids)))
    return {
        row.id: EnterpriseRow(
            id=row.id,
            uscc=row.uscc,
            name=row.name,
            former_names=list(row.former_names or []),
            district_code=row.district_code,
            industry=row.industry,
            level=row.level,
            list_status=str(row.list_status) if row.list_status is not None else None,
        )
        for row in session.execute(stmt)
    }


def scheme_levels(session: Session, day: dt.date) -> list[dict[str, Any]]:
    """The levels of every scheme (the one in force on ``day`` first), as stored definitions."""
    schemes = session.execute(
        select(CreditScheme.definition, CreditScheme.effective_from, CreditScheme.effective_to)
    ).all()
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
    return session.scalar(select(E.id).where(E.industry == industry).limit(1)) is not None
