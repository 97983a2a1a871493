"""The admin API of credit repair (/api/v1/admin/repairs): the same list, view, files and
decisions as the workspace pages, with the same roles and the same authority rule
(``app.cases.web_api``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.cases import service as cases
from app.cases.kinds import REPAIRS
from app.cases.web_api import Documentation, case_api
from app.models import RepairApplication
from app.repairs import service
from app.repairs.schemas import RepairOut


def _out(session: Session, found: RepairApplication) -> RepairOut:
    return RepairOut.full(cases.officer_view(session, REPAIRS, found))


router = case_api(
    REPAIRS,
    out=_out,
    out_model=RepairOut,
    docs=Documentation(
        list_summary="Credit repair applications (信用修复申请)",
        list_description="The applications of the caller's authority (administrators: all), "
        "open ones first.",
        read_summary="A credit repair application",
    ),
    actions=service.ACTIONS,
)
