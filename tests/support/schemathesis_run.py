"""Schemathesis against the portal's OpenAPI document, for ``tests/api/test_schemathesis.py``.

``run`` loads the document from a running portal, calls every operation with a bearer token that
the operation lets in (read from the route's own guard: its roles and scope), runs Schemathesis's
phases and checks with a fixed seed and a bounded number of examples, and returns what happened:
the operations tested, the requests sent, and every failed check with the request that failed it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from fastapi import FastAPI
from schemathesis.engine import events, from_schema
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.engine.run import PhaseName

from app.access.tokens import SCOPES
from app.kit.actor import Role
from tests.support.routes import Guard, endpoints

SEED = 20261204
# Every check that says the document and the API agree (the stateful ones run where the
# document links operations). Not ``max_response_time``: timings are for the benchmarks.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
    "missing_required_header",
    "ignored_auth",
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
)


def config(max_examples: int) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {
                "max-examples": max_examples,
                "database": "none",  # the same requests every run: a failure reproduces
                "deterministic": True,
                # NUL is refused everywhere (422, app.web.params.refuse_nul_characters), even in
                # the names of properties a body may carry beside its own.
                "allow-x00": False,
            },
            "phases": {"stateful": {"max-steps": 20}},
            "checks": {
                **{name: {"enabled": True} for name in CHECKS},
                # A pagination cursor is a signed token: any text fits its schema, and one the
                # API did not issue is 400 (documented), not a refusal of valid data.
                "positive_data_acceptance": {
                    "enabled": True,
                    "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"],
                },
            },
            "workers": 1,
            "request-timeout": 30,
        }
    )


@dataclass
class Problem:
    operation: str
    check: str
    title: str
    message: str
    request: str

    def __str__(self) -> str:
        return f"{self.operation} [{self.check}] {self.title}: {self.message}\n    {self.request}"


@dataclass
class Outcome:
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    by_phase: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def failures_by_check(self) -> Counter[str]:
        return Counter(problem.check for problem in self.problems)

    def summary(self) -> str:
        failures = dict(self.failures_by_check())
        return (
            f"{len(self.operations)} operations, {self.requests} requests "
            f"({dict(self.by_phase)}), {len(self.problems)} failures {failures}"
        )


class Tokens:
    """The bearer token each operation is called with: one of a role and scope it lets in."""

    def __init__(self, app: FastAPI, tokens: dict[tuple[Role, str], str]) -> None:
        self.tokens = tokens
        self.guards: dict[tuple[str, str], Guard | None] = {
            (endpoint.method, endpoint.path): endpoint.guard for endpoint in endpoints(app)
        }

    def for_operation(self, method: str, path: str) -> str | None:
        guard = self.guards.get((method.upper(), path))
        if guard is None:
            return None
        scope = guard.scope if guard.scope in SCOPES else "feed:read"
        for role in sorted(guard.roles):
            if (role, scope) in self.tokens:
                return self.tokens[(role, scope)]
        raise AssertionError(f"no test token for {method} {path}: {guard}")


def _request_line(recorder: ScenarioRecorder, case_id: str) -> str:
    interaction = recorder.interactions.get(case_id)
    if interaction is None:
        return "(no request)"
    request = interaction.request
    body = (request.body or b"")[:300].decode("utf-8", "replace")
    status = interaction.response.status_code if interaction.response else "no answer"
    return f"{request.method} {request.uri} {body!r} -> {status}"


def _record(outcome: Outcome, phase: str, recorder: ScenarioRecorder) -> None:
    if phase != PhaseName.STATEFUL_TESTING:
        outcome.operations.add(recorder.label)
    outcome.requests += len(recorder.interactions)
    outcome.by_phase[phase] += len(recorder.interactions)
    seen: set[tuple[str, str, str]] = set()
    for case_id, checks in recorder.checks.items():
        for check in checks:
            if check.failure_info is None:
                continue
            failure = check.failure_info.failure
            operation = failure.operation or recorder.label  # the stateful phase: one scenario
            key = (operation, check.name, failure.title)
            if key in seen:
                continue
            seen.add(key)
            outcome.problems.append(
                Problem(
                    operation,
                    check.name,
                    failure.title,
                    failure.message[:500],
                    _request_line(recorder, case_id),
                )
            )


def run(base_url: str, tokens: Tokens, max_examples: int) -> Outcome:
    schema = schemathesis.openapi.from_url(
        f"{base_url}/api/v1/openapi.json", config=config(max_examples)
    )
    schema.config.update(base_url=base_url)

    @schema.auth(refresh_interval=None)  # one token per operation: nothing cached
    class Bearer:
        def get(self, case: Any, context: Any) -> str | None:
            return tokens.for_operation(case.operation.method, case.operation.path)

        def set(self, case: Any, data: str | None, context: Any) -> None:
            if data is not None:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    outcome = Outcome()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(outcome, str(event.phase), event.recorder)
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"{event.label}: {event.info.format()}"[:1000])
        elif isinstance(event, events.FatalError):
            raise event.exception
    return outcome


__all__ = ["PhaseName", "Tokens", "run"]
