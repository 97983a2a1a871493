"""The public read side of licences: the list, the permalink, an enterprise's licences, CSV.

Every query starts from :func:`app.publication.visibility.public_licences_select` (the one
visibility rule) and every status comes from ``licence_status`` for the day served.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, and_, or_
from sqlalchemy.orm import Session

from app.kit.errors import FieldError, NotFound, ValidationFailed
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.kit.regions import division_name, parse_district
from app.licences import repository
from app.licences.schemas import CSV_COLUMNS, LicenceList, LicenceOut
from app.models import Authority, Enterprise, LicenceKind, LicenceRecord, LicenceVersion
from app.models.licence import (
    LICENCE_CATEGORY_LABELS,
    REVOCATION_KIND_LABELS,
    LicenceCategory,
    RevocationKind,
)
from app.models.penalty import PARTY_TYPE_LABELS, PartyType
from app.publication.visibility import (
    LICENCE_STATUS_LABELS,
    day_end,
    is_history,
    licence_in_force,
    licence_revoked,
    licence_status,
    public_licences_select,
)

_COLUMNS = (
    LicenceRecord.id,
    LicenceRecord.document_number,
    LicenceRecord.revocation_kind,
    LicenceRecord.revocation_date,
    LicenceRecord.revocation_reason,
    LicenceRecord.revocation_document,
    LicenceRecord.revoked_at,
    LicenceVersion.version,
    LicenceVersion.party_name,
    LicenceVersion.party_type,
    LicenceVersion.party_uscc,
    LicenceVersion.legal_representative,
    LicenceVersion.document_name,
    LicenceVersion.category,
    LicenceVersion.certificate_name,
    LicenceVersion.licence_number,
    LicenceVersion.content,
    LicenceVersion.decision_date,
    LicenceVersion.valid_from,
    LicenceVersion.valid_to,
    LicenceVersion.data_source_name,
    LicenceVersion.data_source_uscc,
    LicenceVersion.district_code,
    LicenceVersion.remarks,
    LicenceVersion.updated_at,
    LicenceKind.code.label("kind_code"),
    LicenceKind.name.label("kind_name"),
    Authority.name.label("authority_name"),
    Authority.uscc.label("authority_uscc"),
    Enterprise.uscc.label("enterprise_uscc"),
)

STATUSES = ("in_force", "expired", "revoked", "pending")


def _out(row: Row[Any], day: dt.date) -> LicenceOut:
    revoked = row.revoked_at is not None and row.revoked_at < day_end(day)
    kind = RevocationKind(row.revocation_kind) if revoked and row.revocation_kind else None
    status = licence_status(
        day,
        row.valid_from,
        row.valid_to,
        kind.value if kind else None,
        row.revocation_date if revoked else None,
        row.revoked_at if revoked else None,
    )
    party_type = PartyType(row.party_type)
    category = LicenceCategory(row.category)
    return LicenceOut(
        id=row.id,
        url=f"/licences/{row.id}",
        version=row.version,
        party_name=row.party_name,
        party_type=party_type.value,
        party_type_label=PARTY_TYPE_LABELS[party_type],
        party_uscc=row.party_uscc,
        legal_representative=row.legal_representative,
        enterprise_url=f"/enterprises/{row.enterprise_uscc}" if row.enterprise_uscc else None,
        document_name=row.document_name,
        document_number=row.document_number,
        kind_code=row.kind_code,
        kind_name=row.kind_name,
        category=category.value,
        category_label=LICENCE_CATEGORY_LABELS[category],
        certificate_name=row.certificate_name,
        licence_number=row.licence_number,
        content=row.content,
        decision_date=row.decision_date,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        authority_name=row.authority_name,
        authority_uscc=row.authority_uscc,
        data_source_name=row.data_source_name,
        data_source_uscc=row.data_source_uscc,
        district_code=row.district_code,
        district_name=division_name(row.district_code),
        remarks=row.remarks,
        status=status,
        status_label=LICENCE_STATUS_LABELS[status],
        revocation_kind=kind.value if kind else None,
        revocation_kind_label=REVOCATION_KIND_LABELS[kind] if kind else None,
        revocation_date=row.revocation_date if kind else None,
        revocation_reason=row.revocation_reason if kind else None,
        revocation_document=row.revocation_document if kind else None,
        updated_at=row.updated_at,
    )


@dataclass(frozen=True)
class LicenceFilters:
    district: str | None = None
    kind: str | None = None
    status: str | None = None


def parse_filters(
    session: Session, district: str | None, kind: str | None, status: str | None
) -> LicenceFilters:
    """The list's filters, checked; every problem is reported at once (422)."""
    problems: list[FieldError] = []
    code = parse_district(district, problems)
    kind_code = (kind or "").strip() or None
    if kind_code is not None and kind_code not in repository.kind_names(session):
        problems.append(FieldError("kind", f"未知的许可事项“{kind_code}”", "unknown"))
    state = (status or "").strip() or None
    if state is not None and state not in STATUSES:
        problems.append(
            FieldError("status", "状态应为 in_force、expired、revoked 或 pending", "unknown")
        )
    if problems:
        raise ValidationFailed(fields=problems)
    return LicenceFilters(code, kind_code, state)


def _filtered(day: dt.date, filters: LicenceFilters) -> Any:
    history = is_history(day)
    query = public_licences_select(_COLUMNS, day, history)
    if filters.district:
        query = query.where(LicenceVersion.district_code == filters.district)
    if filters.kind:
        query = query.where(LicenceKind.code == filters.kind)
    if filters.status == "in_force":
        query = query.where(licence_in_force(day, history=history))
    elif filters.status == "revoked":
        query = query.where(licence_revoked(day, history=history))
    elif filters.status == "expired":
        query = query.where(LicenceVersion.valid_to < day, ~licence_revoked(day, history=history))
    elif filters.status == "pending":
        query = query.where(LicenceVersion.valid_from > day, ~licence_revoked(day, history=history))
    return query.order_by(LicenceVersion.decision_date.desc(), LicenceRecord.id.desc())


def _cursor_key(secret: str, cursor: str | None) -> tuple[dt.date, int] | None:
    if not cursor:
        return None
    key = decode_cursor(secret, cursor)
    try:
        return dt.date.fromisoformat(str(key["d"])), int(key["id"])
    except (KeyError, TypeError, ValueError):
        raise InvalidCursor(fields=[FieldError("cursor", "翻页参数格式错误")]) from None


def list_licences(
    session: Session,
    secret: str,
    day: dt.date,
    filters: LicenceFilters,
    cursor: str | None,
    limit: int,
) -> LicenceList:
    """Public licences on ``day``, newest decision first, one keyset page."""
    query = _filtered(day, filters)
    after = _cursor_key(secret, cursor)
    if after is not None:
        last_date, last_id = after
        query = query.where(
            or_(
                LicenceVersion.decision_date < last_date,
                and_(LicenceVersion.decision_date == last_date, LicenceRecord.id < last_id),
            )
        )
    rows = session.execute(query.limit(limit + 1)).all()
    items = [_out(row, day) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(secret, {"d": last.decision_date.isoformat(), "id": last.id})
    return LicenceList(items=items, next_cursor=next_cursor, as_of=day)


def all_licences(session: Session, day: dt.date, filters: LicenceFilters) -> list[LicenceOut]:
    """Every public licence matching ``filters`` (the CSV download)."""
    return [_out(row, day) for row in session.execute(_filtered(day, filters))]


def get_licence(session: Session, day: dt.date, record_id: int) -> LicenceOut:
    """The public version of a licence on ``day``, or 404."""
    query = public_licences_select(_COLUMNS, day).where(LicenceRecord.id == record_id)
    row = session.execute(query).first()
    if row is None:
        raise NotFound("该行政许可记录不存在，或尚未公示")
    return _out(row, day)


def licences_of_enterprise(session: Session, day: dt.date, enterprise_id: int) -> list[LicenceOut]:
    """Every public licence of an enterprise on ``day``, newest decision first."""
    query = (
        public_licences_select(_COLUMNS, day)
        .where(LicenceRecord.enterprise_id == enterprise_id)
        .order_by(LicenceVersion.decision_date.desc(), LicenceRecord.id.desc())
    )
    return [_out(row, day) for row in session.execute(query)]


def csv_header() -> list[str]:
    return [label for _name, label in CSV_COLUMNS]


def csv_rows(items: list[LicenceOut]) -> list[list[object]]:
    rows: list[list[object]] = []
    for item in items:
        data = item.model_dump()
        rows.append(
            [
                value.isoformat()
                if isinstance(value, dt.date)
                else ("" if value is None else value)
                for value in (data[name] for name, _label in CSV_COLUMNS)
            ]
        )
    return rows


def kind_choices(session: Session) -> list[tuple[str, str]]:
    return list(repository.kind_names(session).items())
