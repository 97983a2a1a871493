"""The nomination check API: who is barred on a date, why, until when; needs_review and invalid
answers; the batch limit, the rate limit, permissions, and the record of every check."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.actor import Role
from app.lists import service as workflow
from app.models import (
    AuditEntry,
    CheckChannel,
    EntryStatus,
    NominationCheck,
    NominationCheckResult,
    PenaltyRecord,
    PersonRole,
)
from app.nomination_checks.matching import name_key
from app.publication.visibility import NOMINATION_RULE_VERSION
from tests.conftest import make_settings
from tests.support.auth import login
from tests.support.factories import make_authority
from tests.support.nominations import (
    ENTRY_END,
    ENTRY_START,
    Bureau,
    black_list,
    check,
    legacy_barred_person,
    make_bureau,
    nomination_token,
    only,
    resident_id,
    widened,
)

TODAY = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def bureau(session: Session) -> Bureau:
    return make_bureau(session, make_authority(session))


@pytest.fixture
def token(session: Session) -> str:
    return nomination_token(session)[0]


def test_a_barred_person_is_found_by_id_number(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient, token: str
) -> None:
    number = resident_id()
    entry, company = black_list(
        session, settings, bureau, [("王五", number, PersonRole.legal_representative)]
    )
    response = check(
        client, [{"reference": "人大-001", "name": "王五", "id_number": number}], token=token
    )
    result = only(response)
    assert result["status"] == "barred"
    assert result["status_label"] == "受限（不得提名）"
    assert result["reference"] == "人大-001"
    assert result["id_masked"] == number[:6] + "********" + number[-4:]
    [bar] = result["bars"]
    assert bar["enterprise"] == {"name": company.name, "uscc": company.uscc}
    assert (bar["role"], bar["role_label"]) == ("legal_representative", "法定代表人")
    assert bar["list_entry"]["id"] == entry.id
    assert bar["list_entry"]["category_label"] == "通过暗管、渗井、渗坑或旁路等逃避监管方式排放"
    assert bar["penalty_decision_numbers"] == workflow_decision_numbers(session, entry.id)
    assert (bar["start_date"], bar["end_date"]) == (ENTRY_START.isoformat(), ENTRY_END.isoformat())
    body = response.json()
    assert body["as_of"] == TODAY.isoformat()
    assert body["summary"] == {
        "candidates": 1,
        "barred": 1,
        "needs_review": 0,
        "clear": 0,
        "invalid": 0,
    }
    assert body["data"]["rule_version"] == NOMINATION_RULE_VERSION
    assert body["data"]["last_changed_at"] is not None
    assert number not in response.text
    assert response.headers["cache-control"] == "no-store"


def workflow_decision_numbers(session: Session, entry_id: int) -> list[str]:
    ids = workflow.cited_records(session, entry_id)
    return sorted(
        session.scalars(select(PenaltyRecord.decision_number).where(PenaltyRecord.id.in_(ids)))
    )


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (ENTRY_START - dt.timedelta(days=1), "clear"),  # the day before the bar starts
        (ENTRY_START, "barred"),
        (ENTRY_END, "barred"),  # the last day of the bar
        (ENTRY_END + dt.timedelta(days=1), "clear"),  # the bar has ended
    ],
)
def test_the_bar_holds_from_its_start_to_its_end_date(
    session: Session,
    settings: Settings,
    bureau: Bureau,
    client: TestClient,
    token: str,
    as_of: dt.date,
    status: str,
) -> None:
    number = resident_id()
    black_list(session, settings, bureau, [("赵六", number, PersonRole.principal)])
    response = check(client, [{"name": "赵六", "id_number": number}], token=token, as_of=as_of)
    assert only(response)["status"] == status
    assert response.json()["as_of"] == as_of.isoformat()


def test_removing_the_black_list_entry_lifts_the_bar(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient, token: str
) -> None:
    number = resident_id()
    entry, _ = black_list(
        session, settings, bureau, [("钱七", number, PersonRole.directly_responsible)]
    )
    candidate = [{"name": "钱七", "id_number": number}]
    assert only(check(client, candidate, token=token))["status"] == "barred"
    workflow.propose_removal(session, bureau.clerk, entry.id, "信用修复已完成，材料齐全")
    assert only(check(client, candidate, token=token))["status"] == "barred"  # one person only
    workflow.approve_removal(session, bureau.reviewer, entry.id)
    assert only(check(client, candidate, token=token))["status"] == "clear"


def test_an_entry_no_longer_in_force_lifts_its_bars_whatever_the_bar_says(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient, token: str
) -> None:
    """The bar's own status and dates are not enough: its basis must be in force too."""
    number = resident_id()
    entry, _ = black_list(session, settings, bureau, [("孙八", number, PersonRole.principal)])
    candidate = [{"name": "孙八", "id_number": number}]
    entry.end_date = TODAY + dt.timedelta(days=10)  # shortened by a correction
    session.flush()
    later = TODAY + dt.timedelta(days=11)
    assert only(check(client, candidate, token=token, as_of=later))["status"] == "clear"
    barred = only(check(client, candidate, token=token))
    assert barred["bars"][0]["end_date"] == entry.end_date.isoformat()  # the earlier end
    entry.status = EntryStatus.removed  # removed without its bars being revoked
    entry.removed_at = dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC)
    session.flush()
    assert only(check(client, candidate, token=token))["status"] == "clear"


def test_a_different_name_with_the_same_id_number_needs_review(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient, token: str
) -> None:
    number = resident_id()
    black_list(session, settings, bureau, [("李四", number, PersonRole.legal_representative)])
    result = only(
        check(client, [{"reference": "R7", "name": "李思", "id_number": number}], token=token)
    )
    assert result["status"] == "needs_review"
    assert result["differences"] == [
        {"field": "name", "submitted": "李思", "recorded": "李四", "message": "姓名不一致"}
    ]
    assert "姓名不一致" in result["reason"]
    assert len(result["bars"]) == 1  # what the record says, for the reviewer
    # Left out, the name is no cross-check: the ID number alone decides.
    assert only(check(client, [{"id_number": number}], token=token))["status"] == "barred"


@pytest.mark.parametrize(
    "spelling",
    [
        "阿依古丽•买买提",
        "阿依古丽・买买提",
        "阿依古丽 · 买买提",
        "阿依古丽买买提",
        "阿依古丽．买买提",
    ],
)
def test_minority_names_match_whatever_middle_dot_or_spaces(
    session: Session,
    settings: Settings,
    bureau: Bureau,
    client: TestClient,
    token: str,
    spelling: str,
) -> None:
    number = resident_id(area="650102")
    black_list(
        session, settings, bureau, [("阿依古丽·买买提", number, PersonRole.legal_representative)]
    )
    assert (
        only(check(client, [{"name": spelling, "id_number": number}], token=token))["status"]
        == "barred"
    )


def test_name_keys_ignore_width_spaces_and_case() -> None:
    assert name_key("　王　五 ") == name_key("王五")
    assert name_key("ＪＯＨＮ Smith") == name_key("johnsmith")
    assert name_key("王五") != name_key("王伍")


def test_a_legacy_record_without_id_number_matches_by_name_for_review(
    session: Session, client: TestClient, token: str
) -> None:
    person = legacy_barred_person(session, "周九")
    result = only(check(client, [{"name": "周 九", "id_number": resident_id()}], token=token))
    assert result["status"] == "needs_review"
    assert result["differences"][0]["field"] == "id_number"
    assert "没有身份证号" in result["reason"]
    assert result["bars"][0]["basis"] == "因环境违法行为被追究刑事责任（历史记录）"
    record = session.scalar(select(NominationCheck).order_by(NominationCheck.id.desc()))
    assert record is not None
    assert record.matched_person_ids == [person.id]
    assert (
        only(check(client, [{"name": "吴十", "id_number": resident_id()}], token=token))["status"]
        == "clear"
    )


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("37060219800101", "身份证号应为18位（或旧版15位），实际为14位"),
        ("370602198001011235", "第18位（校验位）"),
        ("37060219800A011234", "第12位字符“A”不合法"),
        ("", "身份证号不能为空"),
        ("3.70602E+17", "科学计数法"),
        # Check characters that hold on numbers that cannot exist (once answered clear).
        (resident_id(area="000000"), "地址码"),
        (resident_id(born="19800230"), "不是有效日期"),
    ],
)
def test_a_malformed_number_is_answered_with_its_reason(
    client: TestClient, token: str, number: str, reason: str
) -> None:
    result = only(
        check(client, [{"reference": "X", "name": "某人", "id_number": number}], token=token)
    )
    assert result["status"] == "invalid"
    assert reason in result["reason"]
    assert result["id_masked"] is None


def test_a_legacy_15_digit_number_matches_the_18_digit_record(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient, token: str
) -> None:
    legacy = "370602800101123"
    black_list(session, settings, bureau, [("郑一", widened(legacy), PersonRole.principal)])
    result = only(check(client, [{"name": "郑一", "id_number": legacy}], token=token))
    assert result["status"] == "barred"
    assert result["id_legacy"] is True
    assert result["id_masked"] == widened(legacy)[:6] + "********" + widened(legacy)[-4:]


def test_a_mixed_batch_answers_every_candidate_in_order(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient, token: str
) -> None:
    barred, renamed, legacy = resident_id(), resident_id(), "370602800101124"
    black_list(
        session,
        settings,
        bureau,
        [
            ("王五", barred, PersonRole.legal_representative),
            ("李四", renamed, PersonRole.principal),
            ("郑二", widened(legacy), PersonRole.directly_responsible),
        ],
    )
    lifted = resident_id()
    old_entry, _ = black_list(
        session,
        settings,
        bureau,
        [("陈三", lifted, PersonRole.legal_representative)],
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    legacy_barred_person(session, "周九")
    candidates = [
        {"reference": "1", "name": "王五", "id_number": barred},
        {"reference": "2", "name": "李斯", "id_number": renamed},
        {"reference": "3", "name": "郑二", "id_number": legacy},
        {"reference": "4", "name": "陈三", "id_number": lifted},  # bar ended in 2025
        {"reference": "5", "name": "周九", "id_number": resident_id()},
        {"reference": "6", "name": "某某", "id_number": "12345"},
        {"reference": "7", "name": "清白", "id_number": resident_id()},
    ]
    response = check(client, candidates, token=token)
    assert response.status_code == 200, response.text
    body = response.json()
    statuses = [(r["index"], r["reference"], r["status"]) for r in body["results"]]
    assert statuses == [
        (1, "1", "barred"),
        (2, "2", "needs_review"),
        (3, "3", "barred"),
        (4, "4", "clear"),
        (5, "5", "needs_review"),
        (6, "6", "invalid"),
        (7, "7", "clear"),
    ]
    assert body["summary"] == {
        "candidates": 7,
        "barred": 2,
        "needs_review": 2,
        "clear": 2,
        "invalid": 1,
    }
    cited = [b["list_entry"] and b["list_entry"]["id"] for r in body["results"] for b in r["bars"]]
    assert old_entry.id not in cited
    for number in (barred, renamed, legacy, widened(legacy), lifted):
        assert number not in response.text


def test_every_check_is_recorded_and_audited_without_id_numbers(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient
) -> None:
    secret, user = nomination_token(session)
    number = resident_id()
    black_list(session, settings, bureau, [("王五", number, PersonRole.legal_representative)])
    response = check(
        client,
        [{"name": "王五", "id_number": number}, {"name": "某某", "id_number": "1"}],
        token=secret,
        as_of=dt.date(2026, 9, 1),
    )
    check_id = response.json()["check_id"]
    record = session.get(NominationCheck, check_id)
    assert record is not None
    assert (record.user_id, record.channel, record.as_of) == (
        user.id,
        CheckChannel.api,
        dt.date(2026, 9, 1),
    )
    assert (
        record.candidates,
        record.barred,
        record.needs_review,
        record.invalid,
        record.clear,
    ) == (
        2,
        1,
        0,
        1,
        0,
    )
    assert record.rule_version == NOMINATION_RULE_VERSION
    assert record.results_expire_at is None  # API checks keep no per-candidate results
    assert (
        session.scalars(
            select(NominationCheckResult).where(NominationCheckResult.check_id == check_id)
        ).all()
        == []
    )
    entry = session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "nomination_check.run", AuditEntry.object_id == str(check_id)
        )
    )
    assert entry is not None
    assert entry.after is not None
    assert entry.actor_username == user.username
    assert (entry.after["candidates"], entry.after["barred"], entry.after["invalid"]) == (2, 1, 1)
    assert entry.after["as_of"] == "2026-09-01"
    assert number not in str(entry.after)


def test_a_batch_over_the_limit_is_refused_with_a_clear_message(
    app: FastAPI, client: TestClient, token: str
) -> None:
    app.state.settings = make_settings(
        app.state.settings.database_url, nomination_check_max_batch=3
    )
    candidates = [{"name": "某", "id_number": resident_id()} for _ in range(4)]
    response = check(client, candidates, token=token)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "batch_too_large"
    assert error["message"] == "每次最多审查3人，本次提交了4人，请分批提交"
    empty = check(client, [], token=token)
    assert empty.status_code == 422
    assert empty.json()["error"]["message"] == "请至少提交一名候选人"


def test_checks_are_rate_limited_per_account(
    app: FastAPI,
    session: Session,
    client: TestClient,
    frozen_clock: Callable[[dt.datetime], None],
) -> None:
    app.state.settings = make_settings(
        app.state.settings.database_url, nomination_check_rate_per_minute=2
    )
    first, _ = nomination_token(session)
    other, _ = nomination_token(session)
    start = dt.datetime(2026, 7, 1, 2, 0, 0, tzinfo=dt.UTC)
    candidate = [{"name": "某", "id_number": resident_id()}]
    for seconds in (0, 20):
        frozen_clock(start + dt.timedelta(seconds=seconds))
        assert check(client, candidate, token=first).status_code == 200
    frozen_clock(start + dt.timedelta(seconds=45))
    refused = check(client, candidate, token=first)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "15"  # the first check leaves the window at 60 s
    error = refused.json()["error"]
    assert error["code"] == "too_many_requests"
    assert "每分钟最多查询2次" in error["message"]
    assert check(client, candidate, token=other).status_code == 200  # another account
    frozen_clock(start + dt.timedelta(seconds=61))
    assert check(client, candidate, token=first).status_code == 200


def test_who_may_check(session: Session, client: TestClient) -> None:
    candidate = [{"name": "某", "id_number": resident_id()}]
    assert check(client, candidate).status_code == 401
    assert check(client, candidate, token="eco_not-a-token").status_code == 401
    feed_only, _ = nomination_token(session, ["feed:read"])
    wrong_scope = check(client, candidate, token=feed_only)
    assert wrong_scope.status_code == 403
    assert "nomination:check" in wrong_scope.json()["error"]["message"]
    for role in (Role.clerk, Role.reviewer, Role.admin):
        login(client, role)
        assert check(client, candidate).status_code == 403, role
    login(client, Role.nomination)
    assert check(client, candidate).status_code == 200
    login(client, Role.nomination, csrf=False)
    assert check(client, candidate).status_code == 403  # a session needs its CSRF token


def test_id_numbers_in_the_wrong_shape_fail_the_request_without_echo(
    client: TestClient, token: str
) -> None:
    number = resident_id()
    response = client.post(
        "/api/v1/nomination-checks",
        json={"candidates": [{"name": "某", "id_number": int(number[:17])}]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "candidates.0.id_number"
    assert number[:17] not in response.text
    extra = client.post(
        "/api/v1/nomination-checks",
        json={"candidates": [{"name": "某", "sfzh": number}]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert extra.status_code == 422
    assert number not in extra.text


def test_a_million_empty_candidates_are_refused_before_they_are_built(
    client: TestClient, token: str
) -> None:
    """One request must not stall the server: the list is refused while it is read (422, the
    field named), not after a million candidates were validated and built."""
    started = time.monotonic()
    response = check(client, [{}] * 1_000_000, token=token)
    elapsed = time.monotonic() - started
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields[0]["field"] == "candidates"
    assert fields[0]["code"] == "too_long"
    assert elapsed < 8  # reading 2.9 MB of JSON; validating a million candidates took 10-18 s
