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
