"""Environmental inspection campaigns (督察): the team, its dates and its deadlines.

A campaign's deadlines are data, set per campaign: the days a handling unit has to report its
findings on a case after the case is handed over (3, 5, 7 or 10), and the day after hand-over
from which findings are public (e.g. the 8th day).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin, str_enum


class CampaignKind(enum.StrEnum):
    central = "central"  # 中央生态环境保护督察
    central_review = "central_review"  # 中央督察"回头看"
    provincial = "provincial"  # 省级生态环境保护督察
    city_hotline = "city_hotline"  # 市级热线


CAMPAIGN_KIND_LABELS = {
    CampaignKind.central: "中央生态环境保护督察",
    CampaignKind.central_review: "中央生态环境保护督察“回头看”",
    CampaignKind.provincial: "省级生态环境保护督察",
    CampaignKind.city_hotline: "市级热线",
}


class InspectionCampaign(TimestampMixin, Base):
    __tablename__ = "inspection_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CampaignKind] = mapped_column(str_enum(CampaignKind, "campaign_kind"))
    round: Mapped[str] = mapped_column(String(50))  # e.g. 第二轮第三批
    team: Mapped[str] = mapped_column(String(100))  # e.g. 中央第三生态环境保护督察组
    title: Mapped[str] = mapped_column(String(200), unique=True)
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    findings_due_days: Mapped[int]  # days after hand-over to report findings (3/5/7/10)
    publication_day: Mapped[int]  # findings are public from hand-over + this many days
    # 办结 without 销号 after this many days is overdue on the public board.
    closing_due_days: Mapped[int] = mapped_column(default=30)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
