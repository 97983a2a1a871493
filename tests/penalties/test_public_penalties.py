"""Public penalties: the list with its filters and keyset pages, the permalink page, their JSON
twins, pinned field names, exact amounts, the error shape for bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import PartyType
from tests.support.factories import make_enterprise, make_penalty
from tests.support.public_data import TODAY

SUMMARY_FIELDS = {
    "id",
    "url",
    "decision_number",
    "party_name",
    "party_type",
    "party_type_label",
    "party_uscc",
    "enterprise_url",
    "violation_type",
    "penalty_categories",
    "fine_amount",
    "decision_date",
    "publication_end_date",
    "authority_name",
    "district_code",
    "district_name",
}
DETAIL_FIELDS = SUMMARY_FIELDS | {
    "version",
    "legal_representative",
    "party_id_masked",
    "violation_facts",
    "legal_basis",
    "penalty_content",
    "confiscation_amount",
    "licence",
    "valid_until",
    "authority_uscc",
    "data_source_name",
    "data_source_uscc",
    "remarks",
    "objection_open",
    "updated_at",
}
ERROR_FIELDS = {"status", "code", "message", "fields", "request_id"}


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_list_json_has_pinned_fields_and_newest_first(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    older = make_penalty(session, enterprise, decision_date=dt.date(2026, 3, 2))
    newer = make_penalty(session, enterprise, decision_date=dt.date(2026, 5, 2))
    response = client.get("/api/v1/penalties", params={"limit": 200})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "next_cursor", "as_of", "total"}
    assert body["as_of"] == "2026-07-01"
    ids = [item["id"] for item in body["items"]]
    assert ids.index(newer.record_id) < ids.index(older.record_id)
    item = next(i for i in body["items"] if i["id"] == newer.record_id)
    assert set(item) == SUMMARY_FIELDS
    assert item["url"] == f"/penalties/{newer.record_id}"
    assert item["enterprise_url"] == f"/enterprises/{enterprise.uscc}"
    assert item["district_name"] == "福山区"
    assert item["party_type_label"] == "法人及非法人组织"
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert response.headers["etag"].startswith('W/"')


def test_detail_json_has_every_public_field_and_exact_amounts(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    version = make_penalty(session, enterprise, fine_wan=Decimal("123456.789012"))
    version.confiscation_amount = Decimal("0.000001")
    session.flush()
    response = client.get(f"/api/v1/penalties/{version.record_id}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert body["fine_amount"] == "123456.789012"
    assert body["confiscation_amount"] == "0.000001"
    assert body["publication_end_date"] == "2027-05-31"
    assert body["legal_basis"] == "《中华人民共和国大气污染防治法》第九十九条"
    assert "last-modified" in response.headers
    page = client.get(f"/penalties/{version.record_id}")
    assert page.status_code == 200
    assert "123456.789012" in page.text
    assert "0.000001" in page.text
    assert "公示截止期" in page.text
    assert "2027-05-31" in page.text


def test_amounts_keep_their_value_without_trailing_zeros(
    client: TestClient, session: Session
) -> None:
    version = make_penalty(session, make_enterprise(session), fine_wan=Decimal("10.5"))
    body = client.get(f"/api/v1/penalties/{version.record_id}").json()
    assert body["fine_amount"] == "10.5"
    assert Decimal(body["fine_amount"]) == Decimal("10.5")


def test_filters_narrow_the_list(client: TestClient, session: Session) -> None:
    fushan = make_enterprise(session, district="370611")
    laishan = make_enterprise(session, district="370613")
    a = make_penalty(session, fushan, decision_date=dt.date(2026, 2, 1), violation_type="未批先建")
    b = make_penalty(session, laishan, decision_date=dt.date(2026, 4, 1), violation_type="超标排放")
    c = make_penalty(session, laishan, decision_date=dt.date(2026, 6, 1), violation_type="未批先建")

    def ids(**params: str) -> set[int]:
        response = client.get("/api/v1/penalties", params={"limit": "200", **params})
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]} & {
            a.record_id,
            b.record_id,
            c.record_id,
        }

    assert ids() == {a.record_id, b.record_id, c.record_id}
    assert ids(district="370613") == {b.record_id, c.record_id}
    assert ids(**{"from": "2026-03-01"}) == {b.record_id, c.record_id}
    assert ids(to="2026-04-01") == {a.record_id, b.record_id}
    assert ids(**{"from": "2026-04-01", "to": "2026-04-01"}) == {b.record_id}
    assert ids(type="未批先建") == {a.record_id, c.record_id}
    assert ids(type="未批先建", district="370611") == {a.record_id}

    page = client.get("/penalties", params={"district": "370613", "type": "未批先建"})
    assert page.status_code == 200
    assert f'href="/penalties/{c.record_id}"' in page.text
    assert f'href="/penalties/{a.record_id}"' not in page.text
    assert '<option value="370613" selected>莱山区</option>' in page.text


def test_keyset_pages_follow_next_cursor_and_link_header(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, district="370687")
    made = {
        make_penalty(session, enterprise, decision_date=dt.date(2026, 5, day % 3 + 1)).record_id
        for day in range(7)
    }
    seen: list[int] = []
    url: str | None = "/api/v1/penalties?district=370687&limit=3"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        if body["next_cursor"]:
            link = response.headers["link"]
            assert link.endswith('>; rel="next"')
            assert "district=370687" in link
            url = link[1 : link.index(">")]
        else:
            assert "link" not in response.headers
            url = None
    assert pages == 3
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_html_list_links_the_next_page(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session, district="370686")
    for _ in range(25):
        make_penalty(session, enterprise)
    first = client.get("/penalties?district=370686")
    assert 'rel="next"' in first.text
    href = first.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(href.replace("&amp;", "&"))
    assert second.status_code == 200
    assert "第一页" in second.text
    assert 'rel="next"' not in second.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2026-13-01"}, "from", "“2026-13-01”不是有效日期"),
        ({"to": "yesterday"}, "to", "应为日期，格式如 2026-06-01"),
        ({"from": "2026-06-01", "to": "2026-01-01"}, "to", "截止日期不能早于起始日期"),
        (
            {"district": "999999"},
            "district",
            "未知的区县代码“999999”，应为本市区县的6位行政区划代码",
        ),
        ({"type": "不存在的类型"}, "type", "未知的违法行为类型“不存在的类型”"),
        ({"limit": "0"}, "limit", "数值过小"),
    ],
)
def test_bad_filters_are_422_with_field_and_chinese_reason(
    client: TestClient, params: dict[str, str], field: str, message: str
) -> None:
    response = client.get("/api/v1/penalties", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error) == ERROR_FIELDS
    assert {"field": field, "message": message} in [
        {"field": f["field"], "message": f["message"]} for f in error["fields"]
    ]


def test_bad_filter_on_the_page_is_shown_next_to_the_field(client: TestClient) -> None:
    page = client.get("/penalties", params={"from": "2026-02-30", "district": "123"})
    assert page.status_code == 422
    assert 'id="e-from"' in page.text
    assert "“2026-02-30”不是有效日期" in page.text
    assert 'id="e-district"' in page.text
    assert 'aria-invalid="true"' in page.text


def test_tampered_cursor_is_400_with_the_error_shape(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    for _ in range(3):
        make_penalty(session, enterprise)
    cursor = client.get("/api/v1/penalties?limit=1").json()["next_cursor"]
    assert cursor
    token, signature = cursor.rsplit(".", 1)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB") + "." + signature
    for bad in (tampered, "not-a-cursor", cursor + "x"):
        response = client.get("/api/v1/penalties", params={"cursor": bad})
        assert response.status_code == 400
        error = response.json()["error"]
        assert set(error) == ERROR_FIELDS
        assert error["code"] == "invalid_cursor"
        assert error["fields"][0]["field"] == "cursor"
    page = client.get("/penalties", params={"cursor": "x.y"}, headers={"Accept": "text/html"})
    assert page.status_code == 400
    assert "翻页参数" in page.text


def test_unknown_or_malformed_penalty_id(client: TestClient) -> None:
    assert client.get("/api/v1/penalties/999999999").status_code == 404
    malformed = client.get("/api/v1/penalties/abc")
    assert malformed.status_code == 422
    assert malformed.json()["error"]["fields"][0]["field"] == "penalty_id"
    page = client.get("/penalties/999999999", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "不在公示期内" in page.text


def test_natural_person_party_shows_name_and_masked_id_only(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    version = make_penalty(session, enterprise)
    version.party_type = PartyType.natural_person
    version.party_name = "李四"
    version.party_uscc = None
    version.legal_representative = None
    version.party_id_hash = "a" * 64
    version.party_id_masked = "370602********1234"
    version.party_id_encrypted = "gAAAAABsecretciphertext"
    version.legal_rep_id_hash = "b" * 64
    session.flush()
    body = client.get(f"/api/v1/penalties/{version.record_id}").json()
    assert body["party_name"] == "李四"
    assert body["party_type_label"] == "自然人"
    assert body["party_id_masked"] == "370602********1234"
    page = client.get(f"/penalties/{version.record_id}").text
    assert "370602********1234" in page
    for secret in ("a" * 64, "b" * 64, "gAAAAABsecretciphertext"):
        assert secret not in page
        assert secret not in str(body)


def test_etag_gives_304_and_changes_with_the_data(client: TestClient, session: Session) -> None:
    version = make_penalty(session, make_enterprise(session))
    url = f"/api/v1/penalties/{version.record_id}"
    first = client.get(url)
    etag = first.headers["etag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    version.remarks = "补充说明"
    session.flush()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
