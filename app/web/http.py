"""HTTP helpers for public, cacheable responses: ETag / 304, Last-Modified, Cache-Control, and the
``Link: <…>; rel="next"`` header of keyset-paginated answers.

Conditional requests are answered from the ETag only (a weak hash of the body): what is public
changes with the date as well as with edits (a record's publication ends at midnight without any row
changing), so a Last-Modified date alone cannot prove that a cached copy is still right.
``Last-Modified`` is sent for information and ``If-Modified-Since`` is not evaluated, which
RFC 9110 allows (a full answer is always correct).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from pydantic import BaseModel

PUBLIC_MAX_AGE = 60  # seconds: short, so that expiries and corrections show within a minute
JSON_MEDIA_TYPE = "application/json"


def weak_etag(body: bytes) -> str:
    """A weak entity tag of a response body (same body, same tag)."""
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def etag_matches(request: Request, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, lists and ``*`` understood)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


def http_date(value: dt.datetime) -> str:
    """An aware datetime as an HTTP date (``Sat, 28 Nov 2026 02:52:51 GMT``)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_datetime(value.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def cache_headers(
    etag: str,
    *,
    last_modified: dt.datetime | None = None,
    max_age: int = PUBLIC_MAX_AGE,
) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    return headers


def cacheable(
    request: Request,
    body: bytes,
    *,
    media_type: str = JSON_MEDIA_TYPE,
    last_modified: dt.datetime | None = None,
    max_age: int = PUBLIC_MAX_AGE,
    headers: dict[str, str] | None = None,
) -> Response:
    """A public response with ETag and Cache-Control, or ``304 Not Modified`` when the client's
    copy is current. ``headers`` (e.g. ``Link``, ``Content-Disposition``) go on both."""
    etag = weak_etag(body)
    all_headers = cache_headers(etag, last_modified=last_modified, max_age=max_age)
    all_headers.update(headers or {})
    if etag_matches(request, etag):
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


def cacheable_page(request: Request, page: Response, *, max_age: int = PUBLIC_MAX_AGE) -> Response:
    """A rendered page with ETag and Cache-Control, or ``304 Not Modified`` when the client's copy
    is current. The page itself is answered (not a copy of its body), so that a test still sees
    the template and context it was rendered from."""
    etag = weak_etag(bytes(page.body))
    headers = cache_headers(etag, max_age=max_age)
    if etag_matches(request, etag):
        return Response(status_code=304, headers=headers)
    page.headers.update(headers)
    return page


def json_bytes(model: BaseModel) -> bytes:
    """A Pydantic model as compact JSON, field names as declared (English)."""
    return model.model_dump_json().encode()


def cacheable_json(
    request: Request,
    model: BaseModel,
    *,
    last_modified: dt.datetime | None = None,
    next_cursor: str | None = None,
    max_age: int = PUBLIC_MAX_AGE,
) -> Response:
    """A model as a cacheable JSON answer; with ``next_cursor``, a ``Link: rel="next"`` too."""
    headers: dict[str, str] = {}
    if next_cursor is not None:
        headers["Link"] = link_next(request, next_cursor)
    return cacheable(
        request, json_bytes(model), last_modified=last_modified, max_age=max_age, headers=headers
    )


def public_base(request: Request) -> str:
    """The portal's public address for absolute links (``public_base_url``), or the request's
    own when none is configured."""
    configured: str = request.app.state.settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")


def query_with(request: Request, **params: Any) -> str:
    """The request's query string (``?…`` or empty) with ``params`` replaced."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in params]
    query += [(k, str(v)) for k, v in params.items() if v is not None]
    return f"?{urlencode(query)}" if query else ""


def path_with(request: Request, **params: Any) -> str:
    """The request's path and query with ``params`` replaced (``None`` removes one), other params
    kept: for links inside pages and the ``Link`` header."""
    return request.url.path + query_with(request, **params)


def link_next(request: Request, cursor: str, param: str = "cursor") -> str:
    """The ``Link`` header value pointing at the next page: a relative reference (RFC 8288 §3.1,
    resolved against the request's URL). Never the request's ``Host``: the answer is cacheable, and
    a forged ``Host`` would otherwise be served to everyone from the cache."""
    return f'<{path_with(request, **{param: cursor})}>; rel="next"'
