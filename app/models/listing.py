"""Red list (honour, 守信激励) and black list (dishonesty, 失信惩戒) entries."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.enterprise import Enterprise


class ListType(enum.StrEnum):
    red = "red"  # 红名单: the honour list
    black = "black"  # 黑名单: the dishonesty list


class EntryStatus(enum.StrEnum):
    proposed = "proposed"  # 待审核
    approved = "approved"  # 已生效 (in force between start_date and end_date)
    rejected = "rejected"  # 未通过
    removed = "removed"  # 已移出 (removed early, with a reason)


class BlackListCategory(enum.StrEnum):
    """The serious environmental dishonesty behaviours of DOMAIN.md."""

    crime = "crime"
    unapproved_construction = "unapproved_construction"
    over_quota = "over_quota"
    hidden_discharge = "hidden_discharge"
    hazardous_waste_dumping = "hazardous_waste_dumping"
    supervised_case_unrectified = "supervised_case_unrectified"
    violent_obstruction = "violent_obstruction"
    major_emergency = "major_emergency"
    other = "other"


BLACK_LIST_CATEGORY_LABELS = {
    BlackListCategory.crime: "环境违法行为涉嫌犯罪",
    BlackListCategory.unapproved_construction: "未批先建",
    BlackListCategory.over_quota: "超过重点污染物排放总量控制指标排放",
    BlackListCategory.hidden_discharge: "通过暗管、渗井、渗坑或旁路等逃避监管方式排放",
    BlackListCategory.hazardous_waste_dumping: "非法倾倒、处置危险废物",
    BlackListCategory.supervised_case_unrectified: "挂牌督办案件逾期未完成整改",
    BlackListCategory.violent_obstruction: "暴力阻挠、拒绝环境监督检查",
    BlackListCategory.major_emergency: "造成重大及以上突发环境事件",
    BlackListCategory.other: "其他严重环境失信行为",
}

list_entry_penalties = Table(
    "list_entry_penalties",
    Base.metadata,
    Column("list_entry_id", ForeignKey("list_entries.id"), primary_key=True),
    Column("penalty_record_id", ForeignKey("penalty_records.id"), primary_key=True),
)


class ListEntry(TimestampMixin, Base):
    __tablename__ = "list_entries"
    __table_args__ = (
        Index("ix_list_entries_type_status_start", "list_type", "status", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    list_type: Mapped[ListType] = mapped_column(str_enum(ListType, "list_type"))
    status: Mapped[EntryStatus] = mapped_column(
        str_enum(EntryStatus, "entry_status"), default=EntryStatus.proposed
    )
    category: Mapped[str | None] = mapped_column(String(40))  # BlackListCategory for black
    basis: Mapped[str] = mapped_column(Text)  # 认定依据 (facts and reasons)
    legal_basis: Mapped[str | None] = mapped_column(Text)  # 法律依据
    decision_number: Mapped[str | None] = mapped_column(String(100))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None]
    removed_at: Mapped[dt.datetime | None]
    removal_reason: Mapped[str | None] = mapped_column(Text)
    # The deciding authority (the proposer's) and the maker-checker trail of the decision.
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    proposed_at: Mapped[dt.datetime | None]
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rejected_at: Mapped[dt.datetime | None]
    review_comment: Mapped[str | None] = mapped_column(Text)
    # Red list: the criteria as checked when proposed (each criterion, whether it held, why).
    criteria_check: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # A removal is proposed by one person and takes effect when a second approves it.
    removal_proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removal_proposed_at: Mapped[dt.datetime | None]
    removal_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
