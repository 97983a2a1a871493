"""Ending a penalty's publication now: a credit repair approved, a decision revoked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.credit.service import recompute_enterprise
from app.feed.payloads import WITHDRAWAL_KINDS
from app.feed.service import lock_in_order
from app.feed.withdrawals import emit_withdrawal, note_ending
from app.kit import clock
from app.models import PenaltyRecord, PenaltyVersion, PublicationEnding, VersionStatus
from app.publication import repository
from app.publication.repository import Ended
from app.publication.visibility import local_day


def withdraw_penalty(session: Session, record_id: int, reason: str) -> PenaltyRecord:
    """End a penalty's publication now (``reason``: ``repaired`` when a repair is approved,
    ``revoked``): it is no longer public from today on, the feed carries the withdrawal in this
    transaction and the enterprise's credit level no longer counts it. For the credit repair and
    objection workflows."""
    record = session.scalars(
        select(PenaltyRecord).where(PenaltyRecord.id == record_id).with_for_update()
    ).one()
    withdrawn_at = record.withdrawn_at
    if withdrawn_at is None:
        withdrawn_at = record.withdrawn_at = clock.now()
        record.withdrawal_reason = reason
        session.flush()
    version = session.scalar(
        select(PenaltyVersion.version).where(
            PenaltyVersion.record_id == record_id, PenaltyVersion.status == VersionStatus.published
        )
    )
    if version is None:
        return record
    ended_on = local_day(withdrawn_at)
    ending = Ended("penalty", record_id, version, record.withdrawal_reason or reason, ended_on)
    noted = session.scalar(
        select(PublicationEnding.id).where(
            PublicationEnding.record_type == "penalty",
            PublicationEnding.record_id == record_id,
            PublicationEnding.record_version == version,
        )
    )
    if noted is None:
        lock_in_order(session)
        event = repository.last_events(session, "penalty", [record_id]).get(record_id)
        position = event.position if event is not None else None
        if event is not None and event.kind not in WITHDRAWAL_KINDS:
            position = emit_withdrawal(session, ending)
        note_ending(session, ending, position)
        session.flush()
    if record.enterprise_id is not None:  # the withdrawn penalty stops counting for its level
        recompute_enterprise(session, record.enterprise_id)
    return record
