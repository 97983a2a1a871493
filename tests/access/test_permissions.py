"""Every route of the workspace (/admin…) and the admin API (/api/v1/admin…), with every role
and anonymously, answers as the matrix below says. A route missing from the matrix fails.

How to read an answer:
- anonymous: an HTML route redirects (303) to the sign-in page, an API route answers 401;
- a role not allowed: 403;
- a role allowed: anything else that is not an error of ours (2xx, 3xx other than the sign-in
  redirect, 404 for the made-up ids in paths, 409, or 422 for the empty form or body we send).

Adding a route: add one line to MATRIX with the roles that may use it (PUBLIC: no sign-in).
"""

from __future__ import annotations

import re
from typing import cast

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response

from app.kit.actor import Role
from tests.support.auth import login

ALL = frozenset(Role)
STAFF = frozenset({Role.clerk, Role.reviewer, Role.admin})
ADMIN = frozenset({Role.admin})
MAKERS = frozenset({Role.clerk, Role.reviewer})  # record and propose
CHECKERS = frozenset({Role.reviewer})  # approve, return, reject (never their own)
CHECK_VIEW = frozenset({Role.reviewer, Role.admin})  # the review queue: admins may look
NOMINATION = frozenset({Role.nomination})  # nomination bodies (提名审查)
DEPARTMENT = frozenset({Role.department})  # departments implementing joint measures
PUBLIC = "public"

MATRIX: dict[tuple[str, str], frozenset[Role] | str] = {
    # the inspection case ledger (app/inspections/admin_pages.py); the office and the handling
    # units are scopes of these roles, checked by the service (app/inspections/scope.py)
    ("GET", "/admin/inspections"): STAFF,
    ("POST", "/admin/inspections/campaigns"): MAKERS,
    ("GET", "/admin/inspections/campaigns/{campaign_id}"): STAFF,
    ("POST", "/admin/inspections/campaigns/{campaign_id}/batches"): MAKERS,
    ("POST", "/admin/inspections/batches/{batch_id}/import"): MAKERS,
    ("POST", "/admin/inspections/batches/{batch_id}/import/confirm"): MAKERS,
    ("GET", "/admin/inspections/cases/{case_id}"): STAFF,
    ("POST", "/admin/inspections/cases/{case_id}/findings"): MAKERS,
    ("POST", "/admin/inspections/cases/{case_id}/milestones"): MAKERS,
    ("POST", "/admin/inspections/findings/{finding_id}/submit"): MAKERS,
    ("POST", "/admin/inspections/findings/{finding_id}/approve"): CHECKERS,
    ("POST", "/admin/inspections/findings/{finding_id}/return"): CHECKERS,
    ("POST", "/admin/inspections/campaigns/{campaign_id}/problems"): MAKERS,
    ("POST", "/admin/inspections/problems/{problem_id}/tasks"): MAKERS,
    ("POST", "/admin/inspections/problems/{problem_id}/milestones"): MAKERS,
    ("POST", "/api/v1/admin/inspections/cases/{case_id}/findings"): MAKERS,
    ("GET", "/api/v1/admin/inspections/findings/{finding_id}"): STAFF,
    ("POST", "/api/v1/admin/inspections/findings/{finding_id}/submit"): MAKERS,
    ("POST", "/api/v1/admin/inspections/findings/{finding_id}/approve"): CHECKERS,
    ("POST", "/api/v1/admin/inspections/findings/{finding_id}/return"): CHECKERS,
    # the shell and signing in (app/admin, app/accounts)
    ("GET", "/admin"): ALL,
    ("GET", "/admin/login"): PUBLIC,
    ("POST", "/admin/login"): PUBLIC,
    ("POST", "/admin/logout"): ALL,
    ("GET", "/admin/account"): ALL,
    ("POST", "/admin/account/password"): ALL,
    ("POST", "/admin/account/tokens"): ALL,
    ("POST", "/admin/account/tokens/{token_id}/revoke"): ALL,
    ("GET", "/api/v1/admin/me"): ALL,
    # user administration (app/accounts/endpoints_admin.py)
    ("GET", "/admin/users"): ADMIN,
    ("GET", "/admin/users/new"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("GET", "/admin/users/{user_id}"): ADMIN,
    ("POST", "/admin/users/{user_id}"): ADMIN,
    ("POST", "/admin/users/{user_id}/disable"): ADMIN,
    ("POST", "/admin/users/{user_id}/enable"): ADMIN,
    ("POST", "/admin/users/{user_id}/password"): ADMIN,
    ("POST", "/admin/users/{user_id}/tokens/{token_id}/revoke"): ADMIN,
    # the audit trail (app/audit)
    ("GET", "/admin/audit"): ADMIN,
    ("GET", "/admin/audit/export.csv"): ADMIN,
    # the workflows: review queue, enterprise finder (app/workspace)
    ("GET", "/admin/review"): CHECK_VIEW,
    ("GET", "/admin/enterprises"): STAFF,
    # penalties (app/penalties/admin_endpoints.py, admin_api.py)
    ("GET", "/admin/penalties"): STAFF,
    ("GET", "/admin/penalties/new"): MAKERS,
    ("POST", "/admin/penalties/new"): MAKERS,
    ("GET", "/admin/penalties/versions/{version_id}"): STAFF,
    ("GET", "/admin/penalties/versions/{version_id}/edit"): MAKERS,
    ("POST", "/admin/penalties/versions/{version_id}/edit"): MAKERS,
    ("POST", "/admin/penalties/versions/{version_id}/submit"): MAKERS,
    ("POST", "/admin/penalties/versions/{version_id}/discard"): MAKERS,
    ("POST", "/admin/penalties/versions/{version_id}/approve"): CHECKERS,
    ("POST", "/admin/penalties/versions/{version_id}/return"): CHECKERS,
    ("GET", "/admin/penalties/{record_id}"): STAFF,
    ("GET", "/admin/penalties/{record_id}/correct"): MAKERS,
    ("POST", "/admin/penalties/{record_id}/correct"): MAKERS,
    ("POST", "/api/v1/admin/penalties"): MAKERS,
    ("GET", "/api/v1/admin/penalties/versions/{version_id}"): STAFF,
    ("PUT", "/api/v1/admin/penalties/versions/{version_id}"): MAKERS,
    ("POST", "/api/v1/admin/penalties/versions/{version_id}/submit"): MAKERS,
    ("POST", "/api/v1/admin/penalties/versions/{version_id}/approve"): CHECKERS,
    ("POST", "/api/v1/admin/penalties/versions/{version_id}/return"): CHECKERS,
    ("POST", "/api/v1/admin/penalties/{record_id}/corrections"): MAKERS,
    ("GET", "/api/v1/admin/penalties/review-queue"): CHECKERS,
    # batch import (app/imports)
    ("GET", "/admin/imports"): MAKERS,
    ("POST", "/admin/imports"): MAKERS,
    ("GET", "/admin/imports/template.csv"): MAKERS,
    ("GET", "/admin/imports/{batch_id}"): STAFF,
    ("POST", "/admin/imports/{batch_id}/submit"): MAKERS,
    ("POST", "/admin/imports/{batch_id}/cancel"): MAKERS,
    ("GET", "/admin/review/batches/{batch_id}"): CHECKERS,
    ("POST", "/admin/review/batches/{batch_id}"): CHECKERS,
    # list decisions (app/lists/admin_endpoints.py, admin_api.py)
    ("GET", "/admin/lists"): STAFF,
    ("GET", "/admin/lists/new"): MAKERS,
    ("POST", "/admin/lists/new"): MAKERS,
    ("GET", "/admin/lists/{entry_id}"): STAFF,
    ("POST", "/admin/lists/{entry_id}/approve"): CHECKERS,
    ("POST", "/admin/lists/{entry_id}/reject"): CHECKERS,
    ("POST", "/admin/lists/{entry_id}/removal"): MAKERS,
    ("POST", "/admin/lists/{entry_id}/removal/approve"): CHECKERS,
    ("POST", "/admin/lists/{entry_id}/removal/reject"): CHECKERS,
    ("POST", "/api/v1/admin/list-entries"): MAKERS,
    ("GET", "/api/v1/admin/list-entries/review-queue"): CHECKERS,
    ("GET", "/api/v1/admin/list-entries/{entry_id}"): STAFF,
    ("POST", "/api/v1/admin/list-entries/{entry_id}/approve"): CHECKERS,
    ("POST", "/api/v1/admin/list-entries/{entry_id}/reject"): CHECKERS,
    ("POST", "/api/v1/admin/list-entries/{entry_id}/removal"): MAKERS,
    ("POST", "/api/v1/admin/list-entries/{entry_id}/removal/approve"): CHECKERS,
    ("POST", "/api/v1/admin/list-entries/{entry_id}/removal/reject"): CHECKERS,
    # nomination bars and persons (app/nominations/bar_endpoints.py, bar_api.py)
    ("GET", "/admin/nominations"): STAFF,
    ("GET", "/admin/nominations/new"): MAKERS,
    ("POST", "/admin/nominations/new"): MAKERS,
    ("GET", "/admin/nominations/{bar_id}"): STAFF,
    ("POST", "/admin/nominations/{bar_id}/approve"): CHECKERS,
    ("POST", "/admin/nominations/{bar_id}/reject"): CHECKERS,
    ("GET", "/admin/enterprises/{enterprise_id}/persons"): STAFF,
    ("POST", "/admin/enterprises/{enterprise_id}/persons"): MAKERS,
    ("POST", "/api/v1/admin/enterprises/{enterprise_id}/persons"): MAKERS,
    ("POST", "/api/v1/admin/nomination-bars"): MAKERS,
    ("GET", "/api/v1/admin/nomination-bars/review-queue"): CHECKERS,
    ("GET", "/api/v1/admin/nomination-bars/{bar_id}"): STAFF,
    ("POST", "/api/v1/admin/nomination-bars/{bar_id}/approve"): CHECKERS,
    ("POST", "/api/v1/admin/nomination-bars/{bar_id}/reject"): CHECKERS,
    # licences (app/licences/admin_api.py, admin_pages.py)
    ("GET", "/admin/licences"): STAFF,
    ("GET", "/admin/licences/new"): MAKERS,
    ("POST", "/admin/licences/new"): MAKERS,
    ("GET", "/admin/licences/versions/{version_id}"): STAFF,
    ("POST", "/admin/licences/versions/{version_id}/submit"): MAKERS,
    ("POST", "/admin/licences/versions/{version_id}/approve"): CHECKERS,
    ("POST", "/admin/licences/versions/{version_id}/return"): CHECKERS,
    ("POST", "/admin/licences/versions/{version_id}/revocation"): MAKERS,
    ("POST", "/admin/licences/versions/{version_id}/revocation/{decision}"): CHECKERS,
    ("GET", "/admin/measures"): STAFF,
    ("POST", "/api/v1/admin/licences"): MAKERS,
    ("GET", "/api/v1/admin/licences/versions/{version_id}"): STAFF,
    ("PUT", "/api/v1/admin/licences/versions/{version_id}"): MAKERS,
    ("POST", "/api/v1/admin/licences/versions/{version_id}/submit"): MAKERS,
    ("POST", "/api/v1/admin/licences/versions/{version_id}/approve"): CHECKERS,
    ("POST", "/api/v1/admin/licences/versions/{version_id}/return"): CHECKERS,
    ("POST", "/api/v1/admin/licences/{record_id}/corrections"): MAKERS,
    ("POST", "/api/v1/admin/licences/{record_id}/revocation"): MAKERS,
    ("POST", "/api/v1/admin/licences/{record_id}/revocation/confirm"): CHECKERS,
    ("POST", "/api/v1/admin/licences/{record_id}/revocation/reject"): CHECKERS,
    # joint measures (app/measures/admin_api.py, admin_pages.py)
    ("GET", "/api/v1/admin/measures/entries"): DEPARTMENT,
    (
        "POST",
        "/api/v1/admin/measures/entries/{entry_id}/measures/{measure_id}/feedback",
    ): DEPARTMENT,
    ("GET", "/api/v1/admin/measures/overview"): STAFF,
    # the credit platform link (app/sync/endpoints.py)
    ("GET", "/admin/sync"): STAFF,
    ("POST", "/admin/sync/replay"): CHECK_VIEW,
    ("POST", "/admin/sync/reconcile"): CHECK_VIEW,
    ("POST", "/admin/sync/resend"): CHECK_VIEW,
    # credit reports issued in the workspace (app/reports/admin_pages.py)
    ("GET", "/admin/reports"): STAFF,
    ("POST", "/admin/reports"): STAFF,
    ("GET", "/admin/reports/{number}.pdf"): STAFF,
    # the holiday calendar of the working-day deadlines (app/publication/calendar_endpoints.py)
    ("GET", "/admin/calendar"): ADMIN,
    ("POST", "/admin/calendar"): ADMIN,
    ("POST", "/admin/calendar/{day}/delete"): ADMIN,
    # the nomination check (app/nominations/check_endpoints.py, check_pages.py, check_records.py)
    ("POST", "/api/v1/nomination-checks"): NOMINATION,
    ("GET", "/admin/nomination-check"): NOMINATION,
    ("POST", "/admin/nomination-check"): NOMINATION,
    ("GET", "/admin/nomination-check/{check_id}"): NOMINATION,
    ("GET", "/admin/nomination-check/{check_id}/results.csv"): NOMINATION,
    ("POST", "/api/v1/nomination-watches"): NOMINATION,
    ("GET", "/api/v1/nomination-watches"): NOMINATION,
    ("GET", "/api/v1/nomination-watches/{watch_id}"): NOMINATION,
    ("GET", "/api/v1/nomination-watches/{watch_id}/notifications"): NOMINATION,
    ("POST", "/api/v1/nomination-watches/{watch_id}/candidates/{index}/review"): NOMINATION,
    ("DELETE", "/api/v1/nomination-watches/{watch_id}"): NOMINATION,
    ("GET", "/admin/nomination-watches"): NOMINATION,
    ("POST", "/admin/nomination-watches"): NOMINATION,
    ("GET", "/admin/nomination-watches/{watch_id}"): NOMINATION,
    ("POST", "/admin/nomination-watches/{watch_id}/candidates/{index}/review"): NOMINATION,
    ("POST", "/admin/nomination-watches/{watch_id}/end"): NOMINATION,
    ("GET", "/admin/nomination-checks"): ADMIN,
    ("GET", "/admin/nomination-checks/export.csv"): ADMIN,
    # credit repair (app/repairs/admin_endpoints.py, admin_api.py): the deciding authority's
    # clerks accept and its reviewers decide (the authority rule is tested in test_repairs.py)
    ("GET", "/admin/repairs"): STAFF,
    ("GET", "/admin/repairs/{repair_id}"): STAFF,
    ("GET", "/admin/repairs/{repair_id}/files/{file_id}"): STAFF,
    ("POST", "/admin/repairs/{repair_id}/accept"): MAKERS,
    ("POST", "/admin/repairs/{repair_id}/approve"): CHECKERS,
    ("POST", "/admin/repairs/{repair_id}/reject"): CHECKERS,
    ("GET", "/api/v1/admin/repairs"): STAFF,
    ("GET", "/api/v1/admin/repairs/{repair_id}"): STAFF,
    ("GET", "/api/v1/admin/repairs/{repair_id}/files/{file_id}"): STAFF,
    ("POST", "/api/v1/admin/repairs/{repair_id}/accept"): MAKERS,
    ("POST", "/api/v1/admin/repairs/{repair_id}/approve"): CHECKERS,
    ("POST", "/api/v1/admin/repairs/{repair_id}/reject"): CHECKERS,
    # objections (app/objections/admin_endpoints.py, admin_api.py)
    ("GET", "/admin/objections"): STAFF,
    ("GET", "/admin/objections/{objection_id}"): STAFF,
    ("GET", "/admin/objections/{objection_id}/files/{file_id}"): STAFF,
    ("POST", "/admin/objections/{objection_id}/uphold"): CHECKERS,
    ("POST", "/admin/objections/{objection_id}/reject"): CHECKERS,
    ("GET", "/api/v1/admin/objections"): STAFF,
    ("GET", "/api/v1/admin/objections/{objection_id}"): STAFF,
    ("GET", "/api/v1/admin/objections/{objection_id}/files/{file_id}"): STAFF,
    ("POST", "/api/v1/admin/objections/{objection_id}/uphold"): CHECKERS,
    ("POST", "/api/v1/admin/objections/{objection_id}/reject"): CHECKERS,
}

# Done last for each identity: it ends the session the other requests use.
LAST = {("POST", "/admin/logout")}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PARAM = re.compile(r"\{[^}]+\}")
# Signed-in API routes outside /api/v1/admin.
PRIVATE_API = frozenset(
    {
        "/api/v1/nomination-checks",
        "/api/v1/nomination-watches",
        "/api/v1/nomination-watches/{watch_id}",
        "/api/v1/nomination-watches/{watch_id}/notifications",
        "/api/v1/nomination-watches/{watch_id}/candidates/{index}/review",
    }
)


def workspace_routes(app: FastAPI) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for context in iter_route_contexts(app.routes):
        path = context.path or ""
        if not (
            path == "/admin" or path.startswith(("/admin/", "/api/v1/admin")) or path in PRIVATE_API
        ):
            continue
        methods = getattr(context.original_route, "methods", None) or set()
        found.update((m, path) for m in methods if m in METHODS)
    return found


def _call(client: TestClient, method: str, path: str) -> Response:
    url = PARAM.sub("999999", path.replace(":path}", "}"))
    response: Response
    if method == "GET":
        response = client.get(url, follow_redirects=False)
    elif path.startswith("/api/"):
        response = client.request(method, url, json={}, follow_redirects=False)
    else:
        response = client.request(method, url, data={}, follow_redirects=False)
    return response


def _to_sign_in(response: Response) -> bool:
    location = response.headers.get("location", "")
    return response.status_code == 303 and location.startswith("/admin/login?next=")


def _passed_the_gate(response: Response) -> bool:
    code = response.status_code
    if code in (401, 403, 405) or code >= 500 or _to_sign_in(response):
        return False
    return code < 400 or code in (400, 404, 409, 422)


def _check(identity: Role | None, method: str, path: str, response: Response) -> str | None:
    rule = MATRIX[(method, path)]
    code = response.status_code
    if rule == PUBLIC:
        ok = code < 500
    elif identity is None:
        ok = code == 401 if path.startswith("/api/") else _to_sign_in(response)
    elif identity in cast(frozenset[Role], rule):
        ok = _passed_the_gate(response)
    else:
        ok = code == 403
    if ok:
        return None
    who = identity.value if identity else "anonymous"
    return f"{who:10} {method:6} {path}: {code} {response.headers.get('location', '')}"


def test_every_workspace_route_is_in_the_matrix(app: FastAPI) -> None:
    routes = workspace_routes(app)
    missing = sorted(routes - MATRIX.keys())
    assert missing == [], f"routes missing from the permission matrix: {missing}"
    stale = sorted(MATRIX.keys() - routes)
    assert stale == [], f"matrix lines for routes that no longer exist: {stale}"


def test_every_route_answers_every_role_as_the_matrix_says(app: FastAPI) -> None:
    routes = sorted(workspace_routes(app) & MATRIX.keys(), key=lambda r: (r in LAST, r))
    failures: list[str] = []
    for identity in (None, *Role):
        with TestClient(app) as client:
            if identity is not None:
                login(client, identity)
            for method, path in routes:
                problem = _check(identity, method, path, _call(client, method, path))
                if problem:
                    failures.append(problem)
    assert failures == [], "answers that break the matrix:\n" + "\n".join(failures)


def test_pages_put_the_csrf_token_in_every_post_form(app: FastAPI) -> None:
    with TestClient(app) as client:
        login(client, Role.admin)
        for method, path in sorted(workspace_routes(app)):
            if method != "GET" or "{" in path:
                continue
            response = client.get(path)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            html = response.text
            assert html.count('method="post"') == html.count('name="csrf_token"'), path
