"""The admin API of objections (/api/v1/admin/objections): the same list, view, files and
answers as the workspace pages, with the same roles and the same authority rule
(``app.cases.web_api``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.cases.kinds import OBJECTIONS
from app.cases.web_api import Documentation, case_api
from app.models import Objection
from app.objections import service
from app.objections.schemas import ObjectionOut


def _out(session: Session, found: Objection) -> ObjectionOut:
    return ObjectionOut.full(service.officer_view(session, found))


router = case_api(
    OBJECTIONS,
    out=_out,
    out_model=ObjectionOut,
    docs=Documentation(
        list_summary="Objections to published penalties (异议)",
        list_description="The objections to the caller's authority's records (administrators: "
        "all), open first.",
        read_summary="An objection",
    ),
    actions=service.ACTIONS,
)
