"""Every feature's router, in one place. A feature adds its line here."""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings


def include_routers(app: FastAPI, settings: Settings) -> None:
    from app.health import endpoints as health
    from app.home import endpoints as home

    app.include_router(health.router)
    if settings.metrics_enabled and settings.metrics_public:
        app.include_router(health.metrics_router)
    app.include_router(home.router)
