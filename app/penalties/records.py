"""What officers read of a penalty record, always within their jurisdiction (the districts of
their account; the city bureau, with no districts, reads all): a record with its history, a
version with what may be done with it, and what the record form offers. Outside the
jurisdiction a record is "not found", on the pages and in the API alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.access.names import user_names
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import NotFound
from app.models import Authority, PenaltyRecord, PenaltyVersion, VersionStatus
from app.penalties import forms, repository
from app.penalties.service import allowed_actions, load_record, load_version, returned_comment
from app.publication.periods import Period, period_for, publication_end_date
from app.publication.rules import rules_in_force


@dataclass(frozen=True)
class RecordHistory:
    record: PenaltyRecord
    versions: Sequence[PenaltyVersion]
    names: dict[int, str]  # who made, submitted and reviewed them
    can_correct: bool  # the actor may start a correction of the published version now


def record_history(session: Session, actor: Actor, record_id: int) -> RecordHistory:
    """A record and all its versions, when its latest version is in the actor's jurisdiction."""
    record = load_record(session, record_id)
    versions = repository.history(session, record.id)
    if not versions or not actor.covers(versions[-1].district_code):
        raise NotFound("未找到该处罚记录")
    current = repository.current_published(session, record.id)
    return RecordHistory(
        record=record,
        versions=versions,
        names=user_names(session, repository.maker_ids(versions)),
        can_correct=current is not None and "correct" in allowed_actions(session, actor, current),
    )


@dataclass(frozen=True)
class VersionView:
    version: PenaltyVersion
    record: PenaltyRecord
    authority_name: str
    period: Period  # what its severity means, under the rules that judge it
    names: dict[int, str]
    actions: set[str]  # what the actor may do with it now
    returned_comment: str | None  # the reviewer's comment while it is back with its maker
    awaits_another_reviewer: bool  # submitted by the actor: another reviewer must check it
    end_preview: dt.date | None  # its 公示截止期 if it were published now


def version_view(session: Session, actor: Actor, version_id: int) -> VersionView:
    version = load_version(session, actor, version_id)
    record = load_record(session, version.record_id)
    authority = session.get(Authority, record.authority_id)
    return VersionView(
        version=version,
        record=record,
        authority_name=authority.name if authority else "",
        period=period_for(session, version.severity, version.decision_date),
        names=user_names(session, repository.maker_ids([version])),
        actions=allowed_actions(session, actor, version),
        returned_comment=returned_comment(version),
        awaits_another_reviewer=version.status == VersionStatus.submitted
        and actor.user_id in (version.created_by_id, version.submitted_by_id),
        end_preview=publication_end_date(session, version.severity, version.decision_date),
    )


def version_with_record(
    session: Session, actor: Actor, version_id: int
) -> tuple[PenaltyVersion, PenaltyRecord]:
    """A version in the actor's jurisdiction and its record."""
    version = load_version(session, actor, version_id)
    return version, load_record(session, version.record_id)


def officer_authority(session: Session, actor: Actor) -> Authority | None:
    """The officer's authority (for the new record's data source), if any."""
    return session.get(Authority, actor.authority_id) if actor.authority_id else None


def form_options(session: Session, mode: str, record: PenaltyRecord | None) -> dict[str, Any]:
    """What the record form offers: the choices under the rules in force, and whether the
    change needs a reason (a correction, or an edit of a record that was published)."""
    return {
        "needs_reason": mode == "correct"
        or (record is not None and repository.was_published(session, record.id)),
        **forms.choices(rules_in_force(session, clock.today()).periods),
    }
