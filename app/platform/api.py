"""The platform's HTTP face: receive pushes, show what it holds (JSON and a small page)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from app.kit import clock
from app.kit.db import session_scope
from app.platform import service
from app.platform.verify import SignatureRefused, verify

router = APIRouter()


def db(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.sessionmaker) as session:
        yield session


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


@router.post("/api/v1/records", summary="接收门户推送的一个事件（Standard Webhooks 签名）")
async def receive(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    body = await request.body()
    try:
        event_id = verify(
            request.app.state.secrets,
            request.headers,
            body,
            int(time.time()),
            settings.tolerance_seconds,
        )
    except SignatureRefused as refused:
        return _error(401, refused.reason)
    try:
        event = service.parse_event(service.parse_body(body))
    except service.BadEvent as exc:
        return _error(400, str(exc))
    if event.event_id != event_id:
        return _error(400, "webhook-id 与事件 id 不一致")
    outcome = await request.app.state.apply(event, "push")
    return JSONResponse({"status": outcome, "event_id": event_id})


@router.get("/api/v1/records", summary="平台持有的记录（按统一社会信用代码筛选），附计数")
def held_records(
    session: Annotated[Session, Depends(db)],
    uscc: str | None = None,
    record_type: str | None = None,
    state: Annotated[str | None, Query(pattern="^(active|withdrawn)$")] = None,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    rows = service.records(
        session, uscc=uscc, record_type=record_type, state=state, after_id=after, limit=limit
    )
    return {
        "counts": service.counts(session, uscc),
        "items": [
            {
                "record_type": r.record_type,
                "record_id": r.record_id,
                "state": r.state,
                "sequence": r.sequence,
                "record_version": r.record_version,
                "event_id": r.event_id,
                "kind": r.kind,
                "uscc": r.uscc,
                "name": r.name,
                "content_hash": r.content_hash,
                "updated_at": r.updated_at.isoformat(),
                "data": r.data,
            }
            for r in rows
        ],
        "next_after": rows[-1].id if len(rows) == limit else None,
    }


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(
    request: Request, session: Annotated[Session, Depends(db)], uscc: str = ""
) -> HTMLResponse:
    uscc = uscc.strip().upper()
    rows = service.records(
        session, uscc=uscc or None, record_type=None, state=None, after_id=0, limit=200
    )
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        "platform/index.html",
        {
            "page_title": "市公共信用信息平台（模拟）",
            "counts": service.counts(session, uscc or None),
            "rows": rows,
            "uscc": uscc,
            "cursor": service.get_value(session, "pull_cursor"),
            "now": clock.now(),
        },
    )
    return response
