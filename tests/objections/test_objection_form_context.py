"""The objection form renders the record objected to and the kinds of objector; posted with a
mistake, the same form again with the field's error and what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import PenaltyRecord
from app.models.objection import OBJECTOR_KIND_LABELS
from tests.support.auth import BASE_URL
from tests.support.pages import page_context
from tests.support.repairs import TODAY, form_csrf, published_penalty


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None], client: TestClient) -> None:
    frozen_clock(TODAY)
    client.base_url = BASE_URL  # the form cookie is Secure outside development


def test_the_form_names_the_record_and_the_kinds_of_objector(
    client: TestClient, session: Session
) -> None:
    version = published_penalty(session)
    page = client.get(f"/objections/new?penalty={version.record_id}")
    context = page_context(page, "objections/new.html")
    record = context["record"]
    assert record.record_id == version.record_id
    stored = session.get_one(PenaltyRecord, version.record_id)
    assert record.decision_number == stored.decision_number
    assert context["kinds"] == OBJECTOR_KIND_LABELS
    assert context["csrf_token"] == form_csrf(page)
    assert (context["values"], context["errors"]) == ({}, {})


def test_a_mistake_shows_the_form_again_with_the_field_and_what_was_typed(
    client: TestClient, session: Session
) -> None:
    version = published_penalty(session)
    page = client.get(f"/objections/new?penalty={version.record_id}")
    response = client.post(
        "/objections/new",
        data={
            "csrf_token": form_csrf(page),
            "penalty_record_id": str(version.record_id),
            "objector_kind": "organisation",
            "objector_name": "烟台某律师事务所",
            "contact_name": "李律师",
            "contact_phone": "0535-6123456",
            "reason": "",
        },
    )
    context = page_context(response, "objections/new.html", status=422)
    assert "reason" in context["errors"]
    assert context["values"]["objector_name"] == "烟台某律师事务所"
    assert context["record"].record_id == version.record_id
