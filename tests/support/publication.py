"""Builders for the publication rules tests: penalties published through the real workflow (a
clerk records and submits, a reviewer approves) on the day the clock says, feed readers, and what
every public output says about one penalty."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts.tokens import create_token
from app.config import Settings
from app.kit.actor import Actor, Role
from app.models import Authority, Enterprise, PenaltyRecord, PenaltyVersion, User
from app.penalties import corrections
from app.penalties import service as workflow
from app.penalties.fields import validate_penalty
from tests.support.factories import make_authority
from tests.support.workflows import make_officer, penalty_form

SetClock = Callable[[dt.date], None]
DAY = dt.timedelta(days=1)


@dataclass
class Bureau:
    authority: Authority
    clerk: Actor
    reviewer: Actor


def make_bureau(session: Session) -> Bureau:
    authority = make_authority(session)
    return Bureau(
        authority,
        make_officer(session, Role.clerk, authority),
        make_officer(session, Role.reviewer, authority),
    )


def publish(
    session: Session,
    settings: Settings,
    bureau: Bureau,
    enterprise: Enterprise,
    *,
    severity: str = "general",
    decision_date: dt.date,
    **overrides: Any,
) -> PenaltyVersion:
    """A penalty recorded, submitted and approved (published) today, as the pages would."""
    raw = penalty_form(
        enterprise,
        bureau.authority,
        severity=severity,
        decision_date=decision_date.isoformat(),
        valid_until=(decision_date + dt.timedelta(days=364)).isoformat(),
        **overrides,
    )
    version = workflow.create_draft(session, bureau.clerk, validate_penalty(raw, settings))
    workflow.submit(session, bureau.clerk, version.id)
    return workflow.approve(session, bureau.reviewer, version.id)


def correct(
    session: Session,
    settings: Settings,
    bureau: Bureau,
    version: PenaltyVersion,
    enterprise: Enterprise,
    **changes: Any,
) -> PenaltyVersion:
    """A correction of a published penalty (a new version), submitted and approved today."""
    raw = penalty_form(
        enterprise,
        bureau.authority,
        decision_number=session.get_one(PenaltyRecord, version.record_id).decision_number,
        severity=version.severity.value,
        decision_date=version.decision_date.isoformat(),
        valid_until=version.valid_until.isoformat(),
        violation_facts=version.violation_facts,
        change_reason="更正备注",
    )
    raw.update(changes)
    data = validate_penalty(raw, settings)
    new = corrections.start_correction(session, bureau.clerk, version.record_id, data)
    workflow.submit(session, bureau.clerk, new.id)
    return workflow.approve(session, bureau.reviewer, new.id)


def feed_token(session: Session, name: str = "city-platform") -> str:
    owner = make_officer(session, Role.reviewer, None, name=name)
    user = session.get_one(User, owner.user_id)
    secret, _ = create_token(session, owner, user, "拉取", ["feed:read"])  # by its owner
    return secret


def feed_events(client: TestClient, token: str) -> list[dict[str, Any]]:
    """Every event of the pull feed, from the start, page by page."""
    events: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100}
        if after:
            params["after"] = after
        response = client.get(
            "/api/v1/feed", params=params, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        events += body["events"]
        after = body["next_cursor"]
        if not body["has_more"]:
            return events


def kinds_of(events: list[dict[str, Any]], record_type: str, record_id: int) -> list[str]:
    return [
        e["type"]
        for e in events
        if e["record"]["type"] == record_type and e["record"]["id"] == record_id
    ]


def csv_numbers(client: TestClient, list_name: str = "black", as_of: str = "") -> str:
    """The 相关行政处罚决定书文号 column of a list's CSV, joined."""
    params = {"format": "csv", **({"as_of": as_of} if as_of else {})}
    response = client.get(f"/api/v1/lists/{list_name}", params=params)
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return "\n".join(row[-1] for row in rows[1:])


@dataclass(frozen=True)
class Seen:
    """What each public output says about one penalty on one day."""

    page: bool
    api: bool
    record: bool
    listed: bool
    csv: bool

    @property
    def agree(self) -> bool:
        return len({self.page, self.api, self.record, self.listed, self.csv}) == 1


def seen(client: TestClient, version: PenaltyVersion, uscc: str, number: str) -> Seen:
    record_id = version.record_id
    page = client.get(f"/penalties/{record_id}", headers={"Accept": "text/html"})
    api = client.get(f"/api/v1/penalties/{record_id}")
    record = client.get(f"/api/v1/enterprises/{uscc}").json()
    listed = client.get("/api/v1/penalties", params={"limit": 200}).json()
    return Seen(
        page=page.status_code == 200,
        api=api.status_code == 200,
        record=any(p["id"] == record_id for p in record["penalties"]),
        listed=any(p["id"] == record_id for p in listed["items"]),
        csv=number in csv_numbers(client),
    )
