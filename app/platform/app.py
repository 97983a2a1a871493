"""The mock platform's app factory: its own settings, database, templates and misbehaviour."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.kit import clock
from app.kit.webhooks import split_secrets
from app.platform import service
from app.platform.api import router
from app.platform.chaos import ChaosMiddleware
from app.platform.config import PlatformSettings
from app.platform.models import PlatformBase
from app.web.security_headers import SecurityHeadersMiddleware
from app.web.templating import make_templates


def make_platform_engine(url: str) -> Engine:
    """The platform's engine. On SQLite, transactions start with BEGIN IMMEDIATE (one writer)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_platform_app(settings: PlatformSettings | None = None) -> FastAPI:
    settings = settings or PlatformSettings()
    engine = make_platform_engine(settings.database_url)
    PlatformBase.metadata.create_all(engine)  # its own database: see app/platform/models.py
    factory: sessionmaker[Session] = sessionmaker(bind=engine, expire_on_commit=False)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="市公共信用信息平台（模拟）",
        description="A stand-in for the municipal public credit information platform: it "
        "receives the portal's signed pushes and pulls its change feed.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = factory
    app.state.secrets = split_secrets(settings.webhook_secrets)
    app.state.templates = make_templates("市公共信用信息平台（模拟）")

    def apply_sync(evt: service.Event, via: str) -> str:
        with engine.begin() as connection:  # Core, no ORM session: this is the hot path
            return service.apply_event(connection, evt, via, clock.now())

    async def apply(evt: service.Event, via: str) -> str:
        return await run_in_threadpool(apply_sync, evt, via)

    app.state.apply = apply
    app.include_router(router)
    if settings.misbehaves:
        rng = random.Random(settings.seed)  # noqa: S311 - dice for misbehaviour
        app.add_middleware(ChaosMiddleware, settings=settings, rng=rng)
    app.add_middleware(SecurityHeadersMiddleware, docs_path=app.docs_url)
    return app


def platform_app_from_env() -> FastAPI:
    """Entry point for uvicorn's ``--factory`` (``ecocredit platform serve``)."""
    return create_platform_app()
