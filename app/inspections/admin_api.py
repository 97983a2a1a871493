"""The admin API of the case ledger for the units' own systems: record findings, submit, and the
office's review, with the same scope (another unit's case: 404) and two-person rule as the
pages (they call the same services)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.inspections import findings
from app.inspections.fields import parse_finding
from app.inspections.schemas import CommentIn, FindingIn, FindingOut
from app.kit.actor import Actor
from app.models import InspectionFinding
from app.models.inspection_finding import TRUTH_LABELS
from app.web.auth import CheckerApi, MakerApi, StaffApi
from app.web.deps import DbSession
from app.web.params import RecordId

router = APIRouter(prefix="/api/v1/admin/inspections", tags=["管理接口 admin"])


def _out(session: Session, actor: Actor, finding: InspectionFinding) -> FindingOut:
    return FindingOut(
        finding_id=finding.id,
        case_id=finding.case_id,
        version=finding.version,
        status=finding.status.value,
        investigation=finding.investigation,
        truth=TRUTH_LABELS[finding.truth],
        handling=finding.handling,
        accountability=finding.accountability,
        review_comment=finding.review_comment,
        allowed_actions=sorted(findings.allowed_actions(session, actor, finding)),
    )


@router.post(
    "/cases/{case_id}/findings", status_code=201, summary="Record findings (录入调查处理情况)"
)
def record(
    case_id: RecordId, body: FindingIn, actor: MakerApi, session: DbSession, submit: bool = False
) -> FindingOut:
    """A new findings version of a case of the caller's unit (a correction of public findings
    needs `change_reason`); `?submit=true` also sends it for review. 404 for another unit's case."""
    data = parse_finding(body.raw())
    return _out(
        session, actor, findings.record_findings(session, actor, case_id, data, and_submit=submit)
    )


@router.get("/findings/{finding_id}", summary="A findings version")
def read(finding_id: RecordId, actor: StaffApi, session: DbSession) -> FindingOut:
    return _out(session, actor, findings.load_finding(session, actor, finding_id))


@router.post("/findings/{finding_id}/submit", summary="Submit for review (报送审核)")
def submit(finding_id: RecordId, actor: MakerApi, session: DbSession) -> FindingOut:
    return _out(session, actor, findings.submit(session, actor, finding_id))


@router.post("/findings/{finding_id}/approve", summary="Approve (审核通过; never one's own)")
def approve(finding_id: RecordId, actor: CheckerApi, session: DbSession) -> FindingOut:
    """The office's reviewers only; `403 two_person_rule` for one's own."""
    return _out(session, actor, findings.approve(session, actor, finding_id))


@router.post("/findings/{finding_id}/return", summary="Return to the maker (退回修改)")
def return_(
    finding_id: RecordId, body: CommentIn, actor: CheckerApi, session: DbSession
) -> FindingOut:
    return _out(session, actor, findings.return_to_maker(session, actor, finding_id, body.comment))
