"""The public read side of the red list (honour, 守信激励) and the black list (dishonesty,
失信惩戒).

Only entries in force today (:func:`app.publication.visibility.list_entry_in_force`) appear, and
an entry cites only those of its penalties that are public today.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session

from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.kit.regions import division_name, parse_district
from app.lists.schemas import CitedPenalty, ListEntryOut, ListPage
from app.models import Enterprise, ListEntry, ListType, PenaltyRecord
from app.models.listing import BLACK_LIST_CATEGORY_LABELS, BlackListCategory, list_entry_penalties
from app.publication.visibility import list_entry_in_force, public_penalties_select, statement_key

LIST_LABELS = {ListType.black: "黑名单", ListType.red: "红名单"}
LIST_MEANINGS = {ListType.black: "失信惩戒", ListType.red: "守信激励"}
_CHUNK = 500

_COLUMNS: tuple[Any, ...] = (
    ListEntry.id,
    ListEntry.list_type,
    ListEntry.category,
    ListEntry.basis,
    ListEntry.legal_basis,
    ListEntry.decision_number,
    ListEntry.start_date,
    ListEntry.end_date,
    ListEntry.updated_at,
    Enterprise.name.label("enterprise_name"),
    Enterprise.uscc.label("enterprise_uscc"),
    Enterprise.district_code,
    Enterprise.industry,
)


def parse_list_name(name: str) -> ListType:
    """``black`` or ``red``; any other name is not a list (404)."""
    try:
        return ListType(name)
    except ValueError:
        raise NotFound(f"没有名为“{name}”的名单：只有黑名单（black）和红名单（red）") from None


@dataclass(frozen=True)
class ListFilters:
    district: str | None = None
    industry: str | None = None


def parse_list_filters(session: Session, district: str | None, industry: str | None) -> ListFilters:
    problems: list[FieldError] = []
    code = parse_district(district, problems)
    trade = (industry or "").strip() or None
    if trade is not None and not session.scalar(
        select(exists().where(Enterprise.industry == trade))
    ):
        problems.append(FieldError("industry", f"未知的行业“{trade}”", "unknown"))
    if problems:
        raise ValidationFailed(fields=problems)
    return ListFilters(code, trade)


def _in_force(day: dt.date, history: bool | None = None) -> Select[Any]:
    return (
        select(*_COLUMNS)
        .select_from(ListEntry)
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(list_entry_in_force(day, history=history))
    )


def _filtered(list_type: ListType, day: dt.date, filters: ListFilters) -> Select[Any]:
    query = _in_force(day).where(ListEntry.list_type == list_type)
    if filters.district:
        query = query.where(Enterprise.district_code == filters.district)
    if filters.industry:
        query = query.where(Enterprise.industry == filters.industry)
    return query.order_by(ListEntry.start_date.desc(), ListEntry.id.desc())


def _category_label(category: str | None) -> str | None:
    if category is None:
        return None
    try:
        return BLACK_LIST_CATEGORY_LABELS[BlackListCategory(category)]
    except ValueError:
        return category


@lru_cache(maxsize=32)
def _citations_select(day: dt.date, history: bool) -> Select[Any]:
    link = list_entry_penalties.c
    return (
        public_penalties_select(
            (link.list_entry_id, PenaltyRecord.id, PenaltyRecord.decision_number), day, history
        )
        .join(list_entry_penalties, link.penalty_record_id == PenaltyRecord.id)
        .where(link.list_entry_id.in_(bindparam("entry_ids", expanding=True)))
        .order_by(PenaltyRecord.id)
    )


def _citations(
    session: Session, day: dt.date, entry_ids: Sequence[int]
) -> dict[int, list[CitedPenalty]]:
    cited: dict[int, list[CitedPenalty]] = defaultdict(list)
    for start in range(0, len(entry_ids), _CHUNK):
        chunk = list(entry_ids[start : start + _CHUNK])
        statement = _citations_select(*statement_key(day))
        rows = session.connection().execute(statement, {"entry_ids": chunk}).all()
        for row in rows:
            cited[row.list_entry_id].append(
                CitedPenalty(
                    id=row.id, decision_number=row.decision_number, url=f"/penalties/{row.id}"
                )
            )
    return cited


def _entries(session: Session, day: dt.date, rows: Sequence[Row[Any]]) -> list[ListEntryOut]:
    cited = _citations(session, day, [row.id for row in rows]) if rows else {}
    items = []
    for row in rows:
        list_type = ListType(row.list_type)
        items.append(
            ListEntryOut(
                id=row.id,
                list_type=list_type.value,
                list_label=LIST_LABELS[list_type],
                enterprise_name=row.enterprise_name,
                enterprise_uscc=row.enterprise_uscc,
                enterprise_url=f"/enterprises/{row.enterprise_uscc}",
                district_code=row.district_code,
                district_name=division_name(row.district_code),
                industry=row.industry,
                category=row.category,
                category_label=_category_label(row.category),
                basis=row.basis,
                legal_basis=row.legal_basis,
                decision_number=row.decision_number,
                start_date=row.start_date,
                end_date=row.end_date,
                penalties=cited.get(row.id, []),
                updated_at=row.updated_at,
            )
        )
    return items


def list_page(
    session: Session,
    secret: str,
    day: dt.date,
    list_type: ListType,
    filters: ListFilters,
    cursor: str | None,
    limit: int,
) -> ListPage:
    """One keyset page of a list in force on ``day``, newest entry first."""
    query = _filtered(list_type, day, filters)
    if cursor:
        key = decode_cursor(secret, cursor)
        try:
            last_start, last_id = dt.date.fromisoformat(str(key["s"])), int(key["id"])
            if key["l"] != list_type.value:
                raise ValueError
        except (KeyError, TypeError, ValueError):
            raise InvalidCursor(fields=[FieldError("cursor", "翻页参数格式错误")]) from None
        query = query.where(
            or_(
                ListEntry.start_date < last_start,
                and_(ListEntry.start_date == last_start, ListEntry.id < last_id),
            )
        )
    counted = _filtered(list_type, day, filters).order_by(None)
    total = int(session.scalar(select(func.count()).select_from(counted.subquery())) or 0)
    rows = session.execute(query.limit(limit + 1)).all()
    items = _entries(session, day, rows[:limit])
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(
            secret, {"l": list_type.value, "s": last.start_date.isoformat(), "id": last.id}
        )
    return ListPage(
        list_type=list_type.value,
        list_label=LIST_LABELS[list_type],
        items=items,
        next_cursor=next_cursor,
        as_of=day,
        total=total,
    )


def all_entries(
    session: Session, day: dt.date, list_type: ListType, filters: ListFilters
) -> list[ListEntryOut]:
    """The whole list in force on ``day`` (for the CSV download)."""
    return _entries(session, day, session.execute(_filtered(list_type, day, filters)).all())


@lru_cache(maxsize=32)
def _of_enterprise(day: dt.date, history: bool) -> Select[Any]:
    return (
        _in_force(day, history)
        .where(ListEntry.enterprise_id == bindparam("enterprise_id"))
        .order_by(ListEntry.start_date.desc(), ListEntry.id.desc())
    )


def entries_of_enterprise(session: Session, day: dt.date, enterprise_id: int) -> list[ListEntryOut]:
    """An enterprise's red and black list entries in force on ``day``."""
    statement = _of_enterprise(*statement_key(day))
    rows = session.connection().execute(statement, {"enterprise_id": enterprise_id}).all()
    return _entries(session, day, rows)


def list_industries(session: Session, day: dt.date, list_type: ListType) -> list[str]:
    """Industries of the enterprises on a list on ``day`` (the filter's choices)."""
    query = (
        select(Enterprise.industry)
        .join(ListEntry, ListEntry.enterprise_id == Enterprise.id)
        .where(list_entry_in_force(day), ListEntry.list_type == list_type)
        .where(Enterprise.industry.is_not(None))
        .distinct()
    )
    return sorted(i for i in session.scalars(query) if i)


CSV_HEADER = (
    "名单",
    "企业名称",
    "统一社会信用代码",
    "所属区县",
    "所属行业",
    "列入类别",
    "列入依据",
    "法律依据",
    "认定决定文号",
    "列入日期",
    "截止日期",
    "相关行政处罚决定书文号",
)


def csv_rows(entries: Sequence[ListEntryOut]) -> list[tuple[str, ...]]:
    """The CSV rows of ``entries``, in :data:`CSV_HEADER`'s order."""
    return [
        (
            e.list_label,
            e.enterprise_name,
            e.enterprise_uscc,
            e.district_name or e.district_code or "",
            e.industry or "",
            e.category_label or "",
            e.basis,
            e.legal_basis or "",
            e.decision_number or "",
            e.start_date.isoformat(),
            e.end_date.isoformat(),
            "；".join(p.decision_number for p in e.penalties),
        )
        for e in entries
    ]
