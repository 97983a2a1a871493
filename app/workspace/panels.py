"""The officer's home page panels (app.web.panels): awaiting my review, returned to me, what I
submitted and my drafts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.access.guards import CHECKER_ROLES, MAKER_ROLES
from app.kit.actor import Actor
from app.lists.forms import LIST_TYPE_LABELS
from app.penalties.forms import STATUS_LABELS
from app.web.panels import Panel, PanelProvider
from app.workspace.service import my_work, review_queue


def awaiting_my_review(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in CHECKER_ROLES:
        return None
    queue = review_queue(session, actor)
    return Panel("待我审核", "admin/panels/awaiting_review.html", {"queue": queue}, order=10)


def returned_to_me(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in MAKER_ROLES:
        return None
    work = my_work(session, actor)
    return Panel(
        "退回给我的",
        "admin/panels/returned.html",
        {"rows": work.returned, "status_labels": STATUS_LABELS},
        order=20,
    )


def what_i_submitted(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in MAKER_ROLES:
        return None
    work = my_work(session, actor)
    return Panel(
        "我提交的（待审核）",
        "admin/panels/submitted.html",
        {"work": work, "status_labels": STATUS_LABELS, "type_labels": LIST_TYPE_LABELS},
        order=30,
    )


PANELS: list[PanelProvider] = [awaiting_my_review, returned_to_me, what_i_submitted]
