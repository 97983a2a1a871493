"""The public JSON API of objections: the status of an objection
(``POST /api/v1/objections/status``, the twin of /objections/status; ``app.cases.web_public``)."""

from __future__ import annotations

from app.cases.kinds import OBJECTIONS
from app.cases.web_public import status_api
from app.objections import service
from app.objections.schemas import ObjectionStatusOut, ObjectionStatusQuery

router = status_api(
    OBJECTIONS,
    ObjectionStatusQuery,
    ObjectionStatusOut,
    lambda session, found: ObjectionStatusOut.of(service.public_view(session, found)),
    tag="异议 objections",
    summary="The status of an objection",
    description="The objection with this number, when `phone` is the contact phone given with "
    "it (the same 404 whether the number or the phone is wrong). A POST, so that neither "
    "appears in URLs or logs.",
)
