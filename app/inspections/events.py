"""The public changes of the board on the change feed and the push (``app.feed``):

- ``inspection_case.published``: a case's findings became public (on approval when the
  publication day has come, else on that day, by ``catch_up`` from the rules tick);
- ``inspection_case.corrected``: a new version replaced public findings;
- ``inspection_case.closed``: 阶段性办结 or 办结 of a public case;
- ``inspection_case.cancelled``: 销号 of a public case.

Each carries the case's public row (``public_service.case_payload``), never a private field.
A case whose findings are not public yet has no events: its first event is the publication, which
carries the status reached by then.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.feed.service import emit_change
from app.inspections import public_service
from app.kit import clock
from app.models import (
    FeedEvent,
    InspectionBatch,
    InspectionCase,
    InspectionFinding,
    VersionStatus,
)

RECORD_TYPE = "inspection_case"


def _emitted_versions(session: Session, case_id: int) -> set[int]:
    return set(
        session.scalars(
            select(FeedEvent.record_version).where(
                FeedEvent.record_type == RECORD_TYPE,
                FeedEvent.record_id == case_id,
                FeedEvent.kind.in_((f"{RECORD_TYPE}.published", f"{RECORD_TYPE}.corrected")),
            )
        )
    )


def _emit(session: Session, case: InspectionCase, kind: str, day: dt.date) -> bool:
    payload = public_service.case_payload(session, case, day)
    if payload is None:
        return False
    emit_change(
        session,
        kind=f"{RECORD_TYPE}.{kind}",
        record_type=RECORD_TYPE,
        record_id=case.id,
        record_version=int(payload["version"]),
        payload=payload,
    )
    return True


def findings_approved(session: Session, finding: InspectionFinding) -> None:
    case = session.get_one(InspectionCase, finding.case_id)
    batch = session.get_one(InspectionBatch, case.batch_id)
    today = clock.today()
    if today < batch.public_from:
        return  # catch_up publishes it on the publication day
    emitted = _emitted_versions(session, case.id)
    if finding.version not in emitted:
        _emit(session, case, "corrected" if emitted else "published", today)


def case_changed(session: Session, case: InspectionCase, kind: str) -> None:
    """A milestone of ``kind`` (closed / cancelled) of a case whose findings are public."""
    if _emitted_versions(session, case.id):
        _emit(session, case, kind, clock.today())


def catch_up(session: Session, day: dt.date | None = None) -> int:
    """Publish on the feed the findings that became public by ``day`` without an event yet
    (their publication day came after their approval). Safe to run any number of times."""
    day = day or clock.today()
    rows = session.execute(
        select(InspectionFinding.case_id, InspectionFinding.version)
        .join(InspectionCase, InspectionCase.id == InspectionFinding.case_id)
        .join(InspectionBatch, InspectionBatch.id == InspectionCase.batch_id)
        .where(
            InspectionFinding.status == VersionStatus.published,
            InspectionBatch.public_from <= day,
        )
    ).all()
    if not rows:
        return 0
    emitted: dict[int, set[int]] = {}
    for case_id, version in session.execute(
        select(FeedEvent.record_id, FeedEvent.record_version).where(
            FeedEvent.record_type == RECORD_TYPE
        )
    ):
        emitted.setdefault(int(case_id), set()).add(int(version))
    count = 0
    for case_id, version in rows:
        if version in emitted.get(int(case_id), set()):
            continue
        case = session.get_one(InspectionCase, case_id)
        kind = "corrected" if emitted.get(int(case_id)) else "published"
        count += _emit(session, case, kind, day)
    return count
