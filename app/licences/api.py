"""Public licence JSON (and CSV): the twins of the licence pages, from the same service."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query, Request, Response

from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_bytes
from app.licences.public_service import (
    all_licences,
    csv_header,
    csv_rows,
    get_licence,
    list_licences,
    parse_filters,
)
from app.licences.schemas import LicenceList, LicenceOut
from app.publication.as_of import parse_as_of
from app.web.deps import DbSession, SettingsDep
from app.web.http import cacheable, cacheable_json
from app.web.openapi import error_responses, example
from app.web.params import AS_OF_QUERY, MAX_RECORD_ID

router = APIRouter()
TAG = "行政许可 licences"

DISTRICT = Query(
    None,
    description="区县: 6-digit division code. 行政区划代码",
    examples=["370611"],
    openapi_examples=example("370611"),
)
KIND = Query(
    None,
    description="许可事项代码: eia_approval, pollutant_discharge, hazardous_waste, "
    "radiation_safety, acceptance",
    examples=["pollutant_discharge"],
    openapi_examples=example("pollutant_discharge"),
)
STATUS = Query(
    None,
    description="状态 on the day: in_force 有效, expired 已过期, revoked 已撤销或注销, "
    "pending 尚未生效",
    examples=["in_force"],
    openapi_examples=example("in_force"),
)
CURSOR = Query(
    None,
    description="Opaque cursor from `next_cursor`. 翻页参数",
    examples=["eyJkIjoiMjAyNi0wMy0wMSIsImlkIjoxMn0.1a2b3c4d5e6f7a8b"],
    openapi_examples=example("eyJkIjoiMjAyNi0wMy0wMSIsImlkIjoxMn0.1a2b3c4d5e6f7a8b"),
)
LICENCE_ID = Path(
    description="The licence's permalink id. 记录编号",
    examples=[12],
    openapi_examples=example(12),
    ge=1,
    le=MAX_RECORD_ID,
)


@router.get(
    "/api/v1/licences",
    tags=[TAG],
    summary="List public licences",
    response_model=LicenceList,
    responses={
        **error_responses(400, 422),
        200: {"content": {"text/csv": {"example": "\ufeff记录编号,行政相对人名称,…"}}},
    },
)
def api_licences(
    request: Request,
    settings: SettingsDep,
    session: DbSession,
    district: str | None = DISTRICT,
    kind: str | None = KIND,
    status: str | None = STATUS,
    cursor: str | None = CURSOR,
    limit: int = Query(
        20,
        ge=1,
        le=200,
        description="Rows per page (1-200). 每页条数",
        examples=[20],
        openapi_examples=example(20),
    ),
    answer_format: Literal["json", "csv"] = Query(
        "json",
        alias="format",
        description="`json` (one page) or `csv` (the whole list). 格式",
        examples=["csv"],
        openapi_examples=example("csv"),
    ),
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Administrative licences (行政许可) public today, newest decision first, with the 双公示
    licence field set and the status derived from the dates and any revocation (撤销/注销).
    Drafts and licences under review never appear. `format=csv` downloads every matching licence
    (UTF-8 with BOM, Chinese headers). With `as_of`, what was public on that day, and the status
    it had then."""
    day = parse_as_of(as_of)
    filters = parse_filters(session, district, kind, status)
    if answer_format == "csv":
        body = csv_bytes(csv_header(), csv_rows(all_licences(session, day, filters)))
        headers = attachment(f"行政许可-{day.isoformat()}.csv", f"licences-{day.isoformat()}.csv")
        return cacheable(request, body, media_type=CSV_MEDIA_TYPE, headers=headers)
    result = list_licences(session, settings.secret_key, day, filters, cursor, limit)
    return cacheable_json(request, result, next_cursor=result.next_cursor)


@router.get(
    "/api/v1/licences/{licence_id}",
    tags=[TAG],
    summary="One public licence",
    response_model=LicenceOut,
    responses=error_responses(404, 422),
)
def api_licence(
    request: Request,
    session: DbSession,
    licence_id: int = LICENCE_ID,
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Every 双公示 field of a licence's public version and its status; 404 when it is not
    public. With `as_of`, the version public on that day and its status then."""
    detail = get_licence(session, parse_as_of(as_of), licence_id)
    return cacheable_json(request, detail, last_modified=detail.updated_at)
