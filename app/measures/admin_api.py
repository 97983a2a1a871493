"""The joint-measures API: departments (role ``department``, token scope ``measures:report``)
read the list entries whose measures concern them and report back; officers read the overview
of every department's feedback. Another department's measure is 404."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends

from app.kit.actor import Actor, Role
from app.measures import service
from app.measures.schemas import EntryMeasuresOut, FeedbackIn, FeedbackOut
from app.web.auth import StaffApi, require_api_actor
from app.web.deps import DbSession
from app.web.params import RecordId

router = APIRouter(prefix="/api/v1/admin/measures", tags=["联合奖惩 joint measures"])
REPORT_SCOPE = "measures:report"
DepartmentApi = Depends(require_api_actor(Role.department, scope=REPORT_SCOPE))


def _out(rows: list[service.EntryMeasures]) -> list[EntryMeasuresOut]:
    return [EntryMeasuresOut.model_validate(asdict(row)) for row in rows]


@router.get("/entries", summary="Entries whose measures concern my department (本部门措施)")
def department_entries(session: DbSession, actor: Actor = DepartmentApi) -> list[EntryMeasuresOut]:
    """The list entries in force whose joint measures my department implements, each measure
    with its feedback deadline and the feedback reported so far (overdue when none by then)."""
    return _out(service.department_entries(session, actor))


@router.post(
    "/entries/{entry_id}/measures/{measure_id}/feedback",
    status_code=201,
    summary="Report what my department applied (措施反馈)",
)
def report_feedback(
    entry_id: RecordId,
    measure_id: RecordId,
    body: FeedbackIn,
    session: DbSession,
    actor: Actor = DepartmentApi,
) -> FeedbackOut:
    """``applied`` (to whom, when, the document number) or ``not_applied`` (why). A measure of
    another department, or not triggered by this entry: 404."""
    feedback = service.report_feedback(
        session,
        actor,
        entry_id,
        measure_id,
        outcome=body.outcome,
        applied_to=body.applied_to,
        applied_on=body.applied_on,
        document_number=body.document_number,
        reason=body.reason,
    )
    return FeedbackOut(
        id=feedback.id,
        entry_id=feedback.list_entry_id,
        measure_id=feedback.measure_id,
        outcome=feedback.outcome.value,
        reported_at=feedback.reported_at,
    )


@router.get("/overview", summary="Feedback of every department per entry (反馈情况)")
def overview(session: DbSession, actor: StaffApi) -> list[EntryMeasuresOut]:
    """Per list entry in force: each department's measure, reported or overdue."""
    return _out(service.workspace_overview(session))
