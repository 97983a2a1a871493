"""The red list (honour) and black list (dishonesty): pages, JSON with pinned fields, CSV for
Excel, filters, keyset pages and the error shape."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import ListType
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import TODAY, cite

ENTRY_FIELDS = {
    "id",
    "list_type",
    "list_label",
    "enterprise_name",
    "enterprise_uscc",
    "enterprise_url",
    "district_code",
    "district_name",
    "industry",
    "category",
    "category_label",
    "basis",
    "legal_basis",
    "decision_number",
    "start_date",
    "end_date",
    "penalties",
    "updated_at",
}
CSV_HEADER = [
    "名单",
    "企业名称",
    "统一社会信用代码",
    "所属区县",
    "所属行业",
    "列入类别",
    "列入依据",
    "法律依据",
    "认定决定文号",
    "列入日期",
    "截止日期",
    "相关行政处罚决定书文号",
]


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_black_list_json_has_pinned_fields_and_cites_public_penalties(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台暗管排放测试有限公司")
    penalty = make_penalty(session, enterprise)
    entry = make_list_entry(session, enterprise, ListType.black)
    cite(session, entry, penalty)
    response = client.get("/api/v1/lists/black", params={"limit": 200})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"list_type", "list_label", "items", "next_cursor", "as_of", "total"}
    assert body["list_type"] == "black"
    assert body["list_label"] == "黑名单"
    item = next(i for i in body["items"] if i["id"] == entry.id)
    assert set(item) == ENTRY_FIELDS
    assert item["enterprise_name"] == "烟台暗管排放测试有限公司"
    assert item["category_label"] == "通过暗管、渗井、渗坑或旁路等逃避监管方式排放"
    assert item["start_date"] == "2026-06-01"
    assert item["end_date"] == "2027-05-31"
    assert len(item["penalties"]) == 1
    assert set(item["penalties"][0]) == {"id", "decision_number", "url"}
    assert item["penalties"][0]["url"] == f"/penalties/{penalty.record_id}"
    assert response.headers["etag"].startswith('W/"')


def test_red_and_black_pages_show_who_since_until_and_why(
    client: TestClient, session: Session
) -> None:
    black = make_enterprise(session, name="烟台黑名单页面测试有限公司")
    red = make_enterprise(session, name="烟台红名单页面测试有限公司")
    make_list_entry(session, black, ListType.black)
    make_list_entry(session, red, ListType.red, start=dt.date(2026, 1, 5))
    black_page = client.get("/lists/black")
    assert black_page.status_code == 200
    assert "失信惩戒" in black_page.text
    assert "烟台黑名单页面测试有限公司" in black_page.text
    assert "烟台红名单页面测试有限公司" not in black_page.text
    assert "通过暗管排放水污染物" in black_page.text
    assert "下载CSV" in black_page.text
    assert 'href="/api/v1/lists/black?format=csv"' in black_page.text
    assert 'href="/api/v1/lists/black"' in black_page.text
    assert '<th scope="col">列入日期</th>' in black_page.text
    red_page = client.get("/lists/red")
    assert "守信激励" in red_page.text
    assert "烟台红名单页面测试有限公司" in red_page.text
    assert "2026-01-05" in red_page.text


def test_csv_has_bom_chinese_headers_and_opens_as_utf8(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name='=HYPERLINK("http://evil")有限公司')
    make_list_entry(session, enterprise, ListType.black)
    response = client.get("/api/v1/lists/black", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="black-list-2026-07-01.csv"')
    assert "filename*=UTF-8''%E9%BB%91%E5%90%8D%E5%8D%95-2026-07-01.csv" in disposition
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    row = next(r for r in rows[1:] if enterprise.uscc in r)
    assert row[1] == '\'=HYPERLINK("http://evil")有限公司'
    assert row[0] == "黑名单"
    assert row[9:11] == ["2026-06-01", "2027-05-31"]


def test_csv_is_the_whole_filtered_list(client: TestClient, session: Session) -> None:
    for _ in range(30):
        make_list_entry(session, make_enterprise(session, district="370682"), ListType.red)
    make_list_entry(session, make_enterprise(session, district="370683"), ListType.red)
    response = client.get("/api/v1/lists/red?format=csv&district=370682&limit=5")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 31
    assert {r[3] for r in rows[1:]} == {"莱阳市"}


def test_filters_by_district_and_industry(client: TestClient, session: Session) -> None:
    a = make_enterprise(session, district="370681", industry="水泥制造")
    b = make_enterprise(session, district="370681", industry="电镀")
    c = make_enterprise(session, district="370685", industry="电镀")
    entries = {e: make_list_entry(session, e, ListType.black).id for e in (a, b, c)}

    def ids(**params: str) -> set[int]:
        response = client.get("/api/v1/lists/black", params={"limit": "200", **params})
        assert response.status_code == 200, response.text
        return {i["id"] for i in response.json()["items"]} & set(entries.values())

    assert ids(district="370681") == {entries[a], entries[b]}
    assert ids(industry="电镀") == {entries[b], entries[c]}
    assert ids(district="370681", industry="电镀") == {entries[b]}
    page = client.get("/lists/black", params={"industry": "电镀"})
    assert "<option selected>电镀</option>" in page.text


def test_keyset_pages_cover_the_list_once(client: TestClient, session: Session) -> None:
    made = set()
    for n in range(7):
        enterprise = make_enterprise(session, district="370672")
        made.add(make_list_entry(session, enterprise, start=dt.date(2026, 6, n % 2 + 1)).id)
    seen: list[int] = []
    cursor = None
    while True:
        params = {"district": "370672", "limit": "3"}
        if cursor:
            params["cursor"] = cursor
        response = client.get("/api/v1/lists/black", params=params)
        body = response.json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
        assert 'rel="next"' in response.headers["link"]
    assert sorted(seen) == sorted(made)
    # A black-list cursor is refused on the red list.
    first = client.get("/api/v1/lists/black", params={"district": "370672", "limit": "3"})
    wrong = client.get("/api/v1/lists/red", params={"cursor": first.json()["next_cursor"]})
    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "invalid_cursor"


def test_unknown_list_is_404_on_page_and_api(client: TestClient) -> None:
    api = client.get("/api/v1/lists/grey")
    assert api.status_code == 404
    error = api.json()["error"]
    assert set(error) == {"status", "code", "message", "fields", "request_id"}
    assert "只有黑名单（black）和红名单（red）" in error["message"]
    page = client.get("/lists/grey", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"district": "37061"}, "district", 422),
        ({"industry": "不存在的行业"}, "industry", 422),
        ({"format": "xlsx"}, "format", 422),
        ({"limit": "1000"}, "limit", 422),
        ({"cursor": "abc.def"}, "cursor", 400),
    ],
)
def test_bad_list_parameters_have_the_error_shape(
    client: TestClient, params: dict[str, str], field: str, status: int
) -> None:
    response = client.get("/api/v1/lists/red", params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["fields"][0]["field"] == field
    assert error["fields"][0]["message"]


def test_etag_304_on_list_and_csv(client: TestClient, session: Session) -> None:
    make_list_entry(session, make_enterprise(session), ListType.red)
    for url in ("/api/v1/lists/red", "/api/v1/lists/red?format=csv"):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
