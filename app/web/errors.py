"""One error shape for every answer, rendered from the domain errors (``app.kit.errors``), the
framework's validation errors and HTTP errors. The API answers every error as::

    {"error": {"status": 422, "code": "invalid_uscc", "message": "…",
               "fields": [{"field": "uscc", "code": "uscc_check", "message": "…"}],
               "request_id": "…"}}

and a browser asking for a page gets ``error.html`` with the same status and message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.kit.errors import DomainError


@dataclass
class ErrorBody:
    status: int
    code: str
    message: str
    fields: list[dict[str, str]] = field(default_factory=list)

    def render(self, request: Request, headers: dict[str, str] | None = None) -> Response:
        request_id = getattr(request.state, "request_id", None)
        if wants_html(request):
            page = _render_html(request, self, request_id, headers)
            if page is not None:
                return page
        content: dict[str, Any] = {
            "error": {
                "status": self.status,
                "code": self.code,
                "message": self.message,
                "fields": self.fields,
                "request_id": request_id,
            }
        }
        return JSONResponse(content, status_code=self.status, headers=headers)


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not under /api/): errors are shown as a page, same status."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


# How the error page names the parameters of the public pages (the JSON keeps the field names).
FIELD_LABELS = {
    "q": "查询词",
    "uscc": "统一社会信用代码",
    "district": "区县",
    "industry": "行业",
    "level": "信用等级",
    "list": "名单",
    "list_type": "名单",
    "name": "名单",
    "status": "状态",
    "from": "起始日期",
    "to": "截止日期",
    "type": "违法行为类型",
    "as_of": "查询日期",
    "cursor": "翻页",
    "after": "翻页",
    "page": "页码",
    "limit": "每页条数",
    "number": "编号",
    "code": "核验码",
}


def _render_html(
    request: Request, body: ErrorBody, request_id: str | None, headers: dict[str, str] | None
) -> Response | None:
    templates = getattr(request.app.state, "templates", None)
    if templates is None:
        return None
    context = {
        "page_title": body.message,
        "error": body,
        "field_labels": FIELD_LABELS,
        "request_id": request_id,
    }
    try:
        response: Response = templates.TemplateResponse(
            request, "error.html", context, status_code=body.status, headers=headers
        )
    except Exception:  # a broken error page must not hide the error: fall back to JSON
        logging.getLogger("ecocredit.errors").exception("error page failed to render")
        return None
    return response


_HTTP_MESSAGES = {
    400: ("bad_request", "请求无效"),
    401: ("unauthorized", "需要登录或有效的访问令牌"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "未找到"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("payload_too_large", "请求内容过大"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
}


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "request"


def _validation_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    messages = {
        "missing": "必填项缺失",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
        "date_parsing": "应为日期（YYYY-MM-DD）",
        "date_type": "应为日期（YYYY-MM-DD）",
        "decimal_parsing": "应为数字",
        "literal_error": "取值不在允许范围内",
        "enum": "取值不在允许范围内",
        "string_too_long": "内容过长",
        "too_long": "条目过多",
        "greater_than_equal": "数值过小",
        "less_than_equal": "数值过大",
        "json_invalid": "不是有效的JSON",
        "not_boolean": "应为数字，不能是 true 或 false",
    }
    if kind == "value_error":  # a validator's own reason (Chinese), as it raised it
        return str(error.get("ctx", {}).get("error", "")) or "格式不正确"
    return messages.get(kind, "格式不正确")


def allowed_methods(request: Request) -> list[str]:
    """Every method the request's path takes, over all the routes of that path (the router
    names only the first route's methods, and a path's GET and POST are often two routes)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        route_methods = route.methods
        if route_methods and route.matches(request.scope)[0] != Match.NONE:
            methods.update(route_methods)
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    async def domain_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, DomainError):  # pragma: no cover - registered for this type
            raise exc
        body = ErrorBody(exc.status_code, exc.code, exc.message, [f.as_dict() for f in exc.fields])
        return body.render(request, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, RequestValidationError):  # pragma: no cover
            raise exc
        fields = [
            {
                "field": _field_name(err.get("loc", ())),
                "code": str(err.get("type", "invalid")),
                "message": _validation_message(err),
            }
            for err in exc.errors()
        ]
        return ErrorBody(422, "validation_failed", "提交的数据有误", fields).render(request)

    async def http_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, StarletteHTTPException):  # pragma: no cover
            raise exc
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("error", "请求无法处理"))
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405 and (methods := allowed_methods(request)):
            headers = {**(headers or {}), "Allow": ", ".join(methods)}
        return ErrorBody(exc.status_code, code, message).render(request, headers)

    async def unexpected(request: Request, exc: Exception) -> Response:
        return ErrorBody(500, "internal_error", "服务器内部错误，请稍后再试").render(request)

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
