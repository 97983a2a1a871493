"""The nomination watch's pages for nomination bodies (提名审查 accounts only; nothing public).

- ``GET /admin/nomination-watches``: the account's watches and the form to start one (upload a
  candidate list as for the check, the election day, an optional HTTPS callback);
- ``GET /admin/nomination-watches/{id}``: the page to poll: notifications (newest first, with
  their delivery), the candidates barred or to be reviewed, the "不是同一人" decision;
- ``POST …/{id}/candidates/{index}/review`` and ``POST …/{id}/end``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import DomainError, FieldError
from app.models.nomination_check import CANDIDATE_STATUS_LABELS
from app.models.nomination_watch_notification import DELIVERY_STATUS_LABELS
from app.nomination_checks.admin_pages import NO_STORE, limit_upload
from app.nomination_checks.files import UploadError, read_candidates
from app.nomination_watch import repository as repo
from app.nomination_watch.rules import CHANGES
from app.nomination_watch.service import end_watch, owned, register, review
from app.web.admin import field_errors, render_admin
from app.web.auth import require_user
from app.web.deps import session_dependency
from app.web.forms import PostedForm, attempt, posted_form, see_other
from app.web.params import RecordId

router = APIRouter(include_in_schema=False)
PAGE = "/admin/nomination-watches"
NOTIFICATIONS_SHOWN = 200
DONE = {
    "created": "监测已开始：此后每次规则复查后，候选人状态有变化时会通知您。",
    "reviewed": "已记录“不是同一人”：该匹配在本监测中不再提示。",
    "ended": "监测已结束，候选人记录已删除。",
}
member = require_user(Role.nomination)


def _list(
    request: Request,
    actor: Actor,
    session: Session,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
    secret: str | None = None,
) -> Response:
    settings: Settings = request.app.state.settings
    return render_admin(
        request,
        actor,
        "nominations/watches.html",
        status_code=status_code,
        headers=NO_STORE,
        page_title="提名人选监测",
        watches=repo.watches_of(session, actor.user_id),
        form=form or {"name": "", "end_date": "", "callback_url": ""},
        errors=errors or {},
        max_batch=settings.nomination_check_max_batch,
        secret=secret,
        done=DONE.get(request.query_params.get("done", ""), ""),
        today=clock.today().isoformat(),
    )


@router.get(PAGE)
def watches_page(
    request: Request, actor: Actor = Depends(member), session: Session = Depends(session_dependency)
) -> Response:
    return _list(request, actor, session)


def _start(
    request: Request, actor: Actor, session: Session, form: dict[str, str], data: bytes
) -> Response:
    settings: Settings = request.app.state.settings
    problems: list[FieldError] = []
    try:
        end_date = dt.date.fromisoformat(form["end_date"])
    except ValueError:
        problems.append(FieldError("end_date", "请填写选举日（YYYY-MM-DD）"))
    if not data:
        problems.append(FieldError("file", "请选择候选人名单文件（CSV或XLSX）"))
    try:
        if problems:
            raise DomainError(fields=problems)
        candidates = read_candidates(data, settings.nomination_check_max_batch)
        with attempt(session):
            result = register(
                session,
                settings,
                actor,
                name=form["name"],
                end_date=end_date,
                callback_url=form["callback_url"] or None,
                candidates=candidates,
            )
    except UploadError as error:
        errors = {"file": [error.message]}
        return _list(request, actor, session, form=form, errors=errors, status_code=422)
    except DomainError as error:
        errors = field_errors(error.fields) or {"file": [error.message]}
        status = error.status_code if error.status_code != 400 else 422
        return _list(request, actor, session, form=form, errors=errors, status_code=status)
    if result.secret:  # shown once, never stored in the clear
        return _list(request, actor, session, secret=result.secret)
    return see_other(f"{PAGE}/{result.watch.id}?done=created")


@router.post(PAGE)
async def start_watch(
    request: Request,
    _size: None = Depends(limit_upload),
    actor: Actor = Depends(member),
    session: Session = Depends(session_dependency),
) -> Response:
    form = await request.form()
    try:
        upload = form.get("file")
        data = await upload.read() if isinstance(upload, UploadFile) else b""
        fields = {k: str(form.get(k) or "").strip() for k in ("name", "end_date", "callback_url")}
    finally:
        await form.close()
    return await run_in_threadpool(_start, request, actor, session, fields, data)


@router.get(PAGE + "/{watch_id}")
def watch_page(
    request: Request,
    watch_id: RecordId,
    actor: Actor = Depends(member),
    session: Session = Depends(session_dependency),
) -> Response:
    watch = owned(session, actor, watch_id)
    notes = repo.notifications_page(session, watch.id, 0, 100_000)[-NOTIFICATIONS_SHOWN:]
    done = request.query_params.get("done", "")
    return render_admin(
        request,
        actor,
        "nominations/watch.html",
        headers=NO_STORE,
        page_title=f"提名人选监测：{watch.name}",
        watch=watch,
        done=DONE.get(done, ""),
        attention=repo.needing_review(session, watch.id),
        notifications=[(n, json.loads(n.body)) for n in reversed(notes)],
        statuses={s.value: label for s, label in CANDIDATE_STATUS_LABELS.items()},
        changes=CHANGES,
        deliveries={d.value: label for d, label in DELIVERY_STATUS_LABELS.items()},
    )


@router.post(PAGE + "/{watch_id}/candidates/{index}/review")
def review_candidate(
    request: Request,
    form: Annotated[PostedForm, Depends(posted_form())],
    watch_id: RecordId,
    index: RecordId,
    actor: Actor = Depends(member),
    session: Session = Depends(session_dependency),
) -> Response:
    review(session, actor, watch_id, index, form.get("note"))
    return see_other(f"{PAGE}/{watch_id}?done=reviewed")


@router.post(PAGE + "/{watch_id}/end")
def end(
    watch_id: RecordId,
    actor: Actor = Depends(member),
    session: Session = Depends(session_dependency),
) -> Response:
    end_watch(session, actor, watch_id)
    return see_other(f"{PAGE}?done=ended")
