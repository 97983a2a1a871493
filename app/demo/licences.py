"""Administrative licences and joint-measure feedback of the demo data.

Licences: about a third of the active enterprises hold a 排污许可 (most in force, some expired,
a few cancelled or revoked), some also an environmental impact approval, a few a hazardous-waste
or radiation-safety licence, decided by their district's branch or the city bureau. Feedback:
for each black-list entry in force, departments have reported some measures (applied or not,
with the reason), others are still pending or overdue.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.demo.penalties import Authorities
from app.kit.clock import SHANGHAI
from app.models import JointMeasure, LicenceKind

# kind code -> (share of the enterprises holding one, 文书名称, 许可内容, years valid or None)
KINDS: dict[str, tuple[float, str, str, int | None]] = {
    "pollutant_discharge": (
        0.33,
        "排污许可决定书",
        "准予按照排污许可证载明的排放口、污染物种类、许可排放浓度和排放量排放废气、废水",
        5,
    ),
    "eia_approval": (
        0.12,
        "建设项目环境影响报告表的批复",
        "同意该建设项目按照环境影响报告表所列性质、规模、地点和环境保护措施建设",
        None,
    ),
    "hazardous_waste": (
        0.015,
        "危险废物经营许可决定书",
        "准予从事HW08、HW49类危险废物收集、贮存、利用经营活动",
        5,
    ),
    "radiation_safety": (
        0.02,
        "辐射安全许可决定书",
        "准予使用Ⅲ类射线装置",
        5,
    ),
}
CATEGORY = {
    "pollutant_discharge": "general",
    "eia_approval": "approval",
    "hazardous_waste": "special",
    "radiation_safety": "general",
}
REVOKED_SHARE = 0.01
CANCELLED_SHARE = 0.02


@dataclass(frozen=True)
class Holder:
    id: int
    uscc: str
    name: str
    legal_representative: str | None
    district_code: str
    established: dt.date


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI).astimezone(dt.UTC)


def licence_rows(
    conn: Connection,
    rng: random.Random,
    holders: list[Holder],
    authorities: Authorities,
    as_of: dt.date,
    first_record: int,
    first_version: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(records, versions) of the demo licences."""
    kinds = {
        k.code: k
        for k in conn.execute(
            select(LicenceKind.id, LicenceKind.code, LicenceKind.certificate_name)
        )
    }
    records: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    serial = 0
    for holder in holders:
        for code, (share, document, content, years) in KINDS.items():
            if code not in kinds or rng.random() >= share:
                continue
            kind = kinds[code]
            earliest = max(holder.established, as_of - dt.timedelta(days=365 * 7))
            span = max(1, (as_of - earliest).days - 1)
            decided = earliest + dt.timedelta(days=rng.randrange(span))
            authority = authorities.by_district.get(holder.district_code, authorities.city)
            if code in ("hazardous_waste", "radiation_safety"):
                authority = authorities.city
            serial += 1
            record_id = first_record + len(records)
            year = decided.year
            prefix = authority.decision_prefix.removesuffix("罚")
            suffix = "P" if code == "pollutant_discharge" else "L"
            revocation: dict[str, Any] = {
                "revocation_kind": None,
                "revocation_date": None,
                "revocation_reason": None,
                "revocation_document": None,
                "revocation_proposed_by_id": None,
                "revocation_proposed_at": None,
                "revoked_by_id": None,
                "revoked_at": None,
            }
            valid_to = decided + dt.timedelta(days=365 * years - 1) if years else None
            draw = rng.random()
            if draw < REVOKED_SHARE + CANCELLED_SHARE and decided < as_of - dt.timedelta(days=60):
                cancelled = draw >= REVOKED_SHARE
                on = decided + dt.timedelta(days=rng.randrange(30, max(31, (as_of - decided).days)))
                revocation.update(
                    revocation_kind="cancelled" if cancelled else "revoked",
                    revocation_date=on,
                    revocation_reason="企业关闭，申请注销" if cancelled else "违法排污被吊销",
                    revocation_document=f"{prefix}销〔{on.year}〕{record_id}号",
                    revocation_proposed_at=_at(on, 9),
                    revoked_at=_at(on, 15),
                )
            created = _at(decided, 9)
            records.append(
                {
                    "id": record_id,
                    "authority_id": authority.id,
                    "document_number": f"{prefix}许〔{year}〕{record_id}号",
                    "enterprise_id": holder.id,
                    "created_at": created,
                    "updated_at": created,
                    **revocation,
                }
            )
            versions.append(
                {
                    "id": first_version + len(versions),
                    "record_id": record_id,
                    "version": 1,
                    "status": "published",
                    "published_at": _at(decided, 16),
                    "reviewed_at": _at(decided, 16),
                    "submitted_at": _at(decided, 11),
                    "party_name": holder.name,
                    "party_type": "legal_entity",
                    "party_uscc": holder.uscc,
                    "legal_representative": holder.legal_representative,
                    "kind_id": kind.id,
                    "document_name": document,
                    "category": CATEGORY[code],
                    "certificate_name": kind.certificate_name,
                    "licence_number": f"{holder.uscc}{serial % 1000:03d}{suffix}",
                    "content": content,
                    "decision_date": decided,
                    "valid_from": decided,
                    "valid_to": valid_to,
                    "district_code": holder.district_code,
                    "data_source_name": authority.name,
                    "data_source_uscc": authority.uscc,
                    "remarks": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    return records, versions


def feedback_rows(
    conn: Connection,
    rng: random.Random,
    entries: list[dict[str, Any]],
    as_of: dt.date,
    first_id: int,
) -> list[dict[str, Any]]:
    """Departments' feedback on the black-list entries' measures, in several states: applied,
    not applied (with the reason), and none yet (pending, or overdue once the deadline passed)."""
    columns = (
        JointMeasure.id,
        JointMeasure.list_type,
        JointMeasure.effect,
        JointMeasure.department_id,
        JointMeasure.feedback_days,
    )
    measures = [
        m
        for m in conn.execute(select(*columns).order_by(JointMeasure.id))
        if m.list_type is not None
        and str(getattr(m.list_type, "value", m.list_type)) == "black"
        and m.effect is None
    ]
    rows: list[dict[str, Any]] = []
    for entry in entries:
        if entry.get("list_type") != "black" or entry.get("approved_at") is None:
            continue
        if entry["end_date"] < as_of or entry["start_date"] > as_of:
            continue
        approved = entry["approved_at"].astimezone(SHANGHAI).date()
        for measure in measures:
            draw = rng.random()
            if draw < 0.55:
                days = rng.randint(3, measure.feedback_days + 10)
                applied_on = min(as_of, approved + dt.timedelta(days=days))
                rows.append(
                    {
                        "measure_id": measure.id,
                        "list_entry_id": entry["id"],
                        "department_id": measure.department_id,
                        "outcome": "applied",
                        "applied_to": None,
                        "applied_on": applied_on,
                        "document_number": f"烟信惩〔{applied_on.year}〕"
                        f"{entry['id']}-{measure.id}号",
                        "reason": None,
                        "reported_by_id": None,
                        "reported_at": _at(applied_on, 17),
                    }
                )
            elif draw < 0.65:
                day = min(as_of, approved + dt.timedelta(days=rng.randint(5, 25)))
                rows.append(
                    {
                        "measure_id": measure.id,
                        "list_entry_id": entry["id"],
                        "department_id": measure.department_id,
                        "outcome": "not_applied",
                        "applied_to": None,
                        "applied_on": None,
                        "document_number": None,
                        "reason": "该企业在列期间未参与本部门相关事项，无实施对象",
                        "reported_by_id": None,
                        "reported_at": _at(day, 17),
                    }
                )
    for n, row in enumerate(rows):
        row["id"] = first_id + n
    return rows
