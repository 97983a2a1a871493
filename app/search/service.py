"""Enterprise search: one box for a name, part of a name or a credit code; the pages and the API
both call :func:`search`.

Ranking tiers, best first, each in enterprise id order (a stable tiebreak that keyset pagination
can follow while rows are added): 0 exact credit code, 1 credit code prefix (in code order),
2 exact name, 3 name starting with the first word, 4 every other match. Words are ANDed; each
must occur in the current name or a former name.

Counting: the result set is counted, with its facets, up to ``FACET_CAP`` matches in ranking
order. Beyond that, ``total`` and the facet counts are lower bounds (``total_exact`` and
``facets_exact`` say so), except that a single word of exactly two characters without filters is
counted exactly (its posting list is its result set). This keeps a search for 公司 (every
enterprise) as fast as a search for 万华.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.kit.errors import FieldError, ValidationFailed
from app.kit.identifiers import IdentifierError, normalise, parse_uscc, uscc_fragment
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.kit.regions import current_divisions, division_name, is_known_division
from app.search import repository
from app.search.grams import char_range, normalise_text, prefix_gram, query_grams
from app.search.highlight import code_segments, name_highlight
from app.search.repository import Driver, Filters, MatchRow, TierQuery
from app.search.schemas import (
    EnterpriseLinks,
    Facets,
    FacetValue,
    Highlight,
    QueryEcho,
    SearchItem,
    SearchResult,
    Suggestion,
)

TIER_CODE, TIER_CODE_PREFIX, TIER_NAME, TIER_PREFIX, TIER_OTHER = range(5)
FACET_CAP = 2000  # matches counted (with their facets) per search
PLAN_CAP = 5000  # postings counted per gram when choosing the rarest
MAX_WORDS = 5
MAX_QUERY_LENGTH = 100
LIST_LABELS = {"red": "红名单（守信激励）", "black": "黑名单（失信惩戒）", "none": "未列入"}
NO_LEVEL_LABEL = "未评价"


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    district: str | None = None
    industry: str | None = None
    level: str | None = None
    list_status: str | None = None
    cursor: str | None = None
    limit: int = 20


@dataclass(frozen=True)
class Plan:
    tiers: list[TierQuery]
    words: list[str]
    code: str | None  # normalised code or code prefix searched
    hint: str | None
    exact_count_gram: int | None  # a single 2-character word: its posting list is the result


def _words(q: str) -> list[str]:
    words: list[str] = []
    for raw in q.split()[: MAX_WORDS * 2]:
        word = normalise_text(raw)
        if word and word not in words:
            words.append(word)
    # a word inside another adds nothing ("万华 万华化学" = "万华化学")
    words = [w for w in words if not any(w != o and w in o for o in words)]
    return words[:MAX_WORDS]


def _code_part(q: str) -> tuple[str | None, bool, str | None]:
    """``(code, exact, hint)``: a full code (exact) or a prefix of 8+ characters to look up."""
    compact = normalise(q)
    if len(compact) == 18 and compact.isascii() and compact.isalnum():
        try:
            return parse_uscc(compact), True, None
        except IdentifierError as error:
            # real published codes sometimes fail their check: still look it up as stored
            return compact, True, f"统一社会信用代码有误：{error.message}"
    fragment = uscc_fragment(compact)
    if fragment is not None and len(fragment) < 18 and fragment[2:8].isdigit():
        return fragment, False, None
    return None, False, None


def _choose(options: Sequence[tuple[int, Driver]]) -> Driver:
    """The cheapest driver; a large 1-character range is read as a scan in id order."""
    count, driver = min(options, key=lambda option: option[0])
    if driver.kind == "range" and count >= PLAN_CAP:
        return Driver("scan")
    return driver


def plan_query(session: Session, q: str) -> Plan:
    code, code_exact, hint = _code_part(q)
    tiers: list[TierQuery] = []
    if code is not None and code_exact:
        tiers.append(TierQuery(TIER_CODE, uscc_exact=code))
    elif code is not None:
        tiers.append(TierQuery(TIER_CODE_PREFIX, uscc_prefix=code))
    words = _words(q)
    if not words:
        return Plan(tiers, words, code, hint, None)

    first = words[0]
    ranges: list[tuple[int, int]] = []
    drivers: list[Driver] = []
    for word in words:
        if len(word) >= 2:
            for gram in query_grams(word):
                ranges.append((gram, gram + 1))
                drivers.append(Driver("gram", gram))
        else:
            low, high = char_range(word)
            ranges.append((low, high))
            drivers.append(Driver("range", low, high))
    first_prefix = prefix_gram(first)
    assert first_prefix is not None  # noqa: S101 - words are never empty
    if len(first) >= 2:
        ranges.append((first_prefix, first_prefix + 1))
        prefix_driver = Driver("gram", first_prefix)
    else:
        low, high = char_range(first, prefix=True)
        ranges.append((low, high))
        prefix_driver = Driver("range", low, high)
    counts = repository.capped_counts(session, ranges, PLAN_CAP)
    word_options = list(zip(counts[:-1], drivers, strict=True))
    if min(count for count, _ in word_options) == 0:
        return Plan(tiers, words, code, hint, None)  # a gram no name has: no name matches

    single = len(words) == 1
    if single:
        tiers.append(TierQuery(TIER_NAME, Driver("name"), name_equals=first))
    if counts[-1] > 0:
        tiers.append(
            TierQuery(
                TIER_PREFIX,
                _choose([(counts[-1], prefix_driver), *word_options]),
                contains=tuple(words[1:]),
                name_starts=first,
                name_not_equals=first if single else None,
            )
        )
    driver = _choose(word_options)
    needs_check = not (single and len(first) == 2)  # one bigram: the posting list is exact
    tiers.append(
        TierQuery(
            TIER_OTHER,
            driver,
            contains=tuple(words) if needs_check else (),
            name_not_starts=first,
        )
    )
    exact_gram = drivers[0].low if single and len(first) == 2 else None
    return Plan(tiers, words, code, hint, exact_gram)


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
    if problems:
        raise ValidationFailed("筛选条件有误", fields=problems)
    return Filters(district, industry, level, list_status)


# --- cursors -------------------------------------------------------------------------------


def _fingerprint(q: str, filters: Filters) -> str:
    data = json.dumps(
        [normalise_text(q), filters.district, filters.industry, filters.level, filters.list_status],
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


def search(session: Session, request: SearchRequest, *, secret: str, day: dt.date) -> SearchResult:
    """One page of results for a query and filters, with facet counts and, when nothing
    matched, suggestions. Used by ``GET /enterprises`` and ``GET /api/v1/enterprises``."""
    q = request.q.strip()[:MAX_QUERY_LENGTH]
    filters = validate_filters(session, request, day)
    fingerprint = _fingerprint(q, filters)
    start = _decode(secret, request.cursor, fingerprint) if request.cursor else None
    if q:
        plan = plan_query(session, q)
    else:  # browsing by filters: every enterprise, in id order
        plan = Plan([TierQuery(TIER_OTHER, Driver("all"))], [], None, None, None)

    groups = repository.facet_counts(session, plan.tiers, filters, day, FACET_CAP + 1)
    counted = sum(g.count for g in groups)
    exact = counted <= FACET_CAP
    total, total_exact = min(counted, FACET_CAP), exact
    if not exact and plan.exact_count_gram is not None and not filters.any():
        total, total_exact = repository.count_postings(session, plan.exact_count_gram), True

    page = repository.fetch_page(session, _tiers_from(plan, start), filters, day, request.limit + 1)
    next_cursor = None
    if len(page) > request.limit:
        last = page[request.limit - 1]
        next_cursor = encode_cursor(secret, {"t": last.tier, "k": last.key, "f": fingerprint})
        page = page[: request.limit]

    rows = repository.enterprise_rows(session, [m.enterprise_id for m in page], day)
    levels = {str(lv["code"]): lv for lv in repository.scheme_levels(session, day)}
    items = [_item(rows[m.enterprise_id], m, plan, levels) for m in page if m.enterprise_id in rows]
    return SearchResult(
        query=QueryEcho(
            q=request.q,
            district=filters.district,
            industry=filters.industry,
            level=filters.level,
            list=filters.list_status,
        ),
        items=items,
        total=total,
        total_exact=total_exact,
        facets=_facets(groups, filters, levels),
        facets_exact=exact,
        next_cursor=next_cursor,
        hint=plan.hint,
        suggestions=_suggestions(q, plan, filters) if not counted and start is None else [],
    )


def _level_label(levels: dict[str, dict[str, object]], code: str | None) -> str | None:
    if code is None:
        return None
    level = levels.get(code)
    if level is None:
        return code
    return f"{level.get('label', code)}（{level.get('name', '')}）"


def _item(
    row: repository.EnterpriseRow,
    match: MatchRow,
    plan: Plan,
    levels: dict[str, dict[str, object]],
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
        credit_level_label=_level_label(levels, row.level),
        list_status=status,
        list_status_label=LIST_LABELS.get(status, status),
        highlight=Highlight(name=name, former_name=former, uscc=code_segments(row.uscc, code_len)),
        links=EnterpriseLinks(
            html=f"/enterprises/{row.uscc}", api=f"/api/v1/enterprises/{row.uscc}"
        ),
    )


def _facets(
    groups: list[repository.FacetCount], filters: Filters, levels: dict[str, dict[str, object]]
) -> Facets:
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
            label=_level_label(levels, code) or code,
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


def _suggestions(q: str, plan: Plan, filters: Filters) -> list[Suggestion]:
    """What to try when nothing matched."""
    found: list[Suggestion] = []
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
            text="检查是否有错别字；企业更名后也可用曾用名查询；个体工商户和自然人不在企业查询范围内",
            query=None,
        )
    )
    return found
