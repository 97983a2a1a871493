"""seed reference data: Yantai's ecology and environment authorities and the sd-2020 scheme

Production needs these rows as much as the demo: the 处罚机关 of every penalty and the credit level
scheme in force. The data is frozen here (a migration never changes once released); a later change
to the scheme is a new row or a new migration. ``tests/test_demo.py`` checks that the scheme row
equals ``app.credit.rules.SHANDONG_2020``.

Revision ID: b8ecda4f85e8
Revises: ea3ba2e6b227
Create Date: 2026-11-28 03:00:00.000000+00:00
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "b8ecda4f85e8"
down_revision: str | None = "ea3ba2e6b227"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _uscc(division: str, org8: str) -> str:
    """A valid government-agency code (``11``): frozen copy of app.kit.identifiers.make_uscc."""

    def org_value(char: str) -> int:
        return int(char) if char.isdigit() else ord(char) - ord("A") + 10

    org_total = sum(org_value(c) * w for c, w in zip(org8, _ORG_WEIGHTS, strict=True))
    org_check = 11 - org_total % 11
    first17 = (
        "11"
        + division
        + org8
        + ("X" if org_check == 10 else "0" if org_check == 11 else str(org_check))
    )
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return first17 + _USCC_CHARSET[(31 - total % 31) % 31]


# (name, district code, decision prefix): the city bureau and one branch per county-level
# division (the 11 districts and county-level cities and the 2 functional zones).
_AUTHORITIES: tuple[tuple[str, str, str], ...] = (
    ("烟台市生态环境局", "370600", "烟环罚"),
    ("烟台市生态环境局芝罘分局", "370602", "烟芝环罚"),
    ("烟台市生态环境局福山分局", "370611", "烟福环罚"),
    ("烟台市生态环境局牟平分局", "370612", "烟牟环罚"),
    ("烟台市生态环境局莱山分局", "370613", "烟莱山环罚"),
    ("烟台市生态环境局蓬莱分局", "370614", "烟蓬环罚"),
    ("烟台市生态环境局龙口分局", "370681", "烟龙环罚"),
    ("烟台市生态环境局莱阳分局", "370682", "烟莱阳环罚"),
    ("烟台市生态环境局莱州分局", "370683", "烟莱环罚"),
    ("烟台市生态环境局招远分局", "370685", "烟招环罚"),
    ("烟台市生态环境局栖霞分局", "370686", "烟栖环罚"),
    ("烟台市生态环境局海阳分局", "370687", "烟海环罚"),
    ("烟台市生态环境局高新技术产业开发区分局", "370671", "烟高环罚"),
    ("烟台市生态环境局经济技术开发区分局", "370672", "烟开环罚"),
)

SCHEME_CODE = "sd-2020"
SCHEME_NAME = "山东省企业环境信用评价（2020年12月31日起施行）"
SCHEME_EFFECTIVE_FROM = dt.date(2020, 12, 31)
SCHEME_DEFINITION: dict[str, Any] = {
    "levels": [
        {
            "code": "green",
            "label": "绿色",
            "name": "诚信守法",
            "color": "#1b7f3b",
            "meaning": (
                "评价期内无环境违法记分。适当减少日常监督检查频次，在财政资金、项目安排、"
                "评优评先等方面优先支持，可推荐列入环境信用红名单（守信激励）。"
            ),
            "min_points": 0,
            "max_points": 0,
        },
        {
            "code": "blue",
            "label": "蓝色",
            "name": "轻微失信",
            "color": "#1f5fa8",
            "meaning": (
                "评价期内有轻微环境违法记分。按一般监管对象管理，随机抽查原则上每年不超过一次，"
                "督促企业及时改正。"
            ),
            "min_points": 1,
            "max_points": 3,
        },
        {
            "code": "yellow",
            "label": "黄色",
            "name": "一般失信",
            "color": "#8a6100",
            "meaning": (
                "评价期内环境违法记分较多。提高监督检查频次、从严审查相关行政许可事项，"
                "企业应限期整改，期满后可申请信用修复。"
            ),
            "min_points": 4,
            "max_points": 11,
        },
        {
            "code": "black",
            "label": "黑色",
            "name": "严重失信",
            "color": "#1a1a1a",
            "meaning": (
                "存在严重环境违法行为。列为重点监管对象，纳入环境保护黑名单（失信惩戒），"
                "法定代表人、主要负责人和实际控制人记入信用记录，依法实施联合惩戒。"
            ),
            "min_points": 12,
            "max_points": None,
        },
    ],
    "points": {
        "警告": 1,
        "通报批评": 1,
        "罚款": 1,
        "没收违法所得": 2,
        "没收非法财物": 2,
        "暂扣许可证件": 6,
        "降低资质等级": 6,
        "吊销许可证件": 12,
        "限制开展生产经营活动": 12,
        "责令停产停业": 12,
        "责令关闭": 12,
        "限制从业": 6,
        "行政拘留": 12,
        "其他": 1,
    },
    "fine_points": [
        {"up_to_wan": 1, "points": 1},
        {"up_to_wan": 5, "points": 2},
        {"up_to_wan": 10, "points": 3},
        {"up_to_wan": 20, "points": 4},
        {"up_to_wan": None, "points": 6},
    ],
    "window_months": 12,
}

_authorities = sa.table(
    "authorities",
    sa.column("name", sa.String),
    sa.column("uscc", sa.String),
    sa.column("district_code", sa.String),
    sa.column("decision_prefix", sa.String),
)
_schemes = sa.table(
    "credit_schemes",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("effective_from", sa.Date),
    sa.column("effective_to", sa.Date),
    sa.column("definition", sa.JSON),
)


def authority_rows() -> list[dict[str, str]]:
    # Organisation codes "MB" + the division's 6 digits: distinct, deterministic, valid.
    return [
        {
            "name": name,
            "uscc": _uscc(district, "MB" + district),
            "district_code": district,
            "decision_prefix": prefix,
        }
        for name, district, prefix in _AUTHORITIES
    ]


def upgrade() -> None:
    op.bulk_insert(_authorities, authority_rows())
    op.bulk_insert(
        _schemes,
        [
            {
                "code": SCHEME_CODE,
                "name": SCHEME_NAME,
                "effective_from": SCHEME_EFFECTIVE_FROM,
                "effective_to": None,
                "definition": SCHEME_DEFINITION,
            }
        ],
    )


def downgrade() -> None:
    op.execute(_schemes.delete().where(_schemes.c.code == SCHEME_CODE))
    op.execute(
        _authorities.delete().where(_authorities.c.uscc.in_([r["uscc"] for r in authority_rows()]))
    )
