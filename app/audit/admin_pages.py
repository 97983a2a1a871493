"""The audit trail for administrators: browse with filters, page by page, and export as CSV."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.audit import repository
from app.audit.labels import ACTION_LABELS, action_label
from app.audit.repository import AuditFilter
from app.audit.service import record
from app.kit import clock
from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_bytes
from app.kit.errors import FieldError
from app.kit.pagination import decode_cursor, encode_cursor
from app.models import AuditEntry
from app.web.admin import field_errors, render_admin
from app.web.auth import AdminUser
from app.web.deps import DbSession, SettingsDep

router = APIRouter(include_in_schema=False)
EXPORT_LIMIT = 100_000


def _parse_date(value: str, name: str, problems: list[FieldError]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(FieldError(name, "应为日期（YYYY-MM-DD）"))
        return None


def _filter(request: Request) -> tuple[AuditFilter, list[FieldError]]:
    q = request.query_params
    problems: list[FieldError] = []
    f = AuditFilter(
        actor=q.get("actor", "").strip()[:50],
        action=q.get("action", "").strip()[:64],
        object_type=q.get("object_type", "").strip()[:64],
        object_id=q.get("object_id", "").strip()[:64],
        date_from=_parse_date(q.get("date_from", "").strip(), "date_from", problems),
        date_to=_parse_date(q.get("date_to", "").strip(), "date_to", problems),
    )
    return f, problems


def _values(value: dict[str, Any] | None) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


@router.get("/admin/audit")
def audit_log(
    request: Request,
    settings: SettingsDep,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    f, problems = _filter(request)
    cursor = request.query_params.get("cursor")
    before_id = int(decode_cursor(settings.secret_key, cursor)["id"]) if cursor else None
    limit = settings.page_size_default
    entries = list(repository.page(session, f, before_id=before_id, limit=limit))
    next_url = None
    if len(entries) > limit:
        entries = entries[:limit]
        token = encode_cursor(settings.secret_key, {"id": entries[-1].id})
        next_url = "/admin/audit?" + urlencode({**f.as_dict(), "cursor": token})
    rows = [
        {
            "entry": e,
            "action": action_label(e.action),
            "before": _values(e.before),
            "after": _values(e.after),
        }
        for e in entries
    ]
    return render_admin(
        request,
        actor,
        "admin/audit.html",
        page_title="审计日志",
        rows=rows,
        filters=f.as_dict(),
        actions=sorted(ACTION_LABELS.items()),
        errors=field_errors(problems),
        next_url=next_url,
        first_page=cursor is None,
        export_url="/admin/audit/export.csv"
        + (("?" + urlencode(f.as_dict())) if f.as_dict() else ""),
    )


@router.get("/admin/audit/export.csv")
def export(
    request: Request,
    actor: AdminUser,
    session: DbSession,
) -> Response:
    f, _problems = _filter(request)
    entries: list[AuditEntry] = list(repository.export_rows(session, f, EXPORT_LIMIT))
    header = [
        "序号",
        "时间（北京时间）",
        "操作人",
        "角色",
        "操作",
        "操作代码",
        "对象类型",
        "对象标识",
        "修改前",
        "修改后",
        "来源IP",
        "哈希",
    ]
    rows = [
        [
            e.seq,
            clock.to_local(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_username or "",
            e.actor_role or "",
            action_label(e.action),
            e.action,
            e.object_type,
            e.object_id or "",
            _values(e.before),
            _values(e.after),
            e.source_ip or "",
            e.hash,
        ]
        for e in entries
    ]
    body = csv_bytes(header, rows)
    record(
        session,
        actor,
        "audit.export",
        "audit_log",
        None,
        after={"filters": f.as_dict(), "rows": len(rows)},
    )
    stamp = clock.to_local(clock.now()).strftime("%Y%m%d-%H%M")
    headers = {
        **attachment(f"审计日志-{stamp}.csv", f"audit-{stamp}.csv"),
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=CSV_MEDIA_TYPE, headers=headers)
