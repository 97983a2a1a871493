"""seed publication rules and holidays: the two rule sets and the 2025-2026 holiday schedule

Rule sets (``app.publication.rules`` documents the shape):

- ``ndrc-36-2026``: 《信用修复管理办法》 (NDRC order No. 36), in force since 2026-04-01, as in
  DOMAIN.md: 轻微 not published (at most 3 months), 一般 3 months minimum / 1 year maximum, 严重
  1 year / 3 years, counted from the decision date; no unrepairable category in the environmental
  field.
- ``pre-2026``: the rules before it, for records decided before 2026-04-01 (from 2000-01-01, the
  earliest day the portal answers for). Assumed: the same periods (《失信行为纠正后的信用信息修复
  管理办法（试行）》, NDRC order No. 58 of 2023), and penalties of 责令停产停业 or 吊销许可证件 in
  the environmental field cannot be repaired.

Both: Shandong's credit scheme ``sd-2020``; the black list at level ``black``, at least 12
months; the red list for green enterprises without a penalty in 24 months; deadlines in working
days: repair acceptance 3, repair decision 10, objection acceptance 3, objection answer 10.

Calendar: the State Council's schedules for 2025 (国办发明电〔2024〕12号, 2024-11-12) and 2026
(国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04): the days off (holiday) and the weekend
days worked instead (workday). Administrators add later years at /admin/calendar.

The data is frozen here; a later rule change is a new rule set row with a later effective date.

Revision ID: 7d41c2a9e5b3
Revises: 3ac71e371125
Create Date: 2026-11-28 03:20:00.000000+00:00
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "7d41c2a9e5b3"
down_revision: str | None = "3ac71e371125"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PERIODS: dict[str, dict[str, Any]] = {
    "minor": {"published": False, "minimum_months": 0, "maximum_months": 3},
    "general": {"published": True, "minimum_months": 3, "maximum_months": 12},
    "serious": {"published": True, "minimum_months": 12, "maximum_months": 36},
}
_COMMON: dict[str, Any] = {
    "periods": _PERIODS,
    "credit_scheme": "sd-2020",
    "black_list": {"level": "black", "min_months": 12},
    "red_list": {
        "criteria": [
            {
                "code": "green_level",
                "kind": "credit_level",
                "label": "当前环境信用评价等级为绿色（诚信守法）",
                "params": {"level": "green"},
            },
            {
                "code": "no_recent_penalty",
                "kind": "no_penalty",
                "label": "近2年内无环境行政处罚",
                "params": {"months": 24},
            },
        ]
    },
    "deadlines": {
        "repair_acceptance": 3,
        "repair_decision": 10,
        "objection_acceptance": 3,
        "objection_answer": 10,
    },
}
RULE_SETS: list[dict[str, Any]] = [
    {
        "code": "pre-2026",
        "name": "2026年4月1日前作出的行政处罚适用的公示与信用修复规则",
        "effective_from": dt.date(2000, 1, 1),
        "source": "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）；"
        "生态环境领域被责令停产停业、吊销许可证件的行政处罚信息不予修复",
        "definition": {
            **_COMMON,
            "unrepairable": [
                {
                    "categories": ["责令停产停业", "吊销许可证件"],
                    "reason": "按原规定，生态环境领域被处以责令停产停业或吊销许可证件的"
                    "行政处罚信息不予信用修复",
                }
            ],
        },
    },
    {
        "code": "ndrc-36-2026",
        "name": "《信用修复管理办法》（2026年4月1日起施行）",
        "effective_from": dt.date(2026, 4, 1),
        "source": "《信用修复管理办法》（国家发展改革委令第36号）",
        "definition": {**_COMMON, "unrepairable": []},
    },
]


def _days(start: str, end: str) -> list[dt.date]:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


# (first day, last day, name) of the days off; (day, name) of the weekend days worked.
_HOLIDAYS: list[tuple[str, str, str]] = [
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
_WORKDAYS: list[tuple[str, str]] = [
    ("2025-01-26", "春节调休上班"),
    ("2025-02-08", "春节调休上班"),
    ("2025-04-27", "劳动节调休上班"),
    ("2025-09-28", "国庆节、中秋节调休上班"),
    ("2025-10-11", "国庆节、中秋节调休上班"),
    ("2026-01-04", "元旦调休上班"),
    ("2026-02-14", "春节调休上班"),
    ("2026-02-28", "春节调休上班"),
    ("2026-05-09", "劳动节调休上班"),
    ("2026-09-20", "国庆节调休上班"),
    ("2026-10-10", "国庆节调休上班"),
]


def calendar_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start, end, name in _HOLIDAYS:
        rows.extend({"day": day, "kind": "holiday", "name": name} for day in _days(start, end))
    rows.extend(
        {"day": dt.date.fromisoformat(day), "kind": "workday", "name": name}
        for day, name in _WORKDAYS
    )
    return sorted(rows, key=lambda r: r["day"])


_rule_sets = sa.table(
    "rule_sets",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("effective_from", sa.Date),
    sa.column("source", sa.Text),
    sa.column("definition", sa.JSON),
)
_calendar = sa.table(
    "calendar_days",
    sa.column("day", sa.Date),
    sa.column("kind", sa.String),
    sa.column("name", sa.String),
)


def upgrade() -> None:
    op.bulk_insert(_rule_sets, RULE_SETS)
    op.bulk_insert(_calendar, calendar_rows())


def downgrade() -> None:
    op.execute(_calendar.delete().where(_calendar.c.day.in_([r["day"] for r in calendar_rows()])))
    op.execute(_rule_sets.delete().where(_rule_sets.c.code.in_([r["code"] for r in RULE_SETS])))
