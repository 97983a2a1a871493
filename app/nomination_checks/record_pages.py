"""The record of nomination checks, for administrators: list with filters, export as CSV.

The record holds who asked, when, as of which date, how many candidates, how many barred / to
review / invalid / clear, the data and rule used, and which barred persons were answered; never an
ID number. The export is itself audited.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.audit.service import record as audit
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.csv import CSV_MEDIA_TYPE, attachment, csv_bytes
from app.kit.db import session_dependency
from app.kit.errors import FieldError
from app.kit.pagination import decode_cursor, encode_cursor
from app.models import NominationCheck
from app.models.nomination_check import CHECK_CHANNEL_LABELS
from app.nomination_checks import repository as repo
from app.web.admin import field_errors, render_admin
from app.web.auth import require_user

router = APIRouter(include_in_schema=False)
PAGE = "/admin/nomination-checks"
EXPORT_LIMIT = 100_000


def _day_start(value: str, name: str, problems: list[FieldError]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(FieldError(name, "应为日期（YYYY-MM-DD）"))
        return None


def _utc(day: dt.date) -> dt.datetime:
    """Midnight of a day in Shanghai, as UTC (the filters are in local days)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SHANGHAI).astimezone(dt.UTC)


def _filter(request: Request) -> tuple[repo.ChecksFilter, dict[str, str], list[FieldError]]:
    q = request.query_params
    problems: list[FieldError] = []
    raw = {
        "username": q.get("username", "").strip()[:50],
        "date_from": q.get("date_from", "").strip()[:10],
        "date_to": q.get("date_to", "").strip()[:10],
    }
    start = _day_start(raw["date_from"], "date_from", problems)
    end = _day_start(raw["date_to"], "date_to", problems)
    f = repo.ChecksFilter(
        username=raw["username"],
        date_from=_utc(start) if start else None,
        date_to=_utc(end + dt.timedelta(days=1)) if end else None,
    )
    return f, {k: v for k, v in raw.items() if v}, problems


@router.get(PAGE)
def checks_list(
    request: Request,
    actor: Actor = Depends(require_user(Role.admin)),
    session: Session = Depends(session_dependency),
) -> Response:
    settings: Settings = request.app.state.settings
    f, filters, problems = _filter(request)
    cursor = request.query_params.get("cursor")
    before_id = int(decode_cursor(settings.secret_key, cursor)["id"]) if cursor else None
    limit = settings.page_size_default
    rows = repo.checks_page(session, f, before_id=before_id, limit=limit)
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        token = encode_cursor(settings.secret_key, {"id": rows[-1][0].id})
        next_url = PAGE + "?" + urlencode({**filters, "cursor": token})
    return render_admin(
        request,
        actor,
        "nominations/checks_admin.html",
        page_title="提名审查记录",
        rows=[{"check": c, "username": u} for c, u in rows],
        channels={k.value: v for k, v in CHECK_CHANNEL_LABELS.items()},
        filters=filters,
        errors=field_errors(problems),
        next_url=next_url,
        export_url=PAGE + "/export.csv" + (("?" + urlencode(filters)) if filters else ""),
    )


EXPORT_HEADER = (
    "审查编号",
    "时间（北京时间）",
    "账户",
    "方式",
    "审查基准日",
    "候选人数",
    "受限",
    "需人工核对",
    "身份证号有误",
    "未发现限制",
    "数据更新时间（北京时间）",
    "规则版本",
    "涉及的受限人员编号",
    "文件名",
    "来源IP",
)


def _local(value: dt.datetime | None) -> str:
    return clock.to_local(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _export_row(check: NominationCheck, username: str) -> list[object]:
    return [
        check.id,
        _local(check.created_at),
        username,
        CHECK_CHANNEL_LABELS[check.channel],
        check.as_of.isoformat(),
        check.candidates,
        check.barred,
        check.needs_review,
        check.invalid,
        check.clear,
        _local(check.data_changed_at),
        check.rule_version,
        " ".join(str(i) for i in check.matched_person_ids),
        check.file_name or "",
        check.source_ip or "",
    ]


@router.get(PAGE + "/export.csv")
def checks_export(
    request: Request,
    actor: Actor = Depends(require_user(Role.admin)),
    session: Session = Depends(session_dependency),
) -> Response:
    f, filters, _problems = _filter(request)
    rows = repo.checks_page(session, f, before_id=None, limit=EXPORT_LIMIT)[:EXPORT_LIMIT]
    body = csv_bytes(EXPORT_HEADER, [_export_row(c, u) for c, u in rows])
    audit(
        session,
        actor,
        "nomination_check.export",
        "nomination_check",
        None,
        after={"filters": filters, "rows": len(rows)},
    )
    stamp = clock.to_local(clock.now()).strftime("%Y%m%d-%H%M")
    headers = {
        **attachment(f"提名审查记录-{stamp}.csv", f"nomination-checks-{stamp}.csv"),
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=CSV_MEDIA_TYPE, headers=headers)
