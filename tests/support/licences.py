"""Builders for the licence tests: the raw form of a complete licence, and a published one."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.licences import repository
from app.licences import service as licences
from app.licences.fields import validate_licence
from app.models import Authority, Enterprise, LicenceVersion

_counter = itertools.count(1)


def licence_form(enterprise: Enterprise, authority: Authority, **overrides: Any) -> dict[str, Any]:
    """The fields of a complete, valid 排污许可 of ``enterprise``, as the form sends them."""
    n = next(_counter)
    values: dict[str, Any] = {
        "party_name": enterprise.name,
        "party_type": "legal_entity",
        "party_uscc": enterprise.uscc,
        "legal_representative": "张三",
        "kind": "pollutant_discharge",
        "document_name": "排污许可决定书",
        "document_number": f"烟环许〔2026〕{n}号",
        "category": "普通",
        "certificate_name": "排污许可证",
        "licence_number": f"{enterprise.uscc}{n:03d}P",
        "content": "准予排放废气、废水，许可排放浓度和排放量见副本",
        "decision_date": "2026-03-01",
        "valid_from": "2026-03-01",
        "valid_to": "2031-02-28",
        "data_source_name": authority.name,
        "data_source_uscc": authority.uscc,
        "remarks": "",
    }
    values.update(overrides)
    return values


def publish_licence(
    session: Session,
    clerk: Actor,
    reviewer: Actor,
    enterprise: Enterprise,
    authority: Authority,
    **overrides: Any,
) -> LicenceVersion:
    """A licence recorded by ``clerk`` and approved by ``reviewer``."""
    data = validate_licence(
        licence_form(enterprise, authority, **overrides), repository.kind_names(session)
    )
    draft = licences.create_draft(session, clerk, data, and_submit=True)
    return licences.approve(session, reviewer, draft.id)


def revoke(
    session: Session,
    clerk: Actor,
    reviewer: Actor,
    record_id: int,
    on: dt.date,
    kind: str = "revoked",
) -> None:
    licences.propose_revocation(
        session,
        clerk,
        record_id,
        kind=kind,
        on=on,
        reason="以欺骗手段取得",
        document="烟环撤〔2026〕1号",
    )
    licences.decide_revocation(session, reviewer, record_id, confirm=True)


def make_licence(
    session: Session,
    enterprise: Enterprise,
    authority: Authority,
    *,
    kind: str = "pollutant_discharge",
    decided: dt.date = dt.date(2025, 3, 1),
    valid_to: dt.date | None = dt.date(2030, 2, 28),
) -> LicenceVersion:
    """A published licence stored directly (no workflow, no feed event), public since
    ``decided``."""
    from app.kit import clock
    from app.models import LicenceCategory, LicenceRecord, PartyType, VersionStatus

    n = next(_counter)
    kind_row = repository.kind_by_code(session, kind)
    assert kind_row is not None
    record = LicenceRecord(
        authority_id=authority.id,
        document_number=f"烟环许〔2025〕{n}号",
        enterprise_id=enterprise.id,
    )
    session.add(record)
    session.flush()
    published = dt.datetime.combine(decided, dt.time(10), tzinfo=clock.SHANGHAI)
    version = LicenceVersion(
        record_id=record.id,
        version=1,
        status=VersionStatus.published,
        published_at=published,
        party_name=enterprise.name,
        party_type=PartyType.legal_entity,
        party_uscc=enterprise.uscc,
        legal_representative=enterprise.legal_representative,
        kind_id=kind_row.id,
        document_name=f"{kind_row.name}决定书",
        category=LicenceCategory.general,
        certificate_name=kind_row.certificate_name,
        licence_number=f"{enterprise.uscc}{n:03d}P",
        content="准予许可",
        decision_date=decided,
        valid_from=decided,
        valid_to=valid_to,
        district_code=enterprise.district_code,
        data_source_name=authority.name,
        data_source_uscc=authority.uscc,
    )
    session.add(version)
    session.flush()
    return version
