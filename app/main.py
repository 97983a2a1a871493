"""The app factory: settings in, a ready FastAPI app out. Nothing is built at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import Settings, get_settings
from app.kit.db import make_engine, make_sessionmaker
from app.kit.logging import configure_logging
from app.kit.metrics import Metrics
from app.routers import include_routers
from app.web.auth import install_auth_handlers
from app.web.errors import install_error_handlers
from app.web.middleware import RequestContextMiddleware
from app.web.openapi import install_docs_page, install_document
from app.web.params import refuse_nul_characters
from app.web.security_headers import SecurityHeadersMiddleware
from app.web.templating import make_templates

STATIC_DIR = Path(__file__).resolve().parent / "static"

API_DESCRIPTION = """
环境信用公示平台的公开数据接口：企业环境信用记录、行政处罚（双公示）、红名单（守信激励）与黑名单（失信惩戒）。

The public JSON API of the environmental credit portal. Every public page has a JSON twin here.
Errors always have one shape:
`{"error": {"status", "code", "message", "fields", "request_id"}}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    engine = make_engine(settings.database_url)

    metrics = Metrics() if settings.metrics_enabled else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if metrics is not None and not settings.metrics_public and settings.metrics_port:
            metrics.serve_separately(settings.host, settings.metrics_port)
        if settings.environment != "test":
            # The ~200,000 objects of a started app (modules, routes, models, templates) live
            # as long as the process: out of the cyclic collector's sight, a full collection no
            # longer walks them (otherwise a pause of up to 100 ms every few hundred requests).
            # Not in tests, which start many apps in one process.
            gc.collect()
            gc.freeze()
        yield
        engine.dispose()

    app = FastAPI(
        title=settings.site_name,
        description=API_DESCRIPTION,
        version="1.0",
        lifespan=lifespan,
        docs_url=None,  # install_docs_page: Swagger UI from the project
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        dependencies=[Depends(refuse_nul_characters)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.read_sessionmaker = make_sessionmaker(engine, read_only=True)
    app.state.templates = make_templates(settings.site_name)
    app.state.metrics = metrics

    install_error_handlers(app)
    install_auth_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_docs_page(app, "/api/v1/openapi.json", settings.site_name)
    include_routers(app, settings)
    install_document(app)
    app.add_middleware(
        RequestContextMiddleware, metrics=metrics, max_body_bytes=settings.max_body_bytes
    )
    # Outermost: also the answers the request plumbing writes itself (413) carry the headers.
    app.add_middleware(
        SecurityHeadersMiddleware, docs_path="/api/docs", hsts_seconds=settings.hsts_max_age
    )
    return app


def app_from_env() -> FastAPI:
    """Entry point for uvicorn's ``--factory`` (used by ``ecocredit serve``)."""
    return create_app()
