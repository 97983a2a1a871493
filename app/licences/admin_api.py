"""The admin licence API for the bureau's own systems: the same actions as the workspace pages,
with the same roles, jurisdiction and two-person rule (they call the same services)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.access.actors import actor_authority
from app.kit.errors import NotFound
from app.licences import repository
from app.licences import service as workflow
from app.licences.fields import validate_licence
from app.licences.schemas import LicenceIn, LicenceReturnIn, LicenceVersionOut, RevocationIn
from app.models import LicenceVersion
from app.web.auth import CheckerApi, MakerApi, StaffApi
from app.web.deps import DbSession
from app.web.params import RecordId

router = APIRouter(prefix="/api/v1/admin/licences", tags=["管理接口 admin"])


def _out(session: Session, version: LicenceVersion) -> LicenceVersionOut:
    record = workflow.load_record(session, version.record_id)
    return LicenceVersionOut(
        id=version.id,
        record_id=record.id,
        version=version.version,
        status=version.status.value,
        document_number=record.document_number,
        party_name=version.party_name,
        party_uscc=version.party_uscc,
        review_comment=version.review_comment,
        revocation_proposed=record.revocation_proposed_at is not None and record.revoked_at is None,
        revoked=record.revoked_at is not None,
    )


def _input(session: Session, actor: MakerApi, body: LicenceIn) -> workflow.LicenceInput:
    authority = actor_authority(session, actor)
    return validate_licence(
        body.raw(authority.name, authority.uscc), repository.kind_names(session)
    )


@router.post("", status_code=201, summary="Record a licence as a draft (录入行政许可)")
def create(
    body: LicenceIn, actor: MakerApi, session: DbSession, submit: bool = False
) -> LicenceVersionOut:
    """A new licence of the caller's authority, version 1 as a draft; ``?submit=true`` also
    sends it for review. Errors: 422 with the fields, 409 for a duplicate document number."""
    data = _input(session, actor, body)
    return _out(session, workflow.create_draft(session, actor, data, and_submit=submit))


@router.get("/versions/{version_id}", summary="A licence version")
def read(version_id: RecordId, actor: StaffApi, session: DbSession) -> LicenceVersionOut:
    return _out(session, workflow.load_version(session, actor, version_id))


@router.put("/versions/{version_id}", summary="Edit a draft or returned version (修改)")
def update(
    version_id: RecordId, body: LicenceIn, actor: MakerApi, session: DbSession
) -> LicenceVersionOut:
    data = _input(session, actor, body)
    return _out(session, workflow.update_draft(session, actor, version_id, data))


@router.post("/versions/{version_id}/submit", summary="Submit for review (提交审核)")
def submit(version_id: RecordId, actor: MakerApi, session: DbSession) -> LicenceVersionOut:
    return _out(session, workflow.submit(session, actor, version_id))


@router.post("/versions/{version_id}/approve", summary="Approve and publish (审核通过)")
def approve(version_id: RecordId, actor: CheckerApi, session: DbSession) -> LicenceVersionOut:
    """Reviewers only, never the version's maker or submitter (403 ``two_person_rule``)."""
    return _out(session, workflow.approve(session, actor, version_id))


@router.post("/versions/{version_id}/return", summary="Return to the maker (退回修改)")
def return_to_maker(
    version_id: RecordId, body: LicenceReturnIn, actor: CheckerApi, session: DbSession
) -> LicenceVersionOut:
    return _out(session, workflow.return_to_maker(session, actor, version_id, body.comment))


@router.post(
    "/{record_id}/corrections", status_code=201, summary="Correct a published licence (更正)"
)
def correct(
    record_id: RecordId, body: LicenceIn, actor: MakerApi, session: DbSession, submit: bool = False
) -> LicenceVersionOut:
    """A new draft version with ``change_reason``; reviewed like the first."""
    data = _input(session, actor, body)
    version = workflow.start_correction(session, actor, record_id, data, and_submit=submit)
    return _out(session, version)


@router.post("/{record_id}/revocation", summary="Propose to revoke or cancel (撤销/注销)")
def propose_revocation(
    record_id: RecordId, body: RevocationIn, actor: MakerApi, session: DbSession
) -> LicenceVersionOut:
    workflow.propose_revocation(
        session,
        actor,
        record_id,
        kind=body.kind,
        on=body.revocation_date,
        reason=body.reason,
        document=body.document,
    )
    return _current(session, actor, record_id)


@router.post("/{record_id}/revocation/confirm", summary="Confirm a revocation (确认撤销/注销)")
def confirm_revocation(
    record_id: RecordId, actor: CheckerApi, session: DbSession
) -> LicenceVersionOut:
    """Reviewers only, never the proposer; the licence stays public as 已撤销 / 已注销 from the
    revocation date, and ``licence.revoked`` goes to the feed and the platform."""
    workflow.decide_revocation(session, actor, record_id, confirm=True)
    return _current(session, actor, record_id)


@router.post("/{record_id}/revocation/reject", summary="Reject a proposed revocation")
def reject_revocation(
    record_id: RecordId, actor: CheckerApi, session: DbSession
) -> LicenceVersionOut:
    workflow.decide_revocation(session, actor, record_id, confirm=False)
    return _current(session, actor, record_id)


def _current(session: Session, actor: MakerApi, record_id: int) -> LicenceVersionOut:
    version = repository.current_published(session, record_id)
    if version is None:  # the service found it published; a concurrent correction is rare
        raise NotFound("未找到已公示的行政许可记录")
    return _out(session, version)
