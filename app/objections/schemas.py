"""What the API says about objections: the objector's status (public, with the objection
number and the contact phone) and the officers' full view (admin API). They render the views
of ``app.objections.service``; nothing here reads the database."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.cases.kinds import OBJECTIONS
from app.cases.schemas import CaseFileOut, StatusQuery
from app.models.objection import OBJECTOR_KIND_LABELS
from app.objections.service import ObjectionView, OfficersObjection
from app.web.params import required_text


class ObjectionStatusQuery(StatusQuery):
    number: str = required_text("异议编号", examples=["YY20260701ABCDEFGH2K"])
    phone: str = required_text("提交异议时填写的联系电话", examples=["13800000000"])


class ObjectionStatusOut(BaseModel):
    """What the objector sees of its objection."""

    number: str = required_text("异议编号", examples=["YY20260701ABCDEFGH2K"])
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
    def of(cls, view: ObjectionView | OfficersObjection) -> ObjectionStatusOut:
        found = view.case.case
        return cls(
            number=found.number,
            status=found.status.value,
            status_label=view.case.status_label,
            penalty_record_id=found.penalty_record_id,
            decision_number=view.decision_number,
            authority_name=view.case.authority,
            submitted_at=found.submitted_at,
            due=view.case.current.due,
            overdue=view.case.current.overdue,
            decided_at=found.decided_at,
            decision_reason=found.decision_reason,
        )


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
    files: list[CaseFileOut]

    @classmethod
    def full(cls, view: OfficersObjection) -> ObjectionOut:
        found = view.case.case
        return cls(
            **ObjectionStatusOut.of(view).model_dump(),
            id=found.id,
            record_version=found.record_version,
            objector_kind=found.objector_kind.value,
            objector_kind_label=OBJECTOR_KIND_LABELS[found.objector_kind],
            objector_name=found.objector_name,
            contact_name=found.contact_name,
            contact_phone=found.contact_phone,
            reason=found.reason,
            correction_url=f"/api/v1/admin/penalties/{found.penalty_record_id}/corrections",
            later_versions=view.later_versions,
            files=[CaseFileOut.of(OBJECTIONS, found.id, f) for f in view.case.files],
        )
