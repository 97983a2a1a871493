"""Jurisdiction is the services' rule, on every read and write of a record: a county account gets
404 for a penalty or list entry of another district from every workspace page and every admin
API route that names one, whatever the route; an account of the record's district does not.

The walk takes its routes from the app, so that a new route naming a record is walked too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import ListType, VersionStatus
from tests.support.auth import login
from tests.support.factories import make_authority, make_enterprise, make_list_entry, make_penalty
from tests.support.workflows import penalty_form

HOME = "370613"  # 莱山区: where the records belong
ELSEWHERE = "370611"  # 福山区
PREFIXES = (
    "/admin/penalties/",
    "/api/v1/admin/penalties/",
    "/admin/lists/",
    "/api/v1/admin/list-entries/",
)
IDS = ("{record_id}", "{version_id}", "{entry_id}")


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route naming a penalty record, a version or a list entry."""
    found = set()
    for context in iter_route_contexts(app.routes):
        path = context.path or ""
        if path.startswith(PREFIXES) and any(name in path for name in IDS):
            methods = getattr(context.original_route, "methods", None) or set()
            found |= {(method, path) for method in methods if method != "HEAD"}
    return sorted(found)


def _call(client: TestClient, method: str, path: str, body: dict[str, Any]) -> Response:
    response: Response
    if path.startswith("/api/"):
        response = client.request(method, path, json=body if method != "GET" else None)
    else:
        response = client.request(method, path, data=body if method != "GET" else None)
    return response


@pytest.fixture
def walk(
    app: FastAPI,
    client: TestClient,
    session: Session,
    frozen_clock: Callable[[dt.date], None],
) -> Callable[[str], dict[tuple[str, str], int]]:
    """Sign in as a reviewer (who may make and check) of ``district`` and call every route with
    the records of HOME; the statuses by route."""
    frozen_clock(dt.date(2026, 7, 1))
    authority = make_authority(session, name="测试莱山分局", district=HOME)
    enterprise = make_enterprise(session, district=HOME)
    published = make_penalty(session, enterprise, authority)
    draft = make_penalty(session, enterprise, authority, status=VersionStatus.draft)
    entry = make_list_entry(session, enterprise, ListType.black)
    session.commit()
    ids = {
        "{record_id}": str(published.record_id),
        "{version_id}": str(draft.id),
        "{entry_id}": str(entry.id),
    }
    # Complete bodies, so that only the jurisdiction can refuse them.
    penalty = penalty_form(enterprise, authority, change_reason="更正罚款金额")
    api_penalty = {k: v for k, v in penalty.items() if k != "create_enterprise"}
    api_text = {"comment": "请核实"}
    page_text = {"comment": "请核实", "reason": "已整改完毕"}

    def run(district: str) -> dict[tuple[str, str], int]:
        login(client, Role.reviewer, districts={district}, authority=authority)
        statuses = {}
        for method, path in _routes(app):
            url = path
            for name, value in ids.items():
                url = url.replace(name, value)
            is_penalty = "penalties" in path and method != "GET" and "{version_id}/" not in path
            if path.startswith("/api/"):
                body = api_penalty if is_penalty else api_text
            else:
                body = {**penalty, **page_text} if is_penalty else page_text
            statuses[(method, path)] = _call(client, method, url, body).status_code
        return statuses

    return run


def test_every_route_naming_a_record_is_walked(app: FastAPI) -> None:
    walked = _routes(app)
    assert ("GET", "/admin/penalties/{record_id}") in walked
    assert ("POST", "/api/v1/admin/penalties/{record_id}/corrections") in walked
    assert ("GET", "/api/v1/admin/list-entries/{entry_id}") in walked
    assert len(walked) >= 25


def test_a_county_account_finds_no_record_of_another_district(
    walk: Callable[[str], dict[tuple[str, str], int]],
) -> None:
    answers = walk(ELSEWHERE)
    assert {route: status for route, status in answers.items() if status != 404} == {}


def test_an_account_of_the_records_district_reaches_them(
    walk: Callable[[str], dict[tuple[str, str], int]],
) -> None:
    answers = walk(HOME)
    assert [route for route, status in answers.items() if status == 404] == []
    assert answers[("GET", "/admin/penalties/{record_id}")] == 200
    assert answers[("GET", "/api/v1/admin/penalties/versions/{version_id}")] == 200
