"""The public board, its JSON twin, the 9-column CSV and a case's page: only public findings,
privacy in every response, as_of, the chart agreeing with its table."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.inspections import findings, service
from app.inspections.fields import parse_finding
from app.models import InspectionCase, MilestoneKind
from tests.support.inspections import (
    Officers,
    add_case,
    batch,
    campaign,
    finding_raw,
    officers,
    report_and_approve,
)

Clock = Callable[[dt.datetime | dt.date], None]
HANDED = dt.date(2026, 6, 2)
PUBLIC = dt.date(2026, 6, 10)
SECRET_TEXTS = ("闫小明", "13812345678", "王大力", "内部备注不公开", "草稿内容不公开")
COLUMNS = [
    "序号",
    "受理编号",
    "交办问题基本情况",
    "行政区域",
    "污染类型",
    "调查核实情况",
    "是否属实",
    "处理和整改情况",
    "问责情况",
]


@pytest.fixture
def ledger(session: Session, frozen_clock: Clock) -> tuple[Officers, int, list[InspectionCase]]:
    frozen_clock(HANDED)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, HANDED)
    cases = [
        add_case(
            session,
            o.office_clerk,
            b.id,
            "D3SX202606020001",
            summary="=SUM(A1)举报人王大力（13812345678）反映村民闫小明在河道倾倒垃圾。",
            pollution_types="水,固废",
            units="福山区,莱山区",
        ),
        add_case(session, o.office_clerk, b.id, "D3SX202606020002", units="福山区"),
        add_case(session, o.office_clerk, b.id, "D3SX202606020003", units="福山区"),
    ]
    frozen_clock(dt.date(2026, 6, 5))
    report_and_approve(session, o, cases[0].id, internal_note="内部备注不公开")
    report_and_approve(
        session, o, cases[1].id, truth="不属实", handling="经查不属实，已向群众反馈。"
    )
    findings.record_findings(
        session,
        o.fushan_clerk,
        cases[2].id,
        parse_finding(finding_raw(investigation="草稿内容不公开")),
    )
    frozen_clock(PUBLIC)
    service.record_milestone(session, o.fushan_clerk, cases[1].id, MilestoneKind.closed, PUBLIC)
    session.flush()
    return o, c.id, cases


def _all_public_text(client: TestClient, campaign_id: int, case_ids: list[int]) -> str:
    parts = [
        client.get("/inspections").text,
        client.get("/api/v1/inspections").text,
        client.get("/inspections/cases").text,
        client.get("/api/v1/inspections/cases").text,
        client.get("/api/v1/inspections/cases", params={"format": "csv"}).text,
    ]
    for case_id in case_ids:
        parts.append(client.get(f"/inspections/cases/{case_id}").text)
        parts.append(client.get(f"/api/v1/inspections/cases/{case_id}").text)
    return "\n".join(parts)


def test_board_headline_and_breakdowns(
    client: TestClient, ledger: tuple[Officers, int, list[InspectionCase]]
) -> None:
    _o, campaign_id, _cases = ledger
    data = client.get("/api/v1/inspections").json()
    head = data["campaigns"][0]
    assert (head["handed_over"], head["closed"], head["open"], head["findings_public"]) == (
        3,
        1,
        2,
        2,
    )
    assert (head["true_rate"], head["untrue_rate"], head["closed_rate"]) == (
        "50.0%",
        "50.0%",
        "33.3%",
    )
    units = {r["label"]: r["handed_over"] for r in data["by_unit"]}
    assert units == {"福山区": "2.5件", "莱山区": "0.5件"}
    types = {r["label"]: r["handed_over_value"] for r in data["by_type"]}
    assert types == {"水": "1", "大气": "2", "固废": "1"}  # problems, not cases
    page = client.get("/inspections")
    assert page.status_code == 200
    assert page.context["board"].campaign_id == campaign_id
    # the chart and its table agree with the JSON twin
    charts = {c.key: c for c in page.context["charts"]}
    assert {r[0]: r[1] for r in charts["by_unit"].rows} == {"福山区": "2.5", "莱山区": "0.5"}
    assert "2.5" in str(charts["by_unit"].svg)


def test_only_public_findings_and_no_private_data_anywhere(
    client: TestClient, ledger: tuple[Officers, int, list[InspectionCase]]
) -> None:
    _o, campaign_id, cases = ledger
    text = _all_public_text(client, campaign_id, [c.id for c in cases[:2]])
    for secret in SECRET_TEXTS:
        assert secret not in text
    assert "闫某" in text
    assert client.get(f"/inspections/cases/{cases[2].id}").status_code == 404  # a draft only
    assert client.get(f"/api/v1/inspections/cases/{cases[2].id}").status_code == 404


def test_untrue_case_labels_the_enterprise(
    session: Session, client: TestClient, ledger: tuple[Officers, int, list[InspectionCase]]
) -> None:
    _o, _campaign_id, cases = ledger
    detail = client.get(f"/api/v1/inspections/cases/{cases[1].id}").json()
    assert detail["truth"] == "不属实"
    assert detail["status"] == "已办结"


def test_csv_has_the_nine_columns_in_order_with_bom_and_no_formulas(
    client: TestClient, ledger: tuple[Officers, int, list[InspectionCase]]
) -> None:
    response = client.get("/api/v1/inspections/cases", params={"format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert [r[1] for r in rows[1:]] == ["D3SX202606020001", "D3SX202606020002"]
    assert rows[1][0] == "1"
    assert rows[1][4] == "水、固废"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_as_of_shows_the_board_and_a_case_as_they_stood(
    client: TestClient, frozen_clock: Clock, ledger: tuple[Officers, int, list[InspectionCase]]
) -> None:
    _o, _campaign_id, cases = ledger
    frozen_clock(dt.date(2026, 6, 20))
    before = client.get("/api/v1/inspections", params={"as_of": "2026-06-09"}).json()
    assert before["campaigns"][0]["findings_public"] == 0
    assert before["campaigns"][0]["closed"] == 0
    assert (
        client.get(f"/inspections/cases/{cases[0].id}", params={"as_of": "2026-06-09"}).status_code
        == 404
    )
    page = client.get(f"/inspections/cases/{cases[1].id}", params={"as_of": "2026-06-10"})
    assert page.status_code == 200
    assert "已办结" in page.text
    assert client.get("/api/v1/inspections", params={"as_of": "2999-01-01"}).status_code == 422


def test_table_filters_and_pages(
    client: TestClient, ledger: tuple[Officers, int, list[InspectionCase]]
) -> None:
    first = client.get("/api/v1/inspections/cases", params={"limit": 1}).json()
    assert first["total"] == 2
    second = client.get(
        "/api/v1/inspections/cases", params={"limit": 1, "cursor": first["next_cursor"]}
    ).json()
    assert [i["case_number"] for i in first["items"] + second["items"]] == [
        "D3SX202606020001",
        "D3SX202606020002",
    ]
    water = client.get("/api/v1/inspections/cases", params={"type": "水"}).json()
    assert [i["case_number"] for i in water["items"]] == ["D3SX202606020001"]
    closed = client.get("/api/v1/inspections/cases", params={"status": "closed"}).json()
    assert [i["case_number"] for i in closed["items"]] == ["D3SX202606020002"]
    bad = client.get("/api/v1/inspections/cases", params={"status": "nope"})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "status"
    assert client.get("/inspections/cases", params={"type": "x"}).status_code == 422


def test_the_enterprise_record_shows_its_cases_and_an_untrue_one_is_labelled(
    session: Session, client: TestClient, frozen_clock: Clock
) -> None:
    from tests.support.factories import make_enterprise

    frozen_clock(HANDED)
    o = officers(session)
    c = campaign(session, o.office_clerk)
    b = batch(session, o.office_clerk, c.id, 1, HANDED)
    enterprise = make_enterprise(session, name="烟台测试化工有限公司")
    case = add_case(session, o.office_clerk, b.id, "E1", enterprises=enterprise.uscc)
    report_and_approve(session, o, case.id, truth="不属实")
    frozen_clock(PUBLIC)
    session.flush()
    detail = client.get(f"/api/v1/inspections/cases/{case.id}").json()
    assert detail["enterprises"] == [
        {"uscc": enterprise.uscc, "name": "烟台测试化工有限公司", "label": "经查不属实"}
    ]
    page = client.get(f"/enterprises/{enterprise.uscc}")
    assert page.status_code == 200
    assert "督察交办信访件（1件）" in page.text
    assert "经查不属实，不作为违法记录" in page.text
    assert (
        client.get(f"/enterprises/{enterprise.uscc}", params={"as_of": "2026-06-09"}).text.count(
            "督察交办信访件（"
        )
        == 0
    )
