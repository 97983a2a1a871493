"""Shapes of enterprise data as it comes in (a registry row) and of what the import reports.

Plain dataclasses: a registry file has hundreds of thousands of rows, and the field rules with
their Chinese messages live in ``service.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.models.enterprise import RegistrationStatus

# The fields an enterprise row can carry, in the order they are reported.
USCC = "uscc"
NAME = "name"
LEGAL_REPRESENTATIVE = "legal_representative"
DISTRICT_CODE = "district_code"
INDUSTRY = "industry"
ADDRESS = "address"
REGISTRATION_STATUS = "registration_status"
ESTABLISHED_ON = "established_on"
FORMER_NAMES = "former_names"


FIELD_LABELS = {
    USCC: "统一社会信用代码",
    NAME: "企业名称",
    LEGAL_REPRESENTATIVE: "法定代表人",
    DISTRICT_CODE: "行政区划代码",
    INDUSTRY: "所属行业",
    ADDRESS: "注册地址",
    REGISTRATION_STATUS: "登记状态",
    ESTABLISHED_ON: "成立日期",
    FORMER_NAMES: "曾用名",
}


@dataclass(frozen=True)
class EnterpriseInput:
    """One validated registry row. ``None`` means "not given": it never erases a stored value."""

    uscc: str
    name: str
    legal_representative: str | None = None
    district_code: str | None = None
    industry: str | None = None
    address: str | None = None
    registration_status: RegistrationStatus | None = None
    established_on: dt.date | None = None
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldProblem:
    """Why one field of one row cannot be imported (``message`` is Chinese, shown as is)."""

    field: str
    message: str


@dataclass
class UpsertResult:
    inserted_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    unchanged: int = 0
