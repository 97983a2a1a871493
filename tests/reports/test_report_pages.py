"""The report's HTML page and JSON twin, the links from the record page, and the workspace where
officers issue reports and see who issued which."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.models import AuditEntry, IssuedReport, ReportChannel
from app.reports.content import content_sha256
from tests.support.auth import login
from tests.support.factories import make_enterprise, make_penalty
from tests.support.public_data import TODAY
from tests.support.reports import pdf_text, squeezed


@pytest.fixture(autouse=True)
def today(frozen_clock: Callable[[dt.date], None]) -> dt.date:
    frozen_clock(TODAY)
    return TODAY


def test_the_record_page_links_both_reports(client: TestClient, session: Session) -> None:
    enterprise = make_enterprise(session)

    page = client.get(f"/enterprises/{enterprise.uscc}")

    assert f'href="/enterprises/{enterprise.uscc}/report"' in page.text
    assert f'href="/enterprises/{enterprise.uscc}/report.pdf"' in page.text
    assert f'href="/enterprises/{enterprise.uscc}/special-report"' in page.text
    past = client.get(f"/enterprises/{enterprise.uscc}", params={"as_of": "2026-06-01"})
    assert f'href="/enterprises/{enterprise.uscc}/report?as_of=2026-06-01"' in past.text


def test_page_pdf_and_json_are_one_report_with_the_hash_of_its_content(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台同一报告测试有限公司")
    penalty = make_penalty(session, enterprise)

    page = client.get(f"/enterprises/{enterprise.uscc}/report")
    body = client.get(f"/api/v1/enterprises/{enterprise.uscc}/report").json()
    pdf = client.get(f"/enterprises/{enterprise.uscc}/report.pdf")

    assert page.status_code == 200
    assert page.template.name == "reports/report.html"
    doc = page.context["doc"]
    assert doc.number == body["number"]
    assert doc.code == body["code"]
    assert doc.sha256 == body["content_sha256"] == content_sha256(body["content"])
    assert [c.heading for c in doc.chapters] == [
        "一、登记信息",
        "二、环境信用评价",
        "三、红黑名单信息",
        "四、行政处罚信息",
        "五、行政许可信息",
        "六、异议处理中的信息",
        "七、报告说明",
    ]
    assert page.context["links"]["pdf"] == f"/enterprises/{enterprise.uscc}/report.pdf"
    assert body["number"] in squeezed(pdf_text(pdf.content))
    penalties = body["content"]["chapters"][3]["data"]["penalties"]
    assert [p["id"] for p in penalties] == [penalty.record_id]
    assert "party_id_masked" not in penalties[0]
    assert "updated_at" not in penalties[0]
    rows = session.scalars(select(IssuedReport)).all()
    assert len(rows) == 1
    assert rows[0].channel == ReportChannel.public
    assert rows[0].content == body["content"]
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.issue")).all()
    assert len(audit) == 1
    assert audit[0].after
    assert audit[0].after["number"] == body["number"]


def test_bad_codes_and_unknown_enterprises_get_the_one_error_shape(
    client: TestClient, session: Session
) -> None:
    bad = client.get("/api/v1/enterprises/91370611MA3C0000/report")
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "uscc"
    unknown = client.get("/api/v1/enterprises/91370611MA3C00003F/report.pdf")
    assert unknown.status_code == 404
    future = client.get("/api/v1/enterprises/91370611MA3C00003F/report?as_of=2027-01-01")
    assert future.status_code == 422


def test_new_public_reports_are_rate_limited_per_client(
    client: TestClient, session: Session
) -> None:
    client.app.state.settings.report_issue_rate_per_minute = 2  # type: ignore[attr-defined]
    enterprises = [make_enterprise(session) for _ in range(3)]

    first = [client.get(f"/api/v1/enterprises/{e.uscc}/report") for e in enterprises[:2]]
    again = client.get(f"/api/v1/enterprises/{enterprises[0].uscc}/report")  # same: no new one
    refused = client.get(f"/api/v1/enterprises/{enterprises[2].uscc}/report")

    assert [r.status_code for r in first] == [200, 200]
    assert again.status_code == 200
    assert again.json()["number"] == first[0].json()["number"]
    assert refused.status_code == 429
    assert "每分钟最多出具2份新报告" in refused.json()["error"]["message"]


def test_an_officer_issues_a_report_and_sees_who_issued_which(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, name="烟台工作台出具测试有限公司", district="370611")
    make_penalty(session, enterprise)
    client.get(f"/enterprises/{enterprise.uscc}/report")  # one issued by the public
    session.flush()
    actor = login(client, Role.clerk, username="clerk.reports")

    issued = client.post(
        "/admin/reports",
        data={
            "uscc": enterprise.uscc.lower(),
            "kind": "special",
            "as_of": "",
            "from": "",
            "to": "",
        },
        follow_redirects=False,
    )
    assert issued.status_code == 303
    listing = client.get(issued.headers["location"])
    assert listing.status_code == 200
    rows = listing.context["rows"]
    assert [(r.channel, r.issued_by_username) for r in rows] == [
        (ReportChannel.workspace, "clerk.reports"),
        (ReportChannel.public, None),
    ]
    assert all(r.enterprise_name == "烟台工作台出具测试有限公司" for r in rows)
    just = listing.context["issued"]
    assert just.number.startswith("HJZX")
    pdf = client.get(f"/admin/reports/{just.number}.pdf")
    assert pdf.status_code == 200
    assert just.number in squeezed(pdf_text(pdf.content))
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "report.issue")
        .order_by(AuditEntry.seq.desc())
    ).first()
    assert entry is not None
    assert entry.actor_user_id == actor.user_id
    assert entry.after
    assert entry.after["channel"] == "workspace"

    refused = client.post(
        "/admin/reports", data={"uscc": "91370611MA3C0000", "kind": "full"}, follow_redirects=False
    )
    assert refused.status_code == 422
    assert refused.context["errors"]["uscc"]


def test_a_county_officer_cannot_issue_outside_the_county(
    client: TestClient, session: Session
) -> None:
    enterprise = make_enterprise(session, district="370611")
    login(client, Role.clerk, districts={"370612"})

    refused = client.post(
        "/admin/reports", data={"uscc": enterprise.uscc, "kind": "full"}, follow_redirects=False
    )

    assert refused.status_code == 404
    assert session.scalars(select(IssuedReport)).all() == []
    assert client.get("/admin/reports").status_code == 200
