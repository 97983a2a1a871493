"""Administrative licences (行政许可) with the 双公示 licence field set of DOMAIN.md.

Like penalties: a *record* (``LicenceRecord``: the authority's document number 文书号, stable
across corrections; its id is the public permalink) with one or more *versions*
(``LicenceVersion``), reviewed by a second person. A correction is a new version; the old one
is kept with ``superseded_at`` set. Revocation (撤销 / 注销) is an event on the record: proposed
by one officer, confirmed by another; it takes effect on ``revocation_date``. The status shown
(in force, expired, revoked) is derived from the dates and that event when served.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.authority import Authority
from app.models.base import Base, TimestampMixin, str_enum
from app.models.enterprise import Enterprise
from app.models.licence_kind import LicenceKind
from app.models.penalty import PartyType, VersionStatus


class LicenceCategory(enum.StrEnum):
    general = "general"  # 普通
    special = "special"  # 特许
    recognition = "recognition"  # 认可
    approval = "approval"  # 核准
    registration = "registration"  # 登记
    other = "other"  # 其他


LICENCE_CATEGORY_LABELS = {
    LicenceCategory.general: "普通",
    LicenceCategory.special: "特许",
    LicenceCategory.recognition: "认可",
    LicenceCategory.approval: "核准",
    LicenceCategory.registration: "登记",
    LicenceCategory.other: "其他",
}


class RevocationKind(enum.StrEnum):
    revoked = "revoked"  # 撤销 (the decision is undone)
    cancelled = "cancelled"  # 注销 (the licence ends: surrendered, closed, expired unrenewed)


REVOCATION_KIND_LABELS = {RevocationKind.revoked: "撤销", RevocationKind.cancelled: "注销"}


class LicenceRecord(TimestampMixin, Base):
    __tablename__ = "licence_records"
    __table_args__ = (UniqueConstraint("authority_id", "document_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    document_number: Mapped[str] = mapped_column(String(100), index=True)  # 行政许可决定文书号
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    # 撤销 / 注销: proposed by one officer, confirmed by another (revoked_at: the confirmation).
    revocation_kind: Mapped[RevocationKind | None] = mapped_column(
        str_enum(RevocationKind, "revocation_kind")
    )
    revocation_date: Mapped[dt.date | None]  # the day it takes effect
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revocation_document: Mapped[str | None] = mapped_column(String(100))
    revocation_proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revocation_proposed_at: Mapped[dt.datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[dt.datetime | None]

    authority: Mapped[Authority] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise | None] = relationship(lazy="raise")


class LicenceVersion(TimestampMixin, Base):
    __tablename__ = "licence_versions"
    __table_args__ = (
        UniqueConstraint("record_id", "version"),
        Index("ix_licence_versions_status_decision_date", "status", "decision_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("licence_records.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[VersionStatus] = mapped_column(
        str_enum(VersionStatus, "licence_version_status"), default=VersionStatus.draft
    )
    change_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[dt.datetime | None]
    superseded_at: Mapped[dt.datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None]
    review_comment: Mapped[str | None] = mapped_column(Text)

    # 行政相对人
    party_name: Mapped[str] = mapped_column(String(200))
    party_type: Mapped[PartyType] = mapped_column(str_enum(PartyType, "licence_party_type"))
    party_uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    legal_representative: Mapped[str | None] = mapped_column(String(100))

    # 许可
    kind_id: Mapped[int] = mapped_column(ForeignKey("licence_kinds.id"), index=True)
    document_name: Mapped[str] = mapped_column(String(200))  # 行政许可决定文书名称
    category: Mapped[LicenceCategory] = mapped_column(
        str_enum(LicenceCategory, "licence_category")
    )  # 许可类别
    certificate_name: Mapped[str | None] = mapped_column(String(200))  # 许可证书名称
    licence_number: Mapped[str | None] = mapped_column(String(100), index=True)  # 许可编号
    content: Mapped[str] = mapped_column(Text)  # 许可内容
    decision_date: Mapped[dt.date] = mapped_column(index=True)  # 许可决定日期
    valid_from: Mapped[dt.date]  # 有效期自
    valid_to: Mapped[dt.date | None]  # 有效期至 (None: 长期)
    district_code: Mapped[str | None] = mapped_column(String(6), index=True)

    # 数据来源
    data_source_name: Mapped[str] = mapped_column(String(100))
    data_source_uscc: Mapped[str] = mapped_column(String(18))
    remarks: Mapped[str | None] = mapped_column(Text)

    kind: Mapped[LicenceKind] = relationship(lazy="raise")
