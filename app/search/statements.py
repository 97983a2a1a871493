"""The SQL of the enterprise search, built once per query shape and reused with new parameters.

Building a SQLAlchemy statement costs more than running it on an index (a search runs in about a
millisecond of SQL), so statements are cached by their *shape* (which tiers, drivers, conditions
and filters), with every value a bound parameter. Parameter names of a tier start with ``t<N>_``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)

from app.models import (
    CreditAssessment,
    Enterprise,
    EnterpriseSearchDoc,
    EnterpriseSearchPosting,
    LicenceKind,
    LicenceRecord,
    LicenceVersion,
    ListEntry,
)
from app.publication.visibility import licence_in_force, list_entry_in_force

P = EnterpriseSearchPosting
D = EnterpriseSearchDoc
E = Enterprise
DAY: Any = bindparam("day", type_=Date)


@dataclass(frozen=True)
class TierShape:
    """What one tier's SQL looks like (values excluded)."""

    tier: int
    driver: str  # "gram", "range", "scan", "name", "all" or "code"
    uscc_exact: bool = False
    uscc_prefix: bool = False
    contains: int = 0  # how many words must occur in the names
    name_equals: bool = False
    name_starts: bool = False
    name_not_starts: bool = False
    name_not_equals: bool = False
    after: bool = False  # a keyset position inside this tier


@dataclass(frozen=True)
class FilterShape:
    district: bool = False
    industry: bool = False
    level: str | None = None  # None, "none" or "code"
    list_status: str | None = None  # None, "none" or "code"
    licence: bool = False  # holds a licence of the kind ``:licence`` in force on ``:day``


def holds_licence_today(enterprise_id: Any) -> ColumnElement[bool]:
    """The enterprise holds a licence of the kind ``:licence`` in force on ``:day`` (the one
    visibility rule: public, within its validity, not revoked)."""
    kind = select(LicenceKind.id).where(LicenceKind.code == bindparam("licence"))
    return (
        select(LicenceRecord.id)
        .join(LicenceVersion, LicenceVersion.record_id == LicenceRecord.id)
        .where(
            LicenceRecord.enterprise_id == enterprise_id,
            LicenceVersion.kind_id == kind.scalar_subquery(),
            licence_in_force(DAY),
        )
        .exists()
    )


def level_today(enterprise_id: Any) -> Any:
    """Scalar subquery: the level code of the assessment valid on ``:day`` (latest first)."""
    return (
        select(CreditAssessment.level)
        .where(
            CreditAssessment.enterprise_id == enterprise_id,
            CreditAssessment.valid_from <= DAY,
            or_(CreditAssessment.valid_to.is_(None), CreditAssessment.valid_to >= DAY),
        )
        # (a tie on valid_from is broken by valid_to: the order of the covering index
        # ix_credit_assessments_search_level, which then answers the whole subquery)
        .order_by(CreditAssessment.valid_from.desc(), CreditAssessment.valid_to.desc())
        .limit(1)
        .scalar_subquery()
    )


def list_status_today(enterprise_id: Any) -> Any:
    """Scalar subquery: ``black`` or ``red`` (black first) when a list entry is in force on
    ``:day``, else NULL."""
    return (
        select(func.min(ListEntry.list_type))
        .where(ListEntry.enterprise_id == enterprise_id, list_entry_in_force(DAY))
        .scalar_subquery()
    )


def _contains(dialect: str, column: Any, word: Any) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return func.strpos(column, word) > 0
    return func.instr(column, word) > 0


def _filter_conditions(shape: FilterShape, eid: Any, facts: Any) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if shape.district:
        conditions.append(facts.district_code == bindparam("district"))
    if shape.industry:
        conditions.append(facts.industry == bindparam("industry"))
    if shape.level == "none":
        conditions.append(level_today(eid).is_(None))
    elif shape.level:
        conditions.append(level_today(eid) == bindparam("level"))
    if shape.list_status == "none":
        conditions.append(list_status_today(eid).is_(None))
    elif shape.list_status:
        conditions.append(list_status_today(eid) == bindparam("list_status"))
    if shape.licence:
        conditions.append(holds_licence_today(eid))
    return conditions


def _tier(dialect: str, shape: TierShape, filters: FilterShape, facets: bool) -> Select[Any]:
    """The rows of one tier after ``t<N>_after`` (keyset), in key order, at most ``limit``."""

    def param(name: str, type_: Any = None) -> Any:
        return bindparam(f"t{shape.tier}_{name}", type_=type_)

    conditions: list[ColumnElement[bool]] = []
    code: Any = cast(null(), String(18))
    if shape.driver in ("code", "all"):
        eid: Any = E.id
        source: Any = E
        if shape.uscc_exact:
            conditions.append(E.uscc == param("uscc"))
        if shape.uscc_prefix:
            code = E.uscc
            conditions += [
                E.uscc >= param("prefix"),
                E.uscc < param("prefix_end"),  # the prefix and "Z", after every code character
                func.substr(E.uscc, 1, param("prefix_len", Integer)) == param("prefix"),
            ]
    elif shape.driver == "gram":
        eid = P.enterprise_id
        source = P
        conditions.append(P.gram == param("gram"))
    else:
        eid = D.enterprise_id
        source = D
        if shape.driver == "range":
            grams = select(P.enterprise_id).where(P.gram >= param("low"), P.gram < param("high"))
            conditions.append(eid.in_(grams))

    stmt = select(
        literal_column(str(shape.tier), Integer).label("tier"), eid.label("eid"), code.label("code")
    ).select_from(source)
    needs_doc = (
        shape.contains
        or shape.name_equals
        or shape.name_starts
        or shape.name_not_starts
        or shape.name_not_equals
        or facets
        or filters.district
        or filters.industry
    )
    if source is P and needs_doc:
        stmt = stmt.join(D, D.enterprise_id == P.enterprise_id)
    facts: Any = E if source is E else D  # district and industry (copied into the docs)

    for n in range(shape.contains):
        conditions.append(_contains(dialect, D.all_names, param(f"w{n}")))
    if shape.name_equals:
        conditions.append(D.name_key == param("name"))
    if shape.name_not_equals:
        conditions.append(D.name_key != param("name"))
    if shape.name_starts:
        conditions.append(func.substr(D.name_key, 1, param("start_len", Integer)) == param("start"))
    if shape.name_not_starts:
        conditions.append(func.substr(D.name_key, 1, param("start_len", Integer)) != param("start"))
    conditions += _filter_conditions(filters, eid, facts)
    key = code if shape.uscc_prefix else eid
    if shape.after:
        conditions.append(key > param("after"))
    if facets:
        stmt = stmt.add_columns(
            facts.district_code.label("district_code"),
            facts.industry.label("industry"),
            level_today(eid).label("level"),
            list_status_today(eid).label("list_status"),
        )
    # and_(True, ...): with no condition at all (no words, no filter) every enterprise matches.
    return (
        stmt.where(and_(true(), *conditions)).order_by(key).limit(bindparam("limit", type_=Integer))
    )


def _first_rows(
    dialect: str, tiers: tuple[TierShape, ...], filters: FilterShape, facets: bool
) -> Any:
    """The first ``:limit`` rows of these tiers, tier after tier (a subquery)."""
    parts = [_tier(dialect, shape, filters, facets).subquery() for shape in tiers]
    selects = [select(*part.c) for part in parts]
    combined = selects[0] if len(selects) == 1 else union_all(*selects)
    return combined.limit(bindparam("limit", type_=Integer)).subquery()


def _in_order(rows: Any) -> tuple[Any, ...]:
    """The ranking order of matches (a UNION ALL does not promise to keep its parts' order)."""
    return (rows.c.tier, rows.c.code, rows.c.eid)


@lru_cache(maxsize=512)
def page_statement(dialect: str, tiers: tuple[TierShape, ...], filters: FilterShape) -> Select[Any]:
    """The first ``:limit`` matches: tier, enterprise id and, in code tiers, the code."""
    rows = _first_rows(dialect, tiers, filters, facets=False)
    return select(rows.c.tier, rows.c.eid, rows.c.code).order_by(*_in_order(rows))


@lru_cache(maxsize=512)
def page_rows_statement(
    dialect: str, tiers: tuple[TierShape, ...], filters: FilterShape
) -> Select[Any]:
    """The first ``:limit`` matches with what a result shows (one round trip for a page)."""
    rows = _first_rows(dialect, tiers, filters, facets=False)
    return (
        select(
            rows.c.tier,
            rows.c.eid,
            rows.c.code,
            E.uscc,
            E.name,
            E.former_names,
            E.district_code,
            E.industry,
            level_today(E.id).label("level"),
            list_status_today(E.id).label("list_status"),
        )
        .join(E, E.id == rows.c.eid)
        .order_by(*_in_order(rows))
    )


@lru_cache(maxsize=512)
def facet_statement(
    dialect: str, tiers: tuple[TierShape, ...], filters: FilterShape
) -> Select[Any]:
    rows = _first_rows(dialect, tiers, filters, facets=True)
    groups = (rows.c.district_code, rows.c.industry, rows.c.level, rows.c.list_status)
    return select(*groups, func.count().label("n")).group_by(*groups)


@lru_cache(maxsize=64)
def gram_count_statement(ranges: int) -> Any:
    """How many postings fall in each of ``ranges`` gram ranges ``[:lo<i>, :hi<i>)``, counting
    at most ``:cap<i>`` each."""
    parts = [
        select(literal_column(str(i), Integer).label("i"), func.count().label("n")).select_from(
            select(literal_column("1", Integer).label("one"))
            .select_from(P)
            .where(P.gram >= bindparam(f"lo{i}"), P.gram < bindparam(f"hi{i}"))
            .limit(bindparam(f"cap{i}", type_=Integer))
            .subquery()
        )
        for i in range(ranges)
    ]
    return parts[0] if ranges == 1 else union_all(*parts)


COUNT_POSTINGS = select(func.count()).select_from(
    select(P.enterprise_id)
    .where(P.gram == bindparam("gram"))
    .limit(bindparam("cap", type_=Integer))
    .subquery()
)

INDUSTRY_EXISTS = select(E.id).where(E.industry == bindparam("industry")).limit(1)
LICENCE_KIND_EXISTS = select(LicenceKind.id).where(LicenceKind.code == bindparam("code")).limit(1)
