"""An enterprise's public credit record: the page and its JSON twin (one service function)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request, Response

from app.publication.as_of import parse_as_of
from app.record.schemas import EnterpriseRecord
from app.record.service import enterprise_record
from app.web.deps import DbSession
from app.web.http import cacheable_json
from app.web.openapi import error_responses, example
from app.web.params import AS_OF_QUERY

router = APIRouter()

USCC = Path(
    description="统一社会信用代码: 18 characters; lowercase, full-width characters and spaces are "
    "normalised. A malformed code is 422 saying what is wrong.",
    examples=["91370611MA3C00003F"],
    openapi_examples=example("91370611MA3C00003F"),
)


@router.get(
    "/api/v1/enterprises/{uscc}",
    tags=["企业 enterprises"],
    summary="An enterprise's credit record",
    response_model=EnterpriseRecord,
    responses=error_responses(404, 422),
)
def api_enterprise(
    request: Request,
    session: DbSession,
    uscc: str = USCC,
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Registration facts, the current credit level (信用等级) with its colour and meaning, the
    history of levels, the red (honour) and black (dishonesty) list entries in force and every
    penalty public today, with `data_updated_at` (数据更新于). No person's ID number ever
    appears. With `as_of`, the record as it was public on that day (level, list entries and
    penalties then)."""
    record = enterprise_record(session, uscc, parse_as_of(as_of))
    return cacheable_json(request, record, last_modified=record.data_updated_at)
