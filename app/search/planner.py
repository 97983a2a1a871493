"""Query planning: which ranking tiers a query has, and where each tier reads its candidates.

Ranking tiers, best first, each in enterprise id order (a stable tiebreak that keyset pagination
can follow while rows are added): 0 exact credit code, 1 credit code prefix (in code order),
2 exact name (the query as typed), 3 name starting with the first word, 4 every other match.
Words are ANDed; each must occur in the current name or a former name. A word is matched without
its administrative prefix and organisation form, and a district named alone filters by district
(app.search.terms). A tier reads the shortest posting list among
the bigrams its matches must contain (counted up to ``GRAM_CAP``, then ``RECOUNT_CAP`` when all
are common), and verifies every word by substring: the choice affects speed, never results.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.kit.identifiers import IdentifierError, normalise, parse_uscc, uscc_fragment
from app.search import repository
from app.search.grams import bigram, char_range, normalise_text, prefix_gram
from app.search.repository import Driver, TierQuery
from app.search.terms import Terms, split_terms

TIER_CODE, TIER_CODE_PREFIX, TIER_NAME, TIER_PREFIX, TIER_OTHER = range(5)
GRAM_CAP = 100  # postings counted per bigram when choosing the rarest (first pass)
RECOUNT_CAP = 5000  # second pass, when every bigram has GRAM_CAP postings or more
RANGE_CAP = 5000  # postings counted for a 1-character word (fewer: read them, more: scan)
SAMPLED_GRAMS = 24  # most bigrams of one word counted (spread over it)
MAX_WORDS = 5


@dataclass(frozen=True)
class Plan:
    tiers: list[TierQuery]
    words: list[str]
    code: str | None  # normalised code or code prefix searched
    hint: str | None
    exact_count_gram: int | None  # a single 2-character word: its posting list is the result
    district: str | None = None  # a district named in the query (福山 电镀): its filter
    # Whether the plan may be reused for a while: its drivers only affect speed, but a plan that
    # left out the name tiers (a bigram no name had) would miss a name added since.
    reusable: bool = True


def _words(q: str) -> Terms:
    typed: list[str] = []
    for raw in q.split()[: MAX_WORDS * 2]:
        word = normalise_text(raw)
        if word and word not in typed:
            typed.append(word)
    terms = split_terms(typed)
    words = terms.words
    # a word inside another adds nothing ("万华 万华化学" = "万华化学")
    words = [w for w in words if not any(w != o and w in o for o in words)]
    return Terms(words[:MAX_WORDS], terms.district, terms.full)


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
    if driver.kind == "range" and count >= RANGE_CAP:
        return Driver("scan")
    return driver


def _sampled_grams(word: str) -> list[int]:
    """The bigrams of ``word`` in order, at most ``SAMPLED_GRAMS`` of them spread over it."""
    grams = list(dict.fromkeys(bigram(a, b) for a, b in itertools.pairwise(word)))
    if len(grams) <= SAMPLED_GRAMS:
        return grams
    last = len(grams) - 1
    picks = sorted({round(i * last / (SAMPLED_GRAMS - 1)) for i in range(SAMPLED_GRAMS)})
    return [grams[i] for i in picks]


def plan_query(session: Session, q: str) -> Plan:
    code, code_exact, hint = _code_part(q)
    tiers: list[TierQuery] = []
    if code is not None and code_exact:
        tiers.append(TierQuery(TIER_CODE, uscc_exact=code))
    elif code is not None:
        tiers.append(TierQuery(TIER_CODE_PREFIX, uscc_prefix=code))
    terms = _words(q)
    words = terms.words
    if not words:
        return Plan(tiers, words, code, hint, None)

    first = words[0]
    ranges: list[tuple[int, int, int]] = []  # (low, high, cap)
    drivers: list[Driver] = []
    for word in words:
        if len(word) >= 2:
            for gram in _sampled_grams(word):
                ranges.append((gram, gram + 1, GRAM_CAP))
                drivers.append(Driver("gram", gram))
        else:
            low, high = char_range(word)
            ranges.append((low, high, RANGE_CAP))
            drivers.append(Driver("range", low, high))
    first_prefix = prefix_gram(first)
    assert first_prefix is not None  # noqa: S101 - words are never empty
    if len(first) >= 2:
        ranges.append((first_prefix, first_prefix + 1, GRAM_CAP))
        prefix_driver = Driver("gram", first_prefix)
    else:
        low, high = char_range(first, prefix=True)
        ranges.append((low, high, RANGE_CAP))
        prefix_driver = Driver("range", low, high)
    counts = repository.capped_counts(session, ranges)
    bigram_counts = [n for n, (_, _, cap) in zip(counts, ranges, strict=True) if cap == GRAM_CAP]
    if bigram_counts and min(bigram_counts) >= GRAM_CAP:
        # only common bigrams (食品有限公司): count them further to find the least common
        ranges = [(low, high, RECOUNT_CAP if cap == GRAM_CAP else cap) for low, high, cap in ranges]
        counts = repository.capped_counts(session, ranges)
    word_options = list(zip(counts[:-1], drivers, strict=True))
    if min(count for count, _ in word_options) == 0:
        # a bigram no name has: no name matches (not to be reused: a name may come)
        return Plan(tiers, words, code, hint, None, reusable=False, district=terms.district)

    single = len(words) == 1
    exact = (terms.full or first) if single else None
    if exact is not None:
        tiers.append(TierQuery(TIER_NAME, Driver("name"), name_equals=exact))
    tiers.append(  # (even when no name starts so: a cached plan must find one added later)
        TierQuery(
            TIER_PREFIX,
            _choose([(counts[-1], prefix_driver), *word_options]),
            contains=tuple(words[1:]),
            name_starts=first,
            name_not_equals=exact,
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
            name_not_equals=exact if exact != first else None,
        )
    )
    exact_gram = drivers[0].low if single and len(first) == 2 and exact == first else None
    return Plan(tiers, words, code, hint, exact_gram, district=terms.district)
