"""The penalty maker-checker workflow, through the services (the pages and API call the same)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.actor import Actor, Role
from app.kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.kit.id_numbers import reveal_id
from app.models import AuditEntry, Authority, Enterprise, PenaltyVersion, Severity, VersionStatus
from app.models.feed import FeedEvent
from app.penalties import corrections
from app.penalties import service as workflow
from app.penalties.fields import PenaltyInput, validate_penalty
from app.penalties.repository import awaiting_review
from tests.support.factories import make_authority, make_enterprise
from tests.support.workflows import RESIDENT_ID, TODAY, make_officer, penalty_form


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


def _input(
    settings: Settings,
    raw: dict[str, Any],
    existing_party_id: bool = False,
    existing_legal_rep_id: bool = False,
) -> PenaltyInput:
    return validate_penalty(
        raw,
        settings,
        existing_party_id=existing_party_id,
        existing_legal_rep_id=existing_legal_rep_id,
    )


def _status(version: PenaltyVersion) -> VersionStatus:
    """The status read afresh (mypy would otherwise narrow it across service calls)."""
    return version.status


def _actions(session: Session, object_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "penalty_version")
            .where(AuditEntry.object_id == str(object_id))
            .order_by(AuditEntry.seq)
        )
    )


def test_draft_submit_approve_publishes_with_its_period(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    data = _input(settings, penalty_form(company, bureau))
    version = workflow.create_draft(session, clerk, data)
    assert _status(version) == VersionStatus.draft
    assert version.fine_amount == Decimal("12.345678")  # 123456.78 元, exactly
    workflow.submit(session, clerk, version.id)
    assert _status(version) == VersionStatus.submitted
    assert version.submitted_by_id == clerk.user_id

    workflow.approve(session, reviewer, version.id)
    assert _status(version) == VersionStatus.published
    assert version.published_at is not None
    assert version.reviewed_by_id == reviewer.user_id
    assert version.publication_end_date == dt.date(2027, 5, 31)  # 一般: one year
    assert _actions(session, version.id) == ["penalty.create", "penalty.submit", "penalty.approve"]
    entry = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.action == "penalty.approve")
        .order_by(AuditEntry.seq.desc())
    )
    assert entry is not None
    assert entry.actor_user_id == reviewer.user_id
    assert entry.source_ip == "10.0.0.8"


def test_nobody_approves_their_own_submission(
    session: Session, settings: Settings, bureau: Authority, company: Enterprise
) -> None:
    maker = make_officer(session, Role.reviewer, bureau)
    version = workflow.create_draft(session, maker, _input(settings, penalty_form(company, bureau)))
    workflow.submit(session, maker, version.id)
    with pytest.raises(workflow.TwoPersonRule) as caught:
        workflow.approve(session, maker, version.id)
    assert caught.value.status_code == 403
    with pytest.raises(workflow.TwoPersonRule):
        workflow.return_to_maker(session, maker, version.id, "自己退回")
    assert _status(version) == VersionStatus.submitted


def test_a_clerk_cannot_approve(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor, company: Enterprise
) -> None:
    other_clerk = make_officer(session, Role.clerk, bureau)
    version = workflow.create_draft(session, clerk, _input(settings, penalty_form(company, bureau)))
    workflow.submit(session, clerk, version.id)
    with pytest.raises(Forbidden):
        workflow.approve(session, other_clerk, version.id)


def test_return_edit_resubmit_approve(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    version = workflow.create_draft(session, clerk, _input(settings, penalty_form(company, bureau)))
    workflow.submit(session, clerk, version.id)
    with pytest.raises(ValidationFailed) as caught:
        workflow.return_to_maker(session, reviewer, version.id, "  ")
    assert caught.value.fields[0].field == "comment"
    workflow.return_to_maker(session, reviewer, version.id, "罚款金额与决定书不一致")
    assert _status(version) == VersionStatus.returned
    assert version.review_comment == "罚款金额与决定书不一致"
    with pytest.raises(workflow.InvalidState):
        workflow.approve(session, reviewer, version.id)

    fixed = penalty_form(
        company, bureau, decision_number=_number(session, version), fine_amount_yuan="120000"
    )
    workflow.update_draft(session, clerk, version.id, _input(settings, fixed))
    assert version.fine_amount == Decimal("12")
    workflow.submit(session, clerk, version.id)
    workflow.approve(session, reviewer, version.id)
    assert _status(version) == VersionStatus.published
    assert _actions(session, version.id) == [
        "penalty.create",
        "penalty.submit",
        "penalty.return",
        "penalty.edit",
        "penalty.submit",
        "penalty.approve",
    ]


def test_a_reviewer_who_edited_a_version_does_not_approve_it(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    """Maker-checker in substance: everyone who changed the content is a maker, not only its
    creator and its submitter."""
    editor = make_officer(session, Role.reviewer, bureau)
    version = workflow.create_draft(session, clerk, _input(settings, penalty_form(company, bureau)))
    workflow.submit(session, clerk, version.id)
    workflow.return_to_maker(session, reviewer, version.id, "罚款金额与决定书不一致")
    fixed = penalty_form(
        company, bureau, decision_number=_number(session, version), fine_amount_yuan="120000"
    )
    workflow.update_draft(session, editor, version.id, _input(settings, fixed))  # the editor
    workflow.submit(session, clerk, version.id)  # the creator resubmits

    assert version.id not in [v.id for v, _r in awaiting_review(session, editor)]
    assert version.id in [v.id for v, _r in awaiting_review(session, reviewer)]
    assert "approve" not in workflow.allowed_actions(session, editor, version)
    with pytest.raises(workflow.TwoPersonRule) as refused:
        workflow.approve(session, editor, version.id)
    assert "修改" in refused.value.message
    with pytest.raises(workflow.TwoPersonRule):
        workflow.return_to_maker(session, editor, version.id, "再退回")
    assert _status(version) == VersionStatus.submitted
    workflow.approve(session, reviewer, version.id)  # who changed nothing may check
    assert _status(version) == VersionStatus.published


def test_whoever_drafted_a_correction_does_not_approve_it(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    other = make_officer(session, Role.reviewer, bureau)
    version = workflow.create_draft(session, clerk, _input(settings, penalty_form(company, bureau)))
    workflow.submit(session, clerk, version.id)
    workflow.approve(session, reviewer, version.id)
    raw = penalty_form(company, bureau, decision_number=_number(session, version))
    raw["change_reason"] = "更正违法事实"
    correction = corrections.start_correction(
        session, reviewer, version.record_id, _input(settings, raw)
    )
    fixed = dict(raw, violation_facts="更正后的违法事实")
    workflow.update_draft(session, other, correction.id, _input(settings, fixed))
    workflow.submit(session, reviewer, correction.id)
    with pytest.raises(workflow.TwoPersonRule):
        workflow.approve(session, other, correction.id)  # edited it
    with pytest.raises(workflow.TwoPersonRule):
        workflow.approve(session, reviewer, correction.id)  # drafted and submitted it


def _number(session: Session, version: PenaltyVersion) -> str:
    return workflow.load_record(session, version.record_id).decision_number


def _published(
    session: Session, settings: Settings, clerk: Actor, reviewer: Actor, raw: dict[str, Any]
) -> PenaltyVersion:
    version = workflow.create_draft(session, clerk, _input(settings, raw))
    workflow.submit(session, clerk, version.id)
    return workflow.approve(session, reviewer, version.id)


def test_a_correction_is_a_new_version_and_supersedes_the_old(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    raw = penalty_form(company, bureau, severity="serious")
    first = _published(session, settings, clerk, reviewer, raw)
    end = first.publication_end_date
    assert end == dt.date(2029, 5, 31)

    corrected = dict(
        raw, violation_facts="更正：废水排放口化学需氧量超标。", change_reason="违法事实笔误"
    )
    second = corrections.start_correction(
        session, clerk, first.record_id, _input(settings, corrected, existing_legal_rep_id=False)
    )
    assert second.version == 2
    assert _status(second) == VersionStatus.draft
    assert _status(first) == VersionStatus.published  # still public until the correction passes
    with pytest.raises(workflow.InvalidState):
        corrections.start_correction(session, clerk, first.record_id, _input(settings, corrected))
    workflow.submit(session, clerk, second.id)
    workflow.approve(session, reviewer, second.id)
    assert _status(first) == VersionStatus.superseded
    assert first.superseded_at is not None
    assert _status(second) == VersionStatus.published
    assert second.publication_end_date == end  # an unrelated edit never moves it
    assert second.change_reason == "违法事实笔误"

    # A later decision date does move it: the period counts from the decision date.
    third_raw = dict(corrected, decision_date="2026-06-15", change_reason="决定日期有误")
    third = corrections.start_correction(
        session, clerk, first.record_id, _input(settings, third_raw)
    )
    workflow.submit(session, clerk, third.id)
    workflow.approve(session, reviewer, third.id)
    assert third.publication_end_date == dt.date(2029, 6, 14)
    kinds = session.scalars(
        select(FeedEvent.kind)
        .where(FeedEvent.record_type == "penalty", FeedEvent.record_id == first.record_id)
        .order_by(FeedEvent.id)
    ).all()
    assert list(kinds) == ["penalty.published", "penalty.corrected", "penalty.corrected"]
    statuses = session.scalars(
        select(PenaltyVersion.status)
        .where(PenaltyVersion.record_id == first.record_id)
        .order_by(PenaltyVersion.version)
    ).all()
    assert statuses == [VersionStatus.superseded, VersionStatus.superseded, VersionStatus.published]


def test_a_correction_needs_a_reason_and_keeps_the_decision_number(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    raw = penalty_form(company, bureau)
    first = _published(session, settings, clerk, reviewer, raw)
    with pytest.raises(ValidationFailed) as caught:
        corrections.start_correction(session, clerk, first.record_id, _input(settings, raw))
    assert caught.value.fields[0].field == "change_reason"
    renumbered = dict(raw, decision_number="烟环罚〔2026〕第1号", change_reason="改号")
    with pytest.raises(ValidationFailed) as caught:
        corrections.start_correction(session, clerk, first.record_id, _input(settings, renumbered))
    assert caught.value.fields[0].field == "decision_number"


def test_decision_numbers_are_unique_per_authority(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor, company: Enterprise
) -> None:
    raw = penalty_form(company, bureau, decision_number="烟环罚〔2026〕第7号")
    workflow.create_draft(session, clerk, _input(settings, raw))
    with pytest.raises(Conflict) as caught:
        workflow.create_draft(session, clerk, _input(settings, raw))
    assert caught.value.fields[0].field == "decision_number"
    other_bureau = make_authority(session, name="测试福山分局", district="370611")
    other_clerk = make_officer(session, Role.clerk, other_bureau)
    version = workflow.create_draft(session, other_clerk, _input(settings, raw))
    assert version.id


def test_a_discarded_drafts_number_can_be_used_again(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor, company: Enterprise
) -> None:
    raw = penalty_form(company, bureau, decision_number="烟环罚〔2026〕第8号")
    draft = workflow.create_draft(session, clerk, _input(settings, raw))
    workflow.discard(session, clerk, draft.id)
    again = workflow.create_draft(session, clerk, _input(settings, raw))
    assert again.record_id == draft.record_id
    assert again.version == 2


def test_jurisdiction_limits_a_county_officer(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor
) -> None:
    fushan = make_authority(session, name="测试福山分局", district="370611")
    county_clerk = make_officer(session, Role.clerk, fushan, frozenset({"370611"}))
    county_reviewer = make_officer(session, Role.reviewer, fushan, frozenset({"370611"}))
    laishan_company = make_enterprise(session, district="370613")
    fushan_company = make_enterprise(session, district="370611")

    with pytest.raises(ValidationFailed) as caught:
        workflow.create_draft(
            session, county_clerk, _input(settings, penalty_form(laishan_company, fushan))
        )
    assert caught.value.fields[0].field == "district_code"

    city_version = workflow.create_draft(
        session, clerk, _input(settings, penalty_form(laishan_company, bureau))
    )
    workflow.submit(session, clerk, city_version.id)
    with pytest.raises(NotFound):
        workflow.approve(session, county_reviewer, city_version.id)
    with pytest.raises(NotFound):
        workflow.load_version(session, county_clerk, city_version.id)

    own = workflow.create_draft(
        session, county_clerk, _input(settings, penalty_form(fushan_company, fushan))
    )
    workflow.submit(session, county_clerk, own.id)
    workflow.approve(session, county_reviewer, own.id)
    assert _status(own) == VersionStatus.published


def test_a_natural_persons_id_number_is_never_stored_plain(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
) -> None:
    raw = penalty_form(None, bureau)
    version = _published(session, settings, clerk, reviewer, raw)
    assert version.party_id_masked == "370602********1234"
    assert version.party_id_hash
    assert RESIDENT_ID not in version.party_id_hash
    assert version.party_id_encrypted is not None
    assert reveal_id(settings, version.party_id_encrypted) == RESIDENT_ID
    row = session.execute(
        text("SELECT * FROM penalty_versions WHERE id = :id"), {"id": version.id}
    ).one()
    assert not any(RESIDENT_ID in str(value) for value in row)
    audit_rows = session.scalars(select(AuditEntry)).all()
    assert not any(RESIDENT_ID in str(e.before) + str(e.after) for e in audit_rows)
    assert version.severity == Severity.general


def test_a_blank_id_number_on_edit_keeps_the_stored_one(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor
) -> None:
    version = workflow.create_draft(session, clerk, _input(settings, penalty_form(None, bureau)))
    stored = version.party_id_hash
    raw = penalty_form(None, bureau, decision_number=_number(session, version), party_id_number="")
    with pytest.raises(ValidationFailed):
        _input(settings, raw)
    workflow.update_draft(session, clerk, version.id, _input(settings, raw, existing_party_id=True))
    assert version.party_id_hash == stored


def test_an_unknown_enterprise_is_created_only_when_asked(
    session: Session, settings: Settings, bureau: Authority, clerk: Actor
) -> None:
    from tests.support.factories import uscc_for

    code = uscc_for(777_001, division="370612")
    raw = penalty_form(
        None,
        bureau,
        party_type="legal_entity",
        party_uscc=code,
        party_name="烟台新建测试有限公司",
        legal_representative="王五",
        party_id_number="",
        district_code="",
    )
    with pytest.raises(ValidationFailed) as caught:
        workflow.create_draft(session, clerk, _input(settings, raw))
    assert caught.value.fields[0].field == "party_uscc"
    version = workflow.create_draft(
        session, clerk, _input(settings, dict(raw, create_enterprise="on"))
    )
    enterprise = session.scalar(select(Enterprise).where(Enterprise.uscc == code))
    assert enterprise is not None
    assert enterprise.name == "烟台新建测试有限公司"
    assert enterprise.district_code == "370612"  # from the code's division
    assert version.district_code == "370612"
