"""The workspace pages of objections (/admin/objections): the list with overdue flags, an
objection with its files and the record's correction, and the answering authority's uphold /
reject, as every case has them (``app.cases.web_workspace``). Rules in
``app.objections.service``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.cases.kinds import OBJECTIONS
from app.cases.service import OfficerView
from app.cases.web_workspace import case_pages
from app.kit.actor import Actor
from app.models import Objection
from app.models.objection import OBJECTOR_KIND_LABELS
from app.objections import repository, service
from app.penalties.forms import STATUS_LABELS


def _detail(session: Session, actor: Actor, view: OfficerView[Objection]) -> dict[str, Any]:
    found = view.case
    numbers = repository.decision_numbers(session, [found.penalty_record_id])
    return {
        "decision_number": numbers.get(found.penalty_record_id, ""),
        "kind_label": OBJECTOR_KIND_LABELS[found.objector_kind],
        "correction": service.correction(session, actor, found),
        "version_labels": STATUS_LABELS,
        "actions": service.allowed_actions(actor, found),
    }


router = case_pages(
    OBJECTIONS, describe=service.subjects, detail_context=_detail, actions=service.ACTIONS
)
