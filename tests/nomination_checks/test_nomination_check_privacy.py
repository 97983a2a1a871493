"""The canary: after checks with known ID numbers, through the API and the page, on a real server,
including failures, the numbers are nowhere in plain text: not in any table or column, not in the
SQLite database files, not in the logs (the access log, uvicorn's, every SQL statement sent with
its parameters), not in the audit trail, the feed or the outbox, not in any answer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import MetaData, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.access.sessions import COOKIE_NAME, start_session
from app.kit.actor import Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.kit.secrets import keyed_hash
from app.models import AuditEntry, FeedEvent, NominationCheck, OutboxMessage, PersonRole
from app.nomination_checks import service as check_service
from app.web.auth import session_csrf_token
from tests.conftest import BACKEND, LiveServer, make_settings
from tests.support.auth import make_user
from tests.support.factories import make_authority
from tests.support.nominations import (
    URL,
    black_list,
    make_bureau,
    nomination_token,
    resident_id,
    widened,
)

TODAY = dt.date(2026, 7, 1)
BARRED = resident_id(born="19770707", area="370613", serial=777)
LEGACY = "370613770707778"  # 15 digits; the record holds its 18-digit form
CLEAR = resident_id(born="19880808", area="370685", serial=888)
WRONG_CHECK = BARRED[:17] + ("0" if BARRED[17] != "0" else "1")
CANARIES = (BARRED, LEGACY, widened(LEGACY), CLEAR, WRONG_CHECK)


@pytest.fixture(autouse=True)
def _today(frozen_clock: Callable[[dt.date], None]) -> None:
    frozen_clock(TODAY)


@pytest.fixture
def database(fresh_database: Callable[[], str]) -> Iterator[tuple[str, sessionmaker[Session]]]:
    url = fresh_database()
    engine = make_engine(url)
    yield url, make_sessionmaker(engine)
    engine.dispose()


def _found_in_tables(
    factory: sessionmaker[Session], needles: tuple[str, ...], scanned: set[str] | None = None
) -> list[str]:
    """Every table, every column, every row: where any needle occurs."""
    hits: list[str] = []
    with factory() as session:
        metadata = MetaData()
        metadata.reflect(bind=session.connection())
        for table in metadata.sorted_tables:
            if scanned is not None:
                scanned.add(table.name)
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    text = json.dumps(value, ensure_ascii=False, default=str)
                    hits.extend(f"{table.name}.{column}" for n in needles if n in text)
    return hits


def _sqlite_files(url: str) -> list[Path]:
    path = Path(str(make_url(url).database))
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def test_known_id_numbers_leave_no_trace_in_plain_text(
    database: tuple[str, sessionmaker[Session]],
    live_server_factory: Callable[[str], LiveServer],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, factory = database
    settings = make_settings(url)
    with session_scope(factory) as session:
        bureau = make_bureau(session, make_authority(session))
        black_list(
            session,
            settings,
            bureau,
            [
                ("王五", BARRED, PersonRole.legal_representative),
                ("郑一", widened(LEGACY), PersonRole.principal),
            ],
        )
        token, _ = nomination_token(session)
        user = make_user(session, Role.nomination)
        cookie, _row = start_session(session, user, settings, source_ip=None, user_agent=None)
        admin = make_user(session, Role.admin)
        admin_cookie, _row = start_session(
            session, admin, settings, source_ip=None, user_agent=None
        )

    server = live_server_factory(url)
    # Everything from here on is logged and captured, SQL statements and their parameters too.
    logging.getLogger().addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL with parameters
    caplog.set_level(logging.DEBUG)  # last: it sets the capturing handler's level too
    answers: list[str] = []
    candidates = [
        {"reference": "C1", "name": "王五", "id_number": BARRED},
        {"reference": "C2", "name": "郑一", "id_number": LEGACY},
        {"reference": "C3", "name": "王武", "id_number": BARRED},
        {"reference": "C4", "name": "清白", "id_number": CLEAR},
        {"reference": "C5", "name": "某某", "id_number": WRONG_CHECK},
    ]
    with httpx.Client(base_url=server.url, follow_redirects=False) as api:
        bearer = {"Authorization": f"Bearer {token}"}
        response = api.post(URL, json={"candidates": candidates}, headers=bearer)
        assert response.status_code == 200, response.text
        statuses = [r["status"] for r in response.json()["results"]]
        assert statuses == ["barred", "barred", "needs_review", "clear", "invalid"]
        answers.append(response.text)
        # A body that fails validation, and a failure inside the check: no echo, no log.
        bad = api.post(URL, json={"candidates": [{"id_number": int(BARRED[:17])}]}, headers=bearer)
        assert bad.status_code == 422
        answers.append(bad.text)

        def broken(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("matching failed")

        monkeypatch.setattr(check_service, "_match", broken)
        failed = api.post(URL, json={"candidates": candidates}, headers=bearer)
        assert failed.status_code == 500
        answers.append(failed.text)
        monkeypatch.undo()

    with httpx.Client(base_url=server.url, follow_redirects=False) as api:
        api.cookies.set(COOKIE_NAME, cookie)
        page = {"X-CSRF-Token": session_csrf_token(settings, cookie)}
        rows = "\n".join(f"{c['reference']},{c['name']},{c['id_number']}" for c in candidates)
        upload = api.post(
            "/admin/nomination-check",
            data={"as_of": ""},
            files={"file": ("名单.csv", f"参考号,姓名,身份证号\n{rows}\n".encode(), "text/csv")},
            headers=page,
        )
        assert upload.status_code == 303, upload.text
        result_page = api.get(upload.headers["location"])
        assert result_page.status_code == 200
        download = api.get(upload.headers["location"] + "/results.csv")
        assert list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))[1][1] == "C1"
        answers += [result_page.text, download.content.decode("utf-8-sig")]
        answers.append(api.get("/admin/nomination-check").text)

        api.cookies.set(COOKIE_NAME, admin_cookie)
        answers.append(api.get("/admin/nomination-checks").text)
        answers.append(api.get("/admin/nomination-checks/export.csv").text)
        answers.append(api.get("/admin/audit").text)
        answers.append(api.get("/admin/audit/export.csv").text)
    server.stop()
    logging.getLogger().removeHandler(caplog.handler)

    # The checks happened and were recorded, so the search below is not a search of nothing.
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(NominationCheck)) == 2
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "nomination_check.run")
            )
            == 2
        )
    logged = [r for r in caplog.records if r.name == "ecocredit.access"]
    assert any("/api/v1/nomination-checks" in r.getMessage() for r in logged)
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records)

    for number in CANARIES:
        assert not [a for a in answers if number in a], f"{number} in an answer"
    formatter = logging.Formatter()
    log_text = "\n".join(
        f"{r.getMessage()} {r.__dict__!r} "
        + (formatter.formatException(r.exc_info) if r.exc_info else "")
        for r in caplog.records
    )
    assert "matching failed" in log_text  # the failure was logged, with its traceback
    for number in CANARIES:
        assert number not in log_text, f"{number} in the logs"
    scanned: set[str] = set()
    assert _found_in_tables(factory, CANARIES, scanned) == []
    expected = {"nomination_checks", "nomination_check_results", "audit_entries", "persons"}
    expected |= {FeedEvent.__tablename__, OutboxMessage.__tablename__}
    assert expected <= scanned
    # Nor is the hash of a candidate who was clear kept: the record cannot tell who was checked.
    assert _found_in_tables(factory, (keyed_hash(settings.id_hash_key, CLEAR),)) == []
    if BACKEND == "sqlite":
        files = _sqlite_files(url)
        assert files
        for path in files:
            content = path.read_bytes()
            for number in CANARIES:
                assert number.encode() not in content, f"{number} in {path.name}"
