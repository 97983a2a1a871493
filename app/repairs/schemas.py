"""What the API says about credit repair applications: the applicant's status (public, with the
application number and the enterprise's USCC) and the officers' full view (admin API). They
render the views of ``app.cases.service``; nothing here reads the database."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.cases.kinds import REPAIRS
from app.cases.schemas import CaseFileOut, StatusQuery, StepOut
from app.cases.service import CaseView, OfficerView
from app.models import RepairApplication
from app.models.repair import REPAIR_TARGET_LABELS
from app.repairs.service import publication_ended_on
from app.repairs.targets import label_of
from app.web.params import required_text


class RepairStatusQuery(StatusQuery):
    number: str = required_text(
        "申请编号 (the application number)", examples=["XF20260701ABCDEFGH2K"]
    )
    uscc: str = Field(
        description="统一社会信用代码 of the applying enterprise", examples=["91370611MA3C00003F"]
    )


class RepairStatusOut(BaseModel):
    """What the applicant sees of its application."""

    number: str = Field(description="申请编号", examples=["XF20260701ABCDEFGH2K"])
    status: str = Field(
        description="submitted 待受理 / accepted 审查中 / approved 准予修复 / rejected 不予修复",
        examples=["accepted"],
    )
    status_label: str = Field(description="办理状态", examples=["已受理，审查中"])
    target_type: str = Field(
        description="penalty 行政处罚 / list_entry 黑名单", examples=["penalty"]
    )
    target_type_label: str = Field(description="修复对象类别", examples=["行政处罚信息"])
    target_label: str = Field(
        description="修复对象", examples=["行政处罚决定书 烟环罚〔2026〕第123号"]
    )
    party_name: str = Field(description="申请企业", examples=["烟台某某化工有限公司"])
    uscc: str = Field(description="统一社会信用代码", examples=["91370611MA3C00003F"])
    authority_name: str = Field(description="办理机关（作出认定的机关）")
    submitted_at: dt.datetime = Field(description="提交时间 (UTC)")
    steps: list[StepOut] = Field(description="办理环节与期限")
    decided_at: dt.datetime | None = Field(description="决定时间 (UTC)")
    decision_reason: str | None = Field(description="决定理由")
    publication_ended_on: dt.date | None = Field(
        description="停止公示日期 (approved applications): the record is no longer public "
        "nor shared from this day"
    )

    @classmethod
    def of(cls, view: CaseView[RepairApplication]) -> RepairStatusOut:
        found = view.case
        return cls(
            number=found.number,
            status=found.status.value,
            status_label=view.status_label,
            target_type=found.target_type.value,
            target_type_label=REPAIR_TARGET_LABELS[found.target_type],
            target_label=label_of(found),
            party_name=found.party_name,
            uscc=found.uscc,
            authority_name=view.authority,
            submitted_at=found.submitted_at,
            steps=[StepOut.of(s) for s in view.steps],
            decided_at=found.decided_at,
            decision_reason=found.decision_reason,
            publication_ended_on=publication_ended_on(found),
        )


class RepairOut(RepairStatusOut):
    """The officers' view: the applicant's declarations, contact and files as well."""

    id: int
    target_id: int = Field(description="处罚记录编号或名单记录编号")
    record_version: int | None = Field(description="申请时公示的处罚记录版本")
    contact_name: str
    contact_phone: str
    fine_paid: bool | None = Field(description="已缴清罚款 (null: the record has no fine)")
    rectification_done: bool = Field(description="已完成整改并经认可")
    duties_statement: str = Field(description="履行义务情况说明")
    pledge_version: str
    pledge_text: str = Field(description="信用承诺书 as accepted")
    overdue: bool = Field(description="当前环节已逾期")
    files: list[CaseFileOut]

    @classmethod
    def full(cls, view: OfficerView[RepairApplication]) -> RepairOut:
        found = view.case
        return cls(
            **RepairStatusOut.of(view).model_dump(),
            id=found.id,
            target_id=found.penalty_record_id or found.list_entry_id or 0,
            record_version=found.record_version,
            contact_name=found.contact_name,
            contact_phone=found.contact_phone,
            fine_paid=found.fine_paid,
            rectification_done=found.rectification_done,
            duties_statement=found.duties_statement,
            pledge_version=found.pledge_version,
            pledge_text=found.pledge_text,
            overdue=view.overdue,
            files=[CaseFileOut.of(REPAIRS, found.id, f) for f in view.files],
        )
