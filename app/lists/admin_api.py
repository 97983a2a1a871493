"""The admin list-decision API: propose, approve or reject entries and their removal, with the
same roles, jurisdiction and two-person rule as the pages."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.lists import repository as workflow_repository
from app.lists import service as workflow
from app.lists.schemas import ListDecisionIn, ListDecisionOut, ListReasonIn
from app.models import ListEntry
from app.web.auth import CheckerApi, MakerApi, StaffApi
from app.web.deps import DbSession
from app.web.params import RecordId

router = APIRouter(prefix="/api/v1/admin/list-entries", tags=["管理接口 admin"])


def _out(session: Session, entry: ListEntry) -> ListDecisionOut:
    return ListDecisionOut.of(entry, workflow.cited_records(session, entry.id))


@router.post("", status_code=201, summary="Propose a black- or red-list entry (提议列入)")
def propose(
    body: ListDecisionIn,
    actor: MakerApi,
    session: DbSession,
) -> ListDecisionOut:
    """Takes effect only when a second person approves it."""
    proposal = workflow.Proposal(
        list_type=body.list_type,
        enterprise_id=body.enterprise_id,
        basis=body.basis,
        start_date=body.start_date,
        end_date=body.end_date,
        category=body.category,
        penalty_record_ids=tuple(body.penalty_record_ids),
        legal_basis=body.legal_basis,
        decision_number=body.decision_number,
    )
    return _out(session, workflow.propose(session, actor, proposal))


@router.get("/review-queue", summary="Proposals and removals awaiting my decision")
def review_queue(
    actor: CheckerApi,
    session: DbSession,
) -> list[ListDecisionOut]:
    rows = workflow_repository.awaiting_decision(session, actor)
    rows += workflow_repository.awaiting_removal(session, actor)
    return [_out(session, entry) for entry, _enterprise in rows]


@router.get("/{entry_id}", summary="A list entry")
def read(
    entry_id: RecordId,
    actor: StaffApi,
    session: DbSession,
) -> ListDecisionOut:
    return _out(session, workflow.load_entry(session, actor, entry_id))


@router.post("/{entry_id}/approve", summary="Approve a proposed entry (审核通过)")
def approve(
    entry_id: RecordId,
    actor: CheckerApi,
    session: DbSession,
) -> ListDecisionOut:
    return _out(session, workflow.approve(session, actor, entry_id))


@router.post("/{entry_id}/reject", summary="Reject a proposed entry (不予通过)")
def reject(
    entry_id: RecordId,
    body: ListReasonIn,
    actor: CheckerApi,
    session: DbSession,
) -> ListDecisionOut:
    return _out(session, workflow.reject(session, actor, entry_id, body.comment))


@router.post("/{entry_id}/removal", summary="Propose removing an entry (申请移出)")
def propose_removal(
    entry_id: RecordId,
    body: ListReasonIn,
    actor: MakerApi,
    session: DbSession,
) -> ListDecisionOut:
    return _out(session, workflow.propose_removal(session, actor, entry_id, body.comment))


@router.post("/{entry_id}/removal/approve", summary="Approve a removal (同意移出)")
def approve_removal(
    entry_id: RecordId,
    actor: CheckerApi,
    session: DbSession,
) -> ListDecisionOut:
    return _out(session, workflow.approve_removal(session, actor, entry_id))


@router.post("/{entry_id}/removal/reject", summary="Reject a removal (不予移出)")
def reject_removal(
    entry_id: RecordId,
    body: ListReasonIn,
    actor: CheckerApi,
    session: DbSession,
) -> ListDecisionOut:
    return _out(session, workflow.reject_removal(session, actor, entry_id, body.comment))
