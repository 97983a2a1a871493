"""Fixtures of the sweeps over every route (``test_error_shape.py``, ``test_hostile_input.py``)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.statistics.registry import STATISTICS
from tests.support.error_shape import Callers
from tests.support.factories import make_authority, make_enterprise
from tests.support.inspections import public_case
from tests.support.licences import make_licence
from tests.support.repairs import published_penalty


@pytest.fixture
def callers(app: FastAPI) -> Callers:
    return Callers(app)


@pytest.fixture
def known(session: Session, app: FastAPI) -> dict[str, str]:
    """Real records for the routes whose queries are checked with a real id in the path."""
    version = published_penalty(session)
    case = public_case(session)
    licence = make_licence(session, make_enterprise(session), make_authority(session))
    session.commit()
    uscc = version.party_uscc or ""
    with TestClient(app) as client:
        report = client.get(f"/api/v1/enterprises/{uscc}/report").json()
    return {
        "penalty_id": str(version.record_id),
        "licence_id": str(licence.record_id),
        "uscc": uscc,
        "name": "black",
        "key": STATISTICS[0].key,
        "number": report["number"],
        "case_id": str(case.id),
    }
