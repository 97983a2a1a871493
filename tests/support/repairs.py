"""Builders for the credit repair and objection tests: files of every kind (real and disguised),
a published penalty that is on the change feed, and the public forms as a browser sends them."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from typing import Any, cast

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.feed.service import emit_list_entry_published, emit_penalty_published
from app.models import (
    Authority,
    Enterprise,
    FeedEvent,
    ListEntry,
    ListType,
    PenaltyVersion,
    Severity,
)
from app.models.listing import list_entry_penalties
from app.web.csrf import derive_token
from app.web.public_forms import FORM_COOKIE
from tests.support.factories import make_authority, make_enterprise, make_list_entry, make_penalty

# 2026-07-15 is a Wednesday; a 一般 penalty decided on 2026-04-10 may be repaired from 2026-07-10.
TODAY = dt.date(2026, 7, 15)
DECIDED = dt.date(2026, 4, 10)


def pdf_bytes(size: int = 600) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    padding = b"%" + b"x" * max(0, size - len(body) - 20) + b"\n"
    return body + padding + b"trailer\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + (b"\xff\xd9")
    )


EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_AS_PNG = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def published_penalty(
    session: Session,
    *,
    enterprise: Enterprise | None = None,
    authority: Authority | None = None,
    decided: dt.date = DECIDED,
    severity: Severity = Severity.general,
    categories: list[str] | None = None,
) -> PenaltyVersion:
    """A public penalty that the change feed has published (so that a withdrawal follows it)."""
    enterprise = enterprise or make_enterprise(session)
    authority = authority or make_authority(session)
    version = make_penalty(session, enterprise, authority, severity=severity, decision_date=decided)
    if categories is not None:
        version.penalty_categories = categories
        session.flush()
    emit_penalty_published(session, version)
    return version


def published_black_entry(
    session: Session, enterprise: Enterprise, authority: Authority, cited: PenaltyVersion
) -> ListEntry:
    entry = make_list_entry(
        session,
        enterprise,
        ListType.black,
        start=dt.date(2025, 7, 1),
        end=dt.date(2027, 6, 30),
    )
    entry.authority_id = authority.id
    session.execute(
        list_entry_penalties.insert().values(
            list_entry_id=entry.id, penalty_record_id=cited.record_id
        )
    )
    session.flush()
    emit_list_entry_published(session, entry)
    return entry


def feed_count(session: Session, kind: str, record_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(FeedEvent)
            .where(FeedEvent.kind == kind, FeedEvent.record_id == record_id)
        )
        or 0
    )


_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def form_csrf(page: Response, client: TestClient | None = None) -> str:
    """The CSRF token of the page's form; for a page without a form (a refusal), the token the
    form would have had, so that a test can post anyway."""
    match = _CSRF.search(page.text)
    if match is None and client is not None:
        seed = client.cookies.get(FORM_COOKIE)
        assert seed, "no form cookie"
        secret = cast(FastAPI, client.app).state.settings.secret_key
        return derive_token(secret, "public-form", seed)
    assert match, "the page has no CSRF field"
    return match.group(1)


def apply_for_repair(
    client: TestClient,
    target: str,
    uscc: str,
    *,
    files: list[tuple[str, bytes, str]] | None = None,
    **overrides: Any,
) -> Response:
    """Open the form (``target``: ``penalty=ID`` or ``entry=ID``) and post it as a browser does."""
    page = client.get(f"/repairs/new?{target}")
    assert page.status_code == 200, page.text
    kind, _, target_id = target.partition("=")
    data: dict[str, Any] = {
        "csrf_token": form_csrf(page, client),
        "target_type": "penalty" if kind == "penalty" else "list_entry",
        "target_id": target_id,
        "uscc": uscc,
        "contact_name": "王经理",
        "contact_phone": "138 0000 0000",
        "fine_paid": "1",
        "rectification_done": "1",
        "duties_statement": "2026年5月8日已缴清罚款（缴款书号 3706001234），"
        "整改已于6月20日通过验收。",
        "pledge_accepted": "1",
    }
    data.update(overrides)
    sent = files if files is not None else [("缴款凭证.pdf", pdf_bytes(), "application/pdf")]
    response: Response = client.post(
        "/repairs/new",
        data={k: v for k, v in data.items() if v is not None},
        files=[("files", item) for item in sent],
        follow_redirects=False,
    )
    return response


def number_from(response: Response) -> str:
    location = response.headers["location"]
    assert location.startswith("/repairs/submitted?number=") or location.startswith(
        "/objections/submitted?number="
    ), location
    return location.split("number=", 1)[1]
