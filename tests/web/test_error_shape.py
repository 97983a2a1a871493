"""Every route answers its errors in the one documented shape (datasette's
``tests/test_error_shape.py`` is the model).

The routes come from the app itself (``app.routes``), so a new route is swept without being
listed; the guard a route needs (a session or a bearer token, the roles, the scope) is read from
the route's own dependencies. What the sweep cannot derive is in the tables of
``tests/support/provocations.py``; a route whose parameter is in none of them fails the sweep
until someone says there how to provoke it.

Provoked for every route, as a caller it lets in (a session for pages, a token for the API):

- every path parameter: an unknown id (404), not a number and a number too large to store (422
  naming the field); text parameters as ``PATH_TEXT`` says;
- every query parameter: a value its type refuses (422 naming the field); text parameters as
  ``QUERY_TEXT`` says, and a NUL character, which no database can store (not a 5xx);
- a JSON body: not JSON, an array instead of an object, an id too large (422); a form body:
  nothing, an id too large (422); a NUL character in what is posted (422);
- no credentials (401 for the API, the sign-in redirect for pages), a role or scope the route
  does not let in (403), a post without the CSRF token (403), and a method the path does not
  take (405).

The shape: JSON answers are ``{"error": {"status", "code", "message", "fields", "request_id"}}``
with the answer's status and request id, a message in Chinese and fields naming what was wrong;
a browser gets ``error.html`` with the same status and error, or the form it posted shown again
with the same status and the field's error next to it.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.statistics.registry import STATISTICS
from app.web.auth import ANY_SCOPE
from app.web.csrf import UNSAFE_METHODS
from tests.access.test_permissions import MATRIX, PUBLIC
from tests.support.error_shape import HTML, JSON, Callers, shape_problem, summary
from tests.support.factories import make_authority, make_enterprise
from tests.support.licences import make_licence
from tests.support.provocations import (
    FORM_PAGE,
    LOOKUPS,
    WRONG_METHODS,
    gaps,
    path_values,
    provocations,
    send,
    url_of,
)
from tests.support.repairs import published_penalty
from tests.support.routes import Endpoint, Guard, endpoints, other_routes


@pytest.fixture
def callers(app: FastAPI) -> Callers:
    return Callers(app)


def caller(
    callers: Callers,
    known: dict[str, str],
    endpoint: Endpoint,
    role: Role | None,
    **options: bool,
) -> TestClient:
    """``callers.client``; anonymous on a public form, having read the form's page first."""
    public_post = endpoint.method in UNSAFE_METHODS and not endpoint.is_api
    form_page = None
    if role is None and endpoint.guard is None and public_post and endpoint.path not in LOOKUPS:
        form_page = FORM_PAGE.get(endpoint.path, endpoint.path).format(**known)
    return callers.client(endpoint, role, form_page=form_page, **options)


@pytest.fixture
def known(session: Session, app: FastAPI) -> dict[str, str]:
    """Real records for the routes whose queries are checked with a real id in the path."""
    version = published_penalty(session)
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
    }


def test_every_route_is_swept_and_its_guard_is_the_one_the_matrix_says(
    app: FastAPI, known: dict[str, str]
) -> None:
    found = endpoints(app)
    assert len(found) > 100
    missing = [gap for endpoint in found for gap in gaps(endpoint, known)]
    assert missing == [], "routes the sweep cannot provoke:\n" + "\n".join(missing)
    for endpoint in found:
        rule = MATRIX.get((endpoint.method, endpoint.path))
        if rule is None or rule == PUBLIC:
            assert endpoint.guard is None or endpoint.path.startswith("/api/v1/feed"), endpoint
        else:
            assert endpoint.guard is not None, f"{endpoint}: no guard found"
            assert endpoint.guard.roles == rule, f"{endpoint}: {endpoint.guard} but {rule}"


def test_bad_input_to_every_route_gets_the_error_shape(
    app: FastAPI, callers: Callers, known: dict[str, str]
) -> None:
    problems = []
    count = 0
    for endpoint in endpoints(app):
        role = callers.allowed(endpoint)
        with caller(callers, known, endpoint, role, html=not endpoint.is_api) as client:
            for provocation in provocations(endpoint, known):
                count += 1
                response = send(
                    client,
                    endpoint,
                    provocation.path_values,
                    provocation.query,
                    provocation.body,
                    changes=provocation.fields,
                )
                if provocation.expected == 0:  # any answer but a 5xx, in the shape if an error
                    if response.status_code < 400:
                        continue
                    problem = shape_problem(response, (400, 404, 422))
                else:
                    problem = shape_problem(response, provocation.expected, provocation.field_name)
                if problem:
                    problems.append(f"{endpoint} [{provocation.what}]: {problem}")
    assert count > 300
    assert problems == [], f"{len(problems)} answers out of shape:\n" + "\n".join(problems)


def _other_role(guard: Guard) -> Role | None:
    others = sorted(set(Role) - guard.roles)
    return others[0] if others else None


def _credential_checks(
    callers: Callers, known: dict[str, str], endpoint: Endpoint
) -> list[tuple[str, TestClient, int]]:
    """(what, the caller, the status it must get; 0: anything but 403) for ``endpoint``."""

    def as_(role: Role | None, **options: bool) -> TestClient:
        return caller(callers, known, endpoint, role, html=True, **options)

    checks: list[tuple[str, TestClient, int]] = []
    guard = endpoint.guard
    if guard is not None:
        checks.append(("no credentials", as_(None), 401))
        if (other := _other_role(guard)) is not None:
            checks.append(("role not let in", as_(other), 403))
        if guard.kind == "api" and guard.scope != ANY_SCOPE:
            checks.append(("token without the scope", callers.narrow(guard), 403))
    page_post = not endpoint.is_api and endpoint.path not in LOOKUPS
    if endpoint.method in UNSAFE_METHODS and (guard is not None or page_post):
        # Every form a browser posts, and the API used with the session cookie.
        role = callers.allowed(endpoint)
        checks.append(("no CSRF token", as_(role, csrf=False, session=True), 403))
        # The control, last: with the token, the same post is not refused for it.
        checks.append(("with the CSRF token", as_(role, session=True), 0))
    return checks


def _credential_problem(endpoint: Endpoint, response: Response, status: int) -> str | None:
    if status == 0:
        return f"refused: {summary(response)}" if response.status_code == 403 else None
    if status == 401 and not endpoint.is_api:
        location = response.headers.get("location", "")
        to_sign_in = response.status_code == 303 and location.startswith("/admin/login?next=")
        return None if to_sign_in else f"{response.status_code} {location}, not the sign-in"
    problem = shape_problem(response, status)
    if status == 401 and not problem and "www-authenticate" not in response.headers:
        return "401 without WWW-Authenticate"
    return problem


def test_callers_without_credentials_role_or_csrf_token_get_the_error_shape(
    app: FastAPI, callers: Callers, known: dict[str, str]
) -> None:
    problems = []
    # Signing out ends the session the other checks use: last.
    for endpoint in sorted(endpoints(app), key=lambda e: e.path == "/admin/logout"):
        values = path_values(endpoint, {}, use_known=False)
        for what, client, status in _credential_checks(callers, known, endpoint):
            with client:
                response = send(client, endpoint, values)
            if problem := _credential_problem(endpoint, response, status):
                problems.append(f"{endpoint} [{what}]: {problem}")
    assert problems == [], f"{len(problems)} answers out of shape:\n" + "\n".join(problems)


def test_a_method_a_path_does_not_take_gets_405_in_the_shape(app: FastAPI) -> None:
    problems = []
    with TestClient(app, raise_server_exceptions=False) as client:
        for path, methods in sorted(other_routes(app).items()):
            method = next(m for m in WRONG_METHODS if m not in methods)
            url = url_of(path, dict.fromkeys(re.findall(r"\{(\w+)", path), "1"))
            api = path.startswith("/api/")
            response = client.request(method, url, headers=JSON if api else HTML)
            problem = shape_problem(response, 405)
            if not problem and not response.headers.get("allow"):
                problem = "405 without an Allow header"
            if problem:
                problems.append(f"{method} {path}: {problem}")
        static = client.get("/static/no-such-file.css")
        if problem := shape_problem(static, 404):
            problems.append(f"GET /static/no-such-file.css: {problem}")
    assert problems == [], f"{len(problems)} answers out of shape:\n" + "\n".join(problems)
