"""The case ledger's panels on the officers' home: the deadlines of the cases an account works
(due today, overdue, due within 2 days) and, for the office's reviewers, findings to review."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.inspections import workspace
from app.kit.actor import Actor, Role
from app.web.panels import Panel, PanelProvider


def inspection_deadlines(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in (Role.clerk, Role.reviewer):
        return None
    found = workspace.deadlines(session, actor)
    if not any(found.values()):
        return None
    return Panel(
        "督察信访件期限", "admin/panels/inspection_deadlines.html", {"groups": found}, order=15
    )


def inspection_review(session: Session, actor: Actor) -> Panel | None:
    queue = workspace.review_queue(session, actor) if actor.role == Role.reviewer else []
    if not queue:
        return None
    return Panel(
        "待审核的调查处理情况", "admin/panels/inspection_review.html", {"queue": queue}, order=12
    )


PANELS: list[PanelProvider] = [inspection_deadlines, inspection_review]
