"""List decisions take effect only when a second person approves them; bars follow black lists."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.guards import TwoPersonRule
from app.config import Settings
from app.kit.actor import Actor, Role
from app.kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.lists import service as workflow
from app.lists.rules import check_red_criteria
from app.models import (
    AuditEntry,
    Authority,
    BarSource,
    BarStatus,
    CreditAssessment,
    CreditScheme,
    Enterprise,
    EntryStatus,
    ListEntry,
    ListType,
    NominationBar,
    PersonRole,
    VersionStatus,
)
from app.nomination_bars import service as bars
from app.persons.service import PersonInput, record_role
from app.publication.visibility import list_entry_in_force
from tests.support.factories import make_authority, make_enterprise, make_penalty
from tests.support.workflows import RESIDENT_ID, TODAY, make_officer


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


def _black(
    company: Enterprise, record_ids: tuple[int, ...], **changes: object
) -> workflow.Proposal:
    values: dict[str, object] = {
        "list_type": ListType.black,
        "enterprise_id": company.id,
        "basis": "通过暗管排放含重金属废水",
        "start_date": dt.date(2026, 7, 1),
        "end_date": dt.date(2027, 6, 30),
        "category": "hidden_discharge",
        "penalty_record_ids": record_ids,
    }
    values.update(changes)
    return workflow.Proposal(**values)  # type: ignore[arg-type]  # test data, checked by the service


def _proposer_as_reviewer(session: Session, actor: Actor) -> Actor:
    """The same account, promoted to reviewer: the two-person rule still stops it."""
    return dataclasses.replace(actor, role=Role.reviewer)


def _bar_status(bar: NominationBar) -> BarStatus:
    return bar.status


def _in_force(session: Session, entry: ListEntry) -> bool:
    found = session.scalar(
        select(ListEntry.id).where(ListEntry.id == entry.id, list_entry_in_force(TODAY))
    )
    return found is not None


def test_a_black_list_entry_takes_effect_after_a_second_person(
    session: Session, clerk: Actor, reviewer: Actor, company: Enterprise
) -> None:
    penalty = make_penalty(session, company)
    entry = workflow.propose(session, clerk, _black(company, (penalty.record_id,)))
    assert entry.status == EntryStatus.proposed
    assert not _in_force(session, entry)
    assert workflow.cited_records(session, entry.id) == [penalty.record_id]
    with pytest.raises(Forbidden):  # a clerk never approves
        workflow.approve(session, make_officer(session, Role.clerk, None), entry.id)
    workflow.approve(session, reviewer, entry.id)
    assert _in_force(session, entry)
    assert entry.approved_by_id == reviewer.user_id
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "list_entry")
        .order_by(AuditEntry.seq)
    ).all()
    assert list(actions) == ["list_entry.propose", "list_entry.approve"]


def test_an_id_number_in_the_basis_is_masked_before_it_is_stored(
    session: Session, clerk: Actor, company: Enterprise
) -> None:
    penalty = make_penalty(session, company)
    basis = "法定代表人（身份证号11010519491231002X，手机13912345678）指使暗管排放"
    entry = workflow.propose(session, clerk, _black(company, (penalty.record_id,), basis=basis))
    assert entry.basis == "法定代表人（身份证号110105********002X，手机139****5678）指使暗管排放"


def test_the_proposer_cannot_approve_even_as_a_reviewer(
    session: Session, reviewer: Actor, company: Enterprise
) -> None:
    penalty = make_penalty(session, company)
    entry = workflow.propose(session, reviewer, _black(company, (penalty.record_id,)))
    with pytest.raises(TwoPersonRule):
        workflow.approve(session, reviewer, entry.id)
    with pytest.raises(TwoPersonRule):
        workflow.reject(session, reviewer, entry.id, "自己驳回")


def test_black_list_rules(
    session: Session, clerk: Actor, reviewer: Actor, company: Enterprise
) -> None:
    penalty = make_penalty(session, company)
    other = make_enterprise(session, district="370611")
    others_penalty = make_penalty(session, other)
    draft = make_penalty(session, company, status=VersionStatus.draft)

    def field_of(proposal: workflow.Proposal) -> str:
        with pytest.raises(ValidationFailed) as caught:
            workflow.propose(session, clerk, proposal)
        return caught.value.fields[0].field

    assert field_of(_black(company, ())) == "penalty_record_ids"
    assert field_of(_black(company, (others_penalty.record_id,))) == "penalty_record_ids"
    assert field_of(_black(company, (draft.record_id,))) == "penalty_record_ids"
    assert field_of(_black(company, (penalty.record_id,), category="")) == "category"
    short = _black(company, (penalty.record_id,), end_date=dt.date(2027, 6, 29))
    with pytest.raises(ValidationFailed) as caught:
        workflow.propose(session, clerk, short)
    assert caught.value.fields[0].message == "黑名单期限不少于12个月：截止日期不能早于2027-06-30"

    workflow.propose(session, clerk, _black(company, (penalty.record_id,)))
    with pytest.raises(Conflict):
        workflow.propose(session, clerk, _black(company, (penalty.record_id,)))


def _green(session: Session, enterprise: Enterprise, level: str = "green") -> None:
    scheme = CreditScheme(
        code=f"test-{enterprise.id}",
        name="测试评价办法",
        effective_from=dt.date(2020, 1, 1),
        definition={
            "levels": [{"code": "green", "label": "绿色"}, {"code": "yellow", "label": "黄色"}]
        },
    )
    session.add(scheme)
    session.flush()
    session.add(
        CreditAssessment(
            enterprise_id=enterprise.id,
            scheme_id=scheme.id,
            level=level,
            points=0,
            valid_from=dt.date(2026, 1, 1),
        )
    )
    session.flush()


def _red(company: Enterprise) -> workflow.Proposal:
    return workflow.Proposal(
        list_type=ListType.red,
        enterprise_id=company.id,
        basis="连续三年环境信用评价为绿色",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2027, 6, 30),
    )


def test_red_list_criteria_are_checked(
    session: Session, clerk: Actor, reviewer: Actor, company: Enterprise
) -> None:
    results = {r.code: r for r in check_red_criteria(session, company.id, TODAY)}
    assert not results["green_level"].holds
    assert results["green_level"].detail == "暂无有效的信用评价"
    with pytest.raises(ValidationFailed) as caught:
        workflow.propose(session, clerk, _red(company))
    assert caught.value.code == "red_criteria_not_met"

    _green(session, company)
    entry = workflow.propose(session, clerk, _red(company))
    assert entry.criteria_check is not None
    assert all(item["holds"] for item in entry.criteria_check)
    workflow.approve(session, reviewer, entry.id)
    assert _in_force(session, entry)


def test_a_recent_penalty_blocks_the_red_list(
    session: Session, clerk: Actor, company: Enterprise
) -> None:
    _green(session, company)
    make_penalty(session, company, decision_date=dt.date(2025, 1, 10))
    results = {r.code: r for r in check_red_criteria(session, company.id, TODAY)}
    assert not results["no_recent_penalty"].holds
    assert results["no_recent_penalty"].detail == "2024-07-01以来有1条行政处罚"


def test_removal_takes_a_second_person(
    session: Session, settings: Settings, clerk: Actor, reviewer: Actor, company: Enterprise
) -> None:
    penalty = make_penalty(session, company)
    record_role(
        session,
        settings,
        clerk,
        company.id,
        PersonInput("王五", "身份证", RESIDENT_ID),
        PersonRole.legal_representative,
    )
    entry = workflow.propose(session, clerk, _black(company, (penalty.record_id,)))
    workflow.approve(session, reviewer, entry.id)
    bar = session.scalar(select(NominationBar).where(NominationBar.list_entry_id == entry.id))
    assert bar is not None

    with pytest.raises(ValidationFailed):
        workflow.propose_removal(session, clerk, entry.id, "")
    workflow.propose_removal(session, clerk, entry.id, "信用修复已完成")
    assert _in_force(session, entry)
    with pytest.raises(TwoPersonRule):
        workflow.approve_removal(session, _proposer_as_reviewer(session, clerk), entry.id)
    workflow.reject_removal(session, reviewer, entry.id, "修复材料不全")
    assert entry.removal_proposed_by_id is None
    assert _in_force(session, entry)

    workflow.propose_removal(session, clerk, entry.id, "信用修复已完成，材料齐全")
    workflow.approve_removal(session, reviewer, entry.id)
    assert entry.status == EntryStatus.removed
    assert not _in_force(session, entry)
    assert bar.status == BarStatus.revoked


def test_black_list_approval_proposes_bars_that_a_reviewer_confirms(
    session: Session,
    settings: Settings,
    bureau: Authority,
    clerk: Actor,
    reviewer: Actor,
    company: Enterprise,
) -> None:
    for name, number, role in [
        ("王五", RESIDENT_ID, PersonRole.legal_representative),
        ("赵六", "11010519491231002X", PersonRole.principal),
        ("钱七", "440524198001010013", PersonRole.directly_responsible),
        ("孙八", "370611199001011235", PersonRole.actual_controller),
    ]:
        try:
            record_role(
                session, settings, clerk, company.id, PersonInput(name, "身份证", number), role
            )
        except ValidationFailed:
            pytest.fail(f"test ID number of {name} is invalid")
    penalty = make_penalty(session, company)
    entry = workflow.propose(session, clerk, _black(company, (penalty.record_id,)))
    workflow.approve(session, reviewer, entry.id)
    proposed = session.scalars(
        select(NominationBar)
        .where(NominationBar.list_entry_id == entry.id)
        .order_by(NominationBar.id)
    ).all()
    assert [b.role for b in proposed] == [
        PersonRole.legal_representative,
        PersonRole.principal,
        PersonRole.directly_responsible,
    ]
    assert all(
        b.status == BarStatus.proposed and b.source == BarSource.black_list for b in proposed
    )
    assert all((b.start_date, b.end_date) == (entry.start_date, entry.end_date) for b in proposed)
    # The entry's proposer made them: another reviewer (here the approver) confirms each.
    with pytest.raises(TwoPersonRule):
        bars.approve_bar(session, _proposer_as_reviewer(session, clerk), proposed[0].id)
    bars.approve_bar(session, reviewer, proposed[0].id)
    bars.reject_bar(session, reviewer, proposed[1].id, "该人员已于处罚前离职")
    assert [_bar_status(b) for b in proposed[:2]] == [BarStatus.approved, BarStatus.rejected]


def test_a_direct_bar_needs_a_second_person(
    session: Session, settings: Settings, clerk: Actor, reviewer: Actor
) -> None:
    maker = make_officer(session, Role.reviewer, None)
    bar = bars.propose_direct(
        session,
        settings,
        maker,
        PersonInput("周九", "身份证", RESIDENT_ID),
        enterprise_id=None,
        role=None,
        basis="因环境违法行为被追究刑事责任",
        start=dt.date(2026, 7, 1),
        end=dt.date(2031, 6, 30),
    )
    assert bar.status == BarStatus.proposed
    with pytest.raises(TwoPersonRule):
        bars.approve_bar(session, maker, bar.id)
    bars.approve_bar(session, reviewer, bar.id)
    assert _bar_status(bar) == BarStatus.approved
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "nomination_bar")
        .order_by(AuditEntry.seq)
    ).all()
    assert list(actions) == ["nomination_bar.propose", "nomination_bar.approve"]


def test_county_officers_act_on_their_districts_only(
    session: Session, clerk: Actor, company: Enterprise
) -> None:
    laishan = make_authority(session, name="测试莱山分局", district="370613")
    county = make_officer(session, Role.reviewer, laishan, frozenset({"370613"}))
    penalty = make_penalty(session, company)
    entry = workflow.propose(session, clerk, _black(company, (penalty.record_id,)))
    with pytest.raises(NotFound):
        workflow.approve(session, county, entry.id)
    with pytest.raises(NotFound):
        workflow.propose(session, county, _black(company, (penalty.record_id,)))
