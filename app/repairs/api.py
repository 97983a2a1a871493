"""The public side of credit repair: apply (/repairs/new), the confirmation with the application
number, and the status (/repairs/status, number + USCC; JSON twin POST /api/v1/repairs/status).
Rules in ``app.repairs.service``."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.repairs import service
from app.repairs.schemas import RepairStatusOut, RepairStatusQuery
from app.web.deps import session_dependency
from app.web.openapi import error_responses

router = APIRouter()


@router.post(
    "/api/v1/repairs/status",
    tags=["信用修复 credit repair"],
    summary="The status of a credit repair application",
    response_model=RepairStatusOut,
    responses=error_responses(404, 422),
)
def api_status(
    body: RepairStatusQuery, session: Session = Depends(session_dependency)
) -> RepairStatusOut:
    """The application with this number, when `uscc` is the applying enterprise's code (the
    same 404 whether the number or the code is wrong: a number alone reveals nothing). Sent as
    a POST so that the number stays out of URLs and logs."""
    found = service.find_for_applicant(session, body.number, body.uscc)
    return RepairStatusOut.of(session, found)
