"""Builders for the regulators' workflow tests: officers (accounts and their Actor) and raw
penalty input as a form or the API would send it."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from app.kit.actor import Actor, Role
from app.kit.identifiers import make_uscc
from app.models import Authority, Enterprise, User

_counter = itertools.count(1)

# A valid resident ID number (GB 11643 check character) used across the tests.
RESIDENT_ID = "370602198001011234"


def make_officer(
    session: Session,
    role: Role,
    authority: Authority | None,
    districts: frozenset[str] = frozenset(),
    name: str | None = None,
) -> Actor:
    """An account with ``role`` and its Actor (as the accounts feature would build it)."""
    n = next(_counter)
    user = User(
        username=name or f"wf-{role.value}-{n}",
        display_name=f"测试{n}号",
        password_hash="not-a-real-hash",
        role=role,
        authority_id=authority.id if authority else None,
        districts=sorted(districts),
        is_active=True,
    )
    session.add(user)
    session.flush()
    return Actor(
        user_id=user.id,
        username=user.username,
        role=role,
        authority_id=user.authority_id,
        districts=districts,
        source_ip="10.0.0.8",
    )


def penalty_form(
    enterprise: Enterprise | None = None,
    authority: Authority | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """The fields of a complete, valid penalty of ``enterprise`` (amounts in 元)."""
    n = next(_counter)
    values: dict[str, Any] = {
        "party_name": enterprise.name if enterprise else "李四",
        "party_type": "legal_entity" if enterprise else "natural_person",
        "party_uscc": enterprise.uscc if enterprise else "",
        "legal_representative": "张三" if enterprise else "",
        "party_id_type": "" if enterprise else "身份证",
        "party_id_number": "" if enterprise else RESIDENT_ID,
        "decision_number": f"烟环罚〔2026〕第{900 + n}号",
        "violation_type": "超标排放",
        "violation_facts": "经现场检查，该单位废气排放口颗粒物浓度超过排放标准。",
        "legal_basis": "《中华人民共和国大气污染防治法》第九十九条",
        "penalty_categories": ["罚款"],
        "penalty_content": "罚款人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分",
        "fine_amount_yuan": "123456.78",
        "confiscation_amount_yuan": "",
        "licence": "",
        "severity": "general",
        "decision_date": "2026-06-01",
        "valid_until": "2027-05-31",
        "district_code": enterprise.district_code if enterprise else "370611",
        "data_source_name": authority.name if authority else "烟台市生态环境局",
        "data_source_uscc": authority.uscc if authority else make_uscc("11", "370600", "00421154"),
        "remarks": "",
    }
    values.update(overrides)
    return values


TODAY = dt.date(2026, 7, 1)
