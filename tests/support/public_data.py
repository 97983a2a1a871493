"""Builders for the public-site tests: credit schemes and assessments, and the penalties that
must never be public (one per reason), each with text that can be searched for in any output."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from app.models import (
    CreditAssessment,
    CreditScheme,
    Enterprise,
    ListEntry,
    PenaltyRecord,
    PenaltyVersion,
    Severity,
    VersionStatus,
)
from app.models.listing import list_entry_penalties
from tests.support.factories import make_penalty

_n = itertools.count(1)

TODAY = dt.date(2026, 7, 1)  # the frozen "today" of these tests


def make_scheme(session: Session) -> CreditScheme:
    from app.credit.rules import SHANDONG_2020

    scheme = CreditScheme(
        code=f"test-scheme-{next(_n)}",
        name="测试用信用评价办法",
        effective_from=dt.date(2021, 1, 1),
        definition=SHANDONG_2020,
    )
    session.add(scheme)
    session.flush()
    return scheme


def make_assessment(
    session: Session,
    enterprise: Enterprise,
    scheme: CreditScheme,
    level: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    points: int = 0,
) -> CreditAssessment:
    assessment = CreditAssessment(
        enterprise_id=enterprise.id,
        scheme_id=scheme.id,
        level=level,
        points=points,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    session.add(assessment)
    session.flush()
    return assessment


def cite(session: Session, entry: ListEntry, version: PenaltyVersion) -> None:
    session.execute(
        list_entry_penalties.insert().values(
            list_entry_id=entry.id, penalty_record_id=version.record_id
        )
    )


def mark(version: PenaltyVersion, word: str) -> None:
    """Give a penalty texts that identify it wherever they would appear."""
    version.violation_facts = f"违法事实{word}"
    version.penalty_content = f"处罚内容{word}"
    version.violation_type = f"类型{word}"


_NOT_COPIED = ("id", "version", "status", "superseded_at", "created_at", "updated_at")


@dataclass
class Hidden:
    reason: str
    version: PenaltyVersion
    word: str


def hidden_penalties(session: Session, enterprise: Enterprise) -> list[Hidden]:
    """One penalty of ``enterprise`` per reason it is not public on :data:`TODAY`."""
    found: list[Hidden] = []

    def add(reason: str, version: PenaltyVersion) -> None:
        word = f"隐藏{reason}"
        mark(version, word)
        found.append(Hidden(reason, version, word))

    for status in (
        VersionStatus.draft,
        VersionStatus.submitted,
        VersionStatus.returned,
        VersionStatus.discarded,
    ):
        add(status.value, make_penalty(session, enterprise, status=status))
    add("minor", make_penalty(session, enterprise, severity=Severity.minor))
    add("expired", make_penalty(session, enterprise, decision_date=dt.date(2025, 6, 1)))
    add("future", make_penalty(session, enterprise, decision_date=dt.date(2026, 8, 1)))
    withdrawn = make_penalty(session, enterprise)
    record = session.get(PenaltyRecord, withdrawn.record_id)
    assert record is not None
    record.withdrawn_at = dt.datetime(2026, 6, 20, tzinfo=dt.UTC)
    record.withdrawal_reason = "repaired"
    add("withdrawn", withdrawn)
    # A correction: version 1 superseded by version 2; only version 2's texts are public.
    old = make_penalty(session, enterprise, fine_wan=Decimal("3"))
    old.status = VersionStatus.superseded
    old.superseded_at = dt.datetime(2026, 6, 10, tzinfo=dt.UTC)
    add("superseded", old)
    correction = PenaltyVersion(
        **{
            column: getattr(old, column)
            for column in PenaltyVersion.__table__.columns.keys()  # noqa: SIM118 - a Column list
            if column
            not in ("id", "version", "status", "superseded_at", "created_at", "updated_at")
        },
        version=2,
        status=VersionStatus.published,
    )
    mark(correction, "更正后版本")
    session.add(correction)
    session.flush()
    return found
