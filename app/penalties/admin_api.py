"""The admin penalty API for the bureau's own systems: the same actions as the pages, with the
same roles, jurisdiction and two-person rule (they call the same services)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from app.access.actors import actor_authority
from app.models import PenaltyVersion
from app.penalties import corrections
from app.penalties import repository as workflow_repository
from app.penalties import service as workflow
from app.penalties.fields import PenaltyInput, validate_penalty
from app.penalties.schemas import PenaltyIn, PenaltyVersionOut, ReturnIn
from app.web.auth import CheckerApi, MakerApi, StaffApi
from app.web.deps import DbSession, SettingsDep
from app.web.params import RecordId

router = APIRouter(prefix="/api/v1/admin/penalties", tags=["管理接口 admin"])


def _out(
    session: Session, version: PenaltyVersion, data: PenaltyInput | None = None
) -> PenaltyVersionOut:
    """The version's answer; after a save, with the text fields in which ID or mobile numbers
    were masked (``masked_fields``), so that the caller is told."""
    record = workflow.load_record(session, version.record_id)
    return PenaltyVersionOut.of(version, record, data.masked_fields if data else None)


@router.post("", status_code=201, summary="Record a penalty as a draft (录入，草稿)")
def create(
    body: PenaltyIn,
    settings: SettingsDep,
    actor: MakerApi,
    session: DbSession,
    submit: bool = False,
) -> PenaltyVersionOut:
    """A new penalty of the caller's authority, version 1 as a draft; ``?submit=true`` also
    sends it for review. Errors: 422 with the fields, 409 for a duplicate decision number."""
    authority = actor_authority(session, actor)
    data = validate_penalty(body.raw(authority.name, authority.uscc), settings)
    return _out(session, workflow.create_draft(session, actor, data, and_submit=submit), data)


@router.get("/versions/{version_id}", summary="A penalty version (脱敏)")
def read(
    version_id: RecordId,
    actor: StaffApi,
    session: DbSession,
) -> PenaltyVersionOut:
    return _out(session, workflow.load_version(session, actor, version_id))


@router.put("/versions/{version_id}", summary="Edit a draft or returned version (修改)")
def update(
    version_id: RecordId,
    body: PenaltyIn,
    settings: SettingsDep,
    actor: MakerApi,
    session: DbSession,
) -> PenaltyVersionOut:
    """ID numbers left empty keep the stored ones."""
    version = workflow.load_version(session, actor, version_id)
    authority = actor_authority(session, actor)
    data = validate_penalty(
        body.raw(authority.name, authority.uscc),
        settings,
        existing_party_id=version.party_id_hash is not None,
        existing_legal_rep_id=version.legal_rep_id_hash is not None,
    )
    return _out(session, workflow.update_draft(session, actor, version.id, data), data)


@router.post("/versions/{version_id}/submit", summary="Submit for review (提交审核)")
def submit(
    version_id: RecordId,
    actor: MakerApi,
    session: DbSession,
) -> PenaltyVersionOut:
    return _out(session, workflow.submit(session, actor, version_id))


@router.post("/versions/{version_id}/approve", summary="Approve and publish (审核通过)")
def approve(
    version_id: RecordId,
    actor: CheckerApi,
    session: DbSession,
) -> PenaltyVersionOut:
    """Reviewers only, never the version's maker or submitter (403 ``two_person_rule``)."""
    return _out(session, workflow.approve(session, actor, version_id))


@router.post("/versions/{version_id}/return", summary="Return to the maker (退回修改)")
def return_to_maker(
    version_id: RecordId,
    body: ReturnIn,
    actor: CheckerApi,
    session: DbSession,
) -> PenaltyVersionOut:
    return _out(session, workflow.return_to_maker(session, actor, version_id, body.comment))


@router.post(
    "/{record_id}/corrections", status_code=201, summary="Correct a published penalty (更正)"
)
def correct(
    record_id: RecordId,
    body: PenaltyIn,
    settings: SettingsDep,
    actor: MakerApi,
    session: DbSession,
    submit: bool = False,
) -> PenaltyVersionOut:
    """A new draft version with ``change_reason``; reviewed like the first."""
    _record, current = corrections.correction_base(session, actor, record_id)
    authority = actor_authority(session, actor)
    data = validate_penalty(
        body.raw(authority.name, authority.uscc),
        settings,
        existing_party_id=current.party_id_hash is not None,
        existing_legal_rep_id=current.legal_rep_id_hash is not None,
    )
    version = corrections.start_correction(session, actor, record_id, data, and_submit=submit)
    return _out(session, version, data)


@router.get("/review-queue", summary="Penalties awaiting my review (待我审核)")
def review_queue(
    actor: CheckerApi,
    session: DbSession,
) -> list[PenaltyVersionOut]:
    rows = workflow_repository.awaiting_review(session, actor)
    return [PenaltyVersionOut.of(v, r) for v, r in rows]
