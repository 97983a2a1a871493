"""Shared HTTP helpers: ETag and 304, the next-page Link, CSV for Excel, HTML error pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.kit.csv import BOM, attachment, csv_bytes, neutralise
from app.kit.errors import FieldError, ValidationFailed
from app.web.http import cacheable_json, http_date, weak_etag


class _Thing(BaseModel):
    name: str


def _app() -> FastAPI:
    application = FastAPI()

    @application.get("/api/thing")
    def thing(request: Request, cursor: str | None = None) -> Response:
        return cacheable_json(
            request,
            _Thing(name="烟台"),
            last_modified=dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC),
            next_cursor="abc.def",
        )

    return application


def test_json_answer_carries_etag_cache_control_last_modified_and_link() -> None:
    with TestClient(_app()) as client:
        response = client.get("/api/thing?q=%E4%B8%87&cursor=old")
    assert response.status_code == 200
    assert response.json() == {"name": "烟台"}
    assert response.headers["etag"] == weak_etag(response.content)
    assert response.headers["etag"].startswith('W/"')
    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.headers["last-modified"] == "Mon, 01 Jun 2026 02:00:00 GMT"
    link = response.headers["link"]
    assert link.endswith('>; rel="next"')
    assert "cursor=abc.def" in link
    assert "cursor=old" not in link
    assert "q=%E4%B8%87" in link


def test_the_next_page_link_never_carries_the_requests_host() -> None:
    """The answer is cacheable: a forged Host must not reach other readers through the cache."""
    with TestClient(_app()) as client:
        response = client.get("/api/thing?cursor=old", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.headers["link"]
    assert response.headers["link"].startswith("</api/thing?")


def test_if_none_match_gives_304_without_body_and_a_changed_tag_gives_200() -> None:
    with TestClient(_app()) as client:
        first = client.get("/api/thing")
        etag = first.headers["etag"]
        again = client.get("/api/thing", headers={"If-None-Match": etag})
        listed = client.get(
            "/api/thing", headers={"If-None-Match": f'"x", {etag.removeprefix("W/")}'}
        )
        other = client.get("/api/thing", headers={"If-None-Match": 'W/"something-else"'})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert listed.status_code == 304
    assert other.status_code == 200


def test_http_date_is_gmt() -> None:
    value = dt.datetime(2026, 1, 2, 3, 4, 5, 999, tzinfo=dt.UTC)
    assert http_date(value) == "Fri, 02 Jan 2026 03:04:05 GMT"


def test_csv_has_bom_crlf_and_defuses_formulas() -> None:
    data = csv_bytes(
        ["企业名称", "备注"],
        [['=HYPERLINK("http://x")', "+1"], ["-2", "@SUM(A1)"], ["烟台万华", None]],
    )
    assert data.startswith(BOM.encode())
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["企业名称", "备注"]
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'+1"]
    assert rows[2] == ["'-2", "'@SUM(A1)"]
    assert rows[3] == ["烟台万华", ""]
    assert "\r\n" in text
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("正常") == "正常"


def test_attachment_names_the_file_in_ascii_and_utf8() -> None:
    header = attachment("黑名单-2026-06-01.csv", "black-list-2026-06-01.csv")["Content-Disposition"]
    assert header.startswith('attachment; filename="black-list-2026-06-01.csv"')
    assert "filename*=UTF-8''%E9%BB%91" in header


def test_browsers_get_an_error_page_and_the_api_keeps_json(client: TestClient) -> None:
    page = client.get("/no-such-page", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>未找到</h1>" in page.text
    api = client.get("/api/v1/no-such-thing", headers={"Accept": "text/html"})
    assert api.status_code == 404
    assert set(api.json()["error"]) == {"status", "code", "message", "fields", "request_id"}
    plain = client.get("/no-such-page")
    assert plain.json()["error"]["code"] == "not_found"


def test_error_page_lists_field_errors_escaped(app: FastAPI) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise ValidationFailed(fields=[FieldError("from", "应为日期<script>")])

    with TestClient(app) as client:
        page = client.get("/boom", headers={"Accept": "text/html"})
    assert page.status_code == 422
    assert "提交的数据有误" in page.text
    assert "应为日期&lt;script&gt;" in page.text
    assert "<script>" not in page.text
