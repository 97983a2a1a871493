"""Domain errors carry their HTTP status; ``app.web.errors`` renders them in the one error shape.

``message`` texts are Chinese: they are shown to people as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.kit.identifiers import IdentifierError


@dataclass
class FieldError:
    field: str
    message: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


class DomainError(Exception):
    status_code = 400
    code = "bad_request"
    message = "请求无效"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.fields = fields or []
        self.headers = headers or {}
        super().__init__(self.message)


class ValidationFailed(DomainError):
    status_code = 422
    code = "validation_failed"
    message = "提交的数据有误"

    @classmethod
    def from_identifier(cls, field_name: str, error: IdentifierError) -> ValidationFailed:
        return cls(error.message, fields=[FieldError(field_name, error.message, error.code)])


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    message = "未找到"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    message = "与现有数据冲突"


class Unauthorized(DomainError):
    status_code = 401
    code = "unauthorized"
    message = "需要登录或有效的访问令牌"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"
    message = "无权执行此操作"


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "payload_too_large"
    message = "请求内容过大"
