"""Administrative penalties (行政处罚) with the 双公示 field set of DOMAIN.md.

A penalty is a *record* (``PenaltyRecord``: the authority's decision number, stable across
corrections; its id is the public permalink) with one or more *versions* (``PenaltyVersion``). A
correction is a new version; the old one is kept with ``superseded_at`` set.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.authority import Authority
from app.models.base import Base, TimestampMixin, str_enum
from app.models.enterprise import Enterprise

AMOUNT = Numeric(18, 6)  # 万元, exact: 6 decimal places is one fen (0.01 元)


class Severity(enum.StrEnum):
    minor = "minor"  # 轻微
    general = "general"  # 一般
    serious = "serious"  # 严重


SEVERITY_LABELS = {Severity.minor: "轻微", Severity.general: "一般", Severity.serious: "严重"}


class PartyType(enum.StrEnum):
    legal_entity = "legal_entity"  # 法人及非法人组织
    natural_person = "natural_person"  # 自然人
    individual_business = "individual_business"  # 个体工商户


PARTY_TYPE_LABELS = {
    PartyType.legal_entity: "法人及非法人组织",
    PartyType.natural_person: "自然人",
    PartyType.individual_business: "个体工商户",
}

PENALTY_CATEGORIES = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)


class VersionStatus(enum.StrEnum):
    draft = "draft"  # 草稿
    submitted = "submitted"  # 待审核
    returned = "returned"  # 退回修改
    published = "published"  # 已公示 (the current public version)
    superseded = "superseded"  # 已被更正版本取代
    discarded = "discarded"  # 已作废 (a draft or submission that never became public)


class PenaltyRecord(TimestampMixin, Base):
    __tablename__ = "penalty_records"
    __table_args__ = (UniqueConstraint("authority_id", "decision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    decision_number: Mapped[str] = mapped_column(String(100), index=True)  # 行政处罚决定书文号
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    # Publication ends early on these events; the rules derive the public status from them.
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(String(32))

    authority: Mapped[Authority] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise | None] = relationship(lazy="raise")
    versions: Mapped[list[PenaltyVersion]] = relationship(
        back_populates="record", lazy="raise", order_by="PenaltyVersion.version"
    )


class PenaltyVersion(TimestampMixin, Base):
    __tablename__ = "penalty_versions"
    __table_args__ = (
        UniqueConstraint("record_id", "version"),
        Index("ix_penalty_versions_status_decision_date", "status", "decision_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("penalty_records.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[VersionStatus] = mapped_column(
        str_enum(VersionStatus, "version_status"), default=VersionStatus.draft
    )
    change_reason: Mapped[str | None] = mapped_column(Text)  # why this version (for corrections)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[dt.datetime | None]
    superseded_at: Mapped[dt.datetime | None]
    # Maker-checker: who sent it for review and who approved or returned it (never the same).
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None]
    review_comment: Mapped[str | None] = mapped_column(Text)  # why it was returned
    # Set when the version came from a batch import (reviewed together, approved in whole or part).
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("penalty_import_batches.id"), index=True
    )
    import_row: Mapped[int | None]  # the row number in the imported file

    # 行政相对人
    party_name: Mapped[str] = mapped_column(String(200))
    party_type: Mapped[PartyType] = mapped_column(str_enum(PartyType, "party_type"))
    party_uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    legal_rep_id_type: Mapped[str | None] = mapped_column(String(20))
    legal_rep_id_hash: Mapped[str | None] = mapped_column(String(64))  # never published
    party_id_type: Mapped[str | None] = mapped_column(String(20))  # natural-person party
    party_id_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    party_id_masked: Mapped[str | None] = mapped_column(String(18))
    party_id_encrypted: Mapped[str | None] = mapped_column(Text)

    # 处罚
    violation_type: Mapped[str] = mapped_column(String(50), index=True)  # 违法行为类型
    violation_facts: Mapped[str] = mapped_column(Text)  # 违法事实
    legal_basis: Mapped[str] = mapped_column(Text)  # 处罚依据
    penalty_categories: Mapped[list[str]] = mapped_column(JSON)  # 处罚类别
    penalty_content: Mapped[str] = mapped_column(Text)  # 处罚内容
    fine_amount: Mapped[Decimal | None] = mapped_column(AMOUNT)  # 罚款金额（万元）
    confiscation_amount: Mapped[Decimal | None] = mapped_column(AMOUNT)  # 没收金额（万元）
    licence: Mapped[str | None] = mapped_column(String(200))  # 暂扣或吊销证照名称及编号
    severity: Mapped[Severity] = mapped_column(str_enum(Severity, "severity"))
    decision_date: Mapped[dt.date] = mapped_column(index=True)  # 处罚决定日期
    valid_until: Mapped[dt.date]  # 处罚有效期
    # 公示截止期: derived by the publication rules when the version is published, from the
    # decision date and severity; no other edit moves it.
    publication_end_date: Mapped[dt.date | None]
    district_code: Mapped[str | None] = mapped_column(String(6), index=True)

    # 数据来源
    data_source_name: Mapped[str] = mapped_column(String(100))
    data_source_uscc: Mapped[str] = mapped_column(String(18))
    remarks: Mapped[str | None] = mapped_column(Text)

    record: Mapped[PenaltyRecord] = relationship(back_populates="versions", lazy="raise")
