"""The JSON of ``POST /api/v1/nomination-checks``: a batch of candidates in, an answer for each out.

ID numbers travel only in request bodies; answers carry the caller's reference and the masked
number (``370602********1234``), never the number itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.web.params import Day

MAX_BATCH_CEILING = 100_000


class CandidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reference: str | None = Field(
        None, max_length=100, description="the caller's own reference, returned as it is"
    )
    name: str | None = Field(None, description="姓名 (cross-check; may be left out)")
    id_number: str | None = Field(
        None, description="居民身份证号码, 18 characters or the legacy 15 digits"
    )


class CheckRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "as_of": "2027-01-15",
                    "candidates": [
                        {"reference": "R-001", "name": "王五", "id_number": "370602198001011234"}
                    ],
                }
            ]
        },
    )

    as_of: Day | None = Field(
        None, description="the date of the nomination meeting (default: today, Asia/Shanghai)"
    )
    # The ceiling of ``nomination_check_max_batch``: a longer list is refused while it is read
    # (422), before a candidate is built (a million empty candidates once stalled the server).
    candidates: list[CandidateIn] = Field(
        max_length=MAX_BATCH_CEILING,
        json_schema_extra={"minItems": 1},
        description="at least one, at most ECOCREDIT_NOMINATION_CHECK_MAX_BATCH (10,000 by "
        "default; 413 above it); a list longer than 100,000 is 422 before it is read",
    )


class Enterprise(BaseModel):
    name: str
    uscc: str


class ListEntryBasis(BaseModel):
    id: int
    category: str | None
    category_label: str
    start_date: dt.date
    end_date: dt.date
    decision_number: str | None


class Bar(BaseModel):
    bar_id: int
    source: Literal["black_list", "direct"]
    source_label: str
    enterprise: Enterprise | None
    role: str | None = Field(description="legal_representative, principal, directly_responsible…")
    role_label: str | None = Field(description="法定代表人, 主要负责人, 直接责任人员…")
    basis: str
    list_entry: ListEntryBasis | None
    penalty_decision_numbers: list[str]
    start_date: dt.date
    end_date: dt.date = Field(description="the last day of the bar (its entry's end if earlier)")


class Difference(BaseModel):
    field: Literal["name", "id_number"]
    submitted: str | None
    recorded: str | None
    message: str


class CandidateResult(BaseModel):
    index: int = Field(description="the candidate's position in the request, from 1")
    reference: str | None
    id_masked: str | None
    id_legacy: bool = Field(description="a legacy 15-digit number, widened to 18 to match")
    status: Literal["barred", "needs_review", "clear", "invalid"]
    status_label: str
    reason: str | None = Field(description="invalid: why; needs_review: what to check")
    differences: list[Difference]
    bars: list[Bar] = Field(description="every bar in force on as_of (barred, needs_review)")


class DataUsed(BaseModel):
    read_at: dt.datetime = Field(description="when the records were read (live data)")
    last_changed_at: dt.datetime | None = Field(
        description="the latest change to bars and list entries before the check"
    )
    rule_version: str


class Summary(BaseModel):
    candidates: int
    barred: int
    needs_review: int
    clear: int
    invalid: int


class CheckResponse(BaseModel):
    check_id: int
    as_of: dt.date
    data: DataUsed
    summary: Summary
    results: list[CandidateResult] = Field(description="in the order submitted")
