"""Queries of the Atom feeds: the change-feed events a feed reports, newest first, and what of
each record is public today (through the public read sides and the visibility rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models import (
    CreditAssessment,
    CreditScheme,
    Enterprise,
    FeedEvent,
    ListEntry,
    ListType,
    PenaltyRecord,
    PenaltyVersion,
)
from app.publication.visibility import list_entry_in_force, public_penalties_select


@dataclass(frozen=True)
class Event:
    event_id: str
    kind: str
    record_type: str  # penalty | list_entry
    record_id: int
    record_version: int
    occurred_at: dt.datetime


_EVENT_COLUMNS: tuple[Any, ...] = (
    FeedEvent.id,
    FeedEvent.event_id,
    FeedEvent.kind,
    FeedEvent.record_type,
    FeedEvent.record_id,
    FeedEvent.record_version,
    FeedEvent.occurred_at,
)


def _events(session: Session, query: Select[Any], limit: int) -> list[tuple[int, Event]]:
    rows = session.execute(query.order_by(FeedEvent.id.desc()).limit(limit))
    return [(int(position), Event(*rest)) for position, *rest in rows]


def _newest(session: Session, queries: list[Select[Any]], limit: int) -> list[Event]:
    found: list[tuple[int, Event]] = []
    for query in queries:
        found += _events(session, query, limit)
    found.sort(key=lambda pe: pe[0], reverse=True)
    return [event for _position, event in found[:limit]]


def _penalty_events() -> Select[Any]:
    return select(*_EVENT_COLUMNS).where(FeedEvent.record_type == "penalty")


def _entry_events() -> Select[Any]:
    return (
        select(*_EVENT_COLUMNS)
        .join(ListEntry, ListEntry.id == FeedEvent.record_id)
        .where(FeedEvent.record_type == "list_entry")
    )


def penalty_events(session: Session, limit: int) -> list[Event]:
    """Penalty events city-wide: published, corrected, withdrawn."""
    return _newest(session, [_penalty_events()], limit)


def district_events(session: Session, district: str, limit: int) -> list[Event]:
    """Penalties of a district (the district of the version the event carries) and list
    entries of its enterprises."""
    penalties = _penalty_events().join(
        PenaltyVersion,
        (PenaltyVersion.record_id == FeedEvent.record_id)
        & (PenaltyVersion.version == FeedEvent.record_version),
    )
    entries = _entry_events().join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
    return _newest(
        session,
        [
            penalties.where(PenaltyVersion.district_code == district),
            entries.where(Enterprise.district_code == district),
        ],
        limit,
    )


def list_events(session: Session, list_type: ListType, limit: int) -> list[Event]:
    return _newest(session, [_entry_events().where(ListEntry.list_type == list_type)], limit)


def enterprise_events(session: Session, enterprise_id: int, limit: int) -> list[Event]:
    penalties = _penalty_events().join(PenaltyRecord, PenaltyRecord.id == FeedEvent.record_id)
    return _newest(
        session,
        [
            penalties.where(PenaltyRecord.enterprise_id == enterprise_id),
            _entry_events().where(ListEntry.enterprise_id == enterprise_id),
        ],
        limit,
    )


def last_event_times(
    session: Session, record_type: str, record_ids: Collection[int]
) -> dict[int, tuple[dt.datetime, str]]:
    """The time and kind of each record's latest event."""
    if not record_ids:
        return {}
    latest = (
        select(FeedEvent.record_id, func.max(FeedEvent.sequence).label("sequence"))
        .where(FeedEvent.record_type == record_type, FeedEvent.record_id.in_(record_ids))
        .group_by(FeedEvent.record_id)
        .subquery()
    )
    rows = session.execute(
        select(FeedEvent.record_id, FeedEvent.occurred_at, FeedEvent.kind)
        .join(
            latest,
            (latest.c.record_id == FeedEvent.record_id) & (latest.c.sequence == FeedEvent.sequence),
        )
        .where(FeedEvent.record_type == record_type)
    )
    return {int(record_id): (at, kind) for record_id, at, kind in rows}


_PENALTY_COLUMNS = (
    PenaltyRecord.id,
    PenaltyVersion.version,
    PenaltyRecord.decision_number,
    PenaltyVersion.party_name,
    PenaltyVersion.party_type,
    PenaltyVersion.violation_type,
    PenaltyVersion.penalty_categories,
    PenaltyVersion.fine_amount,
    PenaltyVersion.decision_date,
    PenaltyVersion.publication_end_date,
    PenaltyVersion.district_code,
    Enterprise.uscc.label("enterprise_uscc"),
)


def public_penalties(session: Session, day: dt.date, record_ids: Collection[int]) -> dict[int, Any]:
    """The version of each record public on ``day`` (absent: not public), public fields only."""
    if not record_ids:
        return {}
    query = public_penalties_select(_PENALTY_COLUMNS, day).where(PenaltyRecord.id.in_(record_ids))
    return {row.id: row for row in session.execute(query)}


def entries_in_force(session: Session, day: dt.date, entry_ids: Collection[int]) -> dict[int, Any]:
    """The entries in force on ``day`` among ``entry_ids``, with their enterprise."""
    if not entry_ids:
        return {}
    query = (
        select(
            ListEntry.id,
            ListEntry.list_type,
            ListEntry.category,
            ListEntry.start_date,
            ListEntry.end_date,
            Enterprise.name.label("enterprise_name"),
            Enterprise.uscc.label("enterprise_uscc"),
        )
        .join(Enterprise, Enterprise.id == ListEntry.enterprise_id)
        .where(list_entry_in_force(day), ListEntry.id.in_(entry_ids))
    )
    return {row.id: row for row in session.execute(query)}


def entry_types(session: Session, entry_ids: Collection[int]) -> dict[int, ListType]:
    """Which list each entry is on (said even of an entry no longer in force)."""
    if not entry_ids:
        return {}
    rows = session.execute(
        select(ListEntry.id, ListEntry.list_type).where(ListEntry.id.in_(entry_ids))
    )
    return {int(i): ListType(t) for i, t in rows}


@dataclass(frozen=True)
class Assessment:
    id: int
    level: str
    valid_from: dt.date
    definition: dict[str, Any]


def assessments(session: Session, enterprise_id: int, day: dt.date) -> list[Assessment]:
    """An enterprise's assessments in force from ``day`` or earlier, oldest first."""
    rows = session.execute(
        select(
            CreditAssessment.id,
            CreditAssessment.level,
            CreditAssessment.valid_from,
            CreditScheme.definition,
        )
        .join(CreditScheme, CreditScheme.id == CreditAssessment.scheme_id)
        .where(CreditAssessment.enterprise_id == enterprise_id, CreditAssessment.valid_from <= day)
        .order_by(CreditAssessment.valid_from, CreditAssessment.id)
    )
    return [Assessment(*row) for row in rows]


def enterprise_by_uscc(session: Session, uscc: str) -> tuple[int, str] | None:
    row = session.execute(
        select(Enterprise.id, Enterprise.name).where(Enterprise.uscc == uscc)
    ).first()
    return (int(row[0]), str(row[1])) if row else None
