"""The search filter "holds a valid 排污许可": only enterprises with a pollutant-discharge licence
in force today (public, within its validity, not revoked) match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.search.index import refresh_enterprise_index
from tests.support.factories import make_authority, make_enterprise
from tests.support.licences import make_licence, publish_licence, revoke
from tests.support.workflows import make_officer

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def test_holds_a_valid_pollutant_discharge_licence(client: TestClient, session: Session) -> None:
    bureau = make_authority(session)
    valid = make_enterprise(session, name="烟台许可甲化工有限公司")
    expired = make_enterprise(session, name="烟台许可乙化工有限公司")
    other_kind = make_enterprise(session, name="烟台许可丙化工有限公司")
    revoked = make_enterprise(session, name="烟台许可丁化工有限公司")
    none = make_enterprise(session, name="烟台许可戊化工有限公司")
    make_licence(session, valid, bureau)
    make_licence(session, expired, bureau, valid_to=dt.date(2026, 1, 1))
    make_licence(session, other_kind, bureau, kind="radiation_safety")
    clerk = make_officer(session, Role.clerk, bureau)
    reviewer = make_officer(session, Role.reviewer, bureau)
    version = publish_licence(session, clerk, reviewer, revoked, bureau)
    revoke(session, clerk, reviewer, version.record_id, TODAY)
    session.flush()
    refresh_enterprise_index(session, [e.id for e in (valid, expired, other_kind, revoked, none)])
    session.commit()
    body = client.get("/api/v1/enterprises", params={"q": "许可", "licence": "pollutant_discharge"})
    assert body.status_code == 200
    assert [i["uscc"] for i in body.json()["items"]] == [valid.uscc]
    everyone = client.get("/api/v1/enterprises", params={"q": "许可"}).json()
    assert len(everyone["items"]) == 5
    bad = client.get("/api/v1/enterprises", params={"q": "许可", "licence": "bogus"})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "licence"
    page = client.get("/enterprises", params={"q": "许可", "licence": "pollutant_discharge"})
    assert "持有有效排污许可" in page.text
    assert f"/enterprises/{valid.uscc}" in page.text
    assert f"/enterprises/{expired.uscc}" not in page.text
