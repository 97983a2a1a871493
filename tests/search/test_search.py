"""Enterprise search (issue 3 item 1): what a user typing into the search box sees, in the JSON API
and on the page, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.kit.identifiers import make_uscc
from app.models import CreditAssessment, CreditScheme, Enterprise, ListType
from app.search.index import rebuild_enterprise_index, refresh_enterprise_index
from app.search.terms import core, split_terms
from tests.support.factories import make_enterprise, make_list_entry, uscc_for

TODAY = dt.date(2026, 7, 1)
API = "/api/v1/enterprises"
WORDS = ["万华", "化工", "电镀", "食品", "水产", "机械", "铸造", "建材", "塑料", "包装"]
PLACES = ["烟台", "福山", "牟平", "莱山", "龙口", "莱州"]
SUFFIXES = ["有限公司", "股份有限公司", "厂", "加工厂"]


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def add(session: Session, name: str, **kwargs: Any) -> Enterprise:
    enterprise = make_enterprise(session, name=name, **kwargs)
    refresh_enterprise_index(session, [enterprise.id])
    return enterprise


def all_pages(client: TestClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every result of a search, following next_cursor page by page."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        response = client.get(API, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")


def random_names(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        middle = "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        names.add(rng.choice(PLACES) + middle + rng.choice(SUFFIXES))
    return sorted(names)


def test_two_character_words_find_every_enterprise_that_contains_them(
    session: Session, client: TestClient
) -> None:
    for n, name in enumerate(random_names(150)):
        make_enterprise(session, name=name, uscc=uscc_for(500_000 + n))
    rebuild_enterprise_index(session)

    for word in [*WORDS, "烟台", "有限", "公司", "华化", "工厂"]:
        expected = session.scalar(
            select(func.count()).select_from(Enterprise).where(Enterprise.name.contains(word))
        )
        found = all_pages(client, {"q": word, "limit": 7})
        assert len(found) == expected, word
        assert len({item["uscc"] for item in found}) == expected, word
        assert all(word in item["name"] for item in found), word
        first = client.get(API, params={"q": word}).json()
        assert first["total"] == expected
        assert first["total_exact"] is True


def test_single_characters_and_longer_words_match_exactly(
    session: Session, client: TestClient
) -> None:
    names = random_names(60, seed=11)
    for name in names:
        add(session, name)
    for word in ["化", "厂", "万华化工", "烟台万华", "化工有限公司", "建材厂", "%", "_化", "'"]:
        # matched without the place it starts with and the organisation form it ends with
        kept = core(word)[0]
        expected = sorted(n for n in names if kept in n)
        found = sorted(item["name"] for item in all_pages(client, {"q": word, "limit": 9}))
        assert found == expected, word


def test_several_words_must_all_occur(session: Session, client: TestClient) -> None:
    both = add(session, "烟台市福山区金辉电镀有限公司")
    add(session, "烟台市福山区金辉机械有限公司")
    add(session, "烟台市牟平区宏达电镀厂", district="370612")
    reversed_order = add(session, "莱州电镀金辉分厂", district="370683")

    found = client.get(API, params={"q": "金辉 电镀"}).json()
    assert {item["uscc"] for item in found["items"]} == {both.uscc, reversed_order.uscc}
    assert found["total"] == 2
    # a district named as a word is the district filter (app.search.terms)
    in_fushan = client.get(API, params={"q": "福山 电镀"}).json()
    assert {item["uscc"] for item in in_fushan["items"]} == {both.uscc}


def test_credit_code_and_its_prefix_find_the_enterprise(
    session: Session, client: TestClient
) -> None:
    code = make_uscc("91", "370611", "MA3C0009")
    target = add(session, "烟台测码化工有限公司", uscc=code)
    add(session, "烟台另一家化工有限公司", uscc=make_uscc("91", "370612", "MA3C0009"))

    exact = client.get(API, params={"q": code.lower()}).json()
    assert exact["items"][0]["uscc"] == target.uscc
    assert exact["items"][0]["highlight"]["uscc"] == [{"text": code, "match": True}]

    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code[:10])  # as typed with a Chinese IME
    prefix = client.get(API, params={"q": full_width}).json()
    assert [item["uscc"] for item in prefix["items"]] == [target.uscc]
    assert prefix["items"][0]["highlight"]["uscc"][0] == {"text": code[:10], "match": True}

    eight = client.get(API, params={"q": code[:8]}).json()
    assert target.uscc in {item["uscc"] for item in eight["items"]}


def test_a_malformed_full_code_says_what_is_wrong_and_still_searches_names(
    session: Session, client: TestClient
) -> None:
    code = make_uscc("91", "370611", "MA3C0010")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    body = client.get(API, params={"q": wrong}).json()
    assert body["items"] == []
    assert "第18位（校验位）" in body["hint"]
    assert body["suggestions"]

    # a code stored with a failing check (a typo at the source) is still found as it is
    stored = add(session, "烟台校验位错误化工有限公司", uscc=wrong)
    found = client.get(API, params={"q": wrong}).json()
    assert [item["uscc"] for item in found["items"]] == [stored.uscc]

    page = client.get("/enterprises", params={"q": wrong})
    assert "第18位（校验位）" in page.text


def test_ranking_exact_code_then_exact_name_then_prefix_then_others(
    session: Session, client: TestClient
) -> None:
    other_early = add(session, "烟台万华化学有限公司")
    prefix_late = add(session, "万华化学集团股份有限公司")
    exact = add(session, "万华化学")
    prefix_early_by_id = add(session, "万华化学（烟台）容威聚氨酯有限公司")
    other_late = add(session, "山东万华化学销售有限公司")

    names = [item["name"] for item in client.get(API, params={"q": "万华化学"}).json()["items"]]
    assert names == [
        exact.name,
        prefix_late.name,
        prefix_early_by_id.name,
        other_early.name,
        other_late.name,
    ]

    by_code = client.get(API, params={"q": other_late.uscc}).json()["items"]
    assert by_code[0]["uscc"] == other_late.uscc


def test_former_names_are_searched_and_shown(session: Session, client: TestClient) -> None:
    renamed = make_enterprise(session, name="烟台新世纪材料有限公司")
    renamed.former_names = ["烟台老厂电镀有限公司"]
    refresh_enterprise_index(session, [renamed.id])

    item = client.get(API, params={"q": "老厂电镀"}).json()["items"][0]
    assert item["uscc"] == renamed.uscc
    assert {"text": "老厂电镀", "match": True} in item["highlight"]["former_name"]

    renamed.name = "烟台更新材料有限公司"
    renamed.former_names = []
    refresh_enterprise_index(session, [renamed.id])
    assert client.get(API, params={"q": "老厂"}).json()["items"] == []
    assert client.get(API, params={"q": "更新材料"}).json()["total"] == 1


def test_highlight_escapes_names_supplied_by_enterprises(
    session: Session, client: TestClient
) -> None:
    add(session, '<script>alert("x")</script>万华&化工<b>厂</b>')

    item = client.get(API, params={"q": "万华"}).json()["items"][0]
    assert item["highlight"]["name"] == [
        {"text": '<script>alert("x")</script>', "match": False},
        {"text": "万华", "match": True},
        {"text": "&化工<b>厂</b>", "match": False},
    ]

    page = client.get("/enterprises", params={"q": "万华"}).text
    assert "<script>alert" not in page
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;<mark>万华</mark>&amp;化工&lt;b&gt;" in page
    )


def _scheme(session: Session) -> CreditScheme:
    scheme = CreditScheme(
        code="test-search-scheme",
        name="测试等级方案",
        effective_from=dt.date(2020, 1, 1),
        definition={
            "levels": [
                {"code": code, "label": label, "name": label, "color": "#000", "meaning": ""}
                for code, label in [("green", "绿色"), ("blue", "蓝色"), ("black", "黑色")]
            ]
        },
    )
    session.add(scheme)
    session.flush()
    return scheme


def _assess(
    session: Session, enterprise: Enterprise, scheme: CreditScheme, level: str, **dates: Any
) -> None:
    session.add(
        CreditAssessment(
            enterprise_id=enterprise.id,
            scheme_id=scheme.id,
            level=level,
            valid_from=dates.get("valid_from", dt.date(2026, 1, 1)),
            valid_to=dates.get("valid_to"),
        )
    )
    session.flush()


def facet(body: dict[str, Any], name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][name] if v["count"]}


def test_filters_narrow_results_and_show_their_counts(session: Session, client: TestClient) -> None:
    scheme = _scheme(session)
    fushan = add(session, "福山食品加工厂", district="370611", industry="农副食品加工业")
    muping = add(session, "牟平食品有限公司", district="370612", industry="农副食品加工业")
    laishan = add(session, "莱山食品机械厂", district="370613", industry="专用设备制造业")
    _assess(session, fushan, scheme, "green")
    _assess(session, muping, scheme, "blue", valid_to=dt.date(2026, 6, 30))  # expired yesterday
    _assess(session, muping, scheme, "black", valid_from=dt.date(2026, 7, 1))
    make_list_entry(session, muping, ListType.black)
    make_list_entry(session, fushan, ListType.red)
    make_list_entry(
        session, laishan, ListType.black, start=dt.date(2025, 1, 1), end=dt.date(2026, 6, 30)
    )  # ended yesterday

    body = client.get(API, params={"q": "食品"}).json()
    assert body["total"] == 3
    assert facet(body, "district") == {"370611": 1, "370612": 1, "370613": 1}
    assert facet(body, "industry") == {"农副食品加工业": 2, "专用设备制造业": 1}
    assert facet(body, "level") == {"green": 1, "black": 1, "none": 1}
    assert facet(body, "list") == {"red": 1, "black": 1, "none": 1}
    by_uscc = {item["uscc"]: item for item in body["items"]}
    assert by_uscc[muping.uscc]["credit_level"] == "black"
    assert by_uscc[muping.uscc]["list_status"] == "black"
    assert by_uscc[laishan.uscc]["list_status"] == "none"
    assert by_uscc[laishan.uscc]["credit_level"] is None

    def names(**params: str) -> set[str]:
        found = client.get(API, params={"q": "食品", **params}).json()
        return {item["name"] for item in found["items"]}

    assert names(district="370612") == {muping.name}
    assert names(industry="农副食品加工业") == {fushan.name, muping.name}
    assert names(level="green") == {fushan.name}
    assert names(level="none") == {laishan.name}
    assert names(list="black") == {muping.name}
    assert names(list="none") == {laishan.name}
    assert names(list="red", district="370611") == {fushan.name}
    narrowed = client.get(API, params={"q": "食品", "industry": "农副食品加工业"}).json()
    assert facet(narrowed, "district") == {"370611": 1, "370612": 1}
    assert [v["selected"] for v in narrowed["facets"]["industry"]] == [True]

    page = client.get("/enterprises", params={"q": "食品", "district": "370611"}).text
    assert fushan.uscc in page
    assert muping.uscc not in page


def test_pages_stay_correct_while_enterprises_are_added(
    session: Session, client: TestClient
) -> None:
    existing = {add(session, f"烟台分页{n:03d}化工有限公司").uscc for n in range(35)}
    seen: list[str] = []
    cursor = None
    for page_number in range(20):
        params: dict[str, Any] = {"q": "化工", "limit": 8}
        if cursor:
            params["cursor"] = cursor
        body = client.get(API, params=params).json()
        seen += [item["uscc"] for item in body["items"]]
        # someone adds matching enterprises (new rows get larger ids) between page requests
        add(session, f"新增{page_number}号化工厂")
        add(session, "化工")  # an exact-name match: ranks first, on a page already served
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)), "no enterprise is served twice"
    assert existing <= set(seen), "no enterprise that existed is skipped"


def test_a_tampered_cursor_is_a_400_in_the_error_shape(
    session: Session, client: TestClient
) -> None:
    for n in range(3):
        add(session, f"烟台游标{n}化工有限公司")
    cursor = client.get(API, params={"q": "化工", "limit": 1}).json()["next_cursor"]
    token, signature = cursor.rsplit(".", 1)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB") + "." + signature

    for bad in (tampered, "not-a-cursor", cursor[:-1] + ("0" if cursor[-1] != "0" else "1")):
        response = client.get(API, params={"q": "化工", "cursor": bad})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid_cursor"
        assert set(error) == {"status", "code", "message", "fields", "request_id"}
        assert error["fields"][0]["field"] == "cursor"

    other_query = client.get(API, params={"q": "游标", "cursor": cursor})
    assert other_query.status_code == 400


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"district": "999999"}, "district"),
        ({"industry": "不存在的行业"}, "industry"),
        ({"level": "purple"}, "level"),
        ({"list": "grey"}, "list"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"limit": "x"}, "limit"),
    ],
)
def test_unknown_filter_values_are_a_422_naming_the_parameter(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    response = client.get(API, params={"q": "化工", **params})
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields", "request_id"}
    assert error["status"] == 422
    assert [f["field"] for f in error["fields"]] == [field]
    assert all(f["message"] for f in error["fields"])


def test_json_field_names_are_pinned(session: Session, client: TestClient) -> None:
    for n in range(3):
        add(session, f"烟台字段{n}化工有限公司", district="370611")
    response = client.get(API, params={"q": "字段", "limit": 2})
    body = response.json()
    assert set(body) == {
        "query",
        "items",
        "total",
        "total_exact",
        "facets",
        "facets_exact",
        "next_cursor",
        "hint",
        "suggestions",
    }
    assert set(body["query"]) == {"q", "district", "industry", "level", "list"}
    assert set(body["facets"]) == {"district", "industry", "level", "list"}
    assert set(body["facets"]["district"][0]) == {"value", "label", "count", "selected"}
    item = body["items"][0]
    assert set(item) == {
        "uscc",
        "name",
        "district_code",
        "district_name",
        "industry",
        "credit_level",
        "credit_level_label",
        "list_status",
        "list_status_label",
        "highlight",
        "links",
    }
    assert set(item["highlight"]) == {"name", "former_name", "uscc"}
    assert item["links"] == {
        "html": f"/enterprises/{item['uscc']}",
        "api": f"/api/v1/enterprises/{item['uscc']}",
    }
    assert item["district_name"] == "福山区"
    assert response.headers["link"].endswith('>; rel="next"')
    assert "cursor=" in response.headers["link"]
    assert "max-age=" in response.headers["cache-control"]
    again = client.get(
        API, params={"q": "字段", "limit": 2}, headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


def test_no_result_says_so_and_suggests_what_to_try(session: Session, client: TestClient) -> None:
    add(session, "烟台万华化工有限公司")
    body = client.get(API, params={"q": "万华化学集团 电镀"}).json()
    assert body["items"] == []
    assert body["total"] == 0
    suggested = {s["query"] for s in body["suggestions"]}
    assert "万华化学" in suggested  # fewer words (集团, an organisation form, is not matched)
    assert "万华" in suggested  # a shorter word
    assert client.get(API, params={"q": "万华"}).json()["total"] == 1

    page = client.get("/enterprises", params={"q": "万华化学集团 电镀"})
    assert page.status_code == 200
    assert "没有找到符合条件的企业" in page.text
    assert 'href="/enterprises?q=%E4%B8%87%E5%8D%8E"' in page.text


def test_the_search_page_works_without_javascript(session: Session, client: TestClient) -> None:
    for n in range(25):
        add(session, f"烟台页面{n:02d}电镀有限公司", district="370611")
    empty = client.get("/enterprises")
    assert empty.status_code == 200
    assert 'name="q"' in empty.text
    assert '<label for="q">' in empty.text

    page = client.get("/enterprises", params={"q": "电镀"})
    assert page.status_code == 200
    assert "共找到 25 家企业" in page.text
    assert page.text.count('<li class="result">') == 20
    assert "<mark>电镀</mark>" in page.text
    assert 'rel="next"' in page.text
    next_href = page.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(next_href.replace("&amp;", "&"))
    assert second.text.count('<li class="result">') == 5
    assert "福山区" in page.text  # the district facet with its count

    bad = client.get("/enterprises", params={"q": "电镀", "district": "123456"})
    assert bad.status_code == 422
    assert "未知的区县代码" in bad.text


def test_district_and_industry_changes_reach_the_filters_after_a_refresh(
    session: Session, client: TestClient
) -> None:
    moved = add(
        session, "烟台搬迁化工有限公司", district="370611", industry="化学原料和化学制品制造业"
    )
    moved.district_code = "370612"
    moved.industry = "金属制品业"
    refresh_enterprise_index(session, [moved.id])

    body = client.get(API, params={"q": "搬迁", "district": "370612"}).json()
    assert [item["uscc"] for item in body["items"]] == [moved.uscc]
    assert facet(body, "industry") == {"金属制品业": 1}
    assert client.get(API, params={"q": "搬迁", "district": "370611"}).json()["total"] == 0


def test_large_result_sets_are_counted_exactly_or_say_they_are_not(
    session: Session, client: TestClient
) -> None:
    session.add_all(
        Enterprise(
            uscc=uscc_for(700_000 + n),
            name=f"烟台大量{n:04d}号{'机械' if n % 2 else '电子'}有限公司",
            former_names=[],
            district_code="370611" if n % 3 else "370612",
        )
        for n in range(1100)
    )
    session.flush()
    rebuild_enterprise_index(session)

    word = client.get(API, params={"q": "大量"}).json()
    assert word["total"] == 1100
    assert word["total_exact"] is True  # a 2-character word: its posting list is its count
    assert word["facets_exact"] is False  # filter counts cover the first 1,000 matches
    assert sum(facet(word, "district").values()) == 1000

    narrowed = client.get(API, params={"q": "大量 机械"}).json()
    assert narrowed["total"] == 550
    assert narrowed["total_exact"] is True
    assert narrowed["facets_exact"] is True
    assert facet(narrowed, "district") == {"370611": 367, "370612": 183}

    longer = client.get(API, params={"q": "有限公司"}).json()
    assert longer["total_exact"] is False
    assert longer["total"] == 1000  # "more than 1,000"
    page = client.get("/enterprises", params={"q": "有限公司"}).text
    assert "找到超过 1,000 家企业" in page
    assert "按排名最前的 1,000 家统计" in page


def test_counts_are_reused_for_a_while_but_pages_are_read_live(
    session: Session, client: TestClient
) -> None:
    first = add(session, "烟台缓存化工有限公司")
    assert client.get(API, params={"q": "缓存"}).json()["total"] == 1
    second = add(session, "烟台缓存机械有限公司")

    body = client.get(API, params={"q": "缓存"}).json()
    assert [item["uscc"] for item in body["items"]] == [first.uscc, second.uscc]
    assert body["total"] == 1  # counted a moment ago (search_count_cache_seconds)


def test_counts_are_live_when_the_cache_is_off(session: Session, client: TestClient) -> None:
    client.app.state.settings.search_count_cache_seconds = 0  # type: ignore[attr-defined]
    add(session, "烟台实时化工有限公司")
    assert client.get(API, params={"q": "实时"}).json()["total"] == 1
    add(session, "烟台实时机械有限公司")
    assert client.get(API, params={"q": "实时"}).json()["total"] == 2


def test_the_openapi_document_describes_every_parameter_and_field(app: Any) -> None:
    doc = app.openapi()
    operation = doc["paths"][API]["get"]
    assert operation["summary"]
    assert len(operation["description"]) > 40
    assert {"200", "400", "422"} <= set(operation["responses"])
    for parameter in operation["parameters"]:
        assert parameter.get("description"), parameter["name"]
        assert parameter.get("examples"), parameter["name"]
    pending = ["SearchResult"]
    checked: set[str] = set()
    while pending:
        name = pending.pop()
        if name in checked:
            continue
        checked.add(name)
        for field, prop in doc["components"]["schemas"][name]["properties"].items():
            assert prop.get("description"), f"{name}.{field}"
            refs = [prop, prop.get("items", {}), *prop.get("anyOf", [])]
            found = [r["$ref"].rsplit("/", 1)[1] for r in refs if "$ref" in r]
            found += [
                r["items"]["$ref"].rsplit("/", 1)[1]
                for r in prop.get("anyOf", [])
                if "$ref" in r.get("items", {})
            ]
            if found:
                pending += found
            else:
                assert "examples" in prop, f"{name}.{field}"
    assert {"SearchItem", "Highlight", "Segment", "Facets", "FacetValue", "Suggestion"} <= checked


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("RANGE_CAP", 3),  # 1-character words read as a scan of every name
        ("GRAM_CAP", 1),  # every bigram "common": the planner counts them again
        ("RECOUNT_CAP", 1),  # and cannot tell them apart: it reads the first
    ],
)
def test_every_query_plan_gives_the_same_exact_results(
    session: Session, client: TestClient, monkeypatch: pytest.MonkeyPatch, setting: str, value: int
) -> None:
    monkeypatch.setattr(f"app.search.planner.{setting}", value)
    if setting == "RECOUNT_CAP":
        monkeypatch.setattr("app.search.planner.GRAM_CAP", 1)
    names = random_names(40, seed=23)
    for name in names:
        add(session, name)
    for q in ["化", "厂 烟台", "万华化工", "烟台 建材", "食品有限公司", "化工 厂"]:
        words = split_terms(q.split()).words  # places and organisation forms are not matched
        expected = sorted(n for n in names if all(w in n for w in words))
        found = sorted(item["name"] for item in all_pages(client, {"q": q, "limit": 6}))
        assert found == expected, q


def test_a_real_server_searches_its_own_committed_data(
    fresh_database: Callable[[], str], live_server_factory: Callable[[str], Any]
) -> None:
    url = fresh_database()
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        for n in range(30):
            make_enterprise(
                session, name=f"烟台实况{n:02d}化工有限公司", uscc=uscc_for(900_000 + n)
            )
        rebuild_enterprise_index(session)
    engine.dispose()
    server = live_server_factory(url)

    seen: list[str] = []
    params: dict[str, Any] = {"q": "实况", "limit": 12}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for _ in range(5):
            response = http.get(API, params=params)
            assert response.status_code == 200
            body = response.json()
            assert body["total"] == 30
            seen += [item["uscc"] for item in body["items"]]
            if not body["next_cursor"]:
                break
            params["cursor"] = body["next_cursor"]
        page = http.get("/enterprises", params={"q": "实况 化工"})
    assert len(seen) == len(set(seen)) == 30
    assert page.status_code == 200
    assert "共找到 30 家企业" in page.text
