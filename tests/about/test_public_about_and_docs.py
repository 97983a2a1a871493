"""The 说明 page, and the OpenAPI documentation of the public read endpoints: a description and
an example for every endpoint, parameter and field."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.credit.rules import SHANDONG_2020
from tests.support.public_data import make_scheme

PUBLIC_PATHS = (
    "/api/v1/enterprises/{uscc}",
    "/api/v1/penalties",
    "/api/v1/penalties/{penalty_id}",
    "/api/v1/lists/{name}",
    "/api/v1/licences",
    "/api/v1/licences/{licence_id}",
)


def test_about_explains_lists_levels_periods_and_links_the_api(
    client: TestClient, session: Session
) -> None:
    make_scheme(session)
    page = client.get("/about")
    assert page.status_code == 200
    text = page.text
    assert "守信激励" in text
    assert "失信惩戒" in text
    assert "honour list" not in text  # Chinese throughout (tests/web/test_chinese_pages.py)
    for level in SHANDONG_2020["levels"]:
        assert level["label"] in text
        assert level["name"] in text
    assert "12分及以上" in text
    assert "1–3分" in text
    # The publication periods come from app.publication.periods.
    assert '<th scope="row">严重</th>' in text
    assert "36个月" in text
    assert "不公示" in text
    for reason in ("公示期届满", "信用修复", "更正或撤销"):
        assert reason in text
    assert 'href="/api/docs"' in text


def _ref(schema: dict[str, Any]) -> bool:
    """Whether a property refers to a documented component (object, list of objects)."""
    if "$ref" in schema:
        return True
    if "items" in schema and "$ref" in schema["items"]:
        return True
    return any(_ref(option) for option in schema.get("anyOf", []))


def test_every_public_endpoint_parameter_and_field_is_documented_with_an_example(
    app: FastAPI,
) -> None:
    doc = app.openapi()
    components: set[str] = set()
    for path in PUBLIC_PATHS:
        operation = doc["paths"][path]["get"]
        assert operation["summary"], path
        assert len(operation["description"]) > 40, path
        for parameter in operation["parameters"]:
            where = f"{path} {parameter['name']}"
            assert parameter.get("description"), where
            assert parameter["schema"].get("examples"), where
            assert parameter.get("examples"), where
        for status, response in operation["responses"].items():
            assert response["description"], f"{path} {status}"
            content = response.get("content", {}).get("application/json", {})
            ref = content.get("schema", {}).get("$ref")
            if ref:
                components.add(ref.rsplit("/", 1)[1])
    pending = sorted(components)
    checked: set[str] = set()
    while pending:
        name = pending.pop()
        if name in checked:
            continue
        checked.add(name)
        for field, prop in doc["components"]["schemas"][name]["properties"].items():
            where = f"{name}.{field}"
            assert prop.get("description"), where
            if _ref(prop):
                refs = [prop, prop.get("items", {}), *prop.get("anyOf", [])]
                pending += [r["$ref"].rsplit("/", 1)[1] for r in refs if "$ref" in r]
            else:
                assert "examples" in prop, where
    assert {"EnterpriseRecord", "PenaltyList", "PenaltyDetail", "ListPage", "ErrorResponse"} <= (
        checked
    )
    assert {"CreditLevelOut", "ListEntryOut", "CitedPenalty", "PenaltySummary"} <= checked
