"""The workspace pages of credit repair (/admin/repairs): the list with overdue flags, an
application with its files, and the deciding authority's accept / approve / reject, as every
case has them (``app.cases.web_workspace``). Rules in ``app.repairs.service``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.cases.kinds import REPAIRS
from app.cases.service import OfficerView
from app.cases.web_workspace import case_pages
from app.feed.publications import delivery_state
from app.kit.actor import Actor
from app.models import RepairApplication, RepairStatus
from app.models.repair import REPAIR_TARGET_LABELS
from app.repairs import service
from app.repairs.targets import label_of


def _detail(session: Session, actor: Actor, view: OfficerView[RepairApplication]) -> dict[str, Any]:
    found = view.case
    return {
        "label": label_of(found),
        "target_type_label": REPAIR_TARGET_LABELS[found.target_type],
        "actions": service.allowed_actions(actor, found),
        "rejection": service.rejection_label(found),
        "platform_state": (
            delivery_state(session, *target_key(found))
            if found.status == RepairStatus.approved
            else None
        ),
    }


def target_key(found: RepairApplication) -> tuple[str, int]:
    if found.penalty_record_id is not None:
        return "penalty", found.penalty_record_id
    return "list_entry", int(found.list_entry_id or 0)


router = case_pages(
    REPAIRS, describe=service.subjects, detail_context=_detail, actions=service.ACTIONS
)
