"""GET /api/v1/feed and /api/v1/feed/snapshot: the change feed for API clients (scope feed:read).

Every read is one use case (``app.feed.consumers``): audited (``feed.read`` / ``feed.snapshot``),
it moves the consumer's position that officers see on /admin/sync. Pages are spliced from the
stored event bodies, unparsed.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from app.feed import consumers, service
from app.feed.schemas import EXAMPLE_PAGE, FeedPageOut, SnapshotOut
from app.kit.actor import Actor
from app.kit.errors import FieldError
from app.kit.pagination import InvalidCursor, decode_cursor, encode_cursor
from app.web.auth import require_api_actor
from app.web.deps import DbSession, SettingsDep
from app.web.http import link_next

router = APIRouter(prefix="/api/v1/feed", tags=["数据变更订阅 feed"])
reader = require_api_actor(scope="feed:read")

FEED_DESCRIPTION = """
数据变更订阅：公示、更正与撤下（期满、信用修复、移出）的全部事件，按全序排列。

The change feed, for API clients whose token has the `feed:read` scope
(`Authorization: Bearer <token>`). Start with no `after` (or from a snapshot's `cursor`), then
always pass the `next_cursor` of the previous page. Events come in one total order that never
changes: a client that follows the cursor never misses an event and never sees one twice, also
while writers commit concurrently. When `has_more` is false, poll again later with the same
cursor. Withdrawals are events (`*.withdrawn`). Within one record, apply an event only when its
`record.sequence` is higher than the one you hold (each event carries the record's full state).
Every read is recorded in the audit trail. The cursor is opaque and signed: a modified cursor is
refused with 400. The headers `X-Next-Cursor` and `X-Has-More` repeat the page's `next_cursor`
and `has_more` (and `Link: <…>; rel="next"` when there is more), so a consumer can ask for the
next page before it has parsed this one.
"""

SNAPSHOT_DESCRIPTION = """
当前公示的全部记录（行政处罚与在效名单条目）及继续读取变更的游标。

A consistent full snapshot for a new consumer: the current public set and the `cursor` of the
feed position it reflects. Load the items, then follow `GET /api/v1/feed?after=<cursor>`.
"""


def _position(secret: str, cursor: str | None) -> int:
    if not cursor:
        return 0
    key = decode_cursor(secret, cursor, field="after")
    position = key.get("feed")
    if not isinstance(position, int) or position < 0:
        raise InvalidCursor(fields=[FieldError("after", "翻页参数格式错误")])
    return position


@router.get(
    "",
    summary="读取数据变更事件",
    description=FEED_DESCRIPTION,
    response_model=FeedPageOut,
    responses={200: {"content": {"application/json": {"example": EXAMPLE_PAGE}}}},
)
def read_feed(
    request: Request,
    actor: Annotated[Actor, Depends(reader)],
    session: DbSession,
    settings: SettingsDep,
    after: Annotated[
        str | None, Query(description="上一页返回的 next_cursor；不填则从头开始")
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=service.MAX_PAGE, description="每页事件数（最多5000）")
    ] = service.DEFAULT_PAGE,
) -> Response:
    secret = settings.secret_key
    page = consumers.read(session, actor, _position(secret, after), limit)
    next_cursor = encode_cursor(secret, {"feed": page.last_position})
    content = (
        '{"events":['
        + ",".join(page.bodies)
        + '],"has_more":'
        + ("true" if page.has_more else "false")
        + ',"next_cursor":'
        + json.dumps(next_cursor)
        + "}"
    )
    headers = {"X-Next-Cursor": next_cursor, "X-Has-More": "true" if page.has_more else "false"}
    if page.has_more:
        headers["Link"] = link_next(request, next_cursor, param="after")
    return Response(content.encode(), media_type="application/json", headers=headers)


@router.get(
    "/snapshot",
    summary="全量快照（新订阅方从此开始）",
    description=SNAPSHOT_DESCRIPTION,
    response_model=SnapshotOut,
)
def read_snapshot(
    actor: Annotated[Actor, Depends(reader)], session: DbSession, settings: SettingsDep
) -> Response:
    snap = consumers.start(session, actor)
    body = {
        "cursor": encode_cursor(settings.secret_key, {"feed": snap.position}),
        "as_of": snap.as_of.isoformat(),
        "count": len(snap.items),
        "items": snap.items,
    }
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        media_type="application/json",
    )
