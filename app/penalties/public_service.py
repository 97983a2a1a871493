"""The public read side of penalties: lists, permalinks and an enterprise's penalties.

Every query here goes through :func:`app.publication.visibility.penalty_version_public`, the one
visibility rule, and selects its columns by name: no column holding an ID number (hash, encrypted
or plain) is ever read for public output, only the natural-person party's masked one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session

from app.kit.db import escape_like
from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.kit.identifiers import mask_id_number
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.kit.regions import division_name, parse_district
from app.models import Authority, Enterprise, PartyType, PenaltyRecord, PenaltyVersion
from app.models.penalty import PARTY_TYPE_LABELS, VersionStatus
from app.penalties.schemas import PenaltyDetail, PenaltyList, PenaltySummary
from app.publication.visibility import (
    objection_open,
    public_penalties_select,
    statement_key,
)

_SUMMARY_COLUMNS = (
    PenaltyRecord.id,
    PenaltyRecord.decision_number,
    PenaltyVersion.party_name,
    PenaltyVersion.party_type,
    PenaltyVersion.party_uscc,
    PenaltyVersion.violation_type,
    PenaltyVersion.penalty_categories,
    PenaltyVersion.fine_amount,
    PenaltyVersion.decision_date,
    PenaltyVersion.publication_end_date,
    PenaltyVersion.district_code,
    Authority.name.label("authority_name"),
    Enterprise.uscc.label("enterprise_uscc"),
)
_DETAIL_COLUMNS = (
    *_SUMMARY_COLUMNS,
    PenaltyVersion.version,
    PenaltyVersion.legal_representative,
    PenaltyVersion.party_id_masked,
    PenaltyVersion.violation_facts,
    PenaltyVersion.legal_basis,
    PenaltyVersion.penalty_content,
    PenaltyVersion.confiscation_amount,
    PenaltyVersion.licence,
    PenaltyVersion.valid_until,
    Authority.uscc.label("authority_uscc"),
    PenaltyVersion.data_source_name,
    PenaltyVersion.data_source_uscc,
    PenaltyVersion.remarks,
    PenaltyVersion.updated_at,
)


def _common(row: Row[Any]) -> dict[str, Any]:
    party_type = PartyType(row.party_type)
    return {
        "id": row.id,
        "url": f"/penalties/{row.id}",
        "decision_number": row.decision_number,
        "party_name": row.party_name,
        "party_type": party_type.value,
        "party_type_label": PARTY_TYPE_LABELS[party_type],
        "party_uscc": row.party_uscc,
        "enterprise_url": f"/enterprises/{row.enterprise_uscc}" if row.enterprise_uscc else None,
        "violation_type": row.violation_type,
        "penalty_categories": list(row.penalty_categories or []),
        "fine_amount": row.fine_amount,
        "decision_date": row.decision_date,
        "publication_end_date": row.publication_end_date,
        "authority_name": row.authority_name,
        "district_code": row.district_code,
        "district_name": division_name(row.district_code),
    }


def _detail(row: Row[Any]) -> PenaltyDetail:
    masked = mask_id_number(row.party_id_masked) if row.party_id_masked else None
    return PenaltyDetail(
        **_common(row),
        version=row.version,
        legal_representative=row.legal_representative,
        party_id_masked=masked,
        violation_facts=row.violation_facts,
        legal_basis=row.legal_basis,
        penalty_content=row.penalty_content,
        confiscation_amount=row.confiscation_amount,
        licence=row.licence,
        valid_until=row.valid_until,
        authority_uscc=row.authority_uscc,
        data_source_name=row.data_source_name,
        data_source_uscc=row.data_source_uscc,
        remarks=row.remarks,
        objection_open=bool(row.objection_open),
        updated_at=row.updated_at,
    )


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PenaltyFilters:
    district: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    violation_type: str | None = None
    text: str | None = None  # words of the party name or the decision number


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_day(field: str, raw: str | None, problems: list[FieldError]) -> dt.date | None:
    """A ``YYYY-MM-DD`` parameter, or None; a bad one adds a Chinese reason to ``problems``."""
    text = _blank(raw)
    if text is None:
        return None
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        problems.append(FieldError(field, "应为日期，格式如 2026-06-01", "date_format"))
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        problems.append(FieldError(field, f"“{text}”不是有效日期", "date_invalid"))
        return None


def parse_filters(
    session: Session,
    district: str | None,
    date_from: str | None,
    date_to: str | None,
    violation_type: str | None,
    q: str | None = None,
) -> PenaltyFilters:
    """The list's filters, checked; every problem is reported at once (422)."""
    problems: list[FieldError] = []
    code = parse_district(district, problems)
    start = parse_day("from", date_from, problems)
    end = parse_day("to", date_to, problems)
    if start and end and start > end:
        problems.append(FieldError("to", "截止日期不能早于起始日期", "date_range"))
    kind = _blank(violation_type)
    if kind is not None and not session.scalar(
        select(
            exists().where(
                PenaltyVersion.violation_type == kind,
                PenaltyVersion.status == VersionStatus.published,
            )
        )
    ):
        problems.append(FieldError("type", f"未知的违法行为类型“{kind}”", "unknown"))
    if problems:
        raise ValidationFailed(fields=problems)
    text = _blank(q)
    if text is not None and len(text) > 100:
        problems.append(FieldError("q", "查询词不能超过100个字", "too_long"))
    if problems:
        raise ValidationFailed(fields=problems)
    return PenaltyFilters(code, start, end, kind, text)


# --- queries -------------------------------------------------------------------------------


def _cursor_key(secret: str, cursor: str | None) -> tuple[dt.date, int] | None:
    if not cursor:
        return None
    key = decode_cursor(secret, cursor)
    try:
        return dt.date.fromisoformat(str(key["d"])), int(key["id"])
    except (KeyError, TypeError, ValueError):
        raise InvalidCursor(fields=[FieldError("cursor", "翻页参数格式错误")]) from None


def list_penalties(
    session: Session,
    secret: str,
    day: dt.date,
    filters: PenaltyFilters,
    cursor: str | None,
    limit: int,
) -> PenaltyList:
    """Public penalties on ``day``, newest decision first, one keyset page, with the total."""
    query = _filtered(public_penalties_select(_SUMMARY_COLUMNS, day), filters)
    total = int(
        session.scalar(
            _filtered(public_penalties_select([func.count(PenaltyRecord.id)], day), filters)
        )
        or 0
    )
    after = _cursor_key(secret, cursor)
    if after is not None:
        last_date, last_id = after
        query = query.where(
            or_(
                PenaltyVersion.decision_date < last_date,
                and_(PenaltyVersion.decision_date == last_date, PenaltyRecord.id < last_id),
            )
        )
    query = query.order_by(PenaltyVersion.decision_date.desc(), PenaltyRecord.id.desc())
    rows = session.execute(query.limit(limit + 1)).all()
    items = [PenaltySummary(**_common(row)) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(secret, {"d": last.decision_date.isoformat(), "id": last.id})
    return PenaltyList(items=items, next_cursor=next_cursor, as_of=day, total=total)


def _filtered(query: Select[Any], filters: PenaltyFilters) -> Select[Any]:
    if filters.district:
        query = query.where(PenaltyVersion.district_code == filters.district)
    if filters.date_from:
        query = query.where(PenaltyVersion.decision_date >= filters.date_from)
    if filters.date_to:
        query = query.where(PenaltyVersion.decision_date <= filters.date_to)
    if filters.violation_type:
        query = query.where(PenaltyVersion.violation_type == filters.violation_type)
    if filters.text:
        words = [escape_like(w) for w in filters.text.split()]
        for word in words:
            pattern = f"%{word}%"
            query = query.where(
                or_(
                    PenaltyVersion.party_name.like(pattern, escape="\\"),
                    PenaltyRecord.decision_number.like(pattern, escape="\\"),
                )
            )
    return query


# Statements of the hot paths are built once per day and form of the rule (the visibility
# predicates take a date: ``statement_key``) and reused with bound ids: building a SELECT costs
# more than running it on an indexed lookup.


def _detail_columns(day: dt.date, history: bool) -> tuple[Any, ...]:
    """The detail columns and whether an objection was open on ``day`` (异议处理中)."""
    return (*_DETAIL_COLUMNS, objection_open(day, history=history).label("objection_open"))


@lru_cache(maxsize=32)
def _by_id(day: dt.date, history: bool) -> Select[Any]:
    return public_penalties_select(_detail_columns(day, history), day, history).where(
        PenaltyRecord.id == bindparam("record_id")
    )


@lru_cache(maxsize=32)
def _by_enterprise(day: dt.date, history: bool) -> Select[Any]:
    return (
        public_penalties_select(_detail_columns(day, history), day, history)
        .where(PenaltyRecord.enterprise_id == bindparam("enterprise_id"))
        .order_by(PenaltyVersion.decision_date.desc(), PenaltyRecord.id.desc())
    )


def get_penalty(session: Session, day: dt.date, record_id: int) -> PenaltyDetail:
    """The current public version of a penalty, or 404 when there is none today."""
    row = (
        session.connection().execute(_by_id(*statement_key(day)), {"record_id": record_id}).first()
    )
    if row is None:
        raise NotFound("该行政处罚记录不存在，或已不在公示期内")
    return _detail(row)


def penalties_of_enterprise(
    session: Session, day: dt.date, enterprise_id: int
) -> list[PenaltyDetail]:
    """Every public penalty of an enterprise, newest decision first."""
    statement = _by_enterprise(*statement_key(day))
    rows = session.connection().execute(statement, {"enterprise_id": enterprise_id}).all()
    return [_detail(row) for row in rows]


def public_violation_types(session: Session, day: dt.date) -> list[str]:
    """Violation types of the penalties public on ``day`` (the filter's choices)."""
    query = public_penalties_select((PenaltyVersion.violation_type,), day).distinct()
    return sorted(session.scalars(query.order_by(None)))
