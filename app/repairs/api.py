"""The public JSON API of credit repair: the status of an application
(``POST /api/v1/repairs/status``, the twin of /repairs/status; ``app.cases.web_public``)."""

from __future__ import annotations

from app.cases import service as cases
from app.cases.kinds import REPAIRS
from app.cases.web_public import status_api
from app.repairs.schemas import RepairStatusOut, RepairStatusQuery

router = status_api(
    REPAIRS,
    RepairStatusQuery,
    RepairStatusOut,
    lambda session, found: RepairStatusOut.of(cases.view(session, REPAIRS, found)),
    tag="信用修复 credit repair",
    summary="The status of a credit repair application",
    description="The application with this number, when `uscc` is the applying enterprise's "
    "code (the same 404 whether the number or the code is wrong: a number alone reveals "
    "nothing). Sent as a POST so that the number stays out of URLs and logs.",
)
