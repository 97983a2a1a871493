"""The officer's home page (GET /admin) is a list of panels that features provide.

A feature registers a provider; it returns a ``Panel`` (or None to show nothing for this actor)::

    from app.web.panels import Panel, dashboard_panel

    @dashboard_panel
    def awaiting_my_review(session: Session, actor: Actor) -> Panel | None:
        if actor.role not in (Role.reviewer, Role.admin):
            return None
        rows = ...
        return Panel("待我审核", "admin/panels/review_queue.html", {"rows": rows}, order=10)

The panel's template is included with ``panel`` in its context (``panel.context.rows``).
Providers are registered when their module is imported (``app/routers.py`` imports every feature).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.kit.actor import Actor


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100  # smaller first


PanelProvider = Callable[[Session, Actor], Panel | None]

_providers: dict[str, PanelProvider] = {}


def dashboard_panel(provider: PanelProvider) -> PanelProvider:
    """Register a panel provider (idempotent: a re-imported module does not add it twice)."""
    _providers[f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def build_panels(session: Session, actor: Actor) -> list[Panel]:
    panels = [p for provider in _providers.values() if (p := provider(session, actor)) is not None]
    return sorted(panels, key=lambda p: (p.order, p.title))
