"""OpenAPI documentation of the shared answers: the one error shape and ``304 Not Modified``.

Endpoints list what they may answer with ``responses=error_responses(404, 422)``.
"""

from __future__ import annotations

from typing import Any

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
