"""``/api/v1/nomination-watches``: the nomination watch for nomination bodies' systems.

The same credentials as the nomination check: a bearer token with the ``nomination:check``
scope (nomination accounts only) or a signed-in 提名审查 session with its CSRF token. A body
sees only its own watches (another's is 404). Answers are never cached (``no-store``).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit.actor import Actor, Role
from app.models import NominationWatch
from app.nomination_checks.admin_api import CHECK_SCOPE, NO_STORE
from app.nomination_checks.matching import Candidate
from app.nomination_watch import repository as repo
from app.nomination_watch.schemas import (
    NotificationPage,
    ReviewRequest,
    WatchCreated,
    WatchDetail,
    WatchOut,
    WatchRequest,
)
from app.nomination_watch.service import end_watch, owned, register, review
from app.web.auth import require_api_actor
from app.web.deps import session_dependency
from app.web.params import MAX_RECORD_ID

router = APIRouter(tags=["提名审查 nomination check"])
body_actor = require_api_actor(Role.nomination, scope=CHECK_SCOPE)

WATCH_ID = Path(ge=1, le=MAX_RECORD_ID, description="the watch's id", examples=[12])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no or an invalid token / session"},
    403: {"description": "the token lacks nomination:check, or the account is not 提名审查"},
    404: {"description": "no such watch of this account"},
}


def watch_json(watch: NominationWatch) -> dict[str, Any]:
    return WatchOut(
        watch_id=watch.id,
        name=watch.name,
        end_date=watch.end_date,
        created_at=watch.created_at,
        candidates=watch.candidates,
        callback_url=watch.callback_url,
        last_checked_at=watch.last_checked_at,
        ended_at=watch.ended_at,
        purged_at=watch.purged_at,
    ).model_dump(mode="json")


def _answer(body: dict[str, Any], status_code: int = 200) -> Response:
    return JSONResponse(body, status_code=status_code, headers=NO_STORE)


@router.post(
    "/api/v1/nomination-watches",
    summary="提名人选监测：登记一批候选人，状态变化时通知",
    response_model=WatchCreated,
    status_code=201,
    responses={**_ERRORS, 413: {"description": "too many candidates"}, 422: {}},
)
def create_watch(
    request: Request,
    body: WatchRequest,
    actor: Actor = Depends(body_actor),
    session: Session = Depends(session_dependency),
) -> Response:
    """Keep a batch of candidates under watch until the election day (`end_date`): each is
    answered now as the nomination check answers (the baseline), then again after every rules
    tick, and the body is told only when a candidate's status changes (`newly_barred`,
    `bar_ended`, `needs_review`, `review_cleared`): by a signed POST to `callback_url`, and in
    `/notifications` in any case. ID numbers are kept only as keyed hashes and masked numbers;
    the candidates are deleted when the watch ends. The callback secret is in this answer only."""
    settings: Settings = request.app.state.settings
    candidates = [
        Candidate(position, c.reference, c.name, c.id_number)
        for position, c in enumerate(body.candidates, start=1)
    ]
    result = register(
        session,
        settings,
        actor,
        name=body.name,
        end_date=body.end_date,
        callback_url=body.callback_url,
        candidates=candidates,
    )
    answers = [a.as_dict() for a in result.answers]
    summary = {"candidates": len(answers)}
    for status in ("barred", "needs_review", "clear", "invalid"):
        summary[status] = sum(1 for a in answers if a["status"] == status)
    callback = (
        {"url": result.watch.callback_url, "secret": result.secret} if result.secret else None
    )
    return _answer(
        {
            "watch": watch_json(result.watch),
            "callback": callback,
            "summary": summary,
            "results": answers,
        },
        201,
    )


@router.get(
    "/api/v1/nomination-watches",
    summary="我的提名人选监测",
    response_model=list[WatchOut],
    responses=_ERRORS,
)
def list_watches(
    actor: Actor = Depends(body_actor), session: Session = Depends(session_dependency)
) -> Response:
    """This account's watches, newest first (ended ones too, without their candidates)."""
    return JSONResponse(
        [watch_json(w) for w in repo.watches_of(session, actor.user_id)], headers=NO_STORE
    )


@router.get(
    "/api/v1/nomination-watches/{watch_id}",
    summary="一个监测及其候选人的当前结果",
    response_model=WatchDetail,
    responses=_ERRORS,
)
def get_watch(
    watch_id: int = WATCH_ID,
    actor: Actor = Depends(body_actor),
    session: Session = Depends(session_dependency),
) -> Response:
    """The watch and every watched candidate's current answer (masked numbers only)."""
    watch = owned(session, actor, watch_id)
    rows = repo.candidates_of(session, [watch.id])
    return _answer({"watch": watch_json(watch), "results": [dict(r.detail) for r in rows]})


@router.get(
    "/api/v1/nomination-watches/{watch_id}/notifications",
    summary="轮询监测通知",
    response_model=NotificationPage,
    responses=_ERRORS,
)
def poll_notifications(
    watch_id: int = WATCH_ID,
    after: int = Query(
        0, ge=0, le=MAX_RECORD_ID, description="the last notification_id already read"
    ),
    limit: int = Query(100, ge=1, le=1000),
    actor: Actor = Depends(body_actor),
    session: Session = Depends(session_dependency),
) -> Response:
    """The watch's notifications after `after`, oldest first: the alternative to a callback
    (and the record of what the callback carried)."""
    watch = owned(session, actor, watch_id, live=True)
    notes = repo.notifications_page(session, watch.id, after, limit)
    items = [
        {
            "notification_id": n.id,
            "message_id": n.message_id,
            "change": n.change,
            "created_at": n.created_at.isoformat(),
            "delivery": n.delivery.value,
            "attempts": n.attempts,
            "body": json.loads(n.body),
        }
        for n in notes
    ]
    return _answer({"items": items, "next_after": notes[-1].id if notes else after})


@router.post(
    "/api/v1/nomination-watches/{watch_id}/candidates/{index}/review",
    summary="人工核对：不是同一人",
    response_model=dict[str, Any],
    responses={**_ERRORS, 409: {"description": "the candidate does not need review"}},
)
def review_candidate(
    body: ReviewRequest,
    watch_id: int = WATCH_ID,
    index: int = Path(
        ge=1, le=MAX_RECORD_ID, description="the candidate's index in the registered batch"
    ),
    actor: Actor = Depends(body_actor),
    session: Session = Depends(session_dependency),
) -> Response:
    """Record a reviewer's decision on a `needs_review` candidate: not the person recorded. The
    match is not raised again for this watch; the candidate's new answer is returned."""
    answer = review(session, actor, watch_id, index, body.note)
    return _answer(answer.as_dict())


@router.delete(
    "/api/v1/nomination-watches/{watch_id}",
    summary="结束监测并删除候选人",
    response_model=dict[str, Any],
    responses=_ERRORS,
)
def delete_watch(
    watch_id: int = WATCH_ID,
    actor: Actor = Depends(body_actor),
    session: Session = Depends(session_dependency),
) -> Response:
    """End the watch now: its candidates, notifications and decisions are deleted."""
    return _answer({"watch": watch_json(end_watch(session, actor, watch_id))})
