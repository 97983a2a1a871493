"""The record of nomination checks (两代表一委员 审查) and, for a while, the results of page checks.

A check keeps who asked, when, as of which date, how many candidates and how many were barred,
needed review or were invalid, and which data it used; never an ID number, not even hashed, so
the record cannot be used to find out who was a candidate. The per-candidate results of a check
made on the page (names, the caller's references, masked numbers and the answers) are kept for
``nomination_check_retention_days`` so that the caller can read and download them, then deleted.
Checks through the API keep no per-candidate results: the answer is the result.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, str_enum


class CheckChannel(enum.StrEnum):
    api = "api"  # POST /api/v1/nomination-checks
    page = "page"  # file uploaded on the nomination check page


CHECK_CHANNEL_LABELS = {CheckChannel.api: "接口", CheckChannel.page: "网页上传"}


class CandidateStatus(enum.StrEnum):
    barred = "barred"  # 在限制期内：不得提名
    needs_review = "needs_review"  # 需人工核对 (ID number or name matches, the other does not)
    clear = "clear"  # 未发现限制
    invalid = "invalid"  # 身份证号有误


CANDIDATE_STATUS_LABELS = {
    CandidateStatus.barred: "受限（不得提名）",
    CandidateStatus.needs_review: "需人工核对",
    CandidateStatus.clear: "未发现限制",
    CandidateStatus.invalid: "身份证号有误",
}


class NominationCheck(Base):
    __tablename__ = "nomination_checks"
    __table_args__ = (Index("ix_nomination_checks_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[CheckChannel] = mapped_column(str_enum(CheckChannel, "check_channel"))
    created_at: Mapped[dt.datetime] = mapped_column(index=True)
    as_of: Mapped[dt.date]
    candidates: Mapped[int]
    barred: Mapped[int]
    needs_review: Mapped[int]
    invalid: Mapped[int]
    clear: Mapped[int]
    # Which data answered: the latest change to bars and list entries, and the rule's version.
    data_changed_at: Mapped[dt.datetime | None]
    rule_version: Mapped[str] = mapped_column(String(80))
    # The persons (ids of ``persons``) answered as barred or to be reviewed: what was answered
    # about whom, without any trace of the candidates who were clear.
    matched_person_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    file_name: Mapped[str | None] = mapped_column(String(200))  # page uploads
    source_ip: Mapped[str | None] = mapped_column(String(45))
    results_expire_at: Mapped[dt.datetime | None]  # page checks: results deleted after this
    results_purged_at: Mapped[dt.datetime | None]


class NominationCheckResult(Base):
    """One candidate's answer in a page check, kept until the check's results expire."""

    __tablename__ = "nomination_check_results"
    __table_args__ = (UniqueConstraint("check_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("nomination_checks.id"))
    position: Mapped[int]  # the row of the uploaded file
    reference: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    id_masked: Mapped[str | None] = mapped_column(String(18))
    status: Mapped[CandidateStatus] = mapped_column(str_enum(CandidateStatus, "candidate_status"))
    # The answer as the API gives it: reason, differences, bars (masked numbers only).
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
