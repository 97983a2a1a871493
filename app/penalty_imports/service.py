"""Batch import of penalties: check a whole file first, then send its valid rows for review as
one batch, which a reviewer approves in whole or in part.

1. ``preview``: every row is validated with the same rules as the form (``validate_penalty``)
   plus the file's own: the 处罚机关 must be the uploader's, a decision number may appear once
   (in the file and among the authority's records), the district must be determinable and in
   the uploader's jurisdiction. Nothing becomes a penalty; the batch keeps the valid rows (ID
   numbers already hashed, masked and encrypted) and every problem by row and column.
2. ``submit_batch``: the uploader sends the valid rows for review: each becomes a submitted
   version linked to the batch (a row that fails now, e.g. a number taken meanwhile, is listed).
3. ``review_rows``: a reviewer (not the uploader) approves all or some rows, or returns some with
   a comment; each is the same action as for a single penalty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.actors import actor_authority
from app.access.guards import (
    MAKER_ROLES,
    InvalidState,
    require_checker,
    require_role,
    required_text,
)
from app.access.jurisdiction import current_division
from app.audit.service import record as audit
from app.config import Settings
from app.enterprises.repository import enterprise_by_uscc
from app.kit import clock
from app.kit.actor import Actor
from app.kit.db import refresh_planner_statistics
from app.kit.errors import DomainError, NotFound
from app.kit.id_numbers import ProtectedId
from app.kit.identifiers import normalise
from app.models import (
    Authority,
    ImportStatus,
    PartyType,
    PenaltyImportBatch,
    PenaltyRecord,
    PenaltyVersion,
    Severity,
    VersionStatus,
)
from app.penalties import service as workflow
from app.penalties.fields import PenaltyInput, validate_penalty
from app.penalty_imports.columns import REQUIRED_COLUMNS, column_label, field_for
from app.penalty_imports.reader import read_sheet

MAX_PROBLEMS = 1000


# The tables an approved batch grows: their planner statistics are refreshed after it.
PENALTY_TABLES = ("penalty_records", "penalty_versions")


def _problem(row: int | None, field: str, message: str) -> dict[str, Any]:
    column = column_label(field) if field != "file" else ""
    return {"row": row, "column": column, "field": field, "message": message}


def to_json(data: PenaltyInput) -> dict[str, Any]:
    raw = dataclasses.asdict(data)
    for name in ("fine_amount", "confiscation_amount"):
        raw[name] = None if raw[name] is None else format(raw[name], "f")
    for name in ("decision_date", "valid_until"):
        raw[name] = raw[name].isoformat()
    raw["party_type"] = data.party_type.value
    raw["severity"] = data.severity.value
    return raw


def from_json(raw: dict[str, Any]) -> PenaltyInput:
    values = dict(raw)
    for name in ("fine_amount", "confiscation_amount"):
        values[name] = None if values[name] is None else Decimal(values[name])
    for name in ("decision_date", "valid_until"):
        values[name] = dt.date.fromisoformat(values[name])
    values["party_type"] = PartyType(values["party_type"])
    values["severity"] = Severity(values["severity"])
    for name in ("party_id", "legal_rep_id"):
        values[name] = ProtectedId(**values[name]) if values[name] else None
    return PenaltyInput(**values)


def _row_values(headers: list[str | None], cells: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field, cell in zip(headers, cells, strict=False):
        if field is not None:
            values[field] = cell if isinstance(cell, dt.date) else str(cell or "").strip()
    return values


def _check_rows(
    session: Session,
    settings: Settings,
    actor: Actor,
    authority: Authority,
    rows: Sequence[tuple[int, list[Any]]],
    fields: list[str | None],
    unit: str,
    problems: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], set[int]]:
    """The rows that pass (staged) and the numbers of those that do not; their problems are
    added to ``problems``. A decision number appears once in a file and is new to the
    authority."""
    taken = set(
        session.scalars(
            select(PenaltyRecord.decision_number).where(PenaltyRecord.authority_id == authority.id)
        )
    )
    staged: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    bad_rows: set[int] = set()
    for number, cells in rows:
        raw = _row_values(fields, cells)
        raw.setdefault("data_source_name", authority.name)
        raw.setdefault("data_source_uscc", authority.uscc)
        raw["data_source_name"] = raw["data_source_name"] or authority.name
        raw["data_source_uscc"] = raw["data_source_uscc"] or authority.uscc
        raw["create_enterprise"] = "1"
        checked = _row_problems(session, settings, actor, authority, raw, unit)
        found: list[dict[str, Any]] = []
        if isinstance(checked, PenaltyInput):
            first = seen.setdefault(checked.decision_number, number)
            if first != number:
                found.append(_problem(number, "decision_number", f"与第{first}行文号重复"))
            elif checked.decision_number in taken:
                found.append(_problem(number, "decision_number", "本机关已有该文号的处罚记录"))
        else:
            found = checked
        if found:
            bad_rows.add(number)
            problems.extend({**p, "row": number} for p in found)
        elif isinstance(checked, PenaltyInput):
            staged.append({"row": number, "data": to_json(checked)})
    return staged, bad_rows


def preview(
    session: Session, settings: Settings, actor: Actor, filename: str, content: bytes
) -> PenaltyImportBatch:
    """Check a file and keep the result as a batch to submit (no penalty is created)."""
    require_role(actor, MAKER_ROLES, "批量导入行政处罚")
    authority = actor_authority(session, actor)
    sheet = read_sheet(filename, content)
    fields = [field_for(h) for h in sheet.headers]
    problems: list[dict[str, Any]] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in fields]
    if missing:
        names = "、".join(column_label(c) for c in missing)
        problems.append(_problem(None, "file", f"缺少必需的列：{names}"))
    unit = "yuan" if any(f and f.endswith("_yuan") for f in fields) else "wan"
    rows = sheet.rows if not missing else []
    staged, bad_rows = _check_rows(
        session, settings, actor, authority, rows, fields, unit, problems
    )
    batch = PenaltyImportBatch(
        authority_id=authority.id,
        uploaded_by_id=actor.user_id,
        filename=filename[-200:] or "upload",
        file_format=sheet.file_format,
        file_sha256=hashlib.sha256(content).hexdigest(),
        status=ImportStatus.preview,
        total_rows=len(sheet.rows),
        valid_rows=len(staged),
        error_rows=len(bad_rows),
        staged=staged,
        problems=problems[:MAX_PROBLEMS],
    )
    session.add(batch)
    session.flush()
    audit(
        session,
        actor,
        "penalty_import.upload",
        "penalty_import_batch",
        batch.id,
        after={
            "filename": batch.filename,
            "sha256": batch.file_sha256,
            "total_rows": batch.total_rows,
            "valid_rows": batch.valid_rows,
            "error_rows": batch.error_rows,
        },
    )
    return batch


def _row_problems(
    session: Session,
    settings: Settings,
    actor: Actor,
    authority: Any,
    raw: dict[str, Any],
    unit: str,
) -> PenaltyInput | list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    named = raw.get("authority_name") or ""
    code = normalise(str(raw.get("authority_uscc") or ""))
    if (named and named != authority.name) or (code and code != authority.uscc):
        problems.append(_problem(None, "authority_name", f"处罚机关应为本机关（{authority.name}）"))
    try:
        data = validate_penalty(raw, settings, amount_unit=unit)
    except DomainError as exc:
        return problems + [_problem(None, f.field, f.message) for f in exc.fields]
    district = data.district_code
    if district is None and data.party_uscc:
        enterprise = enterprise_by_uscc(session, data.party_uscc)
        district = current_division(
            enterprise.district_code if enterprise else data.party_uscc[2:8]
        )
    if district is None:
        problems.append(_problem(None, "district_code", "无法确定所属区县，请填写“所属区县代码”列"))
    elif not actor.covers(district):
        problems.append(_problem(None, "district_code", "所属区县不在您的辖区内"))
    else:
        data.district_code = district
    return problems or data


def load_batch(session: Session, actor: Actor, batch_id: int) -> PenaltyImportBatch:
    batch = session.get(PenaltyImportBatch, batch_id)
    if batch is None or (actor.districts and batch.authority_id != actor.authority_id):
        raise NotFound("未找到该导入批次")
    return batch


def submit_batch(session: Session, actor: Actor, batch_id: int) -> PenaltyImportBatch:
    """The uploader sends the batch's valid rows for review, as one batch."""
    require_role(actor, MAKER_ROLES, "提交导入批次")
    batch = load_batch(session, actor, batch_id)
    if batch.status != ImportStatus.preview:
        raise InvalidState("该批次已提交或已取消")
    if batch.uploaded_by_id != actor.user_id:
        raise InvalidState("只有上传人可以提交该批次")
    created: list[int] = []
    failures: list[dict[str, Any]] = []
    for item in batch.staged:
        savepoint = session.begin_nested()
        try:
            version = workflow.create_draft(
                session,
                actor,
                from_json(item["data"]),
                import_batch_id=batch.id,
                import_row=item["row"],
            )
            workflow.submit(session, actor, version.id)
        except DomainError as exc:
            savepoint.rollback()
            fields = exc.fields or []
            message = "；".join(f.message for f in fields) or exc.message
            failures.append(_problem(item["row"], fields[0].field if fields else "file", message))
            continue
        savepoint.commit()
        created.append(version.id)
    batch.status = ImportStatus.submitted
    batch.submitted_at = clock.now()
    batch.staged = []  # the rows are versions now; keep no second copy of personal data
    batch.valid_rows = len(created)
    batch.error_rows += len(failures)
    batch.problems = [*batch.problems, *failures][:MAX_PROBLEMS]
    session.flush()
    audit(
        session,
        actor,
        "penalty_import.submit",
        "penalty_import_batch",
        batch.id,
        after={"submitted_versions": created, "failed_rows": [f["row"] for f in failures]},
    )
    return batch


def cancel_batch(session: Session, actor: Actor, batch_id: int) -> PenaltyImportBatch:
    batch = load_batch(session, actor, batch_id)
    if batch.status != ImportStatus.preview or batch.uploaded_by_id != actor.user_id:
        raise InvalidState("只有上传人可以取消尚未提交的批次")
    batch.status = ImportStatus.cancelled
    batch.staged = []
    session.flush()
    audit(session, actor, "penalty_import.cancel", "penalty_import_batch", batch.id)
    return batch


def in_preview(batch: PenaltyImportBatch) -> bool:
    """Checked and staged, not yet submitted or cancelled."""
    return batch.status == ImportStatus.preview


def may_submit(actor: Actor, batch: PenaltyImportBatch) -> bool:
    """Only its uploader submits a batch in preview."""
    return in_preview(batch) and batch.uploaded_by_id == actor.user_id


def reviewable(versions: Sequence[PenaltyVersion]) -> set[int]:
    """The versions of a batch that await review (the others are decided or withdrawn)."""
    return {v.id for v in versions if v.status == VersionStatus.submitted}


def batch_versions(session: Session, actor: Actor, batch_id: int) -> list[PenaltyVersion]:
    """The batch's versions in the actor's jurisdiction, by row."""
    query = select(PenaltyVersion).where(PenaltyVersion.import_batch_id == batch_id)
    if actor.districts:
        query = query.where(PenaltyVersion.district_code.in_(sorted(actor.districts)))
    return list(session.scalars(query.order_by(PenaltyVersion.import_row, PenaltyVersion.id)))


def review_rows(
    session: Session,
    actor: Actor,
    batch_id: int,
    *,
    approve: bool,
    version_ids: list[int] | None = None,
    comment: str = "",
) -> list[int]:
    """Approve (or return with ``comment``) the chosen rows of a batch, or all awaiting review
    when ``version_ids`` is None. Returns the versions decided."""
    batch = load_batch(session, actor, batch_id)
    require_checker(actor, (batch.uploaded_by_id,), "审核导入批次")
    pending = [
        v for v in batch_versions(session, actor, batch.id) if v.status == VersionStatus.submitted
    ]
    chosen = pending if version_ids is None else [v for v in pending if v.id in set(version_ids)]
    if not approve:
        required_text(comment, "comment", "退回原因")
    for version in chosen:
        if approve:
            workflow.approve(session, actor, version.id)
        else:
            workflow.return_to_maker(session, actor, version.id, comment)
    decided = [v.id for v in chosen]
    if approve and decided:
        refresh_planner_statistics(session, PENALTY_TABLES)
    audit(
        session,
        actor,
        "penalty_import.approve" if approve else "penalty_import.return",
        "penalty_import_batch",
        batch.id,
        after={"versions": decided, "comment": comment or None},
    )
    return decided
