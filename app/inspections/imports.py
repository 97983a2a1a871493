"""Importing a batch from the spreadsheet the team hands over (CSV or XLSX, read by the penalty
import's safe reader), with a preview of every error before anything is saved.

Columns, in the published order (Chinese headers; extra columns are ignored):
序号 | 受理编号 | 交办问题基本情况 | 行政区域 | 污染类型 | 承办单位 | 来电来信 | 重点关注 | 重复件 |
涉及企业 | 涉及自然人. 行政区域 may be a name (福山区) or a code; 承办单位 ``福山区`` or
``福山区:0.5,莱山区:0.5``; 涉及自然人 lists private persons' names to mask (never stored).

Nothing is saved until the office confirms a preview without errors: the confirmed rows travel
back signed (``app.kit.pagination``'s signature), are checked again and saved in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import record as audit
from app.inspections import scope, service
from app.inspections.fields import parse_case, unit_names
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError, ValidationFailed
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.kit.regions import current_divisions
from app.models import InspectionCase, InspectionUnit
from app.penalty_imports.reader import normalise_header, read_sheet

COLUMNS: dict[str, str] = {
    "序号": "sequence",
    "受理编号": "case_number",
    "交办问题基本情况": "summary",
    "行政区域": "area_code",
    "污染类型": "pollution_types",
    "承办单位": "units",
    "来电来信": "channel",
    "重点关注": "key_concern",
    "重复件": "duplicate_of",
    "涉及企业": "enterprises",
    "涉及自然人": "private_names",
}
REQUIRED = ("受理编号", "交办问题基本情况", "行政区域", "污染类型", "承办单位")
LABELS = {field: header for header, field in COLUMNS.items()}
_AREA_BY_NAME = {d.name: d.code for d in current_divisions()} | {"高新区": "370671"}


@dataclass(frozen=True)
class RowResult:
    row: int
    values: dict[str, str]
    problems: list[str]


@dataclass(frozen=True)
class Preview:
    rows: list[RowResult]
    token: str | None  # signed rows to confirm; None while any row has a problem

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.problems)


def _raw(headers: list[str], cells: list[Any]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for header, cell in zip(headers, cells, strict=False):
        field = COLUMNS.get(normalise_header(header))
        if field is not None:
            raw[field] = "" if cell is None else str(cell).strip()
    area = raw.get("area_code", "")
    raw["area_code"] = _AREA_BY_NAME.get(area, area)
    return raw


def _check(
    session: Session, campaign_id: int, rows: list[tuple[int, dict[str, str]]]
) -> list[RowResult]:
    seen: dict[str, int] = {}
    existing = set(
        session.scalars(
            select(InspectionCase.case_number).where(InspectionCase.campaign_id == campaign_id)
        )
    )
    units = set(session.scalars(select(InspectionUnit.name)))
    results = []
    for number, raw in rows:
        problems: list[str] = []
        try:
            data = parse_case(raw)
            service.resolve_shares(session, data)
        except DomainError as exc:
            problems = [f"{LABELS.get(f.field, f.field)}：{f.message}" for f in exc.fields] or [
                exc.message
            ]
            unknown = [n for n in unit_names(raw) if n not in units]
            if unknown and not any("未知的承办单位" in p for p in problems):
                problems.append(f"承办单位：未知的承办单位：{'、'.join(unknown)}")
        code = raw.get("case_number", "")
        if code and code in seen:
            problems.append(f"受理编号：与第{seen[code]}行重复")
        elif code and code in existing:
            problems.append("受理编号：本督察已有该受理编号")
        seen.setdefault(code, number)
        results.append(RowResult(number, raw, problems))
    return results


def preview(
    session: Session, secret: str, actor: Actor, batch_id: int, filename: str, content: bytes
) -> Preview:
    scope.require_office(session, actor, "导入交办信访件")
    batch = service.load_batch(session, batch_id)
    sheet = read_sheet(filename, content)
    headers = [normalise_header(h) for h in sheet.headers]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        message = f"缺少必需的列：{'、'.join(missing)}"
        raise ValidationFailed(message, fields=[FieldError("file", message, "missing_columns")])
    rows = [(n, _raw(sheet.headers, cells)) for n, cells in sheet.rows]
    results = _check(session, batch.campaign_id, rows)
    ok = results and not any(r.problems for r in results)
    token = (
        encode_cursor(secret, {"batch": batch.id, "rows": [r.values for r in results]})
        if ok
        else None
    )
    return Preview(results, token)


def confirm(session: Session, secret: str, actor: Actor, batch_id: int, token: str) -> int:
    """Save the confirmed rows (checked again); returns how many cases were created."""
    scope.require_office(session, actor, "导入交办信访件")
    try:
        payload = decode_cursor(secret, token, field="token")
    except InvalidCursor:
        raise ValidationFailed(
            fields=[FieldError("token", "导入内容无效，请重新上传", "token")]
        ) from None
    if payload.get("batch") != batch_id or not isinstance(payload.get("rows"), list):
        raise ValidationFailed(fields=[FieldError("token", "导入内容与批次不符", "token")])
    batch = service.load_batch(session, batch_id)
    rows = [(n, dict(r)) for n, r in enumerate(payload["rows"], start=2)]
    results = _check(session, batch.campaign_id, rows)
    bad = [r for r in results if r.problems]
    if bad:
        raise ValidationFailed(
            fields=[FieldError("token", f"第{bad[0].row}行：{bad[0].problems[0]}", "row")]
        )
    for _n, raw in rows:
        service.create_case(session, actor, batch.id, parse_case(raw), audit_it=False)
    audit(
        session,
        actor,
        "inspection.batch.import",
        "inspection_batch",
        batch.id,
        after={"cases": len(rows)},
    )
    return len(rows)
