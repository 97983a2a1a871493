"""The derived publication status of a record: what the public side would say of it today.

Built from the one visibility rule (``visibility.penalty_version_public``,
``visibility.list_entry_in_force``): a record the rule shows is 公示中, and a record it does not
show says why (公示期满, 已修复, 已撤下, 已届满 …). The workspace shows this status instead of
the stored workflow label for every approved record, so that officers and the public never see two
different truths. Records still in the workflow (drafts, submissions, proposals) have no derived
status (``None``): their workflow label stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, case, literal, null, select
from sqlalchemy.orm import Session

from app.models import EntryStatus, ListEntry, PenaltyRecord, PenaltyVersion, VersionStatus
from app.publication.visibility import list_entry_in_force, penalty_version_public

PUBLIC_STATUS_LABELS: dict[str, str] = {
    "public": "公示中",
    "expired": "公示期满",
    "repaired": "已修复",
    "withdrawn": "已撤下",
    "not_published": "不予公示（轻微）",
    "not_yet": "尚未开始",
    "ended": "已届满",
}
# What the withdrawal reason or the removal text says of a repair.
REPAIRED = "repaired"
REPAIR_WORD = "信用修复"


def penalty_status(day: dt.date) -> ColumnElement[str | None]:
    """The derived status of the current published version (``None`` for other versions).
    The query must join ``PenaltyRecord``."""
    published = PenaltyVersion.status == VersionStatus.published
    return case(
        (~published, null()),
        (penalty_version_public(day, history=False), literal("public")),
        (
            and_(
                PenaltyRecord.withdrawn_at.is_not(None), PenaltyRecord.withdrawal_reason == REPAIRED
            ),
            literal("repaired"),
        ),
        (PenaltyRecord.withdrawn_at.is_not(None), literal("withdrawn")),
        (PenaltyVersion.publication_end_date.is_(None), literal("not_published")),
        (PenaltyVersion.publication_end_date < day, literal("expired")),
        else_=literal("not_yet"),
    )


def entry_status(day: dt.date) -> ColumnElement[str | None]:
    """The derived status of an approved or removed list entry (``None`` while proposed or
    rejected)."""
    return case(
        (ListEntry.status.not_in([EntryStatus.approved, EntryStatus.removed]), null()),
        (list_entry_in_force(day, history=False), literal("public")),
        (
            and_(
                ListEntry.removed_at.is_not(None),
                ListEntry.removal_reason.contains(REPAIR_WORD, autoescape=True),
            ),
            literal("repaired"),
        ),
        (ListEntry.removed_at.is_not(None), literal("withdrawn")),
        (ListEntry.end_date < day, literal("ended")),
        else_=literal("not_yet"),
    )


def penalty_statuses(session: Session, version_ids: Sequence[int], day: dt.date) -> dict[int, str]:
    """Derived status (a key of ``PUBLIC_STATUS_LABELS``) by version id, where there is one."""
    found: dict[int, str] = {}
    ids = list(version_ids)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(PenaltyVersion.id, penalty_status(day))
            .join(PenaltyRecord, PenaltyRecord.id == PenaltyVersion.record_id)
            .where(PenaltyVersion.id.in_(ids[start : start + 500]))
        )
        found.update({int(r[0]): str(r[1]) for r in rows if r[1] is not None})
    return found


def entry_statuses(session: Session, entry_ids: Sequence[int], day: dt.date) -> dict[int, str]:
    """Derived status by list entry id, where there is one."""
    found: dict[int, str] = {}
    ids = list(entry_ids)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(ListEntry.id, entry_status(day)).where(
                ListEntry.id.in_(ids[start : start + 500])
            )
        )
        found.update({int(r[0]): str(r[1]) for r in rows if r[1] is not None})
    return found


def status_labels(statuses: dict[int, str]) -> dict[int, str]:
    """The Chinese labels of derived statuses, by id."""
    return {key: PUBLIC_STATUS_LABELS[value] for key, value in statuses.items()}
