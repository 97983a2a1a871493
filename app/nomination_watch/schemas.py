"""The JSON of ``/api/v1/nomination-watches``: a batch of candidates in (as for the check),
answers and notifications out, with the caller's reference and the masked number only."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.nomination_checks.schemas import CandidateIn, CandidateResult, Summary


class WatchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "2027年区人大代表换届选举",
                    "end_date": "2027-01-15",
                    "callback_url": "https://example.gov.cn/ecocredit/watch",
                    "candidates": [
                        {"reference": "R-001", "name": "王五", "id_number": "370602198001011234"}
                    ],
                }
            ]
        },
    )

    name: str = Field(description="the body's label for the watch (1-100 characters)")
    end_date: dt.date = Field(
        description="the election day: candidates are answered as of it, and the watch (with "
        "every candidate row) ends after it"
    )
    callback_url: str | None = Field(
        None,
        description="HTTPS address to POST each notification to (signed); leave out to poll "
        "`/notifications` instead",
    )
    candidates: list[CandidateIn] = Field(
        json_schema_extra={"minItems": 1},
        description="at least one, at most 10,000 (the check's setting)",
    )


class CallbackOut(BaseModel):
    url: str
    secret: str = Field(
        description="Standard Webhooks secret (whsec_…) to verify the webhook-signature header; "
        "shown only in this answer"
    )


class WatchOut(BaseModel):
    watch_id: int
    name: str
    end_date: dt.date
    created_at: dt.datetime
    candidates: int = Field(description="candidates watched (invalid ID numbers are not kept)")
    callback_url: str | None
    last_checked_at: dt.datetime | None
    ended_at: dt.datetime | None
    purged_at: dt.datetime | None = Field(description="when the candidates were deleted")


class WatchCreated(BaseModel):
    watch: WatchOut
    callback: CallbackOut | None
    summary: Summary
    results: list[CandidateResult] = Field(description="the baseline, in the order submitted")


class WatchDetail(BaseModel):
    watch: WatchOut
    results: list[CandidateResult] = Field(description="each watched candidate's current answer")


class NotificationOut(BaseModel):
    notification_id: int = Field(description="pass the last one as `after` to poll on")
    message_id: str = Field(description="the callback's webhook-id")
    change: Literal["newly_barred", "bar_ended", "needs_review", "review_cleared"]
    created_at: dt.datetime
    delivery: Literal["poll", "pending", "delivered", "dead"]
    attempts: int
    body: dict[str, Any] = Field(description="exactly what the callback carries")


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_after: int = Field(description="the `after` of the next poll")


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["not_same_person"] = Field(
        description="the candidate is not the person recorded: not raised again for this watch"
    )
    note: str | None = Field(None, max_length=500)
