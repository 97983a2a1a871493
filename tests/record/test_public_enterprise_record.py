"""An enterprise's public record: registration facts, level with colour and meaning, level
history, lists in force, public penalties, 数据更新于 — on the page and in JSON alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.kit.identifiers import id_check_char
from app.models import EnterprisePerson, ListType, Person, PersonRole
from tests.support.factories import make_enterprise, make_list_entry, make_penalty
from tests.support.public_data import TODAY, cite, make_assessment, make_scheme

RECORD_FIELDS = {
    "uscc",
    "url",
    "name",
    "former_names",
    "legal_representative",
    "district_code",
    "district_name",
    "industry",
    "address",
    "registration_status",
    "registration_status_label",
    "established_on",
    "credit_level",
    "level_history",
    "on_black_list",
    "on_red_list",
    "list_entries",
    "penalties",
    "joint_measures",
    "licences",
    "data_updated_at",
    "as_of",
}
LEVEL_FIELDS = {
    "code",
    "label",
    "name",
    "color",
    "text_color",
    "meaning",
    "points",
    "valid_from",
    "valid_to",
    "scheme_name",
}


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_record_json_has_pinned_fields_level_lists_and_penalties(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台记录测试化工有限公司", district="370613")
    enterprise.former_names = ["烟台记录测试化工厂"]
    scheme = make_scheme(session)
    make_assessment(
        session, enterprise, scheme, "green", dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    make_assessment(session, enterprise, scheme, "black", dt.date(2026, 1, 1), points=12)
    make_assessment(session, enterprise, scheme, "blue", dt.date(2026, 9, 1), points=2)  # future
    penalty = make_penalty(session, enterprise)
    entry = make_list_entry(session, enterprise, ListType.black)
    cite(session, entry, penalty)
    session.flush()

    response = client.get(f"/api/v1/enterprises/{enterprise.uscc}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == RECORD_FIELDS
    assert body["name"] == "烟台记录测试化工有限公司"
    assert body["former_names"] == ["烟台记录测试化工厂"]
    assert body["district_name"] == "莱山区"
    assert body["registration_status_label"] == "存续"
    level = body["credit_level"]
    assert set(level) == LEVEL_FIELDS
    assert (level["code"], level["label"], level["name"]) == ("black", "黑色", "严重失信")
    assert level["color"] == "#1a1a1a"
    assert level["text_color"] == "#ffffff"
    assert "黑名单" in level["meaning"]
    assert [h["code"] for h in body["level_history"]] == ["black", "green"]
    assert body["on_black_list"] is True
    assert body["on_red_list"] is False
    assert [e["id"] for e in body["list_entries"]] == [entry.id]
    assert [p["id"] for p in body["penalties"]] == [penalty.record_id]
    assert body["penalties"][0]["fine_amount"] == "10.5"
    assert body["as_of"] == "2026-07-01"
    assert response.headers["last-modified"].endswith("GMT")


def test_record_page_shows_everything_with_accessible_structure(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台页面测试<b>化工</b>有限公司")
    scheme = make_scheme(session)
    make_assessment(session, enterprise, scheme, "yellow", dt.date(2026, 2, 1), points=5)
    penalty = make_penalty(session, enterprise)
    make_list_entry(session, enterprise, ListType.black)
    page = client.get(f"/enterprises/{enterprise.uscc}")
    assert page.status_code == 200
    text = page.text
    assert "烟台页面测试&lt;b&gt;化工&lt;/b&gt;有限公司" in text
    assert "<b>化工</b>" not in text
    for heading in ("登记信息", "环境信用等级", "红黑名单", "行政处罚（1条公示中）"):
        assert heading in text
    assert "一般失信" in text
    assert "background:#8a6100;color:#ffffff" in text
    assert "黑名单（失信惩戒）" in text
    assert f'href="/penalties/{penalty.record_id}"' in text
    assert "违法事实" in text
    assert "公示截止期" in text
    assert "数据更新于" in text
    assert '<caption id="history-caption">' in text
    assert f'href="/api/v1/enterprises/{enterprise.uscc}"' in text


def test_no_level_no_lists_no_penalties_says_so(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    body = client.get(f"/api/v1/enterprises/{enterprise.uscc}").json()
    assert body["credit_level"] is None
    assert body["level_history"] == []
    assert body["penalties"] == []
    page = client.get(f"/enterprises/{enterprise.uscc}").text
    assert "暂无有效的信用等级评价" in page
    assert "目前未列入红名单或黑名单" in page
    assert "目前没有公示中的行政处罚" in page


def test_data_updated_at_is_the_latest_change_among_the_rows_shown(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session)
    enterprise.updated_at = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    penalty = make_penalty(session, enterprise)
    penalty.updated_at = dt.datetime(2026, 6, 2, 3, 4, 5, tzinfo=dt.UTC)
    hidden = make_penalty(session, enterprise, decision_date=dt.date(2024, 1, 1))  # expired
    hidden.updated_at = dt.datetime(2026, 6, 30, tzinfo=dt.UTC)
    session.flush()
    response = client.get(f"/api/v1/enterprises/{enterprise.uscc}")
    assert response.json()["data_updated_at"] == "2026-06-02T03:04:05Z"
    assert response.headers["last-modified"] == "Tue, 02 Jun 2026 03:04:05 GMT"
    assert "2026-06-02 11:04" in client.get(f"/enterprises/{enterprise.uscc}").text


@pytest.mark.parametrize(
    "variant",
    [
        lambda code: code.lower(),
        lambda code: code.translate(
            str.maketrans(
                "0123456789ABCDEFGHJKLMNPQRTUWXY",
                "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ",
            )
        ),
        lambda code: f" {code[:6]} {code[6:]} ",
    ],
    ids=["lowercase", "full-width", "spaces"],
)
def test_code_in_the_path_is_normalised(
    client: TestClient, session: Session, variant: Callable[[str], str]
) -> None:
    enterprise = make_enterprise(session)
    response = client.get(f"/api/v1/enterprises/{variant(enterprise.uscc)}")
    assert response.status_code == 200
    assert response.json()["uscc"] == enterprise.uscc
    assert client.get(f"/enterprises/{variant(enterprise.uscc)}").status_code == 200


def test_malformed_code_is_422_saying_what_is_wrong(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    wrong = enterprise.uscc[:17] + ("0" if enterprise.uscc[17] != "0" else "1")
    response = client.get(f"/api/v1/enterprises/{wrong}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields", "request_id"}
    assert error["message"].startswith("第18位（校验位）应为")
    assert error["fields"] == [{"field": "uscc", "code": "uscc_check", "message": error["message"]}]
    short = client.get("/api/v1/enterprises/91370611").json()["error"]
    assert short["message"] == "统一社会信用代码应为18位，实际为8位"
    page = client.get("/enterprises/9137061I0000000000", headers={"Accept": "text/html"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "第8位字符“I”不合法" in page.text


def test_unknown_code_is_404(client: TestClient) -> None:
    from tests.support.factories import uscc_for

    code = uscc_for(987654)
    response = client.get(f"/api/v1/enterprises/{code}")
    assert response.status_code == 404
    assert code in response.json()["error"]["message"]
    page = client.get(f"/enterprises/{code}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<h1>" in page.text


def test_etag_304(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)
    first = client.get(f"/api/v1/enterprises/{enterprise.uscc}")
    again = client.get(
        f"/api/v1/enterprises/{enterprise.uscc}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    enterprise.address = "山东省烟台市福山区新地址2号"
    session.flush()
    changed = client.get(
        f"/api/v1/enterprises/{enterprise.uscc}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert changed.status_code == 200


def _resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def test_no_id_number_appears_on_the_record(client: TestClient, session: Session) -> None:
    full_id = _resident_id("37060219800101123")
    enterprise = make_enterprise(session)
    person = Person(
        name="王五", id_hash="c" * 64, id_masked=full_id[:6] + "********" + full_id[-4:]
    )
    person.id_encrypted = "gAAAAABpersonciphertext"
    session.add(person)
    session.flush()
    session.add(
        EnterprisePerson(
            enterprise_id=enterprise.id, person_id=person.id, role=PersonRole.legal_representative
        )
    )
    penalty = make_penalty(session, enterprise)
    penalty.legal_rep_id_type = "身份证"
    penalty.legal_rep_id_hash = "d" * 64
    session.flush()
    outputs = [
        client.get(f"/enterprises/{enterprise.uscc}").text,
        client.get(f"/api/v1/enterprises/{enterprise.uscc}").text,
        client.get(f"/penalties/{penalty.record_id}").text,
        client.get(f"/api/v1/penalties/{penalty.record_id}").text,
    ]
    for text in outputs:
        for secret in (full_id, "c" * 64, "d" * 64, "gAAAAABpersonciphertext", full_id[-8:]):
            assert secret not in text
    assert "张三" in outputs[0]  # the legal representative by name
