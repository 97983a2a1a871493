"""Every answer carries the security headers (``app/web/security_headers.py``): a Content
Security Policy with ``object-src 'none'``, ``base-uri 'none'`` and ``frame-ancestors 'none'``,
``nosniff``, a Referrer-Policy, no framing; HSTS in production. Swept over every route of the
app as a caller it lets in, the error pages, static files and the mock platform; and a real
browser shows the pages without a single policy violation."""

from __future__ import annotations

import base64
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from playwright.sync_api import Browser
from sqlalchemy.orm import Session

from app.platform.app import create_platform_app
from app.platform.config import PlatformSettings
from app.statistics.registry import STATISTICS
from tests.conftest import DatabaseFactory, LiveServer, make_settings
from tests.support.error_shape import Callers
from tests.support.provocations import path_values, send
from tests.support.repairs import published_penalty
from tests.support.routes import endpoints

PRODUCTION_SECRET = "whsec_" + base64.b64encode(b"a-production-secret-for-this-test").decode()
REQUIRED_DIRECTIVES = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def header_problem(response: Response, *, hsts: bool = False) -> str | None:
    """Why ``response`` lacks a security header (None when it has them all)."""
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    missing = [d for d in REQUIRED_DIRECTIVES if d not in policy.split("; ")]
    if missing:
        return f"CSP {policy!r} lacks {missing}"
    if headers.get("x-content-type-options") != "nosniff":
        return "no X-Content-Type-Options: nosniff"
    if not headers.get("referrer-policy"):
        return "no Referrer-Policy"
    if headers.get("x-frame-options") != "DENY":
        return "no X-Frame-Options: DENY"
    if hsts != ("strict-transport-security" in headers):
        return f"HSTS {'missing' if hsts else 'sent'}: {headers.get('strict-transport-security')}"
    return None


def test_every_route_answers_with_the_security_headers(app: FastAPI, session: Session) -> None:
    version = published_penalty(session)
    session.commit()
    known = {
        "penalty_id": str(version.record_id),
        "uscc": version.party_uscc or "",
        "name": "black",
        "key": STATISTICS[0].key,
    }
    callers = Callers(app)
    problems: list[str] = []
    html_answers = 0
    for endpoint in endpoints(app):
        if endpoint.method != "GET":
            continue
        role = callers.allowed(endpoint)
        for values in (
            path_values(endpoint, known, use_known=True),
            path_values(endpoint, {}, use_known=False),
        ):
            with callers.client(endpoint, role, html=not endpoint.is_api) as client:
                response = send(client, endpoint, values)
            html_answers += response.headers.get("content-type", "").startswith("text/html")
            if problem := header_problem(response):
                problems.append(f"{endpoint} {values}: {response.status_code} {problem}")
    assert html_answers > 50
    assert problems == [], "\n".join(problems)


def test_error_pages_static_files_the_docs_and_refused_bodies_have_them(client: TestClient) -> None:
    answers = {
        "unknown page": client.get("/no-such-page", headers={"Accept": "text/html"}),
        "static file": client.get("/static/site.css"),
        "API docs": client.get("/api/docs"),
        "OpenAPI": client.get("/api/v1/openapi.json"),
        "too large": client.post("/api/v1/stats", content=b"x" * (11 * 1024 * 1024)),
        "sign-in redirect": client.get("/admin", follow_redirects=False),
    }
    problems = {what: header_problem(r) for what, r in answers.items() if header_problem(r)}
    assert problems == {}
    assert answers["unknown page"].status_code == 404
    assert answers["too large"].status_code == 413
    # The docs page starts Swagger UI (served from the project) with an inline script; nothing,
    # there or anywhere, may come from another site.
    docs_policy = answers["API docs"].headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline';" in docs_policy
    assert "http" not in docs_policy
    assert "script-src 'self';" in client.get("/").headers["content-security-policy"]


def test_hsts_in_production_and_when_configured(database_url: str) -> None:
    from app.main import create_app

    production = make_settings(
        database_url, environment="production", sync_webhook_secret=PRODUCTION_SECRET
    )
    with TestClient(create_app(production)) as client:
        response = client.get("/")
    assert header_problem(response, hsts=True) is None
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    configured = make_settings(database_url, hsts_seconds=600)
    with TestClient(create_app(configured)) as client:
        assert client.get("/").headers["strict-transport-security"] == "max-age=600"
    with TestClient(create_app(make_settings(database_url))) as client:
        assert header_problem(client.get("/")) is None  # none over plain HTTP in development


def test_the_mock_platform_has_them_too(database_factory: DatabaseFactory) -> None:
    settings = PlatformSettings(database_url=database_factory.create(migrate=False))
    with TestClient(create_platform_app(settings)) as platform:
        for path in ("/", "/docs", "/api/v1/records"):
            assert header_problem(platform.get(path)) is None, path


def test_a_browser_shows_the_pages_without_a_policy_violation(
    browser: Browser,
    fresh_database: Callable[[], str],
    live_server_factory: Callable[[str], LiveServer],
) -> None:
    server = live_server_factory(fresh_database())
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    for path in ("/", "/lists/black", "/penalties", "/statistics", "/about", "/admin/login"):
        response = page.goto(server.url + path)
        assert response is not None, path
        assert response.status < 400, path
        # The style sheet applied: the policy lets the portal's own CSS in.
        assert page.evaluate("document.styleSheets.length") >= 1, path
    assert violations == []
