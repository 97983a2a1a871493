"""What the error-shape sweep (``tests/web/test_error_shape.py``) sends to each route, and the
tables of what it cannot derive from the route itself. A route with a parameter none of the
tables knows fails the sweep (``gaps``) until it is added here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin
from urllib.parse import quote

from fastapi.params import Form
from fastapi.testclient import TestClient
from httpx import Response

from app.web.csrf import UNSAFE_METHODS
from tests.support.factories import uscc_for
from tests.support.routes import Endpoint, annotation_of, is_literal, is_type
from tests.support.workflows import RESIDENT_ID, penalty_form

UNKNOWN_ID = "999999"
TOO_LARGE_ID = "9" * 25  # a valid Python int, but not a 64-bit integer any database stores
WRONG_METHODS = ("DELETE", "PATCH", "PUT", "POST", "GET")

# Text path parameters: an unknown value (404), and malformed values with the status each gets.
PATH_TEXT: dict[str, tuple[str, list[tuple[str, int]]]] = {
    "name": ("purple", []),  # /lists/{name}: black or red
    "uscc": (uscc_for(990_001), [("not-a-code", 422)]),  # valid, and no enterprise has it
    # A day that is not a date is not a day of the calendar: 404 like a day without an entry.
    "day": ("2031-01-06", [("2031-02-30", 404)]),
    "key": ("no-such-key", []),  # a statistic, or an Atom channel's subject
    "number": ("YT-20260101-NOPE", []),  # a report number
    "decision": ("maybe", []),  # a licence revocation decision: confirm or reject
}
# What an unknown path value is sent with: a report number alone shows the verification form
# with it filled in (200); with a code, an unknown number is not verified (404).
PATH_BESIDE: dict[str, dict[str, str]] = {"number": {"code": "ABCD2345"}}

# Text query parameters: bad values and the status each gets. FREE ([]) is text taken as it is
# (searched for, shown back, or matching nothing when unknown), which must then be harmless.
FREE: list[tuple[str, int | tuple[int, ...]]] = []
# Parameters that mean something only beside another: sent with it.
BESIDE: dict[str, dict[str, str]] = {"cursor": {"q": "化工"}}
QUERY_TEXT: dict[str, list[tuple[str, int | tuple[int, ...]]]] = {
    "q": FREE,  # search words
    "next": FREE,  # where to go after sign-in (only local paths are followed)
    "number": FREE,  # a case number to look up
    "penalty": FREE,  # preselects the penalty a form is about (unknown: the form asks)
    "entry": FREE,
    "uscc": FREE,
    "enterprise_id": FREE,
    "type": FREE,  # a violation type: an unknown one matches nothing
    "district": [("999999", 422)],
    "industry": [("ZZZ", 422)],
    "level": [("Z", 422)],
    "list": [("grey", 422)],
    "list_type": [("grey", 422)],
    "status": [("bogus", 422)],
    "page": [("0", 422), ("two", 422)],
    "overdue": [("maybe", 422)],
    "cursor": [("not-a-cursor", (400, 422))],  # the API: 400; a page shows its form again
    "after": [("not-a-cursor", 400)],
    "from": [("2026-02-30", 422), ("99999-01-01", 422)],
    "to": [("2026-13-01", 422)],
    "measure": [("bogus", 422)],
    "area": [("999999", 422)],  # an administrative area (inspection cases)
    "format": [("xml", 422)],
    "kind": [("bogus", 422)],  # a licence kind code
    "licence": [("bogus", 422)],  # search: holds a licence of this kind in force
    "code": FREE,  # a report's verification code (a wrong one: not verified)
    "issued": FREE,  # the report just issued, shown on the officers' page
    "as_of": [("yesterday", 422), ("9999-12-31", 422), ("0001-01-01", 422)],
}

# Public forms posted to look something up: they change nothing, so they need no CSRF token
# (posted, not asked in the URL, to keep the case number and phone out of addresses and logs).
LOOKUPS = frozenset({"/repairs/status", "/objections/status"})

# The page that shows a public form, where it is not the path the form posts to.
FORM_PAGE = {
    "/repairs/new": "/repairs/new?penalty={penalty_id}",
    "/objections/new": "/objections/new?penalty={penalty_id}",
}

# A valid value for each form field, so that a post with an unknown id reaches the lookup.
FORM_VALUE: dict[str, str | list[str]] = {
    "comment": "退回补充材料",
    "reason": "核实无误",
    "display_name": "测试账户",
    "role": "clerk",
    "authority_id": "",
    "districts": [],
    "new_password": "Another-Horse-Battery-42",
    "name": "对接令牌",
    "scopes": ["feed:read"],
}

# A valid JSON body for each body model, for the same reason.
JSON_BODY: dict[str, Callable[[], dict[str, Any]]] = {
    "ReturnIn": lambda: {"comment": "请补充处罚依据"},
    "CommentIn": lambda: {"comment": "请补充核查情况"},
    "FindingIn": lambda: {
        "investigation": "经查属实",
        "truth": "属实",
        "handling": "已整改",
        "change_reason": "补充调查结果",  # the known case is public: a new version corrects it
    },
    "ListReasonIn": lambda: {"comment": "经复核不符合条件"},
    "ReasonIn": lambda: {"reason": "材料齐全"},
    "ReviewRequest": lambda: {"decision": "not_same_person"},
    "BarRejectIn": lambda: {"comment": "依据不足"},
    "PenaltyIn": lambda: penalty_form(None, None),
    "LicenceIn": lambda: {
        "party_name": "烟台测试化工有限公司",
        "party_type": "legal_entity",
        "party_uscc": uscc_for(990_002),
        "legal_representative": "张三",
        "kind": "pollutant_discharge",
        "document_name": "排污许可决定书",
        "document_number": "烟环许〔2026〕999号",
        "category": "general",
        "content": "准予排放",
        "decision_date": "2026-03-01",
        "valid_from": "2026-03-01",
        "valid_to": "2031-02-28",
        "district_code": "370611",
    },
    "FeedbackIn": lambda: {
        "outcome": "applied",
        "applied_on": "2026-06-01",
        "document_number": "烟财采〔2026〕1号",
    },
    "LicenceReturnIn": lambda: {"comment": "请补充许可内容"},
    "RevocationIn": lambda: {
        "kind": "revoked",
        "revocation_date": "2026-06-01",
        "reason": "以欺骗手段取得",
        "document": "烟环撤〔2026〕1号",
    },
    "PersonRoleIn": lambda: {"name": "张三", "id_number": RESIDENT_ID, "role": "principal"},
    "ListDecisionIn": lambda: {
        "list_type": "black",
        "enterprise_id": 1,
        "basis": "多次超标排放",
        "start_date": "2026-06-01",
        "end_date": "2027-06-01",
        "category": "超标排放",
        "penalty_record_ids": [1],
    },
    "BarIn": lambda: {
        "name": "张三",
        "id_number": RESIDENT_ID,
        "enterprise_id": 1,
        "basis": "经认定",
        "start_date": "2026-06-01",
        "end_date": "2027-06-01",
    },
}


# --- provocations -------------------------------------------------------------------------


@dataclass
class Provocation:
    endpoint: Endpoint
    what: str
    path_values: dict[str, str]
    query: dict[str, str] = field(default_factory=dict)
    body: Literal["valid", "empty", "not_json", "array"] = "valid"
    expected: int | tuple[int, ...] = 422
    field_name: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # changes to the valid body


def path_values(endpoint: Endpoint, known: dict[str, str], *, use_known: bool) -> dict[str, str]:
    values = {}
    for param in endpoint.path_params:
        name = param.alias or param.name
        if use_known and name in known:
            values[name] = known[name]
        elif is_type(annotation_of(param), int):
            values[name] = UNKNOWN_ID
        else:
            values[name] = PATH_TEXT[name][0]
    return values


def _path_provocations(endpoint: Endpoint) -> list[Provocation]:
    unknown = path_values(endpoint, {}, use_known=False)
    beside = {}
    for param in endpoint.path_params:
        beside.update(PATH_BESIDE.get(param.alias or param.name, {}))
    found = [Provocation(endpoint, "unknown id", unknown, beside, expected=404)]
    for param in endpoint.path_params:
        name = param.alias or param.name
        if is_type(annotation_of(param), int):
            for bad in ("abc", TOO_LARGE_ID):
                values = {**unknown, name: bad}
                found.append(Provocation(endpoint, f"{name}={bad}", values, field_name=name))
            continue
        for bad, status in PATH_TEXT[name][1]:
            values = {**unknown, name: bad}
            named = name if status == 422 else None
            what = f"{name}={bad}"
            found.append(Provocation(endpoint, what, values, expected=status, field_name=named))
    return found


def _query_provocations(endpoint: Endpoint, known: dict[str, str]) -> list[Provocation]:
    # With a real record in the path, so that the query is what is wrong (not the id).
    base = path_values(endpoint, known, use_known=True)
    found = []
    for param in endpoint.query_params:
        annotation = annotation_of(param)
        name = param.alias or param.name
        if is_type(annotation, str):
            # A NUL character: no database stores it; the answer may be anything but a 5xx.
            found.append(Provocation(endpoint, f"?{name}=NUL", base, {name: "a\x00b"}, expected=0))
            for bad, status in QUERY_TEXT[name]:
                query = {**BESIDE.get(name, {}), name: bad}
                what = f"?{name}={bad}"
                found.append(Provocation(endpoint, what, base, query, "valid", status, name))
            continue
        bad_values = ["maybe"] if is_type(annotation, bool) else ["abc"]
        if is_type(annotation, int):
            bad_values.append(TOO_LARGE_ID)
        for bad in bad_values:
            found.append(
                Provocation(endpoint, f"?{name}={bad}", base, {name: bad}, field_name=name)
            )
    return found


def _int_fields(model: Any) -> list[tuple[str, bool]]:
    """The integer fields (ids) of a body model: (name, is a list of them)."""
    found = []
    for name, info in getattr(model, "model_fields", {}).items():
        annotation = info.annotation
        if annotation is int or (
            get_origin(annotation) in (Union, UnionType)
            and set(get_args(annotation)) == {int, NoneType}
        ):
            found.append((name, False))
        elif get_origin(annotation) is list and get_args(annotation) == (int,):
            found.append((name, True))
    return found


def _required_form(param: Any) -> bool:
    """Whether the form field ``param`` must be posted (a form model: one of its fields)."""
    fields = getattr(annotation_of(param), "model_fields", None)
    if fields is not None:
        return any(info.is_required() for info in fields.values())
    return bool(param.field_info.is_required())


def _body_provocations(endpoint: Endpoint, known: dict[str, str]) -> list[Provocation]:
    base = path_values(endpoint, known, use_known=True)
    found = []
    for param in endpoint.body_params:
        if isinstance(param.field_info, Form):
            if is_type(annotation_of(param), int):
                for bad in ("abc", TOO_LARGE_ID):
                    what = f"{param.name}={bad}"
                    found.append(Provocation(endpoint, what, base, fields={param.name: bad}))
                    found[-1].field_name = param.name
            continue
        found.append(Provocation(endpoint, "body not JSON", base, body="not_json"))
        found.append(Provocation(endpoint, "body an array", base, body="array"))
        for name, is_list in _int_fields(annotation_of(param)):
            large = int(TOO_LARGE_ID)
            value: Any = [large] if is_list else large
            found.append(Provocation(endpoint, f"{name}={large}", base, fields={name: value}))
            found[-1].field_name = name
    forms = [p for p in endpoint.body_params if isinstance(p.field_info, Form)]
    if forms == endpoint.body_params and any(_required_form(p) for p in forms):
        found.append(Provocation(endpoint, "empty form", base, body="empty"))
    if endpoint.method in UNSAFE_METHODS and endpoint.method != "DELETE":  # DELETE: no body
        # A NUL character in posted text (PostgreSQL cannot store it): refused, naming where.
        json_body = forms != endpoint.body_params
        nul = Provocation(endpoint, "NUL in the body", base, fields={"nul_probe": "a\x00b"})
        nul.field_name = "body" if json_body else "nul_probe"
        found.append(nul)
    return found


def _text_queries(endpoint: Endpoint) -> list[Any]:
    return [p for p in endpoint.query_params if is_type(annotation_of(p), str)]


def gaps(endpoint: Endpoint, known: dict[str, str]) -> list[str]:
    """What the tables do not say about ``endpoint`` (each one fails the sweep)."""
    missing = []
    for param in endpoint.path_params:
        name = param.alias or param.name
        if not is_type(annotation_of(param), int) and name not in PATH_TEXT:
            missing.append(f"{endpoint}: path parameter {name!r}: add it to PATH_TEXT")
        if _text_queries(endpoint) and name not in known:
            missing.append(f"{endpoint}: a real {name!r} for its queries: add it to known")
    for param in endpoint.query_params:
        annotation = annotation_of(param)
        name = param.alias or param.name
        simple = is_type(annotation, int) or is_type(annotation, bool) or is_literal(annotation)
        if is_type(annotation, str) and name not in QUERY_TEXT:
            missing.append(f"{endpoint}: query parameter {name!r}: add it to QUERY_TEXT")
        elif not simple and not is_type(annotation, str):
            missing.append(f"{endpoint}: query parameter {name!r} of type {annotation}")
    for param in endpoint.body_params:
        model = param.field_info.annotation
        named = getattr(model, "__name__", "")
        if not isinstance(param.field_info, Form) and _int_fields(model) and named not in JSON_BODY:
            missing.append(f"{endpoint}: body {named} has ids: add a valid one to JSON_BODY")
    if endpoint.path_params:
        for param in endpoint.body_params:
            model = param.field_info.annotation
            if isinstance(param.field_info, Form):
                if param.field_info.is_required() and param.name not in FORM_VALUE:
                    missing.append(f"{endpoint}: form field {param.name!r}: add it to FORM_VALUE")
            elif getattr(model, "__name__", "") not in JSON_BODY:
                missing.append(f"{endpoint}: body {model}: add a valid one to JSON_BODY")
    return missing


def provocations(endpoint: Endpoint, known: dict[str, str]) -> list[Provocation]:
    found = _path_provocations(endpoint) if endpoint.path_params else []
    return found + _query_provocations(endpoint, known) + _body_provocations(endpoint, known)


def url_of(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = re.sub(r"\{" + name + r"(:[a-z]+)?\}", quote(value, safe=""), path)
    return path


def _valid_body(endpoint: Endpoint, changes: dict[str, Any], token: str) -> dict[str, Any]:
    """The keyword arguments that send ``endpoint`` a valid body (as far as the tables know),
    with ``changes``."""
    forms: dict[str, Any] = {}
    for param in endpoint.body_params:
        if not isinstance(param.field_info, Form):
            make = JSON_BODY.get(getattr(param.field_info.annotation, "__name__", ""))
            return {"json": {**(make() if make else {}), **changes}}
        if param.name in FORM_VALUE:
            forms[param.name] = FORM_VALUE[param.name]
    if token:  # the sign-in form reads its token from the form only
        forms["csrf_token"] = token
    return {"data": {**forms, **changes}}


def send(
    client: TestClient,
    endpoint: Endpoint,
    path_values: dict[str, str],
    query: dict[str, str] | None = None,
    body: str = "valid",
    method: str | None = None,
    changes: dict[str, Any] | None = None,
) -> Response:
    method = method or endpoint.method
    kwargs: dict[str, Any] = {"params": query or {}, "follow_redirects": False}
    if method not in ("GET", "HEAD", "DELETE"):
        if body == "not_json":
            kwargs["content"] = b'{"unfinished": '
            kwargs["headers"] = {"Content-Type": "application/json"}
        elif body == "array":
            kwargs["json"] = []
        elif body == "empty":
            token = client.headers.get("X-CSRF-Token")
            kwargs["data"] = {"csrf_token": token} if token else {}
        else:
            kwargs.update(
                _valid_body(endpoint, changes or {}, client.headers.get("X-CSRF-Token", ""))
            )
    response: Response = client.request(method, url_of(endpoint.path, path_values), **kwargs)
    return response


# --- the sweep ------------------------------------------------------------------------------
