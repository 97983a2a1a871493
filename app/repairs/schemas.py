"""What the API says about credit repair applications: the applicant's status (public, with the
application number and the enterprise's USCC) and the officers' full view (admin API)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.kit import clock
from app.models import RepairApplication
from app.models.repair import REPAIR_STATUS_LABELS, REPAIR_TARGET_LABELS, RepairTarget
from app.repairs import repository
from app.repairs.deadlines import Step, is_overdue, steps


class RepairStatusQuery(BaseModel):
    number: str = Field(
        description="申请编号 (the application number)", examples=["XF20260701ABCDEFGH2K"]
    )
    uscc: str = Field(
        description="统一社会信用代码 of the applying enterprise", examples=["91370611MA3C00003F"]
    )


class RepairReasonIn(BaseModel):
    reason: str = Field(
        description="决定理由: the reasons, shown to the applicant (required)",
        examples=["已缴清罚款，整改经验收合格，符合信用修复条件"],
    )


class StepOut(BaseModel):
    label: str = Field(description="办理环节 (受理 / 作出决定)", examples=["受理"])
    due: dt.date = Field(description="期限 (working days, holidays skipped)")
    done_on: dt.date | None = Field(description="完成日期")
    overdue: bool = Field(description="逾期未办 (past due and not done today)")
    late: bool = Field(description="逾期办结 (done after the due date)")

    @classmethod
    def of(cls, step: Step) -> StepOut:
        return cls(
            label=step.label,
            due=step.due,
            done_on=step.done_on,
            overdue=step.overdue,
            late=step.late,
        )


def target_label(found: RepairApplication) -> str:
    if found.target_type == RepairTarget.penalty:
        return f"行政处罚决定书 {found.decision_number}"
    label = f"黑名单记录第{found.list_entry_id}号"
    return label + (f"（认定文书 {found.decision_number}）" if found.decision_number else "")


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
    def of(cls, session: Session, found: RepairApplication) -> RepairStatusOut:
        today = clock.today()
        approved = found.status.value == "approved" and found.decided_at is not None
        return cls(
            number=found.number,
            status=found.status.value,
            status_label=REPAIR_STATUS_LABELS[found.status],
            target_type=found.target_type.value,
            target_type_label=REPAIR_TARGET_LABELS[found.target_type],
            target_label=target_label(found),
            party_name=found.party_name,
            uscc=found.uscc,
            authority_name=repository.authority_name(session, found.authority_id),
            submitted_at=found.submitted_at,
            steps=[StepOut.of(s) for s in steps(session, found, today)],
            decided_at=found.decided_at,
            decision_reason=found.decision_reason,
            publication_ended_on=clock.to_local(found.decided_at).date()
            if approved and found.decided_at
            else None,
        )


class RepairFileOut(BaseModel):
    id: int
    name: str = Field(description="上传时的文件名（仅供显示）")
    kind: str = Field(description="pdf / jpeg / png, recognised from the content")
    size: int = Field(description="bytes")
    sha256: str
    url: str = Field(description="Download (officers only)")


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
    files: list[RepairFileOut]

    @classmethod
    def full(cls, session: Session, found: RepairApplication) -> RepairOut:
        base = RepairStatusOut.of(session, found).model_dump()
        files = [
            RepairFileOut(
                id=f.id,
                name=f.original_name,
                kind=f.kind,
                size=f.size,
                sha256=f.sha256,
                url=f"/api/v1/admin/repairs/{found.id}/files/{f.id}",
            )
            for f in repository.files_of(session, found.id)
        ]
        return cls(
            **base,
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
            overdue=is_overdue(session, found, clock.today()),
            files=files,
        )
