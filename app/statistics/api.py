"""``/api/v1/statistics``: the statistics page's JSON twin, and each table as CSV."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_bytes
from app.statistics import links
from app.statistics.filters import StatFilters
from app.statistics.schemas import FiltersOut, StatisticOut, StatisticsOut, statistic_out
from app.statistics.service import CAVEATS, read_filters, report, statistic_key
from app.statistics.tables import csv_rows
from app.web.deps import session_dependency
from app.web.http import cacheable, cacheable_json
from app.web.openapi import error_responses, example
from app.web.params import AS_OF_QUERY

router = APIRouter(tags=["统计 statistics"])

DISTRICT = Query(
    None,
    description="区县: 6-digit division code of Yantai. 行政区划代码",
    examples=["370611"],
    openapi_examples=example("370611"),
)
INDUSTRY = Query(
    None,
    description="所属行业: exact industry name of the registry. 行业",
    examples=["化学原料和化学制品制造业"],
    openapi_examples=example("化学原料和化学制品制造业"),
)
DATE_FROM = Query(
    None,
    alias="from",
    description="Period start (YYYY-MM-DD): penalties decided, list entries and repair "
    "applications made on or after it. 统计期起",
    examples=["2026-01-01"],
    openapi_examples=example("2026-01-01"),
)
DATE_TO = Query(
    None,
    alias="to",
    description="Period end (YYYY-MM-DD); the list and level figures are taken on this day. "
    "统计期止",
    examples=["2026-06-30"],
    openapi_examples=example("2026-06-30"),
)
MEASURE = Query(
    None,
    description="What the penalty charts draw: `count` (default) or `fine` (万元). 图表指标",
    examples=["fine"],
    openapi_examples=example("fine"),
)
KEY = Path(
    description="The statistic, e.g. `penalties_by_district` (the page's anchors). 统计名称",
    examples=["penalties_by_district"],
    openapi_examples=example("penalties_by_district"),
)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _filters(
    request: Request,
    session: Session,
    district: str | None,
    industry: str | None,
    date_from: str | None,
    date_to: str | None,
    as_of: str | None,
    measure: str | None,
) -> StatFilters:
    return read_filters(
        session,
        _settings(request),
        district=district,
        industry=industry,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        measure=measure,
    )


def _out(filters: StatFilters) -> FiltersOut:
    return FiltersOut(
        district=filters.district,
        industry=filters.industry,
        date_from=filters.date_from,
        date_to=filters.date_to,
        measure=filters.measure,
    )


@router.get(
    "/api/v1/statistics",
    summary="Every statistic of the statistics page",
    response_model=StatisticsOut,
    responses=error_responses(422),
)
def api_statistics(
    request: Request,
    district: str | None = DISTRICT,
    industry: str | None = INDUSTRY,
    date_from: str | None = DATE_FROM,
    date_to: str | None = DATE_TO,
    measure: str | None = MEASURE,
    as_of: str | None = AS_OF_QUERY,
    session: Session = Depends(session_dependency),
) -> Response:
    """Public penalties by district, violation type, industry, month and year (counts and fines
    in 万元), black- and red-list entries in force and added per year, credit levels and their
    change over a year, credit repair outcomes: the tables of `/statistics`, computed from what
    is public on `as_of` (default today) with the same rule as every public page. 统计数据"""
    filters = _filters(request, session, district, industry, date_from, date_to, as_of, measure)
    result = report(session, _settings(request), filters)
    body = StatisticsOut(
        as_of=filters.day,
        filters=_out(filters),
        caveats=list(CAVEATS),
        statistics=[statistic_out(t, links.csv_url(filters, t.key)) for t in result.tables],
    )
    return cacheable_json(request, body)


@router.get(
    "/api/v1/statistics/{key}",
    summary="One statistic, as JSON or CSV",
    response_model=StatisticOut,
    responses={
        **error_responses(404, 422),
        200: {
            "description": "The statistic's table (JSON), or with `format=csv` a CSV download "
            "(UTF-8 with BOM, Chinese headers).",
            "content": {"text/csv": {"example": "\ufeff区县,行政区划代码,处罚数量（件）,…"}},
        },
    },
)
def api_statistic(
    request: Request,
    key: str = KEY,
    district: str | None = DISTRICT,
    industry: str | None = INDUSTRY,
    date_from: str | None = DATE_FROM,
    date_to: str | None = DATE_TO,
    measure: str | None = MEASURE,
    answer_format: Literal["json", "csv"] = Query(
        "json",
        alias="format",
        description="`json` or `csv` (a download for Excel). 格式",
        examples=["csv"],
        openapi_examples=example("csv"),
    ),
    as_of: str | None = AS_OF_QUERY,
    session: Session = Depends(session_dependency),
) -> Response:
    """One table of `/statistics` (its anchor names it), with the same filters. 单项统计"""
    statistic_key(key)
    filters = _filters(request, session, district, industry, date_from, date_to, as_of, measure)
    table = report(session, _settings(request), filters).table(key)
    if answer_format == "csv":
        body = csv_bytes([c.label for c in table.columns], csv_rows(table))
        day = filters.day.isoformat()
        headers = attachment(f"{table.title}-{day}.csv", f"{key}-{day}.csv")
        return cacheable(request, body, media_type=CSV_MEDIA_TYPE, headers=headers)
    return cacheable_json(request, statistic_out(table, links.csv_url(filters, key)))
