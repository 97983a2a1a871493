"""Nomination bars (两代表一委员): persons not to be recommended, for a period, with a basis.

A bar comes from an approved black-list entry (the enterprise's 法定代表人, 主要负责人 and
直接责任人员) or is proposed directly by an officer; either way a second person confirms it.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.enterprise import Enterprise
from app.models.person import Person, PersonRole


class BarStatus(enum.StrEnum):
    proposed = "proposed"  # 待确认
    approved = "approved"  # 已确认 (in force between start_date and end_date)
    rejected = "rejected"  # 未通过
    revoked = "revoked"  # 已撤销 (its black-list entry was removed)


BAR_STATUS_LABELS = {
    BarStatus.proposed: "待确认",
    BarStatus.approved: "已确认",
    BarStatus.rejected: "未通过",
    BarStatus.revoked: "已撤销",
}


class BarSource(enum.StrEnum):
    black_list = "black_list"  # 因企业列入黑名单
    direct = "direct"  # 直接认定


BAR_SOURCE_LABELS = {BarSource.black_list: "企业列入黑名单", BarSource.direct: "直接认定"}


class NominationBar(TimestampMixin, Base):
    __tablename__ = "nomination_bars"
    __table_args__ = (Index("ix_nomination_bars_status_end", "status", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    role: Mapped[PersonRole | None] = mapped_column(str_enum(PersonRole, "bar_person_role"))
    list_entry_id: Mapped[int | None] = mapped_column(ForeignKey("list_entries.id"), index=True)
    source: Mapped[BarSource] = mapped_column(str_enum(BarSource, "bar_source"))
    basis: Mapped[str] = mapped_column(Text)
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    status: Mapped[BarStatus] = mapped_column(
        str_enum(BarStatus, "bar_status"), default=BarStatus.proposed
    )
    # The division the bar belongs to (its enterprise's), for jurisdiction.
    district_code: Mapped[str | None] = mapped_column(String(6), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[dt.datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None]
    review_comment: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[dt.datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(lazy="raise")
    enterprise: Mapped[Enterprise | None] = relationship(lazy="raise")
