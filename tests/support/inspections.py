"""Builders for the inspection ledger's tests: the office and a county bureau's officers, a
campaign with a batch, and cases as the import or a form would give them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.inspections import findings, service
from app.inspections.fields import parse_case, parse_finding
from app.kit.actor import Actor, Role
from app.models import CampaignKind, InspectionBatch, InspectionCampaign, InspectionCase
from tests.support.factories import make_authority
from tests.support.workflows import make_officer


@dataclass(frozen=True)
class Officers:
    office_clerk: Actor
    office_reviewer: Actor
    office_reviewer2: Actor
    fushan_clerk: Actor  # 福山区 (370611)
    fushan_reviewer: Actor
    laishan_clerk: Actor  # 莱山区 (370613)


def officers(session: Session) -> Officers:
    city = make_authority(session)
    fushan = make_authority(session, "福山分局", "370611")
    laishan = make_authority(session, "莱山分局", "370613")
    f, lai = frozenset({"370611"}), frozenset({"370613"})
    return Officers(
        office_clerk=make_officer(session, Role.clerk, city),
        office_reviewer=make_officer(session, Role.reviewer, city),
        office_reviewer2=make_officer(session, Role.reviewer, city),
        fushan_clerk=make_officer(session, Role.clerk, fushan, f),
        fushan_reviewer=make_officer(session, Role.reviewer, fushan, f),
        laishan_clerk=make_officer(session, Role.clerk, laishan, lai),
    )


def campaign(
    session: Session,
    office: Actor,
    *,
    start: dt.date = dt.date(2026, 6, 1),
    due_days: int = 5,
    publication_day: int = 8,
    title: str = "第三轮省级生态环境保护督察",
) -> InspectionCampaign:
    return service.create_campaign(
        session,
        office,
        kind=CampaignKind.provincial,
        round_="第三轮",
        team="山东省第二生态环境保护督察组",
        title=title,
        start_date=start,
        end_date=start + dt.timedelta(days=30),
        findings_due_days=due_days,
        publication_day=publication_day,
        closing_due_days=30,
    )


def batch(
    session: Session, office: Actor, campaign_id: int, number: int, on: dt.date
) -> InspectionBatch:
    return service.create_batch(session, office, campaign_id, number=number, handed_over_on=on)


def case_raw(number: str, **overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "case_number": number,
        "sequence": "1",
        "channel": "来电",
        "summary": "反映某化工厂夜间排放刺鼻气味，影响周边居民生活。",
        "area_code": "370611",
        "pollution_types": "大气",
        "units": "福山区",
    }
    raw.update(overrides)
    return raw


def add_case(
    session: Session, office: Actor, batch_id: int, number: str, **overrides: Any
) -> InspectionCase:
    return service.create_case(session, office, batch_id, parse_case(case_raw(number, **overrides)))


def finding_raw(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "investigation": "经现场核查，该厂活性炭吸附装置未按期更换，废气收集不完全。",
        "truth": "属实",
        "handling": "责令立即整改，更换活性炭并完善收集设施，已于当日完成整改。",
        "accountability": "无",
        "ordered_rectification": "1",
        "rectification_deadline": "2026-06-30",
    }
    raw.update(overrides)
    return raw


def report_and_approve(session: Session, o: Officers, case_id: int, **overrides: Any) -> None:
    """The county clerk records and submits, an office reviewer approves."""
    found = findings.record_findings(
        session, o.fushan_clerk, case_id, parse_finding(finding_raw(**overrides)), and_submit=True
    )
    findings.approve(session, o.office_reviewer, found.id)


def public_case(session: Session) -> InspectionCase:
    """A case whose findings are public today (handed over 10 days ago, approved)."""
    from app.kit import clock

    o = officers(session)
    today = clock.today()
    c = campaign(session, o.office_clerk, start=today - dt.timedelta(days=20), title="公开的督察")
    b = batch(session, o.office_clerk, c.id, 1, today - dt.timedelta(days=10))
    case = add_case(session, o.office_clerk, b.id, "PUB-0001")
    report_and_approve(session, o, case.id)
    return case
