"""Every scoped endpoint enforces its scope whatever the credential: a signed-in session holds
only the scopes its role holds in a session (``app.access.tokens.session_holds``), never
``feed:read``, which is for the credit platform's token. Swept over every API route."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.access.tokens import SCOPES, session_holds
from app.kit.actor import Role
from app.web.auth import ANY_SCOPE
from tests.support.auth import login
from tests.support.error_shape import Callers
from tests.support.provocations import path_values, send
from tests.support.routes import endpoints


def test_a_clerks_or_nomination_officers_session_does_not_read_the_feed(
    client: TestClient,
) -> None:
    for role in (Role.clerk, Role.nomination, Role.admin):
        login(client, role)
        response = client.get("/api/v1/feed", params={"limit": 3})
        assert response.status_code == 403, (role, response.text)
        assert "访问令牌" in response.json()["error"]["message"]
        assert client.get("/api/v1/feed/snapshot").status_code == 403


def test_every_scoped_route_enforces_its_scope_for_sessions(app: FastAPI) -> None:
    callers = Callers(app)
    problems: list[str] = []
    checked = refused = 0
    for endpoint in endpoints(app):
        guard = endpoint.guard
        if guard is None or guard.kind != "api" or guard.scope == ANY_SCOPE:
            continue
        values = path_values(endpoint, {}, use_known=False)
        for role in sorted(guard.roles):
            with callers.client(endpoint, role, session=True) as client:
                response = send(client, endpoint, values)
            checked += 1
            holds = session_holds(role, guard.scope)
            refused += not holds
            if not holds and response.status_code != 403:
                problems.append(f"{endpoint} as {role} session: {response.status_code}, not 403")
            if holds and response.status_code in (401, 403):
                problems.append(f"{endpoint} as {role} session: refused {response.text[:120]}")
    assert checked > 50
    assert refused >= len(Role)  # the feed's routes, for every role
    assert problems == [], "\n".join(problems)


def test_machine_scopes_are_never_held_by_a_session() -> None:
    assert not any(session_holds(role, "feed:read") for role in Role)
    assert session_holds(Role.reviewer, "admin")
    assert session_holds(Role.nomination, "nomination:check")
    assert not session_holds(Role.clerk, "nomination:check")
    # A department reports its measures' feedback signed in (it has no pages of its own yet).
    assert session_holds(Role.department, "measures:report")
    assert not session_holds(Role.clerk, "measures:report")
    assert set(SCOPES) == {"admin", "feed:read", "nomination:check", "measures:report"}
