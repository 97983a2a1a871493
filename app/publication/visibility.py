"""The one visibility rule: what is public (or in force) on a given day.

Everything public (pages, API, CSV, search filters, feed snapshot, reconciliation, nomination
check) filters through these predicates, so that a record's status is derived from its dates and
events when it is served, never from a flag that a job flips.

A day in the past is answered from the history the records keep ("as of"): a version counts from
the day it was published (``published_at``) until the day a correction superseded it
(``superseded_at``: a correction published on D supersedes the old version from D on); a record
withdrawn (repaired, revoked) on D is not public from D on; a list entry counts from its approval
until its removal; a nomination bar from its confirmation until it is lifted. Event times are
UTC and compared as Asia/Shanghai days (``day_end``).

For today (or a later day) the same rule reduces to the current flags (nothing has a future
event time), which is what the hot paths use: ``history`` says which form to build, and callers
that cache statements key them on it (``statement_key``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.kit import clock
from app.models import (
    Authority,
    BarStatus,
    CreditAssessment,
    Enterprise,
    EntryStatus,
    LicenceKind,
    LicenceRecord,
    LicenceVersion,
    ListEntry,
    NominationBar,
    Objection,
    ObjectionStatus,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)

# The version of the rule by which the nomination check decides whether a person is barred; the
# check states it in every answer. Bump it when ``nomination_bar_in_force`` changes meaning.
NOMINATION_RULE_VERSION = "bars-in-force/2 (发改财金〔2016〕1580号)"

Day = Any  # a date, or a bound parameter standing for today (search statements)


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Asia/Shanghai, as UTC: an event at or after it happened
    after ``day``."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=clock.SHANGHAI)
    return midnight.astimezone(dt.UTC)


def local_day(value: dt.datetime) -> dt.date:
    """The Asia/Shanghai day of a stored UTC time."""
    return clock.to_local(value).date()


def is_history(day: Day) -> bool:
    """Whether ``day`` is in the past (answered from history); a bound parameter is today."""
    return isinstance(day, dt.date) and day < clock.today()


def statement_key(day: dt.date) -> tuple[dt.date, bool]:
    """Cache key of a statement built for ``day``: the day and which form of the rule it uses."""
    return day, is_history(day)


def _history(day: Day, history: bool | None) -> bool:
    return is_history(day) if history is None else history


def penalty_version_public(day: Day, *, history: bool | None = None) -> ColumnElement[bool]:
    """A penalty version is public on ``day``: decided on or before ``day``, its publication
    period (公示截止期) not ended, the version current on ``day`` and the record not withdrawn.
    The query must join ``PenaltyRecord``."""
    dates = and_(
        PenaltyVersion.decision_date <= day,
        PenaltyVersion.publication_end_date.is_not(None),
        PenaltyVersion.publication_end_date >= day,
    )
    if not _history(day, history):
        return and_(
            PenaltyVersion.status == VersionStatus.published,
            dates,
            PenaltyRecord.withdrawn_at.is_(None),
        )
    end = day_end(day)
    return and_(
        or_(
            PenaltyVersion.status == VersionStatus.published,
            and_(
                PenaltyVersion.status == VersionStatus.superseded,
                PenaltyVersion.superseded_at >= end,
            ),
        ),
        or_(PenaltyVersion.published_at.is_(None), PenaltyVersion.published_at < end),
        dates,
        or_(PenaltyRecord.withdrawn_at.is_(None), PenaltyRecord.withdrawn_at >= end),
    )


def list_entry_in_force(
    day: Day, entry: type[ListEntry] = ListEntry, *, history: bool | None = None
) -> ColumnElement[bool]:
    """A list entry is in force on ``day``: approved by then, started, not ended, not removed.
    ``entry`` may be an alias of ``ListEntry`` (as in a correlated subquery)."""
    dates = and_(entry.start_date <= day, entry.end_date >= day)
    if not _history(day, history):
        return and_(entry.status == EntryStatus.approved, dates, entry.removed_at.is_(None))
    end = day_end(day)
    return and_(
        or_(
            and_(entry.status == EntryStatus.approved, entry.removed_at.is_(None)),
            and_(
                entry.status.in_([EntryStatus.approved, EntryStatus.removed]),
                entry.removed_at >= end,
            ),
        ),
        or_(entry.approved_at.is_(None), entry.approved_at < end),
        dates,
    )


def nomination_bar_in_force(day: Day, *, history: bool | None = None) -> ColumnElement[bool]:
    """A nomination bar is in force on ``day``: confirmed by then, started, not ended and not
    lifted (revoked). A bar that came from a black-list entry ends as well when that entry is
    removed or no longer in force on ``day`` (``list_entry_in_force``), whatever the bar's own
    dates say."""
    past = _history(day, history)
    entry = aliased(ListEntry)  # an alias: never correlated with a ListEntry of the outer query
    basis_in_force = exists().where(
        entry.id == NominationBar.list_entry_id, list_entry_in_force(day, entry, history=past)
    )
    dates = and_(
        NominationBar.start_date <= day,
        NominationBar.end_date >= day,
        or_(NominationBar.list_entry_id.is_(None), basis_in_force),
    )
    if not past:
        return and_(
            NominationBar.status == BarStatus.approved, NominationBar.revoked_at.is_(None), dates
        )
    end = day_end(day)
    return and_(
        or_(
            and_(
                NominationBar.status == BarStatus.approved,
                NominationBar.revoked_at.is_(None),
                or_(NominationBar.reviewed_at.is_(None), NominationBar.reviewed_at < end),
            ),
            # Lifted after ``day``: it counts if it had been confirmed by then (a bar revoked
            # while still proposed was never in force).
            and_(
                NominationBar.status.in_([BarStatus.approved, BarStatus.revoked]),
                NominationBar.revoked_at >= end,
                NominationBar.reviewed_at < end,
            ),
        ),
        dates,
    )


def credit_assessment_in_force(day: Day) -> ColumnElement[bool]:
    """An enterprise's credit assessment is the one in force on ``day``: valid from then or
    earlier and not ended before it (assessments of one enterprise never overlap; the record
    page shows the same one)."""
    return and_(
        CreditAssessment.valid_from <= day,
        or_(CreditAssessment.valid_to.is_(None), CreditAssessment.valid_to >= day),
    )


def penalty_version_is_public(session: Session, version_id: int, day: dt.date) -> bool:
    """Whether one penalty version is public on ``day`` (the same rule, for a single version)."""
    found = session.scalar(
        select(
            exists().where(
                PenaltyVersion.id == version_id,
                PenaltyRecord.id == PenaltyVersion.record_id,
                penalty_version_public(day),
            )
        )
    )
    return bool(found)


def objection_open(day: Any, *, history: bool) -> ColumnElement[bool]:
    """Whether the penalty record of the outer query (``PenaltyRecord``) had an objection open
    on ``day`` (``history``: answered from the submission and decision times, as "as of"
    pages need; otherwise today's status)."""
    conditions: list[ColumnElement[bool]] = [Objection.penalty_record_id == PenaltyRecord.id]
    if history:
        end = day_end(day)
        conditions += [
            Objection.submitted_at < end,
            or_(Objection.decided_at.is_(None), Objection.decided_at >= end),
        ]
    else:
        conditions.append(Objection.status == ObjectionStatus.open)
    return select(Objection.id).where(*conditions).exists()


def public_penalties_select(
    columns: Sequence[Any], day: dt.date, history: bool | None = None
) -> Select[Any]:
    """``columns`` of the penalty versions public on ``day`` (with their record, authority and,
    when known, enterprise joined): the starting point of every public penalty query.
    ``history`` picks the rule's form (see ``statement_key``)."""
    return (
        select(*columns)
        .select_from(PenaltyVersion)
        .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
        .join(Authority, Authority.id == PenaltyRecord.authority_id)
        .outerjoin(Enterprise, Enterprise.id == PenaltyRecord.enterprise_id)
        .where(penalty_version_public(day, history=history))
    )


# --- administrative licences ----------------------------------------------------------------


def licence_version_public(day: Day, *, history: bool | None = None) -> ColumnElement[bool]:
    """A licence version is public on ``day``: decided on or before ``day`` and the version
    current on ``day`` (published by then, not yet superseded). A licence that expired or was
    revoked stays public, with that status (``licence_status``). The query must join
    ``LicenceRecord``."""
    if not _history(day, history):
        return and_(
            LicenceVersion.status == VersionStatus.published, LicenceVersion.decision_date <= day
        )
    end = day_end(day)
    return and_(
        or_(
            LicenceVersion.status == VersionStatus.published,
            and_(
                LicenceVersion.status == VersionStatus.superseded,
                LicenceVersion.superseded_at >= end,
            ),
        ),
        or_(LicenceVersion.published_at.is_(None), LicenceVersion.published_at < end),
        LicenceVersion.decision_date <= day,
    )


def licence_revoked(day: Day, *, history: bool | None = None) -> ColumnElement[bool]:
    """The licence record of the query was revoked (撤销 / 注销) by ``day``: confirmed by then
    and in effect from ``revocation_date``."""
    confirmed: ColumnElement[bool] = LicenceRecord.revoked_at.is_not(None)
    if _history(day, history):
        confirmed = and_(confirmed, LicenceRecord.revoked_at < day_end(day))
    return and_(confirmed, LicenceRecord.revocation_date <= day)


def licence_in_force(day: Day, *, history: bool | None = None) -> ColumnElement[bool]:
    """A licence is in force (有效) on ``day``: public, within its validity, not revoked."""
    return and_(
        licence_version_public(day, history=history),
        LicenceVersion.valid_from <= day,
        or_(LicenceVersion.valid_to.is_(None), LicenceVersion.valid_to >= day),
        ~licence_revoked(day, history=history),
    )


LICENCE_STATUS_LABELS = {
    "pending": "尚未生效",
    "in_force": "有效",
    "expired": "已过期",
    "revoked": "已撤销",
    "cancelled": "已注销",
}


def licence_status(
    day: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None,
    revocation_kind: str | None,
    revocation_date: dt.date | None,
    revoked_at: dt.datetime | None,
) -> str:
    """The status of a public licence on ``day``, from its dates and its revocation (the same
    rule as ``licence_in_force``): revoked or cancelled, expired, pending or in force."""
    if (
        revoked_at is not None
        and revocation_date is not None
        and revoked_at < day_end(day)
        and revocation_date <= day
    ):
        return "cancelled" if revocation_kind == "cancelled" else "revoked"
    if valid_to is not None and valid_to < day:
        return "expired"
    if valid_from > day:
        return "pending"
    return "in_force"


def public_licences_select(
    columns: Sequence[Any], day: dt.date, history: bool | None = None
) -> Select[Any]:
    """``columns`` of the licence versions public on ``day`` (with their record, authority,
    kind and, when known, enterprise joined): the start of every public licence query."""
    return (
        select(*columns)
        .select_from(LicenceVersion)
        .join(LicenceRecord, LicenceRecord.id == LicenceVersion.record_id)
        .join(Authority, Authority.id == LicenceRecord.authority_id)
        .join(LicenceKind, LicenceKind.id == LicenceVersion.kind_id)
        .outerjoin(Enterprise, Enterprise.id == LicenceRecord.enterprise_id)
        .where(licence_version_public(day, history=history))
    )
