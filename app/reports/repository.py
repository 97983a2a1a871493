"""Queries of issued reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from app.models import Enterprise, IssuedReport, ReportChannel, ReportKind


def enterprise_id(session: Session, uscc: str) -> int | None:
    found: int | None = session.scalar(select(Enterprise.id).where(Enterprise.uscc == uscc))
    return found


def district_of(session: Session, enterprise_id: int) -> str | None:
    found: str | None = session.scalar(
        select(Enterprise.district_code).where(Enterprise.id == enterprise_id)
    )
    return found


def by_number(session: Session, number: str) -> IssuedReport | None:
    return session.scalar(select(IssuedReport).where(IssuedReport.number == number))


def number_taken(session: Session, number: str) -> bool:
    return session.scalar(select(IssuedReport.id).where(IssuedReport.number == number)) is not None


def same_public_report(
    session: Session,
    enterprise_id: int,
    kind: ReportKind,
    as_of: dt.date,
    period: tuple[dt.date, dt.date] | None,
    sha256: str,
) -> IssuedReport | None:
    """A report the public side issued before with exactly this content and data-as-of day."""
    query = select(IssuedReport).where(
        IssuedReport.enterprise_id == enterprise_id,
        IssuedReport.kind == kind,
        IssuedReport.as_of == as_of,
        IssuedReport.content_sha256 == sha256,
        IssuedReport.channel == ReportChannel.public,
    )
    if period is not None:
        query = query.where(
            IssuedReport.period_start == period[0], IssuedReport.period_end == period[1]
        )
    # The stored content equals the one just assembled (same hash): it is not read back.
    query = query.options(defer(IssuedReport.content))
    return session.scalars(query.order_by(IssuedReport.id).limit(1)).first()


@dataclass(frozen=True)
class IssuedRow:
    id: int
    number: str
    kind: ReportKind
    as_of: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    issued_at: dt.datetime
    channel: ReportChannel
    issued_by_username: str | None
    enterprise_name: str
    enterprise_uscc: str


def recent(session: Session, limit: int, uscc: str | None = None) -> tuple[list[IssuedRow], int]:
    """The latest issued reports (newest first), at most ``limit``, and how many there are."""
    query = select(
        IssuedReport.id,
        IssuedReport.number,
        IssuedReport.kind,
        IssuedReport.as_of,
        IssuedReport.period_start,
        IssuedReport.period_end,
        IssuedReport.issued_at,
        IssuedReport.channel,
        IssuedReport.issued_by_username,
        Enterprise.name.label("enterprise_name"),
        Enterprise.uscc.label("enterprise_uscc"),
    ).join(Enterprise, Enterprise.id == IssuedReport.enterprise_id)
    total = select(func.count()).select_from(IssuedReport)
    if uscc is not None:
        query = query.where(Enterprise.uscc == uscc)
        total = total.join(Enterprise, Enterprise.id == IssuedReport.enterprise_id).where(
            Enterprise.uscc == uscc
        )
    rows = session.execute(
        query.order_by(IssuedReport.issued_at.desc(), IssuedReport.id.desc()).limit(limit)
    ).all()
    return [IssuedRow(**row._mapping) for row in rows], int(session.scalar(total) or 0)
