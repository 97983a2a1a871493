"""Callers and the one error shape, for the error-shape sweep (``tests/web/test_error_shape.py``).

``Callers`` holds one account per role, signed in (a session, for pages) and with a token of
every scope its role may hold (for the API), and tokens that lack a scope. ``shape_problem``
says why an answer is not the documented error answer (``None`` when it is).
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session, sessionmaker

from app.access.actors import actor_for
from app.access.sessions import start_session
from app.access.tokens import SCOPES
from app.accounts.tokens import create_token
from app.kit.actor import Role
from app.web.auth import session_csrf_token
from app.web.csrf import UNSAFE_METHODS
from tests.support.auth import BASE_URL, make_user, set_session_cookie
from tests.support.provocations import FORM_PAGE, LOOKUPS
from tests.support.routes import Endpoint, Guard

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]*)"')
CJK = re.compile(r"[\u4e00-\u9fff]")
HTML = {"Accept": "text/html,application/xhtml+xml"}
JSON = {"Accept": "application/json"}


class Callers:
    """One account per role, with a session (pages) and a token of every scope it may hold
    (API); and tokens that lack a scope, to be refused for it."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.sessions: dict[Role, str] = {}
        self.tokens: dict[Role, str] = {}
        self.without: dict[str, str] = {}  # scope → a token of an allowed role without it
        factory: sessionmaker[Session] = app.state.sessionmaker
        settings = app.state.settings
        with factory() as session:
            for role in Role:
                user = make_user(session, role)
                self.sessions[role], _ = start_session(
                    session, user, settings, source_ip="testclient", user_agent=None
                )
                actor = actor_for(user, "testclient")
                scopes = [name for name, scope in SCOPES.items() if role in scope.roles]
                self.tokens[role], _ = create_token(session, actor, user, "错误格式测试", scopes)
                for scope in scopes:
                    others = [name for name in scopes if name != scope]
                    if others and scope not in self.without:
                        self.without[scope], _ = create_token(
                            session, actor, user, "缺权限", others
                        )
            session.commit()

    def client(
        self,
        endpoint: Endpoint,
        role: Role | None,
        *,
        csrf: bool = True,
        html: bool = False,
        session: bool = False,
        form_page: str | None = None,
    ) -> TestClient:
        """A client as ``role`` (anonymous: None), by token for the API unless ``session``.
        Anonymous with ``form_page``: as a browser, it has read the form's page first (which
        sets the cookie the form's CSRF token is tied to) and sends that token unless not
        ``csrf``."""
        client = TestClient(self.app, base_url=BASE_URL, raise_server_exceptions=False)
        client.headers.update(HTML if html else JSON)
        settings = self.app.state.settings
        if role is None:
            if form_page is not None:
                match = CSRF_INPUT.search(client.get(form_page).text)
                assert match, f"{endpoint}: no CSRF token on {form_page}"
                if csrf:
                    client.headers["X-CSRF-Token"] = html_unescape(match.group(1))
        elif endpoint.guard is not None and endpoint.guard.kind == "api" and not session:
            client.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        else:
            set_session_cookie(client, self.sessions[role])
            if csrf:
                client.headers["X-CSRF-Token"] = session_csrf_token(settings, self.sessions[role])
        return client

    def narrow(self, guard: Guard) -> TestClient:
        """A client whose token lacks the scope ``guard`` needs."""
        client = TestClient(self.app, base_url=BASE_URL, raise_server_exceptions=False)
        client.headers.update(JSON)
        client.headers["Authorization"] = f"Bearer {self.without[guard.scope]}"
        return client

    @staticmethod
    def allowed(endpoint: Endpoint) -> Role | None:
        guard = endpoint.guard
        return None if guard is None else sorted(guard.roles)[0]


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


def _field_names(fields: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(fields, dict):
        return {str(k) for k in fields}
    for item in fields or []:
        if isinstance(item, dict):
            names.add(str(item.get("field")))
        else:
            names.add(str(getattr(item, "field", item)))
    return names


def _names(field_name: str, fields: Any) -> bool:
    """``fields`` name ``field_name`` (or an item of it: ``ids.0``)."""
    return any(n == field_name or n.startswith(field_name + ".") for n in _field_names(fields))


def summary(response: Response) -> str:
    template = getattr(response, "template", None)
    if template is not None:
        return f"{template.name} {sorted(getattr(response, 'context', {}) or {})}"
    return response.text[:200]


def shape_problem(
    response: Response, status: int | tuple[int, ...], field_name: str | None = None
) -> str | None:
    """Why ``response`` is not a good error answer with ``status`` (naming ``field_name``)."""
    statuses = (status,) if isinstance(status, int) else status
    code = response.status_code
    if code not in statuses:
        return f"status {code}, expected {statuses}: {summary(response)}"
    request_id = response.headers.get("x-request-id")
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        if set(body) != {"error"} or not isinstance(body["error"], dict):
            return f"not the error shape: {body}"
        error = body["error"]
        if set(error) != {"status", "code", "message", "fields", "request_id"}:
            return f"error keys {sorted(error)}"
        if error["status"] != code or error["request_id"] != request_id:
            return f"status/request_id {error['status']}/{error['request_id']} in the body"
        if not isinstance(error["code"], str) or not error["code"]:
            return f"no code: {error}"
        if not CJK.search(error["message"]):
            return f"message not in Chinese: {error['message']!r}"
        for item in error["fields"]:
            if set(item) != {"field", "code", "message"} or not CJK.search(item["message"]):
                return f"field error {item}"
        if field_name is not None and not _names(field_name, error["fields"]):
            return f"field {field_name!r} not named in {error['fields']}"
        return None
    template = getattr(response, "template", None)
    context: dict[str, Any] = getattr(response, "context", None) or {}
    if template is None:
        return f"neither JSON nor a template ({response.headers.get('content-type')})"
    if template.name == "error.html":
        error = context["error"]
        if error.status != code or context["request_id"] != request_id:
            return f"error page says {error.status}, request id {context['request_id']}"
        if not CJK.search(error.message):
            return f"message not in Chinese: {error.message!r}"
        if field_name is not None and not _names(field_name, error.fields):
            return f"field {field_name!r} not named on the error page: {error.fields}"
        return None
    # A form shown again: its field errors (or the one problem or error it shows) in context.
    errors = context.get("errors") or context.get("problem") or context.get("error")
    if not errors:
        return f"{template.name} shown with {code} but no errors in its context"
    if field_name is not None and not _names(field_name, errors):
        return f"field {field_name!r} not among the errors of {template.name}: {errors}"
    return None
