"""The officers' home page panel of the credit levels: red-list candidates (绿色等级, no penalty
in the rule set's period), for a clerk or reviewer to propose (a second person approves)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.access.guards import MAKER_ROLES
from app.access.jurisdiction import stored_codes
from app.credit.repository import red_candidates
from app.kit import clock
from app.kit.actor import Actor
from app.kit.regions import division_name
from app.publication.rules import rules_in_force
from app.web.panels import Panel, PanelProvider

SHOWN = 10


def red_list_candidates(session: Session, actor: Actor) -> Panel | None:
    if actor.role not in MAKER_ROLES:
        return None
    day = clock.today()
    rules = rules_in_force(session, day)
    level, months = None, None
    for criterion in rules.red_criteria:
        if criterion.get("kind") == "credit_level":
            level = str(criterion["params"]["level"])
        elif criterion.get("kind") == "no_penalty":
            months = int(criterion["params"]["months"])
    if level is None:
        return None
    districts = stored_codes(actor.districts) if actor.districts else []
    total, rows = red_candidates(session, day, level, months or 0, SHOWN, districts)
    labels = [r.get("label", "") for r in rules.red_criteria]
    candidates = [
        {"row": row, "district": division_name(row.district_code) or row.district_code or ""}
        for row in rows
    ]
    context = {"total": total, "candidates": candidates, "criteria": labels}
    return Panel("红名单候选企业", "admin/panels/red_candidates.html", context, order=40)


PANELS: list[PanelProvider] = [red_list_candidates]
