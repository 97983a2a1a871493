"""What the API says of every case: its deadlines, its supporting files, a decision's reasons."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.cases.deadlines import Step
from app.cases.kinds import C, CaseKind
from app.models import CaseFile
from app.web.params import required_text


class StatusQuery(BaseModel):
    """The filer's lookup: the number and a second factor (a field of each kind's query)."""

    number: str = required_text("申请编号或异议编号", examples=["XF20260701ABCDEFGH2K"])


class ReasonIn(BaseModel):
    reason: str = required_text(
        "理由: the reasons of the decision, shown to the filer (required)",
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


class CaseFileOut(BaseModel):
    id: int
    name: str = Field(description="上传时的文件名（仅供显示）")
    kind: str = Field(description="pdf / jpeg / png, recognised from the content")
    size: int = Field(description="bytes")
    sha256: str
    url: str = Field(description="Download (officers only)")

    @classmethod
    def of(cls, kind: CaseKind[C], case_id: int, stored: CaseFile) -> CaseFileOut:
        return cls(
            id=stored.id,
            name=stored.original_name,
            kind=stored.kind,
            size=stored.size,
            sha256=stored.sha256,
            url=f"/api/v1/admin/{kind.slug}/{case_id}/files/{stored.id}",
        )
