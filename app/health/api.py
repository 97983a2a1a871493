"""Liveness (/healthz), readiness (/readyz) and Prometheus metrics (/metrics)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.kit.migrate import current_revisions, head_revisions
from app.web.deps import EngineDep, MetricsDep, SettingsDep

router = APIRouter(include_in_schema=False)
metrics_router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request, engine: EngineDep, settings: SettingsDep) -> Response:
    """The database answers and its schema is at the migrations' head."""
    engine = engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = current_revisions(engine)
    except Exception as exc:  # any database failure means "not ready", said plainly
        return JSONResponse(
            {"status": "unavailable", "database": "unreachable", "detail": type(exc).__name__},
            status_code=503,
        )
    heads = head_revisions(settings.database_url)
    if current != heads:
        return JSONResponse(
            {
                "status": "unavailable",
                "database": "ok",
                "migrations": {"current": sorted(current), "head": sorted(heads)},
            },
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok", "migrations": sorted(current)})


@metrics_router.get("/metrics")
def metrics(request: Request, metrics: MetricsDep) -> Response:
    data = metrics.render()
    return Response(data, media_type="text/plain; version=0.0.4; charset=utf-8")
