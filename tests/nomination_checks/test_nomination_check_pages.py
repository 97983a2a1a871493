"""The nomination check page: upload a list (CSV or XLSX), read the results barred-first,
download the result file (masked numbers only); results expire; administrators see the record."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.config import Settings, get_settings
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import (
    AuditEntry,
    CandidateStatus,
    CheckChannel,
    NominationCheck,
    NominationCheckResult,
    PersonRole,
)
from tests.support.auth import login, logout_client, make_user, sign_in
from tests.support.factories import make_authority
from tests.support.nominations import Bureau, black_list, make_bureau, resident_id, widened

TODAY = dt.date(2026, 7, 1)
PAGE = "/admin/nomination-check"


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def bureau(session: Session) -> Bureau:
    return make_bureau(session, make_authority(session))


def _csv(rows: list[list[str]], header: tuple[str, ...] = ("参考号", "姓名", "身份证号")) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2027年人大代表候选人名单"])  # a title line above the header
    sheet.append(["编号", "姓名", "公民身份号码"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, data: bytes, name: str = "候选人.csv", as_of: str = "") -> Response:
    response: Response = client.post(
        PAGE,
        data={"as_of": as_of},
        files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )
    return response


def _check_id(response: Response) -> int:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(PAGE + "/")
    return int(location.rsplit("/", 1)[1])


def test_an_uploaded_list_is_answered_barred_first_and_downloads_masked(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient
) -> None:
    barred, renamed = resident_id(), resident_id()
    black_list(
        session,
        settings,
        bureau,
        [
            ("王五", barred, PersonRole.legal_representative),
            ("李四", renamed, PersonRole.principal),
        ],
    )
    login(client, Role.nomination)
    form = client.get(PAGE)
    assert form.status_code == 200
    assert "上传并审查" in form.text
    clear = resident_id()
    data = _csv(
        [
            ["A-1", "清白", clear],
            ["A-2", "某某", "12345"],
            ["A-3", "李 斯", renamed],
            ["A-4", "王五", barred],
        ]
    )
    check_id = _check_id(_upload(client, data, "张三370602198001011234名单.csv"))
    page = client.get(f"{PAGE}/{check_id}")
    assert page.status_code == 200
    order = [page.text.index(ref) for ref in ("A-4", "A-3", "A-2", "A-1")]
    assert order == sorted(order)  # barred, needs review, invalid, clear
    assert "受限（不得提名）" in page.text
    for number in (barred, renamed, clear):
        assert number not in page.text
        assert number[:6] + "********" + number[-4:] in page.text

    download = client.get(f"{PAGE}/{check_id}/results.csv")
    assert download.status_code == 200
    assert download.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["行号", "参考号", "姓名", "身份证号（脱敏）", "审查结论"]
    assert [(r[1], r[4]) for r in rows[1:]] == [
        ("A-4", "受限（不得提名）"),
        ("A-3", "需人工核对"),
        ("A-2", "身份证号有误"),
        ("A-1", "未发现限制"),
    ]
    assert rows[1][8] == "法定代表人"
    assert rows[1][13] == "2027-06-30"
    for number in (barred, renamed, clear):
        assert number not in download.text
    record = session.get(NominationCheck, check_id)
    assert record is not None
    assert record.channel == CheckChannel.page
    assert record.file_name == "张三******************名单.csv"
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "nomination_check", AuditEntry.object_id == str(check_id))
        .order_by(AuditEntry.seq)
    ).all()
    assert list(actions) == ["nomination_check.run", "nomination_check.download"]


def test_an_xlsx_list_with_a_title_line_and_numbers_excel_mangled(
    session: Session, settings: Settings, bureau: Bureau, client: TestClient
) -> None:
    legacy = "370602800101125"
    black_list(session, settings, bureau, [("郑一", widened(legacy), PersonRole.principal)])
    login(client, Role.nomination)
    mangled = int(resident_id()[:15]) * 1000  # what Excel keeps of an 18-digit number
    data = _xlsx(
        [["X1", "郑一", int(legacy)], ["X2", "某某", mangled], ["X3", "清白", resident_id()]]
    )
    check_id = _check_id(_upload(client, data, "名单.xlsx", as_of="2026-08-01"))
    results = {
        r.reference: r
        for r in session.scalars(
            select(NominationCheckResult).where(NominationCheckResult.check_id == check_id)
        )
    }
    assert results["X1"].status == CandidateStatus.barred
    assert results["X1"].position == 3  # the file's row
    assert results["X2"].status == CandidateStatus.invalid
    assert "Excel把身份证号存成了数字" in results["X2"].detail["reason"]
    assert results["X3"].status == CandidateStatus.clear
    record = session.get(NominationCheck, check_id)
    assert record is not None
    assert record.as_of == dt.date(2026, 8, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_csv([["1", "某", "x"]], header=("序号", "名称", "证件")), "没有找到“姓名”和“身份证号”列"),
        (b"", "请选择要上传的候选人名单文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "旧版Excel文件（.xls）"),
        (_csv([]), "文件中没有候选人"),
        (b"PK\x03\x04not really a workbook", "无法读取该Excel文件"),
    ],
)
def test_an_unreadable_list_is_explained_next_to_the_file_field(
    client: TestClient, data: bytes, message: str
) -> None:
    login(client, Role.nomination)
    response = _upload(client, data)
    assert response.status_code == 422
    assert message in response.text
    assert 'id="file-error"' in response.text


def test_a_list_over_the_limits_is_refused(client: TestClient) -> None:
    login(client, Role.nomination)
    too_big = _upload(client, _csv([["1", "某", "x" * 100]] * 12_000))
    assert too_big.status_code == 413
    assert "文件过大" in too_big.text
    bad_date = _upload(client, _csv([["1", "某", resident_id()]]), as_of="2026-13-01")
    assert bad_date.status_code == 422
    assert 'id="as_of-error"' in bad_date.text


def test_results_belong_to_the_account_that_ran_the_check(client: TestClient) -> None:
    login(client, Role.nomination)
    check_id = _check_id(_upload(client, _csv([["1", "某", resident_id()]])))
    assert client.get(f"{PAGE}/{check_id}").status_code == 200
    login(client, Role.nomination)  # another nomination body
    assert client.get(f"{PAGE}/{check_id}").status_code == 404
    assert client.get(f"{PAGE}/{check_id}/results.csv").status_code == 404
    for role in (Role.clerk, Role.reviewer, Role.admin):
        login(client, role)
        assert client.get(f"{PAGE}/{check_id}").status_code == 403
        assert client.get(PAGE).status_code == 403
    logout_client(client)
    anonymous = client.get(f"{PAGE}/{check_id}", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/admin/login")


def test_results_are_deleted_after_the_retention_period(
    session: Session,
    client: TestClient,
    frozen_clock: Callable[[dt.date], None],
) -> None:
    asker = login(client, Role.nomination)
    check_id = _check_id(_upload(client, _csv([["1", "某", resident_id()]])))
    frozen_clock(TODAY + dt.timedelta(days=29))
    assert sign_in(client, asker.username).status_code == 303  # the old session has expired
    assert "下载结果文件" in client.get(f"{PAGE}/{check_id}").text
    frozen_clock(TODAY + dt.timedelta(days=31))
    assert sign_in(client, asker.username).status_code == 303
    page = client.get(f"{PAGE}/{check_id}")
    assert page.status_code == 200
    assert "已超过保存期限" in page.text
    assert client.get(f"{PAGE}/{check_id}/results.csv").status_code == 404
    remaining = session.scalar(
        select(func.count())
        .select_from(NominationCheckResult)
        .where(NominationCheckResult.check_id == check_id)
    )
    assert remaining == 0
    record = session.get(NominationCheck, check_id)
    assert record is not None
    assert record.results_purged_at is not None
    assert record.candidates == 1  # the record of the check stays
    purge = session.scalar(select(AuditEntry).where(AuditEntry.action == "nomination_check.purge"))
    assert purge is not None
    assert purge.after is not None
    assert check_id in purge.after["checks"]


def test_administrators_list_and_export_the_record_of_checks(
    session: Session, client: TestClient
) -> None:
    asker = login(client, Role.nomination)
    check_id = _check_id(_upload(client, _csv([["1", "某", resident_id()]])))
    login(client, Role.nomination)
    assert client.get("/admin/nomination-checks").status_code == 403
    login(client, Role.clerk)
    assert client.get("/admin/nomination-checks/export.csv").status_code == 403
    admin = login(client, Role.admin)
    listing = client.get("/admin/nomination-checks", params={"username": asker.username})
    assert listing.status_code == 200
    assert asker.username in listing.text
    assert "网页上传" in listing.text
    export = client.get("/admin/nomination-checks/export.csv", params={"username": asker.username})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["审查编号", "时间（北京时间）", "账户", "方式", "审查基准日", "候选人数"]
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [(str(check_id), asker.username, "1")]
    audited = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "nomination_check.export")
    )
    assert audited is not None
    assert audited.actor_username == admin.username
    assert audited.after == {"filters": {"username": asker.username}, "rows": 1}
    bad = client.get("/admin/nomination-checks", params={"date_from": "2026-02-30"})
    assert "应为日期" in bad.text


# --- ecocredit nominations purge, on a committed database --------------------------------------


@pytest.fixture
def cli_engine(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    url = fresh_database()
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def test_the_purge_command_deletes_expired_results(cli_engine: Engine) -> None:
    now = dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC)
    factory = make_sessionmaker(cli_engine)
    with session_scope(factory) as session:
        user = make_user(session, Role.nomination)
        checks = []
        for expires in (now - dt.timedelta(seconds=1), now + dt.timedelta(days=1)):
            check = NominationCheck(
                user_id=user.id,
                channel=CheckChannel.page,
                created_at=expires - dt.timedelta(days=30),
                as_of=TODAY,
                candidates=1,
                barred=0,
                needs_review=0,
                invalid=0,
                clear=1,
                rule_version="test",
                matched_person_ids=[],
                results_expire_at=expires,
            )
            session.add(check)
            session.flush()
            session.add(
                NominationCheckResult(
                    check_id=check.id,
                    position=2,
                    name="某",
                    id_masked="370602********1234",
                    status=CandidateStatus.clear,
                    detail={},
                )
            )
            checks.append(check.id)
    result = CliRunner().invoke(cli_app, ["nominations", "purge"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "已删除过期的审查结果 1 条"
    with session_scope(factory) as session:
        left = session.scalars(select(NominationCheckResult.check_id)).all()
        assert list(left) == [checks[1]]
