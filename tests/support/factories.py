"""Test data builders: real rows in the real test database, valid identifiers throughout.

Every builder flushes and returns the ORM object. Values are deterministic per call order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy.orm import Session

from app.kit.identifiers import make_uscc
from app.models import (
    Authority,
    Enterprise,
    EntryStatus,
    ListEntry,
    ListType,
    PartyType,
    PenaltyRecord,
    PenaltyVersion,
    Severity,
    VersionStatus,
)
from app.publication.periods import publication_end_date

_counter = itertools.count(1)


def uscc_for(n: int, division: str = "370611", prefix: str = "91") -> str:
    """A valid code, different for every ``n``."""
    return make_uscc(prefix, division, f"{n:08d}")


def make_authority(
    session: Session,
    name: str = "测试生态环境局",
    district: str = "370600",
    prefix: str = "烟环罚",
) -> Authority:
    n = next(_counter)
    authority = Authority(
        name=f"{name}{n}",
        uscc=make_uscc("11", "370699", f"{90000000 + n}"),
        district_code=district,
        decision_prefix=prefix,
    )
    session.add(authority)
    session.flush()
    return authority


def make_enterprise(
    session: Session,
    name: str | None = None,
    district: str = "370611",
    industry: str = "化学原料和化学制品制造业",
    uscc: str | None = None,
) -> Enterprise:
    n = next(_counter)
    enterprise = Enterprise(
        uscc=uscc or uscc_for(10_000 + n, division=district),
        name=name or f"烟台测试{n}化工有限公司",
        legal_representative="张三",
        district_code=district,
        industry=industry,
        address="山东省烟台市福山区测试路1号",
        former_names=[],
    )
    session.add(enterprise)
    session.flush()
    return enterprise


def make_penalty(
    session: Session,
    enterprise: Enterprise,
    authority: Authority | None = None,
    *,
    severity: Severity = Severity.general,
    decision_date: dt.date = dt.date(2026, 6, 1),
    status: VersionStatus = VersionStatus.published,
    violation_type: str = "超标排放",
    fine_wan: Decimal | None = Decimal("10.5"),
) -> PenaltyVersion:
    authority = authority or make_authority(session)
    n = next(_counter)
    record = PenaltyRecord(
        authority_id=authority.id,
        decision_number=f"{authority.decision_prefix}〔{decision_date.year}〕第{n}号",
        enterprise_id=enterprise.id,
    )
    session.add(record)
    session.flush()
    version = PenaltyVersion(
        record_id=record.id,
        version=1,
        status=status,
        published_at=dt.datetime.combine(decision_date, dt.time(2), tzinfo=dt.UTC)
        if status == VersionStatus.published
        else None,
        party_name=enterprise.name,
        party_type=PartyType.legal_entity,
        party_uscc=enterprise.uscc,
        legal_representative=enterprise.legal_representative,
        violation_type=violation_type,
        violation_facts="经现场检查，该单位废气排放口颗粒物浓度超过排放标准。",
        legal_basis="《中华人民共和国大气污染防治法》第九十九条",
        penalty_categories=["罚款"],
        penalty_content=f"罚款人民币{fine_wan}万元" if fine_wan else "警告",
        fine_amount=fine_wan,
        severity=severity,
        decision_date=decision_date,
        valid_until=decision_date + dt.timedelta(days=365),
        publication_end_date=publication_end_date(session, severity, decision_date),
        district_code=enterprise.district_code,
        data_source_name=authority.name,
        data_source_uscc=authority.uscc,
    )
    session.add(version)
    session.flush()
    return version


def make_list_entry(
    session: Session,
    enterprise: Enterprise,
    list_type: ListType = ListType.black,
    *,
    start: dt.date = dt.date(2026, 6, 1),
    end: dt.date = dt.date(2027, 5, 31),
    status: EntryStatus = EntryStatus.approved,
) -> ListEntry:
    entry = ListEntry(
        enterprise_id=enterprise.id,
        list_type=list_type,
        status=status,
        category="hidden_discharge" if list_type == ListType.black else None,
        basis="通过暗管排放水污染物" if list_type == ListType.black else "环境信用评价为绿色等级",
        start_date=start,
        end_date=end,
    )
    session.add(entry)
    session.flush()
    return entry
