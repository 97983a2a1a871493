"""Schemathesis against the OpenAPI document of a running portal (the gate of issue 17).

A live portal (uvicorn on 127.0.0.1) on a database of its own with public records in it; every
operation of ``/api/v1/openapi.json``, public and admin, called with a token of a role and scope
it lets in. Every phase that applies (examples, coverage, fuzzing, and stateful where the
document links operations) with every check of agreement between the document and the API,
a fixed seed and a bounded number of examples. The gate: no server error, no schema-valid request
refused, no status code, content type, header or body the document does not declare.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlalchemy.orm import Session

from app.access.actors import actor_for
from app.access.tokens import SCOPES
from app.accounts.tokens import create_token
from app.kit.actor import Role
from app.kit.db import make_engine
from app.main import create_app
from tests.conftest import LiveServer, make_settings
from tests.support.auth import make_user
from tests.support.factories import make_authority, make_enterprise
from tests.support.repairs import published_black_entry, published_penalty
from tests.support.schemathesis_run import Tokens, run

# Enough to find what a run of 100 per operation found, within the CI budget per database.
MAX_EXAMPLES = int(os.environ.get("ECOCREDIT_SCHEMATHESIS_EXAMPLES", "20"))


# Operations whose schema-valid requests may still be refused (422 naming the field), because
# what the service checks cannot be said in JSON Schema: check characters (credit codes, ID
# numbers), days relative to today, one field against another, values of the registry. Every
# other refusal of schema-valid data fails the gate. This list may only shrink: say a rule in
# the document (a pattern, an enum, minItems) and remove the operation.
KNOWN_REFUSALS = {
    "GET /api/v1/enterprises": "filters of the registry's own values (district, industry)",
    "GET /api/v1/enterprises/{uscc}": "the credit code's check character",
    "GET /api/v1/enterprises/{uscc}/report": "the credit code's check character",
    "GET /api/v1/enterprises/{uscc}/special-report": "the credit code's check character; from/to",
    "GET /api/v1/penalties": "as_of after today or before 2000; district and date filters",
    "GET /api/v1/penalties/{penalty_id}": "as_of after today or before 2000",
    "GET /api/v1/lists/{name}": "as_of after today or before 2000; district filter",
    "GET /api/v1/statistics": "as_of, district and period filters",
    "GET /api/v1/statistics/{key}": "as_of, district and period filters",
    "POST /api/v1/admin/penalties": "the 双公示 fields are checked by the service (dates, codes)",
    "PUT /api/v1/admin/penalties/versions/{version_id}": "the same fields as a new penalty",
    "POST /api/v1/admin/penalties/{record_id}/corrections": "the same fields as a new penalty",
    "POST /api/v1/admin/list-entries": "start before end, the cited penalties, the basis",
    "POST /api/v1/admin/nomination-bars": "ID number check digit, start before end",
    "POST /api/v1/admin/enterprises/{enterprise_id}/persons": "ID number check digit, dates",
    "POST /api/v1/nomination-checks": "ID number check digit, as_of",
    "POST /api/v1/nomination-watches": "ID number check digit, end date after today",
    "POST /api/v1/repairs/status": "the credit code's check character",
    "POST /api/v1/objections/status": "the phone number's form",
    "GET /api/v1/licences": "as_of after today or before 2000; district and kind filters",
    "POST /api/v1/admin/licences": "the 双公示 licence fields are checked by the service",
    "PUT /api/v1/admin/licences/versions/{version_id}": "the same fields as a new licence",
    "POST /api/v1/admin/licences/{record_id}/corrections": "the same fields as a new licence",
    "POST /api/v1/admin/licences/versions/{version_id}/return": "a comment that is not blank",
    "GET /api/v1/inspections/cases": "as_of after today or before 2000; area and type filters",
    "POST /api/v1/admin/inspections/cases/{case_id}/findings": "the findings fields (truth, texts)",
    "POST /api/v1/admin/inspections/findings/{finding_id}/return": "a comment that is not blank",
}


def _seed(url: str) -> dict[tuple[Role, str], str]:
    """Public records, and for every role a token of each scope it may hold."""
    engine = make_engine(url)
    tokens: dict[tuple[Role, str], str] = {}
    with Session(engine) as session:
        authority = make_authority(session)
        enterprise = make_enterprise(session)
        version = published_penalty(session, enterprise=enterprise, authority=authority)
        published_black_entry(session, enterprise, authority, version)
        for role in Role:
            user = make_user(session, role)
            actor = actor_for(user, "127.0.0.1")
            for name, scope in SCOPES.items():
                if role in scope.roles:
                    tokens[(role, name)], _ = create_token(session, actor, user, "接口测试", [name])
        session.commit()
    engine.dispose()
    return tokens


def test_the_api_answers_as_its_openapi_document_says(
    fresh_database: Callable[[], str],
) -> None:
    url = fresh_database()
    tokens = _seed(url)
    app = create_app(make_settings(url))
    server = LiveServer(app)
    server.start()
    try:
        outcome = run(server.url, Tokens(app, tokens), MAX_EXAMPLES)
    finally:
        server.stop()
    print(outcome.summary())
    assert outcome.errors == [], "\n".join(outcome.errors)
    assert len(outcome.operations) > 50
    assert set(KNOWN_REFUSALS) <= outcome.operations, "KNOWN_REFUSALS names no operation"
    known = [
        problem
        for problem in outcome.problems
        if problem.check == "positive_data_acceptance" and problem.operation in KNOWN_REFUSALS
    ]
    print(f"known refusals in {len({p.operation for p in known})} operations:")
    print("\n".join(sorted({f"  {p.operation}: {p.request[:160]}" for p in known})))
    problems = [problem for problem in outcome.problems if problem not in known]
    assert problems == [], f"{outcome.summary()}\n" + "\n".join(map(str, problems))
