"""Every feature's faces and panels, in one place.

A feature is a package of ``app/`` with the same face files (README, "Layout"): ``pages.py``
(public HTML), ``api.py`` (public JSON), ``admin_pages.py`` (workspace HTML) and ``admin_api.py``
(admin JSON), each with one ``router``; ``panels.py`` lists its workspace home panels in
``PANELS``. A new feature adds its name to ``FEATURES``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from fastapi import APIRouter, FastAPI

from app.config import Settings
from app.web.panels import PanelProvider

# Face modules, in the order their routers are included within a feature.
FACES = ("pages", "api", "admin_pages", "admin_api")
# Features in the order their routers are included (and appear in the OpenAPI document).
FEATURES = (
    "health",
    "home",
    "search",
    "penalties",
    "licences",
    "lists",
    "record",
    "about",
    "accounts",
    "users",
    "audit",
    "workspace",
    "enterprises",
    "penalty_imports",
    "nomination_bars",
    "feed",
    "sync",
    "nomination_checks",
    "calendar",
    "repairs",
    "objections",
    "credit",
    "statistics",
    "atom",
    "nomination_watch",
    "reports",
    "inspections",
    "measures",
)


def _module(feature: str, face: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"app.{feature}.{face}")
    except ModuleNotFoundError as exc:
        if exc.name != f"app.{feature}.{face}":
            raise
        return None


def feature_routers(feature: str) -> list[APIRouter]:
    """The routers of a feature's face files, in ``FACES`` order."""
    routers = []
    for face in FACES:
        module = _module(feature, face)
        if module is not None:
            router: APIRouter = module.router
            routers.append(router)
    return routers


def feature_panels() -> list[PanelProvider]:
    """Every feature's workspace home panels (``panels.PANELS``)."""
    providers: list[PanelProvider] = []
    for feature in FEATURES:
        module = _module(feature, "panels")
        if module is not None:
            providers.extend(module.PANELS)
    return providers


def include_routers(app: FastAPI, settings: Settings) -> None:
    for feature in FEATURES:
        for router in feature_routers(feature):
            app.include_router(router)
    if settings.metrics_enabled and settings.metrics_public:
        from app.health.api import metrics_router

        app.include_router(metrics_router)
    app.state.panels = feature_panels()
