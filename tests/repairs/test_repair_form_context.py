"""The credit repair form renders what the view worked out: the record applied for, whether it
may be repaired yet (and why not), the form's token; posted with a mistake, the same form again
with the field's error and what was typed; and, without a record, the enterprise's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import PenaltyRecord, RepairTarget
from tests.support.auth import BASE_URL
from tests.support.factories import make_enterprise
from tests.support.pages import page_context
from tests.support.repairs import TODAY, apply_for_repair, form_csrf, published_penalty


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None], client: TestClient) -> None:
    frozen_clock(TODAY)
    client.base_url = BASE_URL  # the form cookie is Secure outside development


def test_the_form_names_the_record_and_may_be_sent(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    page = client.get(f"/repairs/new?penalty={version.record_id}")
    context = page_context(page, "repairs/new.html")
    target = context["target"]
    assert (target.kind, target.id, target.uscc) == (
        RepairTarget.penalty,
        version.record_id,
        enterprise.uscc,
    )
    stored = session.get_one(PenaltyRecord, version.record_id)
    assert target.decision_number == stored.decision_number
    assert context["refused"] is None  # decided 2026-04-10: repairable from 2026-07-10
    assert context["csrf_token"] == form_csrf(page)
    assert context["errors"] == {}
    assert enterprise.uscc in context["pledge"]


def test_too_early_the_form_says_from_when(
    client: TestClient, session: Session, frozen_clock: Callable[[dt.date], None]
) -> None:
    version = published_penalty(session)
    frozen_clock(dt.date(2026, 7, 1))
    context = page_context(
        client.get(f"/repairs/new?penalty={version.record_id}"), "repairs/new.html"
    )
    refused = context["refused"]
    assert refused is not None
    assert "2026-07-10" in refused.message


def test_a_mistake_shows_the_form_again_with_the_field_and_what_was_typed(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    response = apply_for_repair(
        client, f"penalty={version.record_id}", enterprise.uscc, pledge_accepted=None
    )
    context = page_context(response, "repairs/new.html", status=422)
    assert "pledge_accepted" in context["errors"]
    assert context["values"]["contact_name"] == "王经理"
    assert context["values"]["pledge_accepted"] is False


def test_without_a_record_the_page_lists_the_enterprises_records(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    version = published_penalty(session, enterprise=enterprise)
    response = client.get("/repairs/new", params={"uscc": enterprise.uscc})
    context = page_context(response, "repairs/choose.html")
    assert context["searched"] is True
    assert [(t.kind, t.id) for t, _refusal in context["records"]] == [
        (RepairTarget.penalty, version.record_id)
    ]
    bad = page_context(
        client.get("/repairs/new", params={"uscc": "not-a-code"}), "repairs/choose.html", 422
    )
    assert bad["problem"]
    assert bad["records"] == []
