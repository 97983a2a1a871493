"""The board, the case table (JSON and the 9-column CSV) and a case, as JSON: the pages' twins."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.inspections import public_service
from app.inspections.labels import CASE_TABLE_COLUMNS
from app.inspections.schemas import Board, CaseDetail, CaseList
from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_stream
from app.kit.db import session_scope
from app.publication.as_of import parse_as_of
from app.web.deps import DbSession, SettingsDep, request_sessionmaker
from app.web.http import cacheable_json
from app.web.openapi import error_responses, example
from app.web.params import AS_OF_QUERY, MAX_RECORD_ID, one_of

router = APIRouter()
TAG = "督察交办信访件 inspections"

BOARD_CAMPAIGN = Query(
    None,
    ge=1,
    le=MAX_RECORD_ID,
    description="督察编号（分组情况所属的督察；默认最新的督察）",
    examples=[1],
    openapi_examples=example(1),
)
CAMPAIGN = Query(
    None,
    ge=1,
    le=MAX_RECORD_ID,
    description="督察编号（默认全部督察）",
    examples=[1],
    openapi_examples=example(1),
)
BATCH = Query(
    None, ge=1, le=MAX_RECORD_ID, description="批次编号", examples=[3], openapi_examples=example(3)
)
AREA = Query(
    None, description="行政区域代码", examples=["370611"], openapi_examples=example("370611")
)
TYPE = Query(
    None,
    alias="type",
    description="污染类型：水、大气、土壤、生态破坏、噪声、辐射、海洋、固废、其他",
    examples=["大气"],
    openapi_examples=example("大气"),
)
STATUS = Query(
    None,
    description="办理状态：in_progress 正在办理 / stage_closed 阶段性办结 / "
    "closed 已办结 / cancelled 已销号",
    examples=["closed"],
    openapi_examples=example("closed"),
)
CURSOR = Query(
    None,
    description="上一页的 next_cursor",
    examples=["eyJpZCI6MTJ9.1a2b3c4d5e6f7a8b"],
    openapi_examples=example("eyJpZCI6MTJ9.1a2b3c4d5e6f7a8b"),
)
FORMAT = Query(
    "json",
    alias="format",
    description="json 或 csv（9列，UTF-8 带 BOM）",
    examples=["csv"],
    openapi_examples=example("csv"),
)


@router.get(
    "/api/v1/inspections",
    tags=[TAG],
    summary="The inspection board",
    response_model=Board,
    responses=error_responses(404, 422),
)
def api_board(
    request: Request,
    session: DbSession,
    campaign: int | None = BOARD_CAMPAIGN,
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Every campaign's headline (交办, 已办结, 阶段性办结, 未办结, 已销号, 属实率, 不属实率,
    办结率,
    截至), and the chosen campaign's breakdowns by handling unit (fractional shares), pollution
    type (problems), batch, the cumulative curve, overdue cases and feedback problems."""
    board = public_service.board(session, parse_as_of(as_of), campaign)
    return cacheable_json(request, board)


@router.get(
    "/api/v1/inspections/cases",
    tags=[TAG],
    summary="The public case table",
    response_model=CaseList,
    responses={
        **error_responses(400, 404, 422),
        200: {
            "description": "A page of the case table (JSON), or every matching case as CSV with "
            "`format=csv` (the 9 published columns, UTF-8 with BOM, formula-safe).",
            "content": {"text/csv": {"example": "\ufeff序号,受理编号,交办问题基本情况,…"}},
        },
    },
)
def api_cases(
    request: Request,
    settings: SettingsDep,
    session: DbSession,
    campaign: int | None = CAMPAIGN,
    batch: int | None = BATCH,
    area: str | None = AREA,
    pollution_type: str | None = TYPE,
    status: str | None = STATUS,
    cursor: str | None = CURSOR,
    limit: int = Query(
        20, ge=1, le=200, description="每页条数", examples=[20], openapi_examples=example(20)
    ),
    output: str = FORMAT,
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """Cases whose findings are public, in the column order cities publish (序号 | 受理编号 |
    交办问题基本情况 | 行政区域 | 污染类型 | 调查核实情况 | 是否属实 | 处理和整改情况 | 问责情况);
    keyset pages. `format=csv` downloads every matching row in exactly those 9 columns."""
    one_of(output, ("json", "csv"), "format")
    day = parse_as_of(as_of)
    filters = public_service.parse_table_filters(
        session, day, campaign, batch, area, pollution_type, status
    )
    if output == "csv":
        factory = request_sessionmaker(request)

        def rows() -> Iterator[bytes]:
            with session_scope(factory) as own:
                yield from csv_stream(
                    CASE_TABLE_COLUMNS, public_service.csv_rows(own, day, filters)
                )

        name = f"督察交办信访件_{day.isoformat()}.csv"
        headers = attachment(name, f"inspection-cases-{day.isoformat()}.csv")
        return StreamingResponse(rows(), media_type=CSV_MEDIA_TYPE, headers=headers)
    result = public_service.case_table(session, settings.secret_key, day, filters, cursor, limit)
    return cacheable_json(request, result, next_cursor=result.next_cursor)


@router.get(
    "/api/v1/inspections/cases/{case_id}",
    tags=[TAG],
    summary="One public case",
    response_model=CaseDetail,
    responses=error_responses(404, 422),
)
def api_case(
    request: Request,
    session: DbSession,
    case_id: int = Path(
        ge=1,
        le=MAX_RECORD_ID,
        description="信访件记录编号",
        examples=[12],
        openapi_examples=example(12),
    ),
    as_of: str | None = AS_OF_QUERY,
) -> Response:
    """A case's public findings (current public version), its timeline of milestones, the
    enterprises concerned (an enterprise of a case found 不属实 carries the label 经查不属实 and no
    credit consequence) and the penalties it led to; 404 before its findings are public."""
    return cacheable_json(request, public_service.case_detail(session, case_id, parse_as_of(as_of)))
