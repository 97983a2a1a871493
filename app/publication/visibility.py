"""The one visibility rule: what is public on a given day.

Everything public (pages, API, CSV, feed, nomination check) filters through these predicates, so
that a record's public status is derived from its dates when it is served, never from a flag.
The publication rules issue refines the periods; callers keep calling these.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlalchemy.orm import aliased

from app.models import (
    BarStatus,
    EntryStatus,
    ListEntry,
    NominationBar,
    PenaltyRecord,
    PenaltyVersion,
    VersionStatus,
)

# The version of the rule by which the nomination check decides whether a person is barred; the
# check states it in every answer. Bump it when ``nomination_bar_in_force`` changes meaning.
NOMINATION_RULE_VERSION = "bars-in-force/1 (发改财金〔2016〕1580号)"


def penalty_version_public(day: dt.date) -> ColumnElement[bool]:
    """A penalty version is public on ``day``: it is the published version, decided on or before
    ``day``, its publication period has not ended, and the record was not withdrawn."""
    return and_(
        PenaltyVersion.status == VersionStatus.published,
        PenaltyVersion.decision_date <= day,
        PenaltyVersion.publication_end_date.is_not(None),
        PenaltyVersion.publication_end_date >= day,
        PenaltyRecord.withdrawn_at.is_(None),
    )


def list_entry_in_force(day: dt.date, entry: type[ListEntry] = ListEntry) -> ColumnElement[bool]:
    """A list entry is in force on ``day``: approved, started, not ended, not removed.
    ``entry`` may be an alias of ``ListEntry`` (as in a correlated subquery)."""
    return and_(
        entry.status == EntryStatus.approved,
        entry.start_date <= day,
        entry.end_date >= day,
        entry.removed_at.is_(None),
    )


def nomination_bar_in_force(day: dt.date) -> ColumnElement[bool]:
    """A nomination bar is in force on ``day``: confirmed, started, not ended and not lifted
    (revoked). A bar that came from a black-list entry ends as well when that entry is removed or
    no longer in force on ``day`` (``list_entry_in_force``), whatever the bar's own dates say."""
    entry = aliased(ListEntry)  # an alias: never correlated with a ListEntry of the outer query
    basis_in_force = exists().where(
        entry.id == NominationBar.list_entry_id, list_entry_in_force(day, entry)
    )
    return and_(
        NominationBar.status == BarStatus.approved,
        NominationBar.start_date <= day,
        NominationBar.end_date >= day,
        NominationBar.revoked_at.is_(None),
        or_(NominationBar.list_entry_id.is_(None), basis_in_force),
    )
