"""Parameters that several faces share, described once for the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Path, Query, Request
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from app.kit.errors import FieldError, ValidationFailed
from app.web.openapi import example

# The largest id a record can have: the id columns are INTEGER, 32 bits on PostgreSQL.
MAX_RECORD_ID = 2**31 - 1


def _not_a_boolean(value: object) -> object:
    """JSON ``true``/``false`` is not a number: pydantic's lax mode would read ``true`` as 1 (a
    fine of 1 元, the record with id 1)."""
    if isinstance(value, bool):
        raise PydanticCustomError("not_boolean", "a boolean is not a number")
    return value


# Put on every number a JSON body or form carries (ids, amounts): true/false is refused (422).
NotBoolean = BeforeValidator(_not_a_boolean)

# The id of a record as a request names it (path or query parameter, form or JSON field). A
# number no id column can hold is refused (422) before it reaches the database, which would
# otherwise fail on it (SQLite: too large to convert; PostgreSQL: integer out of range).
# Field before the validator: the constraints then reach the JSON schema as minimum/maximum.
RecordId = Annotated[int, Field(ge=1, le=MAX_RECORD_ID), NotBoolean]


def _day_as_text(value: object) -> object:
    if isinstance(value, int | float):  # pydantic would take a number as a Unix time
        raise ValueError("应为日期（YYYY-MM-DD）")
    return value


# A day in a JSON body: the text YYYY-MM-DD, as the document says (format: date); a number is
# refused, not read as seconds since 1970.
Day = Annotated[dt.date, BeforeValidator(_day_as_text)]


# Text a person types, as ``app.kit.values.clean_text`` takes it: no control character but line
# breaks and tabs (C0 and C1). Documented as a pattern (so that the OpenAPI document says what
# is accepted); the services check it and answer 422 naming the field, in Chinese.
_TYPED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
# Required text: at least one character that is neither a space nor a control character.
REQUIRED_TEXT_PATTERN = rf"^{_TYPED}*[^\s\x00-\x1f\x7f-\x9f]{_TYPED}*$"


def required_text(description: str, **options: Any) -> Any:
    """A required text field of a JSON body (a reason, a comment, a case number)."""
    return Field(
        description=description, json_schema_extra={"pattern": REQUIRED_TEXT_PATTERN}, **options
    )


def record_id_path(alias: str) -> Any:
    """A path parameter named ``alias`` in the route that holds a ``RecordId``."""
    return Path(alias=alias, ge=1, le=MAX_RECORD_ID)


AS_OF_QUERY: Any = Query(
    None,
    description="Answer as of this day (YYYY-MM-DD): what was public then, from the records' "
    "history (versions, repairs, removals with their dates). Default: today. A day after today "
    "or before 2000-01-01 is 422. 查询日期（历史公示状态）",
    examples=["2025-06-01"],
    openapi_examples=example("2025-06-01"),
    json_schema_extra={"pattern": r"^(\d{4}-\d{2}-\d{2})?$"},  # blank: today
)


def one_of(value: str, allowed: Iterable[str], field: str) -> str:
    """A filter chosen in a query string: ``""`` (none chosen) or one of ``allowed``. Anything
    else is refused (422 naming ``field``): an unknown filter must not quietly show another list.
    """
    if value and value not in set(allowed):
        raise ValidationFailed(fields=[FieldError(field, "取值不在允许范围内", "not_allowed")])
    return value


NUL = "\x00"
# A JSON escape of half a UTF-16 surrogate pair without its other half: not a character, so no
# database can store it as UTF-8 (PostgreSQL fails on it) and no one types it.
LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


async def refuse_nul_characters(request: Request) -> None:
    """App-wide dependency: text with a NUL character is refused (422 naming where it was) before
    any route sees it. PostgreSQL cannot store NUL in text, so it would fail there (a 500); no
    one types it, and SQLite would keep a value that cannot be shown or exported.

    Checked: the path, the query, JSON bodies, and posted forms. A multipart form is looked at
    only when the route declares its fields (FastAPI has then read it already): routes that read
    an upload themselves check its size first and parse what it holds.
    """
    named = [k for k, v in request.query_params.multi_items() if NUL in k or NUL in v]
    named += [k for k, v in request.path_params.items() if NUL in str(v)]
    content_type = request.headers.get("content-type", "")
    route = request.scope.get("route")
    declares_body = getattr(route, "body_field", None) is not None
    if content_type.startswith(URLENCODED) or (
        content_type.startswith(MULTIPART) and declares_body
    ):
        for key, value in (await request.form()).multi_items():
            text = value if isinstance(value, str) else (value.filename or "")
            if NUL in key or NUL in text:
                named.append(key)
    elif "json" in content_type:
        body = await request.body()
        if b"\\u0000" in body:
            named.append("body")
        elif LONE_SURROGATE.search(body):
            message = "含有无效的 Unicode 字符（不成对的代理项）"
            raise ValidationFailed(fields=[FieldError("body", message, "invalid_unicode")])
    if named:
        message = "不能包含空字符（\\0）"
        fields = [FieldError(name.replace(NUL, ""), message, "nul_character") for name in named]
        raise ValidationFailed(fields=list({f.field: f for f in fields}.values()))
