"""What the API says about objections: the objector's status (public, with the objection
number and the contact phone) and the officers' full view (admin API)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.kit import clock
from app.models import Objection, PenaltyRecord
from app.models.objection import OBJECTION_STATUS_LABELS, OBJECTOR_KIND_LABELS
from app.objections import repository
from app.objections.service import deadline
from app.repairs.repository import authority_name


class ObjectionStatusQuery(BaseModel):
    number: str = Field(description="异议编号", examples=["YY20260701ABCDEFGH2K"])
    phone: str = Field(description="提交异议时填写的联系电话", examples=["13800000000"])


class ObjectionReasonIn(BaseModel):
    reason: str = Field(
        description="答复理由: the reasons, shown to the objector (required)",
        examples=["经核查，处罚决定书记载的罚款金额有误，将予更正"],
    )


class ObjectionStatusOut(BaseModel):
    """What the objector sees of its objection."""

    number: str = Field(description="异议编号", examples=["YY20260701ABCDEFGH2K"])
    status: str = Field(
        description="open 异议处理中 / upheld 异议成立 / rejected 异议不成立", examples=["open"]
    )
    status_label: str = Field(description="处理状态", examples=["异议处理中"])
    penalty_record_id: int = Field(description="异议的行政处罚记录编号", examples=[1024])
    decision_number: str = Field(description="行政处罚决定书文号")
    authority_name: str = Field(description="答复机关（作出处罚的机关）")
    submitted_at: dt.datetime = Field(description="提交时间 (UTC)")
    due: dt.date = Field(description="答复期限 (working days, holidays skipped)")
    overdue: bool = Field(description="已逾期未答复")
    decided_at: dt.datetime | None = Field(description="答复时间 (UTC)")
    decision_reason: str | None = Field(description="答复理由")

    @classmethod
    def of(cls, session: Session, found: Objection) -> ObjectionStatusOut:
        limit = deadline(session, found, clock.today())
        record = session.get_one(PenaltyRecord, found.penalty_record_id)
        return cls(
            number=found.number,
            status=found.status.value,
            status_label=OBJECTION_STATUS_LABELS[found.status],
            penalty_record_id=found.penalty_record_id,
            decision_number=record.decision_number,
            authority_name=authority_name(session, found.authority_id),
            submitted_at=found.submitted_at,
            due=limit.due,
            overdue=limit.overdue,
            decided_at=found.decided_at,
            decision_reason=found.decision_reason,
        )


class ObjectionFileOut(BaseModel):
    id: int
    name: str = Field(description="上传时的文件名（仅供显示）")
    kind: str = Field(description="pdf / jpeg / png, recognised from the content")
    size: int = Field(description="bytes")
    sha256: str
    url: str = Field(description="Download (officers only)")


class ObjectionOut(ObjectionStatusOut):
    """The officers' view: who objected, the contact, the reason, the files, the correction."""

    id: int
    record_version: int = Field(description="异议时公示的版本")
    objector_kind: str = Field(description="party 当事人本身 / organisation 其他单位 / person 个人")
    objector_kind_label: str
    objector_name: str
    contact_name: str
    contact_phone: str
    reason: str = Field(description="异议理由")
    correction_url: str = Field(
        description="Where a clerk starts the correction (a new version, reviewed as usual)"
    )
    later_versions: list[int] = Field(description="异议之后的版本号（更正）")
    files: list[ObjectionFileOut]

    @classmethod
    def full(cls, session: Session, found: Objection) -> ObjectionOut:
        base = ObjectionStatusOut.of(session, found).model_dump()
        files = [
            ObjectionFileOut(
                id=f.id,
                name=f.original_name,
                kind=f.kind,
                size=f.size,
                sha256=f.sha256,
                url=f"/api/v1/admin/objections/{found.id}/files/{f.id}",
            )
            for f in repository.files_of(session, found.id)
        ]
        later = repository.later_versions(session, found.penalty_record_id, found.record_version)
        return cls(
            **base,
            id=found.id,
            record_version=found.record_version,
            objector_kind=found.objector_kind.value,
            objector_kind_label=OBJECTOR_KIND_LABELS[found.objector_kind],
            objector_name=found.objector_name,
            contact_name=found.contact_name,
            contact_phone=found.contact_phone,
            reason=found.reason,
            correction_url=f"/api/v1/admin/penalties/{found.penalty_record_id}/corrections",
            later_versions=[number for _id, number, _status in later],
            files=files,
        )
