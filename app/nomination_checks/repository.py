"""Queries of the nomination check: barred persons for a batch, the record of checks, results.

A batch of up to 10,000 candidates costs a handful of queries, whatever its size: the bars in force
for all its ID hashes (in chunks of ``HASH_CHUNK``), the barred persons without an ID number, the
black-list entries and penalty decision numbers behind those bars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row, delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.models import (
    Enterprise,
    ListEntry,
    NominationBar,
    NominationCheck,
    NominationCheckResult,
    PenaltyRecord,
    Person,
    User,
)
from app.models.listing import list_entry_penalties
from app.models.nomination import BAR_SOURCE_LABELS
from app.models.person import PERSON_ROLE_LABELS
from app.nomination_bars.service import category_label
from app.nomination_checks.matching import BarredPerson, bar_ends
from app.publication.visibility import nomination_bar_in_force

HASH_CHUNK = 5000  # bound parameters per query: well under SQLite's and PostgreSQL's limits


def _bar_rows(session: Session, day: dt.date, *conditions: Any) -> list[Row[Any]]:
    """Bars in force on ``day`` with their person and enterprise (rows of plain columns)."""
    query = (
        select(
            NominationBar.id,
            NominationBar.person_id,
            NominationBar.role,
            NominationBar.source,
            NominationBar.basis,
            NominationBar.start_date,
            NominationBar.end_date,
            NominationBar.list_entry_id,
            Person.name,
            Person.id_hash,
            Person.id_masked,
            Enterprise.name.label("enterprise_name"),
            Enterprise.uscc.label("enterprise_uscc"),
        )
        .join(Person, Person.id == NominationBar.person_id)
        .outerjoin(Enterprise, Enterprise.id == NominationBar.enterprise_id)
        .where(nomination_bar_in_force(day), *conditions)
        .order_by(NominationBar.id)
    )
    return [cast(Row[Any], row) for row in session.execute(query)]


@dataclass(frozen=True)
class EntryBasis:
    id: int
    category: str | None
    start_date: dt.date
    end_date: dt.date
    decision_number: str | None
    penalty_decision_numbers: tuple[str, ...]


def _entries(session: Session, entry_ids: Collection[int]) -> dict[int, EntryBasis]:
    if not entry_ids:
        return {}
    numbers: dict[int, list[str]] = {}
    for entry_id, number in session.execute(
        select(list_entry_penalties.c.list_entry_id, PenaltyRecord.decision_number)
        .join(PenaltyRecord, PenaltyRecord.id == list_entry_penalties.c.penalty_record_id)
        .where(list_entry_penalties.c.list_entry_id.in_(entry_ids))
        .order_by(PenaltyRecord.decision_number)
    ):
        numbers.setdefault(entry_id, []).append(number)
    rows = session.execute(
        select(
            ListEntry.id,
            ListEntry.category,
            ListEntry.start_date,
            ListEntry.end_date,
            ListEntry.decision_number,
        ).where(ListEntry.id.in_(entry_ids))
    ).all()
    return {
        row.id: EntryBasis(
            row.id,
            row.category,
            row.start_date,
            row.end_date,
            row.decision_number,
            tuple(numbers.get(row.id, ())),
        )
        for row in rows
    }


def _bar_view(row: Row[Any], entry: EntryBasis | None) -> dict[str, Any]:
    """A bar as the answer shows it (JSON-ready)."""
    enterprise = (
        {"name": row.enterprise_name, "uscc": row.enterprise_uscc}
        if row.enterprise_name is not None
        else None
    )
    basis_entry = (
        {
            "id": entry.id,
            "category": entry.category,
            "category_label": category_label(entry.category),
            "start_date": entry.start_date.isoformat(),
            "end_date": entry.end_date.isoformat(),
            "decision_number": entry.decision_number,
        }
        if entry is not None
        else None
    )
    return {
        "bar_id": row.id,
        "source": row.source.value,
        "source_label": BAR_SOURCE_LABELS[row.source],
        "enterprise": enterprise,
        "role": row.role.value if row.role is not None else None,
        "role_label": PERSON_ROLE_LABELS[row.role] if row.role is not None else None,
        "basis": row.basis,
        "list_entry": basis_entry,
        "penalty_decision_numbers": list(entry.penalty_decision_numbers) if entry else [],
        "start_date": row.start_date.isoformat(),
        "end_date": bar_ends(row.end_date, entry.end_date if entry else None).isoformat(),
    }


def _persons(session: Session, rows: Sequence[Row[Any]]) -> list[BarredPerson]:
    entries = _entries(session, {r.list_entry_id for r in rows if r.list_entry_id is not None})
    grouped: dict[int, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(row.person_id, []).append(row)
    return [
        BarredPerson(
            person_id=person_id,
            name=bars[0].name,
            id_masked=bars[0].id_masked,
            bars=tuple(
                _bar_view(r, entries.get(r.list_entry_id) if r.list_entry_id else None)
                for r in bars
            ),
        )
        for person_id, bars in grouped.items()
    ]


def barred_persons(
    session: Session, day: dt.date, hashes: Collection[str]
) -> tuple[dict[str, BarredPerson], list[BarredPerson]]:
    """The barred persons among ``hashes`` (by hash), and those recorded without an ID number."""
    ordered = sorted(hashes)
    rows: list[Row[Any]] = []
    for start in range(0, len(ordered), HASH_CHUNK):
        rows.extend(
            _bar_rows(session, day, Person.id_hash.in_(ordered[start : start + HASH_CHUNK]))
        )
    legacy_rows = _bar_rows(session, day, Person.id_hash.is_(None))
    hash_of = {r.person_id: r.id_hash for r in rows}
    by_hash = {hash_of[p.person_id]: p for p in _persons(session, rows)}
    return by_hash, _persons(session, legacy_rows)


def data_changed_at(session: Session) -> dt.datetime | None:
    """When bars or list entries last changed: which data answered a check."""
    times = [
        session.scalar(select(func.max(NominationBar.updated_at))),
        session.scalar(select(func.max(ListEntry.updated_at))),
    ]
    present = [t for t in times if t is not None]
    return max(present) if present else None


def recent_checks(
    session: Session, user_id: int, since: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """How many checks ``user_id`` ran after ``since``, and when the oldest of them ran."""
    count, oldest = session.execute(
        select(func.count(NominationCheck.id), func.min(NominationCheck.created_at)).where(
            NominationCheck.user_id == user_id, NominationCheck.created_at > since
        )
    ).one()
    return int(count), oldest


def add_results(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Insert result rows in bulk (column values as dicts)."""
    values = list(rows)
    if values:
        session.execute(insert(NominationCheckResult), values)


def results_of(session: Session, check_id: int) -> list[NominationCheckResult]:
    return list(
        session.scalars(
            select(NominationCheckResult)
            .where(NominationCheckResult.check_id == check_id)
            .order_by(NominationCheckResult.position)
        )
    )


def checks_of_user(session: Session, user_id: int, limit: int) -> list[NominationCheck]:
    return list(
        session.scalars(
            select(NominationCheck)
            .where(NominationCheck.user_id == user_id)
            .order_by(NominationCheck.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class ChecksFilter:
    username: str = ""
    date_from: dt.datetime | None = None  # inclusive, UTC
    date_to: dt.datetime | None = None  # exclusive, UTC


def checks_page(
    session: Session, f: ChecksFilter, *, before_id: int | None, limit: int
) -> list[tuple[NominationCheck, str]]:
    """Checks with their account's username, newest first (``limit + 1`` rows: is there more)."""
    query = select(NominationCheck, User.username).join(User, User.id == NominationCheck.user_id)
    if f.username:
        query = query.where(User.username == f.username)
    if f.date_from is not None:
        query = query.where(NominationCheck.created_at >= f.date_from)
    if f.date_to is not None:
        query = query.where(NominationCheck.created_at < f.date_to)
    if before_id is not None:
        query = query.where(NominationCheck.id < before_id)
    rows = session.execute(query.order_by(NominationCheck.id.desc()).limit(limit + 1)).all()
    return [(check, username) for check, username in rows]


def expired_check_ids(session: Session, now: dt.datetime) -> list[int]:
    return list(
        session.scalars(
            select(NominationCheck.id).where(
                NominationCheck.results_expire_at <= now,
                NominationCheck.results_purged_at.is_(None),
            )
        )
    )


def delete_results(session: Session, check_ids: Sequence[int], now: dt.datetime) -> int:
    deleted = 0
    for start in range(0, len(check_ids), HASH_CHUNK):
        chunk = check_ids[start : start + HASH_CHUNK]
        result = session.execute(
            delete(NominationCheckResult).where(NominationCheckResult.check_id.in_(chunk))
        )
        deleted += int(getattr(result, "rowcount", 0) or 0)
        session.execute(
            update(NominationCheck)
            .where(NominationCheck.id.in_(chunk))
            .values(results_purged_at=now)
        )
    return deleted
