"""The public licence surfaces: list page, permalink, JSON twins with the field set pinned, CSV,
the section of the enterprise record page, and as_of / status on each."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.kit.actor import Role
from app.licences.schemas import CSV_COLUMNS
from app.models import LicenceRecord
from tests.support.factories import make_authority, make_enterprise
from tests.support.licences import make_licence, publish_licence, revoke
from tests.support.workflows import make_officer

TODAY = dt.date(2026, 6, 1)
DETAIL_FIELDS = {
    "id",
    "url",
    "version",
    "party_name",
    "party_type",
    "party_type_label",
    "party_uscc",
    "legal_representative",
    "enterprise_url",
    "document_name",
    "document_number",
    "kind_code",
    "kind_name",
    "category",
    "category_label",
    "certificate_name",
    "licence_number",
    "content",
    "decision_date",
    "valid_from",
    "valid_to",
    "authority_name",
    "authority_uscc",
    "data_source_name",
    "data_source_uscc",
    "district_code",
    "district_name",
    "remarks",
    "status",
    "status_label",
    "revocation_kind",
    "revocation_kind_label",
    "revocation_date",
    "revocation_reason",
    "revocation_document",
    "updated_at",
}
CSV_HEADER = [
    "记录编号",
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政许可决定文书名称",
    "行政许可决定文书号",
    "许可类别",
    "许可证书名称",
    "许可编号",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "许可机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
    "许可事项",
    "状态",
    "撤销或注销日期",
]


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


def test_json_twins_pin_the_field_set_and_status(client: TestClient, session: Session) -> None:
    company = make_enterprise(session)
    bureau = make_authority(session)
    live = make_licence(session, company, bureau)
    old = make_licence(
        session, company, bureau, kind="hazardous_waste", valid_to=dt.date(2026, 1, 1)
    )
    session.commit()
    body = client.get("/api/v1/licences").json()
    assert {i["id"] for i in body["items"]} == {live.record_id, old.record_id}
    assert set(body["items"][0]) == DETAIL_FIELDS
    one = client.get(f"/api/v1/licences/{old.record_id}").json()
    assert set(one) == DETAIL_FIELDS
    assert (one["status"], one["status_label"]) == ("expired", "已过期")
    in_force = client.get("/api/v1/licences?status=in_force").json()
    assert [i["id"] for i in in_force["items"]] == [live.record_id]
    bad = client.get("/api/v1/licences?status=bogus&kind=nope")
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["error"]["fields"]} == {"status", "kind"}
    # Before its decision it was not public.
    before = client.get(f"/api/v1/licences/{live.record_id}?as_of=2025-01-01")
    assert before.status_code == 404


def test_csv_has_the_chinese_field_set(client: TestClient, session: Session) -> None:
    company = make_enterprise(session)
    version = make_licence(session, company, make_authority(session))
    session.commit()
    response = client.get("/api/v1/licences?format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER == [label for _n, label in CSV_COLUMNS]
    assert rows[1][0] == str(version.record_id)
    assert rows[1][20] == "有效"


def test_pages_show_the_licence_and_its_revocation(client: TestClient, session: Session) -> None:
    bureau = make_authority(session)
    clerk = make_officer(session, Role.clerk, bureau)
    reviewer = make_officer(session, Role.reviewer, bureau)
    company = make_enterprise(session)
    version = publish_licence(session, clerk, reviewer, company, bureau)
    revoke(session, clerk, reviewer, version.record_id, TODAY)
    session.commit()
    record = session.get_one(LicenceRecord, version.record_id)
    page = client.get(f"/licences/{version.record_id}")
    assert page.status_code == 200
    assert record.document_number in page.text
    assert "已撤销" in page.text
    listing = client.get("/licences?status=revoked")
    assert record.document_number in listing.text
    enterprise = client.get(f"/enterprises/{company.uscc}")
    assert "行政许可（1条）" in enterprise.text
    assert "已撤销" in enterprise.text
    api = client.get(f"/api/v1/enterprises/{company.uscc}").json()
    assert [(i["id"], i["status"]) for i in api["licences"]] == [(version.record_id, "revoked")]
    bad = client.get("/licences?kind=bogus")
    assert bad.status_code == 422


def test_the_credit_report_has_the_licences_with_their_status(
    client: TestClient, session: Session
) -> None:
    company = make_enterprise(session)
    bureau = make_authority(session)
    live = make_licence(session, company, bureau)
    make_licence(session, company, bureau, kind="radiation_safety", valid_to=dt.date(2026, 1, 1))
    session.commit()
    report = client.get(f"/api/v1/enterprises/{company.uscc}/report").json()
    chapter = next(c for c in report["content"]["chapters"] if c["key"] == "licences")
    statuses = {item["id"]: item["status"] for item in chapter["data"]["licences"]}
    assert statuses[live.record_id] == "in_force"
    assert sorted(statuses.values()) == ["expired", "in_force"]
    summary = {s["key"]: s["value"] for s in report["content"]["summary"]}
    assert summary["licences"] == "1 件"
    # As of a day before the licences were decided, the chapter is empty.
    before = client.get(f"/api/v1/enterprises/{company.uscc}/report?as_of=2025-01-01").json()
    chapter = next(c for c in before["content"]["chapters"] if c["key"] == "licences")
    assert chapter["data"]["licences"] == []
