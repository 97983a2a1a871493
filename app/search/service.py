"""Enterprise search: one box for a name, part of a name or a credit code; the page and the API
both call :func:`search`. Matching and ranking: app.search.planner; counts: app.search.counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.kit.errors import FieldError, ValidationFailed
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.kit.regions import division_name, is_known_division
from app.search import repository
from app.search.counts import (
    FACET_CAP,
    LIST_LABELS,
    TOTAL_CAP,
    CountCache,
    Counts,
    Levels,
    facets,
    level_label,
)
from app.search.grams import normalise_text
from app.search.highlight import code_segments, name_highlight
from app.search.planner import (
    TIER_CODE,
    TIER_CODE_PREFIX,
    TIER_OTHER,
    Plan,
    plan_query,
)
from app.search.repository import Driver, Filters, MatchRow, TierQuery
from app.search.schemas import (
    EnterpriseLinks,
    Highlight,
    QueryEcho,
    SearchItem,
    SearchResult,
    Suggestion,
)
from app.search.terms import is_pinyin

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    district: str | None = None
    industry: str | None = None
    level: str | None = None
    list_status: str | None = None
    cursor: str | None = None
    limit: int = 20
    licence: str | None = None  # a licence kind code: holds one in force today


# --- filters -------------------------------------------------------------------------------


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def validate_filters(session: Session, request: SearchRequest, day: dt.date) -> Filters:
    """The filters of a request; an unknown value is a 422 naming the parameter."""
    district = _blank(request.district)
    industry = _blank(request.industry)
    level = _blank(request.level)
    list_status = _blank(request.list_status)
    licence = _blank(request.licence)
    problems: list[FieldError] = []
    if district and not is_known_division(district):
        problems.append(FieldError("district", f"未知的区县代码“{district}”", "unknown_value"))
    if industry and not repository.industry_exists(session, industry):
        problems.append(FieldError("industry", f"没有行业为“{industry}”的企业", "unknown_value"))
    if level:
        codes = [str(lv["code"]) for lv in repository.scheme_levels(session, day)]
        if level not in [*codes, "none"]:
            allowed = "、".join([*codes, "none"])
            problems.append(
                FieldError("level", f"未知的信用等级“{level}”，可选：{allowed}", "unknown_value")
            )
    if list_status and list_status not in LIST_LABELS:
        problems.append(
            FieldError(
                "list", f"未知的名单状态“{list_status}”，可选：red、black、none", "unknown_value"
            )
        )
    if licence and not repository.licence_kind_exists(session, licence):
        problems.append(
            FieldError(
                "licence", f"未知的许可事项“{licence}”，如 pollutant_discharge", "unknown_value"
            )
        )
    if problems:
        raise ValidationFailed("筛选条件有误", fields=problems)
    return Filters(district, industry, level, list_status, licence)


# --- cursors -------------------------------------------------------------------------------


def _fingerprint(q: str, filters: Filters) -> str:
    data = json.dumps(
        [
            [normalise_text(word) for word in q.split()],
            filters.district,
            filters.industry,
            filters.level,
            filters.list_status,
            filters.licence,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def _decode(secret: str, cursor: str, fingerprint: str) -> tuple[int, int | str]:
    key = decode_cursor(secret, cursor)
    tier, last = key.get("t"), key.get("k")
    if (
        key.get("f") != fingerprint
        or not isinstance(tier, int)
        or tier not in range(5)
        or not isinstance(last, int | str)
        or isinstance(last, bool)
    ):
        raise InvalidCursor(fields=[FieldError("cursor", "翻页参数与当前查询条件不符")])
    return tier, last


def _tiers_from(
    plan: Plan, start: tuple[int, int | str] | None
) -> list[tuple[TierQuery, int | str | None]]:
    """The tiers still to read, each with its keyset position (None: from its start)."""
    if start is None:
        return [(tier, None) for tier in plan.tiers]
    return [
        (tier, start[1] if tier.tier == start[0] else None)
        for tier in plan.tiers
        if tier.tier >= start[0]
    ]


# --- the search ----------------------------------------------------------------------------


def _levels(session: Session, day: dt.date, cache: CountCache | None) -> Levels:
    """The credit levels by code (labels, colours), the scheme in force first."""
    found = cache.get_levels(day.isoformat()) if cache is not None else None
    if found is None:
        found = {str(lv["code"]): lv for lv in repository.scheme_levels(session, day)}
        if cache is not None:
            cache.put_levels(day.isoformat(), found)
    return found


def _counts(
    session: Session,
    plan: Plan,
    filters: Filters,
    day: dt.date,
    key: tuple[str, str],
    cache: CountCache | None,
    levels: Levels,
) -> Counts:
    cached = cache.get(key) if cache is not None else None
    if cached is not None:
        return cached
    groups = repository.facet_counts(session, plan.tiers, filters, day, FACET_CAP)
    counted = sum(g.count for g in groups)
    if counted == FACET_CAP:  # more? (reading ids only is cheaper than counting facets)
        tiers = [(tier, None) for tier in plan.tiers]
        counted = len(repository.fetch_page(session, tiers, filters, day, FACET_CAP + 1))
    total, total_exact = min(counted, FACET_CAP), counted <= FACET_CAP
    if not total_exact and plan.exact_count_gram is not None and not filters.any():
        found = repository.count_postings(session, plan.exact_count_gram, TOTAL_CAP + 1)
        total, total_exact = min(found, TOTAL_CAP), found <= TOTAL_CAP
    counts = Counts(facets(groups, filters, levels), counted, total, total_exact)
    if cache is not None:
        cache.put(key, counts)
    return counts


def search(
    session: Session,
    request: SearchRequest,
    *,
    secret: str,
    day: dt.date,
    cache: CountCache | None = None,
) -> SearchResult:
    """One page of results for a query and filters, with result and filter counts and, when
    nothing matched, suggestions. Used by ``GET /enterprises`` and ``GET /api/v1/enterprises``."""
    q = request.q.strip()[:MAX_QUERY_LENGTH]
    filters = validate_filters(session, request, day)
    fingerprint = _fingerprint(q, filters)
    start = _decode(secret, request.cursor, fingerprint) if request.cursor else None
    if q:
        plan_key = _fingerprint(q, Filters())
        found = cache.get_plan(plan_key) if cache is not None else None
        plan = found or plan_query(session, q)
        if cache is not None and found is None:
            cache.put_plan(plan_key, plan)
    else:  # browsing by filters: every enterprise, in id order
        plan = Plan([TierQuery(TIER_OTHER, Driver("all"))], [], None, None, None)
    if plan.district is not None and filters.district is None:
        filters = replace(filters, district=plan.district)  # "福山 电镀": 福山区's 电镀
    levels = _levels(session, day, cache)
    counts = _counts(session, plan, filters, day, (fingerprint, day.isoformat()), cache, levels)

    page = repository.fetch_page_rows(
        session, _tiers_from(plan, start), filters, day, request.limit + 1
    )
    next_cursor = None
    if len(page) > request.limit:
        last = page[request.limit - 1][0]
        next_cursor = encode_cursor(secret, {"t": last.tier, "k": last.key, "f": fingerprint})
        page = page[: request.limit]

    items = [_item(row, match, plan, levels) for match, row in page]
    nothing = not items and start is None
    return SearchResult(
        query=QueryEcho(
            q=request.q,
            district=filters.district,
            industry=filters.industry,
            level=filters.level,
            list=filters.list_status,
        ),
        items=items,
        total=counts.total,
        total_exact=counts.total_exact,
        facets=counts.facets,
        facets_exact=counts.facets_exact,
        next_cursor=next_cursor,
        hint=plan.hint or _district_hint(plan, filters),
        suggestions=_suggestions(q, plan, filters) if nothing else [],
    )


def _item(
    row: repository.EnterpriseRow,
    match: MatchRow,
    plan: Plan,
    levels: Levels,
) -> SearchItem:
    name, former = name_highlight(row.name, row.former_names, plan.words)
    code_len = len(plan.code) if plan.code and match.tier in (TIER_CODE, TIER_CODE_PREFIX) else 0
    status = row.list_status or "none"
    return SearchItem(
        uscc=row.uscc,
        name=row.name,
        district_code=row.district_code,
        district_name=division_name(row.district_code),
        industry=row.industry,
        credit_level=row.level,
        credit_level_label=level_label(levels, row.level),
        list_status=status,
        list_status_label=LIST_LABELS.get(status, status),
        highlight=Highlight(name=name, former_name=former, uscc=code_segments(row.uscc, code_len)),
        links=EnterpriseLinks(
            html=f"/enterprises/{row.uscc}", api=f"/api/v1/enterprises/{row.uscc}"
        ),
    )


def _district_hint(plan: Plan, filters: Filters) -> str | None:
    if plan.district is None or plan.district != filters.district:
        return None
    return f"查询词中的地名按区县筛选：{division_name(plan.district)}"


def _suggestions(q: str, plan: Plan, filters: Filters) -> list[Suggestion]:
    """What to try when nothing matched."""
    found: list[Suggestion] = []
    if is_pinyin(q):
        return [
            Suggestion(
                text="企业名称按汉字检索，暂不支持拼音或拼音首字母（如“wanhua”“wh”）："
                "请输入名称中的汉字，如“万华”，或输入统一社会信用代码",
                query=None,
            )
        ]
    if not q and not filters.any():
        return [
            Suggestion(text="输入企业名称中的词（如“万华”“化工”）或统一社会信用代码", query=None)
        ]
    if filters.any():
        found.append(Suggestion(text="去掉筛选条件，在全部企业中查询", query=q))
    if len(plan.words) > 1:
        found.append(Suggestion(text=f"减少关键词，只查“{plan.words[0]}”", query=plan.words[0]))
    long_words = [w for w in plan.words if len(w) > 2]
    if long_words and not plan.code:
        short = long_words[0][:2]
        found.append(Suggestion(text=f"换用更短的词，如“{short}”", query=short))
    if plan.code:
        found.append(
            Suggestion(
                text="核对统一社会信用代码，或只输入前8位（登记管理部门、类别和行政区划）",
                query=plan.code[:8],
            )
        )
    found.append(
        Suggestion(
            text="检查是否有错别字；企业更名后，用曾用名也能查到",
            query=None,
        )
    )
    return found
