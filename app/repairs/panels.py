"""The officers' home page panel of credit repair: open applications of my authority, the overdue
ones flagged (administrators: every authority's)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.kit import clock
from app.kit.actor import Actor, Role
from app.repairs import deadlines, repository
from app.repairs.schemas import target_label
from app.web.panels import Panel, PanelProvider

ROLES = frozenset({Role.clerk, Role.reviewer, Role.admin})


def repair_applications(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in ROLES:
        return None
    today = clock.today()
    open_count, overdue_count = repository.counts(session, actor, today)
    overdue = repository.applications(session, actor, today, overdue_only=True, limit=10)
    rows = [(row, target_label(row), deadlines.steps(session, row, today)) for row in overdue]
    return Panel(
        "信用修复申请",
        "admin/panels/repairs.html",
        {"open": open_count, "overdue": overdue_count, "rows": rows},
        order=40,
    )


PANELS: list[PanelProvider] = [repair_applications]
