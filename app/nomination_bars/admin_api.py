"""The admin API for nomination bars and the persons they concern (ID numbers go in, only their
masked form comes out)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from app.models import EnterprisePerson, NominationBar, PersonRole
from app.nomination_bars import repository as bar_repository
from app.nomination_bars import service as bars
from app.persons.service import PersonInput, record_role
from app.web.auth import CheckerApi, MakerApi, StaffApi
from app.web.deps import DbSession, SettingsDep
from app.web.params import RecordId, required_text

router = APIRouter(prefix="/api/v1/admin", tags=["管理接口 admin"])


class PersonFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", description="姓名")
    id_type: str = Field("身份证", description="证件类型")
    id_number: str = Field("", description="证件号码（只保存摘要和密文）")


class PersonRoleIn(PersonFields):
    role: PersonRole = Field(description="legal_representative / principal / …")
    since: dt.date | None = None
    until: dt.date | None = None


class PersonRoleOut(BaseModel):
    id: int
    enterprise_id: int
    person_id: int
    role: str
    since: dt.date | None
    until: dt.date | None


class BarIn(PersonFields):
    enterprise_id: RecordId | None = Field(None, description="所在单位（区县账号必填）")
    role: PersonRole | None = None
    basis: str = Field("", description="认定依据（必填）")
    start_date: dt.date
    end_date: dt.date


class BarOut(BaseModel):
    id: int
    person_id: int
    person_name: str
    id_masked: str | None = Field(description="证件号码（脱敏）")
    enterprise_id: int | None
    role: str | None
    list_entry_id: int | None
    source: str = Field(description="black_list 因企业列入黑名单 / direct 直接认定")
    basis: str
    start_date: dt.date
    end_date: dt.date
    status: str = Field(description="proposed 待确认 / approved / rejected / revoked")
    proposed_by_id: int | None
    reviewed_by_id: int | None
    review_comment: str | None


class BarRejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = required_text("不予通过的理由（必填）")


def _out(session: Session, bar: NominationBar) -> BarOut:
    _bar, person, _enterprise = bar_repository.bar_row(session, bar)
    return BarOut(
        id=bar.id,
        person_id=person.id,
        person_name=person.name,
        id_masked=person.id_masked,
        enterprise_id=bar.enterprise_id,
        role=bar.role.value if bar.role else None,
        list_entry_id=bar.list_entry_id,
        source=bar.source.value,
        basis=bar.basis,
        start_date=bar.start_date,
        end_date=bar.end_date,
        status=bar.status.value,
        proposed_by_id=bar.proposed_by_id,
        reviewed_by_id=bar.reviewed_by_id,
        review_comment=bar.review_comment,
    )


def _person(body: PersonFields) -> PersonInput:
    return PersonInput(body.name, body.id_type, body.id_number)


@router.post(
    "/enterprises/{enterprise_id}/persons",
    status_code=201,
    summary="Record a person's role at an enterprise (登记人员)",
)
def add_person(
    enterprise_id: RecordId,
    body: PersonRoleIn,
    request: Request,
    settings: SettingsDep,
    actor: MakerApi,
    session: DbSession,
) -> PersonRoleOut:
    link: EnterprisePerson = record_role(
        session,
        settings,
        actor,
        enterprise_id,
        _person(body),
        body.role,
        body.since,
        body.until,
    )
    return PersonRoleOut(
        id=link.id,
        enterprise_id=link.enterprise_id,
        person_id=link.person_id,
        role=link.role.value,
        since=link.since,
        until=link.until,
    )


@router.post("/nomination-bars", status_code=201, summary="Propose a nomination bar (提议)")
def propose(
    body: BarIn,
    request: Request,
    settings: SettingsDep,
    actor: MakerApi,
    session: DbSession,
) -> BarOut:
    bar = bars.propose_direct(
        session,
        settings,
        actor,
        _person(body),
        enterprise_id=body.enterprise_id,
        role=body.role,
        basis=body.basis,
        start=body.start_date,
        end=body.end_date,
    )
    return _out(session, bar)


@router.get("/nomination-bars/review-queue", summary="Bars awaiting my confirmation")
def review_queue(
    actor: CheckerApi,
    session: DbSession,
) -> list[BarOut]:
    return [_out(session, b) for b, _p, _e in bar_repository.awaiting_confirmation(session, actor)]


@router.get("/nomination-bars/{bar_id}", summary="A nomination bar (脱敏)")
def read(
    bar_id: RecordId,
    actor: StaffApi,
    session: DbSession,
) -> BarOut:
    return _out(session, bars.load_bar(session, actor, bar_id))


@router.post("/nomination-bars/{bar_id}/approve", summary="Confirm a bar (确认)")
def approve(
    bar_id: RecordId,
    actor: CheckerApi,
    session: DbSession,
) -> BarOut:
    return _out(session, bars.approve_bar(session, actor, bar_id))


@router.post("/nomination-bars/{bar_id}/reject", summary="Reject a bar (不予确认)")
def reject(
    bar_id: RecordId,
    body: BarRejectIn,
    actor: CheckerApi,
    session: DbSession,
) -> BarOut:
    return _out(session, bars.reject_bar(session, actor, bar_id, body.comment))
