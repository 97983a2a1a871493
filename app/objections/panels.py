"""The officers' home page panel of objections: open objections to my authority's records, the
overdue ones flagged (administrators: every authority's)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.kit import clock
from app.kit.actor import Actor, Role
from app.objections import repository, service
from app.web.panels import Panel, PanelProvider

ROLES = frozenset({Role.clerk, Role.reviewer, Role.admin})


def objections(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in ROLES:
        return None
    today = clock.today()
    open_count, overdue_count = repository.counts(session, actor, today)
    overdue = repository.objections(session, actor, today, overdue_only=True, limit=10)
    rows = [(row, service.deadline(session, row, today)) for row in overdue]
    return Panel(
        "异议",
        "admin/panels/objections.html",
        {"open": open_count, "overdue": overdue_count, "rows": rows},
        order=41,
    )


PANELS: list[PanelProvider] = [objections]
