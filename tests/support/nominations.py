"""Builders for the nomination check tests: barred persons made through the real workflows
(a black-list entry proposed and approved by two officers, its bars confirmed), valid resident ID
numbers, API tokens of nomination accounts."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.config import Settings
from app.kit.actor import Actor, Role
from app.kit.identifiers import id_check_char
from app.lists import service as workflow
from app.models import (
    Authority,
    BarSource,
    BarStatus,
    Enterprise,
    ListEntry,
    ListType,
    NominationBar,
    Person,
    PersonRole,
    User,
)
from app.nomination_bars import service as bars
from app.persons.service import PersonInput, record_role
from tests.support.auth import make_user
from tests.support.factories import make_enterprise, make_penalty
from tests.support.workflows import make_officer

URL = "/api/v1/nomination-checks"
ENTRY_START = dt.date(2026, 7, 1)
ENTRY_END = dt.date(2027, 6, 30)
_serial = itertools.count(100)


def resident_id(born: str = "19800101", area: str = "370602", serial: int | None = None) -> str:
    """A valid 18-character number (GB 11643 check character), different on every call."""
    first17 = f"{area}{born}{(next(_serial) if serial is None else serial) % 1000:03d}"
    return first17 + id_check_char(first17)


def widened(legacy15: str) -> str:
    """The 18-character form of a legacy 15-digit number."""
    first17 = legacy15[:6] + "19" + legacy15[6:]
    return first17 + id_check_char(first17)


@dataclass
class Bureau:
    authority: Authority
    clerk: Actor
    reviewer: Actor


def make_bureau(session: Session, authority: Authority) -> Bureau:
    return Bureau(
        authority,
        make_officer(session, Role.clerk, authority),
        make_officer(session, Role.reviewer, authority),
    )


def black_list(
    session: Session,
    settings: Settings,
    bureau: Bureau,
    persons: list[tuple[str, str, PersonRole]],
    *,
    company: Enterprise | None = None,
    start: dt.date = ENTRY_START,
    end: dt.date = ENTRY_END,
) -> tuple[ListEntry, Enterprise]:
    """An enterprise with ``persons`` (name, ID number, role), put on the black list by two
    officers, every proposed bar confirmed by the reviewer."""
    company = company or make_enterprise(session, district="370611")
    for name, number, role in persons:
        record_role(
            session, settings, bureau.clerk, company.id, PersonInput(name, "身份证", number), role
        )
    penalty = make_penalty(session, company, decision_date=start - dt.timedelta(days=30))
    proposal = workflow.Proposal(
        list_type=ListType.black,
        enterprise_id=company.id,
        basis="通过暗管排放含重金属废水",
        start_date=start,
        end_date=end,
        category="hidden_discharge",
        penalty_record_ids=(penalty.record_id,),
    )
    entry = workflow.propose(session, bureau.clerk, proposal)
    workflow.approve(session, bureau.reviewer, entry.id)
    for bar in session.scalars(
        select(NominationBar).where(NominationBar.list_entry_id == entry.id)
    ).all():
        bars.approve_bar(session, bureau.reviewer, bar.id)
    return entry, company


def legacy_barred_person(
    session: Session, name: str, *, start: dt.date = ENTRY_START, end: dt.date = ENTRY_END
) -> Person:
    """A person recorded before ID numbers were kept (no hash), directly barred and confirmed."""
    person = Person(name=name, id_hash=None, id_masked=None, id_encrypted=None)
    session.add(person)
    session.flush()
    session.add(
        NominationBar(
            person_id=person.id,
            source=BarSource.direct,
            basis="因环境违法行为被追究刑事责任（历史记录）",
            start_date=start,
            end_date=end,
            status=BarStatus.approved,
        )
    )
    session.flush()
    return person


def nomination_token(session: Session, scopes: list[str] | None = None) -> tuple[str, User]:
    """A nomination account and a token of it (scope ``nomination:check`` unless given)."""
    user = make_user(session, Role.nomination)
    actor = Actor(user.id, user.username, user.role, None, frozenset())
    secret, _ = create_token(
        session, actor, user, "组织部干部审查系统", scopes or ["nomination:check"]
    )
    session.flush()
    return secret, user


def check(
    client: TestClient,
    candidates: list[dict[str, Any]],
    *,
    token: str | None = None,
    as_of: dt.date | None = None,
) -> Response:
    body: dict[str, Any] = {"candidates": candidates}
    if as_of is not None:
        body["as_of"] = as_of.isoformat()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response: Response = client.post(URL, json=body, headers=headers)
    return response


def only(response: Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    assert len(results) == 1
    return results[0]
