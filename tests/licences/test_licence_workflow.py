"""Licences: the two-person rule, corrections as versions, revocation, status from dates, as_of,
and the feed events and outbox rows of every change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.feed.payloads import LICENCE_FIELDS
from app.feed.service import public_items
from app.kit.actor import Actor, Role
from app.kit.errors import Forbidden, NotFound, ValidationFailed
from app.licences import public_service, repository
from app.licences import service as licences
from app.licences.fields import validate_licence
from app.licences.public_service import LicenceFilters
from app.models import Authority, Enterprise, VersionStatus
from app.models.feed import FeedEvent
from app.models.sync import OutboxMessage
from tests.support.factories import make_authority, make_enterprise
from tests.support.licences import licence_form, publish_licence, revoke
from tests.support.workflows import make_officer

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def bureau(session: Session) -> Authority:
    return make_authority(session)


@pytest.fixture
def clerk(session: Session, bureau: Authority) -> Actor:
    return make_officer(session, Role.clerk, bureau)


@pytest.fixture
def reviewer(session: Session, bureau: Authority) -> Actor:
    return make_officer(session, Role.reviewer, bureau)


@pytest.fixture
def company(session: Session) -> Enterprise:
    return make_enterprise(session, district="370611")


def _events(session: Session, record_id: int) -> list[str]:
    return list(
        session.scalars(
            select(FeedEvent.kind)
            .where(FeedEvent.record_type == "licence", FeedEvent.record_id == record_id)
            .order_by(FeedEvent.id)
        )
    )


def test_a_reviewer_cannot_approve_their_own_licence(
    session: Session, reviewer: Actor, bureau: Authority, company: Enterprise
) -> None:
    data = validate_licence(licence_form(company, bureau), repository.kind_names(session))
    draft = licences.create_draft(session, reviewer, data, and_submit=True)
    with pytest.raises(Forbidden) as caught:
        licences.approve(session, reviewer, draft.id)
    assert caught.value.code == "two_person_rule"
    with pytest.raises(NotFound):
        public_service.get_licence(session, TODAY, draft.record_id)


def test_a_clerk_cannot_approve(
    session: Session, clerk: Actor, bureau: Authority, company: Enterprise
) -> None:
    data = validate_licence(licence_form(company, bureau), repository.kind_names(session))
    draft = licences.create_draft(session, clerk, data, and_submit=True)
    other = make_officer(session, Role.clerk, bureau)
    with pytest.raises(Forbidden):
        licences.approve(session, other, draft.id)


def test_approval_publishes_with_the_field_set_on_the_feed_and_outbox(
    session: Session, clerk: Actor, reviewer: Actor, bureau: Authority, company: Enterprise
) -> None:
    version = publish_licence(session, clerk, reviewer, company, bureau)
    shown = public_service.get_licence(session, TODAY, version.record_id)
    assert (shown.status, shown.status_label) == ("in_force", "有效")
    assert shown.enterprise_url == f"/enterprises/{company.uscc}"
    event = session.scalars(
        select(FeedEvent).where(
            FeedEvent.record_type == "licence", FeedEvent.record_id == version.record_id
        )
    ).one()
    body = json.loads(event.body)
    assert body["type"] == "licence.published"
    assert set(body["data"]) == set(LICENCE_FIELDS)
    assert (body["data"]["kind_name"], body["data"]["category"]) == ("排污许可", "普通")
    outbox = session.scalars(select(OutboxMessage).where(OutboxMessage.event_id == event.id)).all()
    assert [o.record_key for o in outbox] == [f"licence:{version.record_id}"]
    items = [i for i in public_items(session, TODAY) if i["record"]["type"] == "licence"]
    assert [i["data"] for i in items] == [body["data"]]


def test_status_follows_the_dates(
    session: Session, clerk: Actor, reviewer: Actor, bureau: Authority, company: Enterprise
) -> None:
    version = publish_licence(
        session, clerk, reviewer, company, bureau, valid_from="2026-05-01", valid_to="2026-07-31"
    )
    rid = version.record_id
    assert public_service.get_licence(session, TODAY, rid).status == "in_force"
    assert public_service.get_licence(session, dt.date(2026, 8, 1), rid).status == "expired"
    expired = public_service.list_licences(
        session, "s", dt.date(2026, 8, 1), LicenceFilters(status="expired"), None, 10
    )
    assert [i.id for i in expired.items] == [rid]
    in_force = public_service.list_licences(
        session, "s", dt.date(2026, 8, 1), LicenceFilters(status="in_force"), None, 10
    )
    assert in_force.items == []


def test_not_public_before_its_decision_or_its_publication(
    session: Session, clerk: Actor, reviewer: Actor, bureau: Authority, company: Enterprise
) -> None:
    version = publish_licence(session, clerk, reviewer, company, bureau)
    with pytest.raises(NotFound):  # published today: not public on an earlier day
        public_service.get_licence(session, dt.date(2026, 5, 31), version.record_id)


def test_revocation_needs_a_second_person_and_is_an_event(
    session: Session,
    clerk: Actor,
    reviewer: Actor,
    bureau: Authority,
    company: Enterprise,
    frozen_clock: Callable[[dt.date], None],
) -> None:
    version = publish_licence(session, clerk, reviewer, company, bureau)
    rid = version.record_id
    licences.propose_revocation(
        session, reviewer, rid, kind="cancelled", on=TODAY, reason="企业申请注销", document="注1"
    )
    with pytest.raises(Forbidden):
        licences.decide_revocation(session, reviewer, rid, confirm=True)
    assert public_service.get_licence(session, TODAY, rid).status == "in_force"
    other = make_officer(session, Role.reviewer, bureau)
    frozen_clock(dt.date(2026, 6, 2))
    licences.decide_revocation(session, other, rid, confirm=True)
    after = public_service.get_licence(session, dt.date(2026, 6, 2), rid)
    assert (after.status, after.status_label, after.revocation_kind_label) == (
        "cancelled",
        "已注销",
        "注销",
    )
    # As of the day before the confirmation, it was in force.
    assert public_service.get_licence(session, TODAY, rid).status == "in_force"
    assert _events(session, rid) == ["licence.published", "licence.revoked"]
    revoked_items = public_service.list_licences(
        session, "s", dt.date(2026, 6, 2), LicenceFilters(status="revoked"), None, 10
    )
    assert [i.id for i in revoked_items.items] == [rid]


def test_a_correction_is_a_new_version_and_as_of_keeps_the_old(
    session: Session,
    clerk: Actor,
    reviewer: Actor,
    bureau: Authority,
    company: Enterprise,
    frozen_clock: Callable[[dt.date], None],
) -> None:
    version = publish_licence(session, clerk, reviewer, company, bureau)
    rid = version.record_id
    frozen_clock(dt.date(2026, 6, 5))
    raw = licence_form(
        company,
        bureau,
        document_number=public_service.get_licence(session, TODAY, rid).document_number,
        content="更正后的许可内容",
        change_reason="许可内容录入有误",
    )
    data = validate_licence(raw, repository.kind_names(session))
    draft = licences.start_correction(session, clerk, rid, data, and_submit=True)
    licences.approve(session, reviewer, draft.id)
    assert (
        public_service.get_licence(session, dt.date(2026, 6, 5), rid).content == "更正后的许可内容"
    )
    assert public_service.get_licence(session, TODAY, rid).version == 1
    assert _events(session, rid) == ["licence.published", "licence.corrected"]
    assert session.get_one(type(version), version.id).status == VersionStatus.superseded


def test_out_of_jurisdiction_is_not_found(
    session: Session, clerk: Actor, reviewer: Actor, bureau: Authority, company: Enterprise
) -> None:
    version = publish_licence(session, clerk, reviewer, company, bureau)
    county = make_officer(session, Role.reviewer, bureau, districts=frozenset({"370602"}))
    with pytest.raises(NotFound):
        licences.load_version(session, county, version.id)


def test_the_validator_names_every_bad_field(
    session: Session, bureau: Authority, company: Enterprise
) -> None:
    raw = licence_form(
        company, bureau, kind="捕鱼许可", category="特别", valid_from="2026-02-01", party_uscc="123"
    )
    with pytest.raises(ValidationFailed) as caught:
        validate_licence(raw, repository.kind_names(session))
    assert {f.field for f in caught.value.fields} == {
        "kind",
        "category",
        "valid_from",
        "party_uscc",
    }


def test_revocation_on_a_later_day_takes_effect_then(
    session: Session, clerk: Actor, reviewer: Actor, bureau: Authority, company: Enterprise
) -> None:
    version = publish_licence(session, clerk, reviewer, company, bureau)
    revoke(session, clerk, reviewer, version.record_id, dt.date(2026, 7, 1))
    assert public_service.get_licence(session, TODAY, version.record_id).status == "in_force"
    later = public_service.get_licence(session, dt.date(2026, 7, 1), version.record_id)
    assert later.status == "revoked"
