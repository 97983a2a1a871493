"""Batch import: every row checked and every problem listed before anything is saved; the valid
rows reviewed as one batch, approved in whole or in part; hostile files refused safely."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.actor import Actor, Role
from app.models import (
    AuditEntry,
    Authority,
    Enterprise,
    ImportStatus,
    PenaltyImportBatch,
    PenaltyVersion,
    VersionStatus,
)
from tests.support.auth import login
from tests.support.factories import make_enterprise
from tests.support.workflows import RESIDENT_ID, TODAY

HEADERS = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "严重程度",
    "处罚决定日期",
    "处罚有效期",
    "处罚机关",
    "所属区县代码",
]


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def company(session: Session) -> Enterprise:
    enterprise = make_enterprise(session, name="烟台导入测试化工有限公司", district="370611")
    session.commit()
    return enterprise


def _row(company: Enterprise | None, authority: str, number: str, **changes: str) -> list[str]:
    values = {
        "行政相对人名称": company.name if company else "李四",
        "行政相对人类别": "法人及非法人组织" if company else "自然人",
        "统一社会信用代码": company.uscc if company else "",
        "法定代表人": "张三" if company else "",
        "证件类型": "" if company else "身份证",
        "证件号码": "" if company else RESIDENT_ID,
        "行政处罚决定书文号": number,
        "违法行为类型": "超标排放",
        "违法事实": "颗粒物浓度超标",
        "处罚依据": "《中华人民共和国大气污染防治法》第九十九条",
        "处罚类别": "警告；罚款",
        "处罚内容": "警告并罚款",
        "罚款金额（万元）": "12.345678",
        "严重程度": "一般",
        "处罚决定日期": "2026-06-01",
        "处罚有效期": "2027-05-31",
        "处罚机关": authority,
        "所属区县代码": "370611",
    }
    values.update(changes)
    return [values[h] for h in HEADERS]


def _csv(rows: list[list[str]], headers: list[str] = HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _authority(session: Session, actor: Actor) -> Authority:
    return session.get_one(Authority, actor.authority_id)


def _upload(client: TestClient, name: str, content: bytes) -> Response:
    response: Response = client.post(
        "/admin/imports", files={"file": (name, content, "text/csv")}, follow_redirects=False
    )
    return response


def _batch_id(response: Response) -> int:
    location = response.headers.get("location", "")
    match = re.search(r"/admin/imports/(\d+)$", location)
    assert match, location
    return int(match.group(1))


def _versions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PenaltyVersion)) or 0


def test_preview_lists_every_problem_before_anything_is_saved_then_partial_approval(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    clerk = login(client, Role.clerk)
    authority = _authority(session, clerk).name
    rows = [
        _row(company, authority, "烟环罚〔2026〕第501号"),
        _row(None, authority, "烟环罚〔2026〕第502号"),
        _row(company, authority, "烟环罚〔2026〕第503号", **{"罚款金额（万元）": "1.2345678"}),
        _row(company, authority, "烟环罚〔2026〕第501号"),
        _row(company, "别的生态环境局", "烟环罚〔2026〕第504号"),
        _row(company, authority, "烟环罚〔2026〕第505号", 统一社会信用代码="91370600MA3C1234"),
        _row(company, authority, "烟环罚〔2026〕第506号", 处罚决定日期="2026-13-01"),
        _row(
            company,
            authority,
            "烟环罚〔2026〕第507号",
            违法事实='=HYPERLINK("http://x.example")<script>alert(1)</script>',
        ),
    ]
    before = _versions(session)
    response = _upload(client, "双公示.csv", _csv(rows))
    assert response.status_code == 303
    batch_id = _batch_id(response)
    assert _versions(session) == before  # nothing is a penalty yet

    page = client.get(f"/admin/imports/{batch_id}").text
    assert "共 8 行，校验通过 3 行，有误 5 行" in page
    problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert ("4", "罚款金额(万元)", "以万元为单位的金额最多保留六位小数（到分）") in problems
    assert ("5", "行政处罚决定书文号", "与第2行文号重复") in problems
    assert any(row == "6" and column == "处罚机关" for row, column, _m in problems)
    assert ("7", "统一社会信用代码", "统一社会信用代码应为18位，实际为16位") in problems
    assert ("8", "处罚决定日期", "“2026-13-01”不是有效日期") in problems
    assert "<script>" not in page  # hostile text is data, shown escaped

    submitted = client.post(f"/admin/imports/{batch_id}/submit", follow_redirects=False)
    assert submitted.status_code == 303
    batch = session.get_one(PenaltyImportBatch, batch_id, populate_existing=True)
    assert batch.status == ImportStatus.submitted
    assert batch.staged == []  # no second copy of the rows (nor of ID numbers)
    versions = session.scalars(
        select(PenaltyVersion)
        .where(PenaltyVersion.import_batch_id == batch_id)
        .order_by(PenaltyVersion.import_row)
    ).all()
    assert [v.import_row for v in versions] == [2, 3, 9]
    assert all(v.status == VersionStatus.submitted for v in versions)
    assert versions[1].party_id_masked == "370602********1234"
    assert versions[2].violation_facts.startswith("=HYPERLINK")  # kept as typed, as text

    assert client.get(f"/admin/review/batches/{batch_id}").status_code == 403  # a clerk
    login(client, Role.reviewer)
    assert f"/admin/review/batches/{batch_id}" in client.get("/admin/review").text
    nothing = client.post(f"/admin/review/batches/{batch_id}", data={"action": "approve_selected"})
    assert nothing.status_code == 422
    assert "请先勾选记录" in nothing.text
    client.post(
        f"/admin/review/batches/{batch_id}",
        data={
            "action": "approve_selected",
            "version_ids": [str(versions[0].id), str(versions[1].id)],
        },
    )
    no_comment = client.post(
        f"/admin/review/batches/{batch_id}",
        data={"action": "return_selected", "version_ids": [str(versions[2].id)]},
    )
    assert no_comment.status_code == 422
    client.post(
        f"/admin/review/batches/{batch_id}",
        data={
            "action": "return_selected",
            "version_ids": [str(versions[2].id)],
            "comment": "违法事实含无关内容",
        },
    )
    statuses = [
        session.get_one(PenaltyVersion, v.id, populate_existing=True).status for v in versions
    ]
    assert statuses == [VersionStatus.published, VersionStatus.published, VersionStatus.returned]
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "penalty_import_batch")
        .where(AuditEntry.object_id == str(batch_id))
        .order_by(AuditEntry.seq)
    ).all()
    assert list(actions) == [
        "penalty_import.upload",
        "penalty_import.submit",
        "penalty_import.approve",
        "penalty_import.return",
    ]


def test_the_uploader_cannot_approve_their_own_batch(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    reviewer = login(client, Role.reviewer)
    authority = _authority(session, reviewer).name
    batch_id = _batch_id(
        _upload(client, "a.csv", _csv([_row(company, authority, "烟环罚〔2026〕第601号")]))
    )
    client.post(f"/admin/imports/{batch_id}/submit")
    page = client.get(f"/admin/review/batches/{batch_id}")
    assert "这是您上传的批次，须由另一名审核员审核" in page.text
    response = client.post(f"/admin/review/batches/{batch_id}", data={"action": "approve_all"})
    assert response.status_code == 403
    login(client, Role.reviewer)
    client.post(f"/admin/review/batches/{batch_id}", data={"action": "approve_all"})
    version = session.scalars(
        select(PenaltyVersion).where(PenaltyVersion.import_batch_id == batch_id)
    ).one()
    assert version.status == VersionStatus.published


def test_an_xlsx_file_is_read_with_its_dates_and_numbers(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    clerk = login(client, Role.clerk)
    authority = _authority(session, clerk).name
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    row: list[object] = list(_row(company, authority, "烟环罚〔2026〕第701号"))
    row[HEADERS.index("罚款金额（万元）")] = 2.5
    row[HEADERS.index("处罚决定日期")] = dt.datetime(2026, 6, 1)
    row[HEADERS.index("处罚有效期")] = dt.date(2027, 5, 31)
    sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/admin/imports",
        files={"file": ("双公示.xlsx", buffer.getvalue(), "application/octet-stream")},
        follow_redirects=False,
    )
    batch = session.get_one(PenaltyImportBatch, _batch_id(response))
    assert (batch.file_format, batch.valid_rows, batch.error_rows) == ("xlsx", 1, 0)
    assert batch.staged[0]["data"]["fine_amount"] == "2.5"
    assert batch.staged[0]["data"]["decision_date"] == "2026-06-01"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "文件不是有效的 .xlsx 文件"),
        ("fake.xlsx", b"PK\x03\x04not really a zip", "文件不是有效的 .xlsx 文件"),
        ("macro.xlsm", b"PK\x03\x04", "仅支持 .xlsx 格式的 Excel 文件"),
        ("binary.csv", b"\x00\x01\x02", "文件含有大量二进制数据"),
        ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(64), "这是PNG图片"),
        ("empty.csv", b"", "文件为空"),
        ("utf16.csv", "\ufffe".encode("utf-16"), "UTF-16"),
    ],
)
def test_broken_or_hostile_files_are_refused_with_a_reason(
    client: TestClient, name: str, content: bytes, message: str
) -> None:
    login(client, Role.clerk)
    response = client.post("/admin/imports", files={"file": (name, content, "text/csv")})
    assert response.status_code == 422
    assert message in response.text


def test_a_stray_nul_rejects_its_row_with_line_and_column_and_keeps_the_others(
    client: TestClient, session: Session, company: Enterprise
) -> None:
    actor = login(client, Role.clerk)
    authority = _authority(session, actor).name
    rows = [_row(company, authority, f"烟环罚〔2026〕第{700 + n}号") for n in range(50)]
    column = HEADERS.index("违法事实")
    rows[20][column] = "未批先建\x00擅自开工"
    response = _upload(client, "双公示.csv", _csv(rows))
    batch = session.get_one(PenaltyImportBatch, _batch_id(response))
    assert (batch.valid_rows, batch.error_rows) == (49, 1)
    problem = next(p for p in batch.problems if p["row"] is not None)
    assert problem["row"] == 22  # line 22 of the file: the header is line 1
    assert problem["column"] == "违法事实"
    assert "U+0000" in problem["message"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client: TestClient) -> None:
    login(client, Role.clerk)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
    response = client.post(
        "/admin/imports", files={"file": ("bomb.xlsx", buffer.getvalue(), "application/zip")}
    )
    assert response.status_code == 422
    assert "Excel文件解压后过大" in response.text


def test_too_many_rows_and_missing_columns(client: TestClient, session: Session) -> None:
    login(client, Role.clerk)
    many = _csv([["x"] * len(HEADERS)] * 2001)
    response = client.post("/admin/imports", files={"file": ("many.csv", many, "text/csv")})
    assert response.status_code == 422
    assert "数据超过2000行" in response.text
    partial = _csv([["某公司"]], headers=["行政相对人名称"])
    batch_id = _batch_id(_upload(client, "partial.csv", partial))
    page = client.get(f"/admin/imports/{batch_id}").text
    assert "缺少必需的列" in page
    assert "处罚决定日期" in page
