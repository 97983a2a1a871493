"""The officer's home page (GET /admin) is a list of panels that features provide.

A feature's ``panels.py`` lists its providers in ``PANELS``; each returns a ``Panel`` (or None to
show nothing for this actor)::

    def awaiting_my_review(session: Session, actor: Actor) -> Panel | None:
        if actor.role not in CHECKER_ROLES:
            return None
        rows = ...
        return Panel("待我审核", "admin/panels/review_queue.html", {"rows": rows}, order=10)

    PANELS: list[PanelProvider] = [awaiting_my_review]

``app/routers.py`` collects every feature's ``PANELS`` into ``app.state.panels``; the home page
renders them in ``order``. The panel's template is included with ``panel`` in its context
(``panel.context.rows``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


def build_panels(session: Session, actor: Actor, providers: Sequence[PanelProvider]) -> list[Panel]:
    """The panels ``providers`` give this actor, in their order."""
    panels = [p for provider in providers if (p := provider(session, actor)) is not None]
    return sorted(panels, key=lambda p: (p.order, p.title))
