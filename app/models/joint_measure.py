"""The catalogue of joint measures (联合奖惩措施) a list entry or credit level triggers.

Versioned reference data: a measure is identified by ``code``; each version is valid from
``valid_from`` until ``valid_to`` (None: still in force). A change is a new version, never an
edit, so what applied to an entry on a past day can be answered. ``effect`` names the measures
the portal itself carries out (``nomination_bar``: the bar on nominating responsible persons as
两代表一委员, app/nomination_bars).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.listing import ListType
from app.models.measure_department import MeasureDepartment


class MeasureSubject(enum.StrEnum):
    enterprise = "enterprise"  # 企业
    responsible_persons = "responsible_persons"  # 法定代表人、主要负责人和直接责任人员


MEASURE_SUBJECT_LABELS = {
    MeasureSubject.enterprise: "企业",
    MeasureSubject.responsible_persons: "法定代表人、主要负责人和直接责任人员",
}


class DurationRule(enum.StrEnum):
    entry_period = "entry_period"  # 名单有效期内
    fixed_years = "fixed_years"  # 自列入之日起N年


class JointMeasure(TimestampMixin, Base):
    __tablename__ = "joint_measures"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)
    # What triggers it: a list (red / black) or a credit level code (e.g. ``yellow``).
    list_type: Mapped[ListType | None] = mapped_column(str_enum(ListType, "measure_list_type"))
    credit_level: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))  # e.g. 限制参与政府采购
    department_id: Mapped[int] = mapped_column(ForeignKey("measure_departments.id"), index=True)
    legal_basis: Mapped[str] = mapped_column(Text)  # the memorandum and its article
    subject: Mapped[MeasureSubject] = mapped_column(str_enum(MeasureSubject, "measure_subject"))
    duration_rule: Mapped[DurationRule] = mapped_column(str_enum(DurationRule, "duration_rule"))
    duration_years: Mapped[int | None]
    effect: Mapped[str | None] = mapped_column(String(40))  # carried out by the portal itself
    feedback_days: Mapped[int] = mapped_column(default=30)  # days to report back (反馈)
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None]
    sort_order: Mapped[int] = mapped_column(default=0)

    department: Mapped[MeasureDepartment] = relationship(lazy="raise")
