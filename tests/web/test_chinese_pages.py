"""Every word a person reads is Chinese: a crawl of every public and workspace page (GET routes
without path parameters, plus the record pages of one enterprise, penalty and list entry) fails
on a Latin-letter word in the visible text outside the allow-list (codes, formats, URLs)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.feed.service import emit_penalty_published
from app.kit.actor import Role
from app.models import ListType
from tests.support.auth import login
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.routes import endpoints

# Words that are names of formats, standards or products, read as they are in Chinese text too.
ALLOWED = {
    "JSON",
    "CSV",
    "XLSX",
    "PDF",
    "API",
    "Atom",
    "RSS",
    "URL",
    "HTTP",
    "HTTPS",
    "ID",
    "QR",
    "UTF",
    "BOM",
    "OpenAPI",
    "Swagger",
    "Webhooks",
    "Standard",
    "VOCs",
    "ms",
    "GB",
    "TXT",
    "PNG",
    "JPEG",
    "JPG",
    "MB",
    "KB",
    "Excel",
    "WPS",
}
# Not read as words: identifiers and codes (credit codes, event ids, masks), e-mail, hosts.
NOT_WORDS = re.compile(
    r"https?://\S+|(?<![\w/])/[\w/{}.?=&%-]+|[\w.+-]+@[\w.-]+|\b[0-9A-Z]{6,}\b|\b\w*\d\w*\b|\bevt_\w+|\b[a-z]+_[a-z_]+\b"
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
HIDDEN = re.compile(r"<(script|style|code|pre|kbd|samp)\b.*?</\1>|<!--.*?-->|<[^>]+>", re.S | re.I)
SKIP = {"/api/docs", "/api/redoc", "/healthz", "/readyz", "/metrics", "/admin/logout", "/logout"}


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(dt.date(2026, 7, 1))


def latin_words(page: str, data: tuple[str, ...] = ()) -> set[str]:
    """Latin words of the visible text; ``data`` (what the test typed or named) is left out."""
    text = html_lib.unescape(HIDDEN.sub(" ", page))
    for typed in data:
        text = text.replace(typed, " ")
    text = NOT_WORDS.sub(" ", text)
    return {w for w in LATIN_WORD.findall(text) if w not in ALLOWED}


def _paths(client: TestClient, record_paths: list[str]) -> list[str]:
    app = client.app
    found = [
        e.path
        for e in endpoints(app)  # type: ignore[arg-type]
        if e.method == "GET"
        and not e.path_params
        and not e.is_api
        and e.path not in SKIP
        and not e.path.endswith((".csv", ".atom", ".pdf", ".xlsx", ".json", ".ico", ".txt"))
    ]
    return sorted(set(found)) + record_paths


def test_no_latin_word_on_any_page(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session, name="烟台抓取测试化工有限公司")
    version = make_penalty(session, enterprise)
    emit_penalty_published(session, version)
    entry = make_list_entry(session, enterprise, ListType.black)
    session.commit()
    records = [
        f"/enterprises/{enterprise.uscc}",
        f"/penalties/{version.record_id}",
        "/lists/black",
        "/lists/red",
        "/enterprises?q=化工",
        "/enterprises?q=wanhua",
        f"/admin/penalties/{version.record_id}",
        f"/admin/penalties/versions/{version.id}",
        f"/admin/lists/{entry.id}",
        "/no-such-page",
        "/enterprises/not-a-code",
        "/penalties?from=2026-02-30",
        "/lists/black?district=999999",
    ]
    login(client, Role.admin)
    actor_name = f"测试{Role.admin.value}"  # the test account's display name: data
    problems: dict[str, set[str]] = {}
    for path in _paths(client, records):
        response = client.get(path, follow_redirects=True, headers={"Accept": "text/html"})
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        typed = tuple(parse_qs(urlsplit(path).query).get("q", []))
        words = latin_words(response.text, (*typed, "wanhua", "wh", actor_name))
        if words:
            problems[path] = words
    assert problems == {}
