"""The officer's home page panel of the account: who is signed in, with which role and where."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.kit.actor import ROLE_LABELS, Actor
from app.web.admin import jurisdiction_label
from app.web.panels import Panel, PanelProvider


def my_account_panel(session: Session, actor: Actor) -> Panel:
    return Panel(
        "我的账户",
        "admin/panels/account.html",
        {
            "role": ROLE_LABELS[actor.role],
            "jurisdiction": jurisdiction_label(actor),
            "username": actor.username,
        },
        order=900,
    )


PANELS: list[PanelProvider] = [my_account_panel]
