"""Black and red list entries and credit assessments of the demo data, consistent with the
penalties: a black-list entry cites the serious penalties behind it, an assessment's points are
those of the penalties in its rolling window under the scheme."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from app.credit.rules import level_for_points, window_months
from app.demo.names import Weighted
from app.demo.penalties import AuthorityRef, PenaltyDraft
from app.demo.violations import cn_date
from app.kit.clock import SHANGHAI
from app.models.listing import BLACK_LIST_CATEGORY_LABELS, BlackListCategory
from app.models.penalty import Severity
from app.publication.periods import add_months

BLACK_LEGAL_BASIS = (
    "《关于对环境保护领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录》"
    "（发改财金〔2016〕1580号）；《山东省企业环境信用评价办法》"
)
RED_LEGAL_BASIS = "《山东省企业环境信用评价办法》"
REMOVAL_REASON = "完成信用修复：罚款已缴纳、整改已验收、信用承诺书已公示，经审核同意提前移出"
_YEARS = Weighted(((1, 50.0), (2, 30.0), (3, 20.0)))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI).astimezone(dt.UTC)


def black_entries(
    rng: random.Random,
    penalties: Mapping[int, list[PenaltyDraft]],
    as_of: dt.date,
    city: AuthorityRef,
    first_id: int,
    forced: set[int],
) -> tuple[list[dict[str, Any]], list[dict[str, int]]]:
    """Entries for most enterprises with a serious penalty of a black-list kind (always for the
    ``forced`` ones), and the links from each entry to the penalties it cites."""
    entries: list[dict[str, Any]] = []
    links: list[dict[str, int]] = []
    for enterprise_id, drafts in penalties.items():
        serious = [
            d
            for d in drafts
            if d.severity == Severity.serious and d.violation.black_category is not None
        ]
        showcase = enterprise_id in forced
        if not serious or (rng.random() >= 0.85 and not showcase):
            continue
        first = serious[0]
        category = first.violation.black_category or BlackListCategory.other
        start = first.decision_date + dt.timedelta(days=rng.randint(20, 60))
        years = _YEARS.pick(rng)
        proposed = start - dt.timedelta(days=rng.randint(3, 10))
        numbers = "、".join(d.decision_number for d in serious if d.decision_date <= start)
        entry: dict[str, Any] = {
            "id": first_id + len(entries),
            "enterprise_id": enterprise_id,
            "list_type": "black",
            "status": "approved",
            "category": category.value,
            "basis": (
                f"该单位{first.violation.type}，受到行政处罚（{numbers}），属于"
                f"“{BLACK_LIST_CATEGORY_LABELS[category]}”的严重环境失信行为，"
                "评定为黑色（严重失信）等级，列入环境保护黑名单。"
            ),
            "legal_basis": BLACK_LEGAL_BASIS,
            "decision_number": None,
            "authority_id": city.id,
            "proposed_at": _at(proposed, 9),
            "start_date": start,
            "end_date": add_months(start, 12 * years) - dt.timedelta(days=1),
            "approved_at": _at(start, 10),
            "removed_at": None,
            "removal_reason": None,
            "created_at": _at(proposed, 9),
            "updated_at": _at(start, 10),
        }
        if start > as_of:  # proposed, waiting for the second regulator's approval
            entry.update(status="proposed", approved_at=None, updated_at=entry["created_at"])
        else:
            repaired = add_months(start, 12) + dt.timedelta(days=rng.randint(10, 90))
            if years > 1 and repaired < as_of and rng.random() < 0.1 and not showcase:
                entry.update(
                    status="removed",
                    removed_at=_at(repaired, 15),
                    removal_reason=REMOVAL_REASON,
                    updated_at=_at(repaired, 15),
                )
        entries.append(entry)
        links.extend(
            {"list_entry_id": entry["id"], "penalty_record_id": d.record_id}
            for d in serious
            if d.decision_date <= start
        )
    # Decisions are numbered per year in the order they were made.
    counters: dict[int, int] = defaultdict(int)
    for entry in sorted(entries, key=lambda e: (e["start_date"], e["id"])):
        if entry["status"] != "proposed":
            year = entry["start_date"].year
            counters[year] += rng.randint(1, 3)
            entry["decision_number"] = f"{city.decision_prefix[:2]}信〔{year}〕{counters[year]}号"
    return entries, links


def annual_year(as_of: dt.date) -> int:
    """The latest year whose annual evaluation is published (in January of the next year)."""
    return as_of.year - 1 if as_of >= dt.date(as_of.year, 1, 20) else as_of.year - 2


def red_entries(
    rng: random.Random,
    candidates: list[tuple[int, dt.date]],
    as_of: dt.date,
    share: float,
    first_id: int,
    forced: int,
    authority_id: int,
) -> list[dict[str, Any]]:
    """Red list batches of the last two annual evaluations, drawn from green enterprises with no
    penalty (``candidates``: id and establishment date), each batch under one decision; the
    latest batch always has the first ``forced`` eligible candidates."""
    entries: list[dict[str, Any]] = []
    latest = annual_year(as_of)
    for year in (latest - 1, latest):
        start = dt.date(year + 1, 1, 20)
        number = f"烟环发〔{year + 1}〕{rng.randint(3, 30)}号"
        for enterprise_id, established in candidates:
            if established > add_months(start, -24):
                continue
            if rng.random() >= share and not (year == latest and forced > 0):
                continue
            if year == latest:
                forced -= 1
            entries.append(
                {
                    "id": first_id + len(entries),
                    "enterprise_id": enterprise_id,
                    "list_type": "red",
                    "status": "approved",
                    "category": None,
                    "basis": (
                        f"{year}年度环境信用评价为绿色（诚信守法）等级，近两年无环境违法行为，"
                        "经审核列入环境信用红名单。"
                    ),
                    "legal_basis": RED_LEGAL_BASIS,
                    "decision_number": number,
                    "authority_id": authority_id,
                    "proposed_at": _at(start - dt.timedelta(days=7), 9),
                    "start_date": start,
                    "end_date": add_months(start, 12) - dt.timedelta(days=1),
                    "approved_at": _at(start, 10),
                    "removed_at": None,
                    "removal_reason": None,
                    "created_at": _at(start - dt.timedelta(days=7), 9),
                    "updated_at": _at(start, 10),
                }
            )
    return entries


def assessments_for(
    enterprise_id: int,
    drafts: list[PenaltyDraft],
    definition: Mapping[str, Any],
    scheme_id: int,
    as_of: dt.date,
) -> list[dict[str, Any]]:
    """The levels of a penalised enterprise over time: a new assessment at every decision and
    whenever a penalty leaves the rolling window; each valid until the next one."""
    months = window_months(definition)
    leaving = {add_months(d.decision_date, months) for d in drafts}
    events = sorted({d.decision_date for d in drafts} | {day for day in leaving if day <= as_of})
    rows: list[dict[str, Any]] = []
    for index, day in enumerate(events):
        window_start = add_months(day, -months)
        counted = [d for d in drafts if window_start < d.decision_date <= day]
        points = sum(d.points for d in counted)
        level = level_for_points(definition, points)
        if counted:
            detail = "；".join(f"{d.decision_number}（{d.points}分）" for d in counted)
            basis = f"评价期{cn_date(window_start)}至{cn_date(day)}内记{points}分：{detail}"
        else:
            basis = f"评价期{cn_date(window_start)}至{cn_date(day)}内无环境违法记分"
        valid_to = events[index + 1] - dt.timedelta(days=1) if index + 1 < len(events) else None
        rows.append(
            {
                "enterprise_id": enterprise_id,
                "scheme_id": scheme_id,
                "level": level.code,
                "points": points,
                "valid_from": day,
                "valid_to": valid_to,
                "basis": basis,
                "created_at": _at(day, 18),
                "updated_at": _at(day, 18),
            }
        )
    return rows


def green_assessments(
    enterprise_ids: list[int], scheme_id: int, as_of: dt.date, definition: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The annual assessments of enterprises without penalties."""
    year = annual_year(as_of)
    day = dt.date(year + 1, 1, 10)
    template = {
        "scheme_id": scheme_id,
        "level": level_for_points(definition, 0).code,
        "points": 0,
        "valid_from": day,
        "valid_to": None,
        "basis": f"{year}年度评价：评价期内无环境违法记分",
        "created_at": _at(day, 18),
        "updated_at": _at(day, 18),
    }
    return [{"enterprise_id": enterprise_id, **template} for enterprise_id in enterprise_ids]
