"""The ledger's rules: two-person review, the handling-unit scope, shares, case numbers kept as
received, texts made public-safe by the service, feed events for public changes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import TwoPersonRule
from app.inspections import events, findings, service, snapshot
from app.inspections.fields import parse_case, parse_finding
from app.kit.actor import Role
from app.kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.models import FeedEvent, InspectionCaseUnit, MilestoneKind, OutboxMessage, VersionStatus
from tests.support.auth import login
from tests.support.inspections import (
    add_case,
    batch,
    campaign,
    case_raw,
    finding_raw,
    officers,
    report_and_approve,
)

Clock = Callable[[dt.datetime | dt.date], None]
DAY = dt.date(2026, 6, 2)


def test_two_person_rule_and_office_review(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(session, o.office_clerk, b.id, "D3SX202606020001")
    # the office reviewer records and submits: they may not approve their own
    own = findings.record_findings(
        session, o.office_reviewer, case.id, parse_finding(finding_raw()), and_submit=True
    )
    with pytest.raises(TwoPersonRule):
        findings.approve(session, o.office_reviewer, own.id)
    # a county reviewer is not the office: may not approve
    with pytest.raises(Forbidden):
        findings.approve(session, o.fushan_reviewer, own.id)
    assert findings.allowed_actions(session, o.office_reviewer2, own) == {"approve", "return"}
    findings.return_to_maker(session, o.office_reviewer2, own.id, "请补充处罚情况")
    assert own.status == VersionStatus.returned
    findings.submit(session, o.office_reviewer, own.id)
    approved = findings.approve(session, o.office_reviewer2, own.id)
    assert approved.status.value == "published"
    # a correction is a new version, reviewed the same way; the old one is superseded
    with pytest.raises(ValidationFailed):
        findings.record_findings(session, o.fushan_clerk, case.id, parse_finding(finding_raw()))
    fix = findings.record_findings(
        session,
        o.fushan_clerk,
        case.id,
        parse_finding(finding_raw(truth="部分属实", change_reason="补充核查结果")),
        and_submit=True,
    )
    assert fix.version == 2
    findings.approve(session, o.office_reviewer, fix.id)
    assert own.status.value == "superseded"


def test_a_county_never_sees_another_countys_case(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(session, o.office_clerk, b.id, "D3SX202606020002")  # 福山区's
    assert service.load_case(session, o.fushan_clerk, case.id).id == case.id
    with pytest.raises(NotFound):
        service.load_case(session, o.laishan_clerk, case.id)
    with pytest.raises(NotFound):
        findings.record_findings(session, o.laishan_clerk, case.id, parse_finding(finding_raw()))
    # counties cannot create batches or cases
    with pytest.raises(Forbidden):
        batch(session, o.fushan_clerk, c.id, 2, DAY)


def test_shares_sum_to_the_case_count(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    add_case(session, o.office_clerk, b.id, "A1", units="福山区,莱山区")
    add_case(session, o.office_clerk, b.id, "A2", units="福山区,莱山区,高新区")
    add_case(session, o.office_clerk, b.id, "A3", units="福山区:0.7,莱山区")
    add_case(session, o.office_clerk, b.id, "A4", units="高新区")
    shares = session.scalars(select(InspectionCaseUnit.share)).all()
    assert sum(shares, Decimal(0)) == 4
    rows = snapshot.campaign_snapshot(session, c.id, DAY).rows
    assert all(sum(s for _u, s in r.units) == 1 for r in rows)
    with pytest.raises(ValidationFailed) as bad:
        service.create_case(
            session, o.office_clerk, b.id, parse_case(case_raw("A5", units="福山区:0.7,莱山区:0.7"))
        )
    assert bad.value.fields[0].field == "units"


def test_case_numbers_kept_as_received_and_unique_in_a_campaign(
    session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(session, o.office_clerk, b.id, "20211210-6")
    assert case.case_number == "20211210-6"
    with pytest.raises(Conflict):
        add_case(session, o.office_clerk, b.id, "20211210-6")
    other = campaign(session, o.office_clerk, title="另一轮督察")
    b2 = batch(session, o.office_clerk, other.id, 1, DAY)
    assert add_case(session, o.office_clerk, b2.id, "20211210-6").id != case.id


def test_texts_are_made_public_safe_when_saved(session: Session, frozen_clock: Clock) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(
        session,
        o.office_clerk,
        b.id,
        "X1",
        summary="举报人王大力（电话13812345678）反映村民闫小明在院内焚烧垃圾。",
    )
    assert "王大力" not in case.summary
    assert "13812345678" not in case.summary
    assert "闫小明" not in case.summary
    assert "闫某" in case.summary
    version = findings.record_findings(
        session,
        o.fushan_clerk,
        case.id,
        parse_finding(
            finding_raw(
                investigation="经查，赵建国在自家院内焚烧生活垃圾属实。",
                private_names="赵建国",
            )
        ),
    )
    assert version.investigation == "经查，赵某在自家院内焚烧生活垃圾属实。"


def test_public_changes_are_feed_events_with_outbox_rows(
    session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(session, o.office_clerk, b.id, "F1", summary="村民闫小明反映噪声扰民")
    frozen_clock(dt.date(2026, 6, 5))
    report_and_approve(session, o, case.id, internal_note="内部：请勿公开")

    def kinds() -> list[str]:
        query = select(FeedEvent.kind).where(FeedEvent.record_type == "inspection_case")
        return list(session.scalars(query))

    assert kinds() == []  # approved before the publication day: nothing public yet
    frozen_clock(dt.date(2026, 6, 10))
    assert events.catch_up(session) == 1
    assert events.catch_up(session) == 0
    service.record_milestone(
        session, o.fushan_clerk, case.id, MilestoneKind.closed, dt.date(2026, 6, 10)
    )
    assert kinds() == ["inspection_case.published", "inspection_case.closed"]
    bodies = session.scalars(
        select(FeedEvent.body).where(FeedEvent.record_type == "inspection_case")
    )
    for body in bodies:
        assert "闫小明" not in body
        assert "内部" not in body
        assert json.loads(body)["data"]["case_number"] == "F1"
    outbox = session.scalars(
        select(OutboxMessage.record_key)
        .join(FeedEvent, FeedEvent.id == OutboxMessage.event_id)
        .where(FeedEvent.record_type == "inspection_case")
    ).all()
    assert outbox == [f"inspection_case:{case.id}"] * 2


def test_the_admin_api_records_and_the_office_approves(
    client: TestClient, session: Session, frozen_clock: Clock
) -> None:
    frozen_clock(DAY)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, DAY)
    case = add_case(session, o.office_clerk, b.id, "API1")
    session.commit()
    body = {"investigation": "经查，村民闫小明焚烧垃圾属实", "truth": "属实", "handling": "已整改"}
    login(client, Role.clerk, districts=["370613"])
    assert (
        client.post(f"/api/v1/admin/inspections/cases/{case.id}/findings", json=body).status_code
        == 404
    )
    login(client, Role.clerk, districts=["370611"])
    made = client.post(f"/api/v1/admin/inspections/cases/{case.id}/findings?submit=true", json=body)
    assert made.status_code == 201
    assert made.json()["status"] == "submitted"
    assert "闫小明" not in made.json()["investigation"]
    bad = client.post(
        f"/api/v1/admin/inspections/cases/{case.id}/findings", json={**body, "truth": "也许"}
    )
    assert bad.status_code in (409, 422)
    login(client, Role.reviewer)
    approved = client.post(
        f"/api/v1/admin/inspections/findings/{made.json()['finding_id']}/approve"
    )
    assert approved.json()["status"] == "published"
