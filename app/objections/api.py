"""The public side of objections: object to a published penalty (/objections/new?penalty=ID,
linked from its page), the confirmation with the objection number, and the status
(/objections/status, number + contact phone; JSON twin POST /api/v1/objections/status). Rules in
``app.objections.service``."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.objections import service
from app.objections.schemas import ObjectionStatusOut, ObjectionStatusQuery
from app.web.deps import session_dependency
from app.web.openapi import error_responses

router = APIRouter()


@router.post(
    "/api/v1/objections/status",
    tags=["异议 objections"],
    summary="The status of an objection",
    response_model=ObjectionStatusOut,
    responses=error_responses(404, 422),
)
def api_status(
    body: ObjectionStatusQuery, session: Session = Depends(session_dependency)
) -> ObjectionStatusOut:
    """The objection with this number, when `phone` is the contact phone given with it (the
    same 404 whether the number or the phone is wrong). A POST, so that neither appears in
    URLs or logs."""
    found = service.find_for_objector(session, body.number, body.phone)
    return ObjectionStatusOut.of(session, found)
