"""The one visibility rule: what is public on a given day.

Everything public (pages, API, CSV, feed, nomination check) filters through these predicates, so
that a record's public status is derived from its dates when it is served, never from a flag.
The publication rules issue refines the periods; callers keep calling these.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_

from app.models import EntryStatus, ListEntry, PenaltyRecord, PenaltyVersion, VersionStatus


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


def list_entry_in_force(day: dt.date) -> ColumnElement[bool]:
    """A list entry is in force on ``day``: approved, started, not ended, not removed."""
    return and_(
        ListEntry.status == EntryStatus.approved,
        ListEntry.start_date <= day,
        ListEntry.end_date >= day,
        ListEntry.removed_at.is_(None),
    )
