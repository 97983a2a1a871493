"""The catalogue of joint measures: the nomination bar as its entry, list events carrying the
measures, departments' feedback scoped to their own measures (404 otherwise) and overdue from
dates, and the public record page and /about showing the catalogue."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.access.actors import actor_for
from app.access.tokens import SCOPES
from app.accounts.tokens import create_token
from app.config import Settings
from app.kit.actor import Role
from app.measures import service as measures
from app.models import JointMeasure, ListType, MeasureDepartment, NominationBar, PersonRole
from app.models.feed import FeedEvent
from tests.support.auth import make_user
from tests.support.factories import make_authority, make_enterprise, make_list_entry
from tests.support.nominations import black_list, make_bureau, resident_id

TODAY = dt.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def _department_token(session: Session, code: str) -> str:
    user = make_user(session, Role.department)
    user.department_id = session.scalar(
        select(MeasureDepartment.id).where(MeasureDepartment.code == code)
    )
    session.flush()
    secret, _ = create_token(session, actor_for(user, None), user, "部门系统", ["measures:report"])
    return secret


def _measure(session: Session, code: str) -> JointMeasure:
    return session.scalars(select(JointMeasure).where(JointMeasure.code == code)).one()


def test_the_catalogue_holds_the_nomination_bar_as_an_entry(session: Session) -> None:
    black = measures.catalogue(session, TODAY, ListType.black)
    bar = next(m for m in black if m.code == "nomination_bar")
    assert (bar.effect, bar.subject, bar.department) == (
        "nomination_bar",
        "responsible_persons",
        "中共烟台市委组织部",
    )
    assert "发改财金〔2016〕1580号" in bar.legal_basis
    assert "measures:report" in SCOPES


def test_the_bar_follows_the_catalogue_entry(session: Session, settings: Settings) -> None:
    bureau = make_bureau(session, make_authority(session))
    person = [("王五", resident_id(serial=11), PersonRole.legal_representative)]
    entry, _company = black_list(session, settings, bureau, person)
    assert session.scalars(
        select(NominationBar).where(NominationBar.list_entry_id == entry.id)
    ).all()
    # Without the catalogue entry in force, an approval proposes no bars.
    session.execute(
        update(JointMeasure)
        .where(JointMeasure.code == "nomination_bar")
        .values(valid_to=dt.date(2021, 1, 1))
    )
    other, _ = black_list(
        session, settings, bureau, [("赵六", resident_id(serial=12), PersonRole.principal)]
    )
    assert (
        session.scalars(select(NominationBar).where(NominationBar.list_entry_id == other.id)).all()
        == []
    )


def test_list_events_carry_the_measures(session: Session, settings: Settings) -> None:
    bureau = make_bureau(session, make_authority(session))
    entry, _ = black_list(session, settings, bureau, [])
    body = json.loads(
        session.scalars(
            select(FeedEvent.body).where(
                FeedEvent.record_type == "list_entry", FeedEvent.record_id == entry.id
            )
        ).one()
    )
    codes = [m["code"] for m in body["data"]["measures"]]
    assert "government_procurement" in codes
    assert "nomination_bar" in codes
    assert "priority_funds" not in codes  # a red-list measure


def test_feedback_is_scoped_to_the_department_and_overdue_by_date(
    client: TestClient, session: Session
) -> None:
    company = make_enterprise(session)
    entry = make_list_entry(session, company, ListType.black, start=dt.date(2026, 5, 1))
    entry.approved_at = dt.datetime(2026, 5, 1, 2, tzinfo=dt.UTC)
    finance = _department_token(session, "czj")
    session.commit()
    auth = {"Authorization": f"Bearer {finance}"}
    mine = client.get("/api/v1/admin/measures/entries", headers=auth)
    assert mine.status_code == 200
    rows = [r for r in mine.json() if r["entry_id"] == entry.id]
    assert [m["measure"]["code"] for m in rows[0]["measures"]] == ["government_procurement"]
    state = rows[0]["measures"][0]
    # Approved 1 May with 30 days to report: due 31 May, overdue on 10 June.
    assert (state["due_on"], state["overdue"], state["outcome"]) == ("2026-05-31", True, None)

    others = _measure(session, "stricter_approval")  # 发展改革委's measure
    url = f"/api/v1/admin/measures/entries/{entry.id}/measures/{others.id}/feedback"
    body = {"outcome": "applied", "applied_on": "2026-06-01", "document_number": "X1"}
    assert client.post(url, json=body, headers=auth).status_code == 404

    own = _measure(session, "government_procurement")
    url = f"/api/v1/admin/measures/entries/{entry.id}/measures/{own.id}/feedback"
    missing = client.post(url, json={"outcome": "applied"}, headers=auth)
    assert missing.status_code == 422
    assert {f["field"] for f in missing.json()["error"]["fields"]} == {
        "applied_on",
        "document_number",
    }
    done = client.post(url, json=body, headers=auth)
    assert done.status_code == 201
    after = client.get("/api/v1/admin/measures/entries", headers=auth).json()
    state = next(r for r in after if r["entry_id"] == entry.id)["measures"][0]
    assert (state["outcome"], state["overdue"], state["document_number"]) == (
        "applied",
        False,
        "X1",
    )

    # The officers' overview: every department's measure for the entry, who is overdue.
    overview = measures.workspace_overview(session)
    row = next(r for r in overview if r.entry_id == entry.id)
    overdue = {m.measure.department_code for m in row.measures if m.overdue}
    assert "czj" not in overdue
    assert {"fgw", "zjj", "wmb", "rmyh"} <= overdue


def test_feedback_not_yet_due_is_not_overdue(session: Session) -> None:
    company = make_enterprise(session)
    entry = make_list_entry(session, company, ListType.black, start=dt.date(2026, 6, 1))
    entry.approved_at = dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC)
    session.flush()
    row = next(r for r in measures.workspace_overview(session) if r.entry_id == entry.id)
    assert not any(m.overdue for m in row.measures)
    assert {m.due_on for m in row.measures} == {dt.date(2026, 7, 1)}


def test_record_page_and_about_show_the_measures(client: TestClient, session: Session) -> None:
    company = make_enterprise(session)
    make_list_entry(session, company, ListType.black, start=dt.date(2026, 5, 1))
    session.commit()
    page = client.get(f"/enterprises/{company.uscc}")
    assert "限制参与政府采购" in page.text
    assert "发改财金〔2016〕1580号" in page.text
    api = client.get(f"/api/v1/enterprises/{company.uscc}").json()
    found = api["joint_measures"][0]["measures"]
    assert "government_procurement" in [m["code"] for m in found]
    about = client.get("/about")
    assert "联合奖惩措施" in about.text
    assert "限制两代表一委员提名" in about.text
