"""Hostile values in every field of every route (issue 17, defect 11).

Every input of every route, public and workspace, page and API (path and query parameters, form
fields, the top-level fields of JSON bodies), gets each value of the corpus of
``tests/support/hostile.py`` (scripts, SQL, Unicode edge cases, impossible dates, odd amounts,
path traversal), one field at a time, the other fields valid, as a caller the route lets in.

Whatever the value, the answer is never a server error: a success, a redirect, or an error in
the one shape (``tests/support/error_shape.py``); a 422 from a typed parameter (path, query)
names that parameter. No value is ever echoed unescaped into a page.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from fastapi import FastAPI
from httpx import Response

from tests.support.error_shape import Callers, caller, shape_problem
from tests.support.hostile import Field, fields, values_for
from tests.support.provocations import BESIDE, path_values, send
from tests.support.routes import Endpoint, endpoints

# What a hostile value may be answered with, when it is refused.
REFUSALS = (400, 403, 404, 409, 413, 422, 429)
RAW_SCRIPT = re.compile(r"<script>alert\(|<img src=x onerror", re.IGNORECASE)


def _send(
    client: Any, endpoint: Endpoint, known: dict[str, str], where: Field, value: str
) -> Response:
    values = path_values(endpoint, known, use_known=True)
    query: dict[str, str] = {}
    changes: dict[str, Any] = {}
    if where.where == "path":
        values[where.name] = value
    elif where.where == "query":
        query = {**BESIDE.get(where.name, {}), where.name: value}
    else:
        changes = {where.name: value}
    return send(client, endpoint, values, query, changes=changes)


def _problem(endpoint: Endpoint, where: Field, value: str, response: Response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status}: {response.text[:200]}"
    if "text/html" in response.headers.get("content-type", "") and RAW_SCRIPT.search(response.text):
        return "the value is in the page unescaped"
    if status < 400:
        return None
    # A typed parameter refused in JSON or on the error page is named there (a form shown
    # again says what was wrong in its own words, next to the form).
    shown_again = getattr(response, "template", None) is not None and (
        response.template.name != "error.html"  # type: ignore[attr-defined]  # TestClient adds it
    )
    typed = status == 422 and where.where in ("path", "query") and not shown_again
    return shape_problem(response, REFUSALS, where.name if typed else None)


def test_hostile_values_in_every_field_get_an_answer_never_a_server_error(
    app: FastAPI, callers: Callers, known: dict[str, str]
) -> None:
    problems: list[str] = []
    answers: Counter[int] = Counter()
    position = 0  # which values of each kind the next field gets
    for endpoint in endpoints(app):
        inputs = list(fields(endpoint))
        if not inputs:
            continue
        role = callers.allowed(endpoint)
        with caller(callers, known, endpoint, role, html=not endpoint.is_api) as client:
            for where in inputs:
                position += 1
                for kind, value in values_for(position):
                    response = _send(client, endpoint, known, where, value)
                    answers[response.status_code] += 1
                    if problem := _problem(endpoint, where, value, response):
                        what = f"{endpoint} {where.where} {where.name}={kind} {value[:30]!r}"
                        problems.append(f"{what}: {problem}")
    print(f"{sum(answers.values())} requests: {dict(sorted(answers.items()))}")
    assert sum(answers.values()) > 4_000
    assert problems == [], f"{len(problems)} bad answers:\n" + "\n".join(problems[:300])
