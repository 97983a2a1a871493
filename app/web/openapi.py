"""OpenAPI documentation of the shared answers: the one error shape and ``304 Not Modified``.

Endpoints list what they may answer with ``responses=error_responses(404, 422)``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field


class FieldProblem(BaseModel):
    field: str = Field(description="The parameter or field at fault. 出错的参数", examples=["from"])
    code: str = Field(description="Machine-readable reason. 错误类型", examples=["date_format"])
    message: str = Field(
        description="Chinese reason, shown to people as it is. 错误原因（中文）",
        examples=["应为日期，格式如 2026-06-01"],
    )


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status again. HTTP状态码", examples=[422])
    code: str = Field(
        description="Machine-readable error. 错误类型", examples=["validation_failed"]
    )
    message: str = Field(
        description="Chinese summary, shown to people as it is. 错误说明（中文）",
        examples=["提交的数据有误"],
    )
    fields: list[FieldProblem] = Field(
        description="Per-field problems (empty when none). 各字段的问题", examples=[[]]
    )
    request_id: str | None = Field(
        description="Quote it when reporting a problem. 请求编号",
        examples=["3f2b6c1d9e8a4b7c"],
    )


class ErrorResponse(BaseModel):
    error: ErrorDetail = Field(description="The error. 错误")


_DESCRIPTIONS = {
    400: "Bad request, e.g. a tampered pagination cursor. 请求无效（如翻页参数被修改）",
    404: "Not found or not public (any more). 未找到或不在公示期内",
    422: "A parameter is malformed; `fields` says which and why. 参数有误",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for an endpoint: the error shape for each status, and 304."""
    responses: dict[int | str, dict[str, Any]] = {
        304: {"description": "Not modified: your cached copy (If-None-Match) is current. 未变化"}
    }
    for status in statuses:
        responses[status] = {
            "model": ErrorResponse,
            "description": _DESCRIPTIONS.get(status, "Error. 错误"),
        }
    return responses


def example(value: Any) -> dict[str, Any]:
    """``openapi_examples=`` for a parameter: one example Swagger UI can fill in."""
    return {"example": {"summary": "example", "value": value}}


# What every operation may answer beside what its route lists, from what the operation takes
# (``complete_document``): the document says every status the API answers, in the one shape.
_ANSWERS = {
    400: "The body cannot be read (not JSON, or not in the declared encoding). 请求无效",
    401: "No credentials, or a token that is unknown, revoked or of a disabled account. 未认证",
    403: "The token lacks the scope, or the account's role may not do this. 无权执行",
    409: "The record's state does not allow this now (e.g. not awaiting review). 状态冲突",
    413: "The request body is too large. 请求内容过大",
}
_UNSAFE = {"post", "put", "patch", "delete"}
_CURSORS = {"cursor", "after"}  # pagination cursors: a tampered one is 400
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _error(status: int, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }


def complete_document(document: dict[str, Any]) -> dict[str, Any]:
    """Add to every operation of ``document`` the answers it can give whatever its route says:
    401 and 403 where it needs a token (``security``), 404 for a record named in the path, 400
    for a pagination cursor, 409 for an authenticated change, 413 for a body, and 422 for any
    parameter or body, in the error shape (FastAPI's own 422 schema is not what the API answers).
    """
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorResponse", ErrorResponse.model_json_schema(ref_template=_REF))
    for definition in ErrorResponse.model_json_schema(ref_template=_REF).get("$defs", {}).items():
        schemas.setdefault(*definition)
    schemas.get("ErrorResponse", {}).pop("$defs", None)
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if method in _UNSAFE or method in {"get", "head"}:
                _complete_operation(method, operation)
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    return document


_REF = "#/components/schemas/{model}"


def _complete_operation(method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    parameters = operation.get("parameters", [])
    wanted: dict[int, str] = {}
    if operation.get("security"):
        wanted[401] = _ANSWERS[401]
        wanted[403] = _ANSWERS[403]
        if method in _UNSAFE:
            wanted[409] = _ANSWERS[409]
    if any(p.get("in") == "path" for p in parameters):
        wanted[404] = _DESCRIPTIONS[404]
    if any(p.get("in") == "query" and p.get("name") in _CURSORS for p in parameters):
        wanted[400] = _DESCRIPTIONS[400]
    if "requestBody" in operation:
        wanted[400] = _ANSWERS[400]
        wanted[413] = _ANSWERS[413]
    if parameters or "requestBody" in operation:
        wanted[422] = _DESCRIPTIONS[422]
    for status, description in sorted(wanted.items()):
        existing = responses.get(str(status))
        if existing is None or _is_fastapi_validation(existing):
            responses[str(status)] = _error(status, description)
        elif "content" not in existing:
            existing.update(_error(status, existing.get("description") or description))


def _is_fastapi_validation(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return any(str(schema.get("$ref", "")).endswith(name) for name in _FASTAPI_VALIDATION)


def install_document(app: FastAPI) -> None:
    """Serve ``app``'s OpenAPI document completed by ``complete_document`` (built once)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_document(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise


# --- the API documentation page, served from the project (no CDN) --------------------------

DOCS_ASSETS = "/api/docs/assets"


def install_docs_page(app: FastAPI, openapi_url: str, title: str) -> None:
    """``/api/docs``: Swagger UI 5 with its script and style from the ``swagger-ui-bundle-v2``
    package, mounted under ``DOCS_ASSETS``; nothing is fetched from another site."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]  # a data package: one str

    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} · 接口文档",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        )
