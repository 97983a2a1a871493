"""A message states only what happened: approving a repair never claims that a withdrawal was sent
to the credit platform; the page says what the feed and the push outbox really hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import Authority, RepairApplication
from app.web.admin import NOTICES
from tests.support.auth import BASE_URL, login, logout_client
from tests.support.factories import make_authority, make_enterprise, make_penalty
from tests.support.repairs import DECIDED, TODAY, apply_for_repair, number_from, published_penalty

CLAIMS = ("已发往", "已发送", "已送达", "已通知", "已推送")


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None], client: TestClient) -> None:
    frozen_clock(TODAY)
    client.base_url = BASE_URL


def test_no_confirmation_claims_a_delivery() -> None:
    for key, text in NOTICES.items():
        assert not any(claim in text for claim in CLAIMS), (key, text)


def _approve(
    client: TestClient, session: Session, record_id: int, uscc: str, authority: Authority
) -> str:
    applied = apply_for_repair(client, f"penalty={record_id}", uscc)
    assert applied.status_code == 303, applied.text
    number = number_from(applied)
    repair_id = session.scalars(
        select(RepairApplication.id).where(RepairApplication.number == number)
    ).one()
    login(client, Role.reviewer, authority=authority)
    client.post(f"/admin/repairs/{repair_id}/accept", follow_redirects=False)
    decided = client.post(
        f"/admin/repairs/{repair_id}/approve",
        data={"reason": "符合修复条件"},
        follow_redirects=True,
    )
    assert decided.status_code == 200
    text: str = decided.text
    logout_client(client)
    return text


@pytest.mark.parametrize("on_feed", [True, False])
def test_the_repair_page_says_what_the_platform_was_sent(
    client: TestClient, session: Session, on_feed: bool
) -> None:
    authority = make_authority(session)
    enterprise = make_enterprise(session)
    if on_feed:
        version = published_penalty(session, enterprise=enterprise, authority=authority)
    else:  # a record that entered without its feed event: nothing can be withdrawn
        version = make_penalty(session, enterprise, authority, decision_date=DECIDED)
    page = _approve(client, session, version.record_id, enterprise.uscc, authority)
    assert "已准予修复" in page
    assert not any(claim in page for claim in ("已发往", "已通知"))
    if on_feed:
        assert "行政处罚撤下公示" in page
        assert "已排入推送队列，尚未送达" in page
    else:
        assert "从未写入变更订阅" in page
