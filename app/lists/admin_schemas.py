"""JSON shapes of the admin list-decision API (``/api/v1/admin/list-entries``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.models import ListEntry, ListType


class ListDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    list_type: ListType = Field(description="black 黑名单（失信惩戒） / red 红名单（守信激励）")
    enterprise_id: int
    basis: str = Field("", description="认定依据（必填）")
    start_date: dt.date
    end_date: dt.date = Field(description="黑名单期限不少于规定的最短期限（默认12个月）")
    category: str | None = Field(None, description="严重失信行为类别（黑名单必填）")
    penalty_record_ids: list[int] = Field(
        default_factory=list, description="引用的已公示行政处罚记录编号（黑名单至少一项）"
    )
    legal_basis: str | None = Field(None, description="法律依据")
    decision_number: str | None = Field(None, max_length=100, description="认定文书编号")


class ListReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field("", description="理由（必填）")


class ListDecisionOut(BaseModel):
    id: int
    enterprise_id: int
    list_type: str
    status: str = Field(description="proposed 待审核 / approved 已生效 / rejected / removed")
    category: str | None
    basis: str
    legal_basis: str | None
    decision_number: str | None
    start_date: dt.date
    end_date: dt.date
    penalty_record_ids: list[int]
    criteria_check: list[dict[str, Any]] | None
    proposed_by_id: int | None
    proposed_at: dt.datetime | None
    approved_by_id: int | None
    approved_at: dt.datetime | None
    rejected_by_id: int | None
    review_comment: str | None
    removal_proposed_by_id: int | None
    removal_reason: str | None
    removed_at: dt.datetime | None

    @classmethod
    def of(cls, entry: ListEntry, cited: list[int]) -> ListDecisionOut:
        return cls(
            id=entry.id,
            enterprise_id=entry.enterprise_id,
            list_type=entry.list_type.value,
            status=entry.status.value,
            category=entry.category,
            basis=entry.basis,
            legal_basis=entry.legal_basis,
            decision_number=entry.decision_number,
            start_date=entry.start_date,
            end_date=entry.end_date,
            penalty_record_ids=cited,
            criteria_check=entry.criteria_check,
            proposed_by_id=entry.proposed_by_id,
            proposed_at=entry.proposed_at,
            approved_by_id=entry.approved_by_id,
            approved_at=entry.approved_at,
            rejected_by_id=entry.rejected_by_id,
            review_comment=entry.review_comment,
            removal_proposed_by_id=entry.removal_proposed_by_id,
            removal_reason=entry.removal_reason,
            removed_at=entry.removed_at,
        )
