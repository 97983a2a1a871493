"""``/feeds/…``: Atom feeds (RFC 4287) to follow changes without an account.

No subscription is stored and nothing is asked of the reader: a feed is a public document,
answered with an ``ETag`` (``If-None-Match`` gets ``304``) and a short ``Cache-Control``, so
readers polling it cost a hash and nothing else when nothing changed.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlalchemy.orm import Session

from app.atom.channels import CHANNELS, Channel
from app.atom.document import MEDIA_TYPE, AtomFeed, render, urn_for
from app.kit.errors import NotFound
from app.web.deps import session_dependency
from app.web.http import cacheable, public_base
from app.web.openapi import example

router = APIRouter(tags=["订阅 Atom feeds"])

NAME = Path(
    description="`penalties` (city-wide), or with a key: `districts`, `lists`, `enterprises`. "
    "订阅源",
    examples=["penalties"],
    openapi_examples=example("penalties"),
)
KEY = Path(
    description="A district code (`districts/370611`), `black` or `red` (`lists/black`), or an "
    "enterprise's unified social credit code (`enterprises/91370611…`). 订阅对象",
    examples=["370611"],
    openapi_examples=example("370611"),
)
_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/atom+xml": {}}, "description": "An Atom 1.0 feed"},
    304: {"description": "Not modified (If-None-Match). 未变化"},
    404: {"description": "No such feed or subject. 没有该订阅源"},
}


def _channel(name: str, keyed: bool) -> Channel:
    channel = CHANNELS.get(name)
    if channel is None or channel.keyed != keyed:
        names = "、".join(f"{c.name}/…" if c.keyed else c.name for c in CHANNELS.values())
        raise NotFound(f"没有这个订阅源：可用的有 {names}")
    return channel


def _answer(request: Request, session: Session, channel: Channel, key: str | None) -> Response:
    subject = channel.subject(session, key)
    base = public_base(request)
    path = request.url.path
    feed = AtomFeed(
        id=urn_for(f"feed:{path}"),
        title=subject.title,
        subtitle=subject.subtitle,
        self_url=base + path,
        alternate_url=base + subject.alternate,
        author=request.app.state.settings.site_name,
        entries=channel.entries(session, subject, base),
    )
    return cacheable(request, render(feed), media_type=MEDIA_TYPE, last_modified=feed.updated)


@router.get(
    "/feeds/{name}.atom", summary="An Atom feed", response_class=Response, responses=_RESPONSES
)
def feed(
    request: Request, name: str = NAME, session: Session = Depends(session_dependency)
) -> Response:
    """Latest penalties city-wide (`/feeds/penalties.atom`): published, corrected, no longer
    public. 订阅：全市最新行政处罚"""
    return _answer(request, session, _channel(name, keyed=False), None)


@router.get(
    "/feeds/{name}/{key}.atom",
    summary="An Atom feed about a district, a list or an enterprise",
    response_class=Response,
    responses=_RESPONSES,
)
def keyed_feed(
    request: Request,
    name: str = NAME,
    key: str = KEY,
    session: Session = Depends(session_dependency),
) -> Response:
    """Changes of one district (penalties and list entries of its enterprises), one list (black
    or red) or one enterprise (penalties, list entries, credit level). A record that stops being
    public appears as an entry saying so, without its details. 订阅：区县、名单或企业"""
    return _answer(request, session, _channel(name, keyed=True), key)
