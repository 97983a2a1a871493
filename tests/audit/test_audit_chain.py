"""The audit trail is hash-chained: editing, deleting, inserting or reordering entries is found,
by the verify function and by ``ecocredit audit verify``."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.audit.anchors import read_anchors, write_anchor
from app.audit.chain import verify_chain
from app.audit.service import canonical_json, entry_content, record
from app.cli import app as cli_app
from app.config import get_settings
from app.kit.actor import Actor, Role
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.models import AuditChainHead, AuditEntry

ACTOR = Actor(7, "zhang.san", Role.clerk, 1, frozenset({"370611"}), "10.0.0.8")


def _fill(session: Session, n: int = 5) -> list[AuditEntry]:
    return [
        record(
            session,
            ACTOR,
            "penalty.update",
            "penalty",
            str(100 + i),
            before={"fine": Decimal("1.5"), "date": dt.date(2026, 1, i + 1)},
            after={"fine": Decimal("2.000001"), "categories": {"罚款", "警告"}},
        )
        for i in range(n)
    ]


def test_an_intact_chain_verifies_and_counts(session: Session) -> None:
    before = verify_chain(session).count
    entries = _fill(session)
    report = verify_chain(session)
    assert report.ok
    assert report.count == before + 5
    assert report.message == f"审计链完整，共{before + 5}条"
    # Each entry links to the previous one, and values are stored as plain JSON.
    assert entries[1].prev_hash == entries[0].hash
    assert entries[0].after == {"fine": "2.000001", "categories": ["罚款", "警告"]}
    assert entries[0].before == {"fine": "1.5", "date": "2026-01-01"}
    assert entries[0].source_ip == "10.0.0.8"


def test_resident_id_numbers_are_masked_even_when_a_caller_forgets(session: Session) -> None:
    entry = record(
        session, ACTOR, "person.create", "person", "1", after={"id": "11010519491231002X"}
    )
    assert entry.after == {"id": "110105********002X"}


def test_values_that_are_not_json_are_refused(session: Session) -> None:
    with pytest.raises(TypeError):
        record(session, ACTOR, "x.y", "thing", "1", after={"object": object()})


def _edit(session: Session, entry: AuditEntry) -> None:
    session.execute(
        update(AuditEntry).where(AuditEntry.id == entry.id).values(object_id="999"),
        execution_options={"synchronize_session": False},
    )


def _delete(session: Session, entry: AuditEntry) -> None:
    session.execute(
        delete(AuditEntry).where(AuditEntry.id == entry.id),
        execution_options={"synchronize_session": False},
    )


def _insert(session: Session, entry: AuditEntry) -> None:
    # A forged entry at the end, linked to the last real one, with a made-up hash.
    session.execute(
        text(
            "INSERT INTO audit_entries (seq, created_at, action, object_type, prev_hash, hash) "
            "VALUES (:seq, :at, 'user.delete', 'user', :prev, :hash)"
        ),
        {"seq": entry.seq + 1, "at": entry.created_at, "prev": entry.hash, "hash": "f" * 64},
    )


def _swap(session: Session, entry: AuditEntry) -> None:
    # Exchange the positions of this entry and the next one.
    a, b = entry.seq, entry.seq + 1
    for old, new in ((a, -1), (b, a), (-1, b)):
        session.execute(
            update(AuditEntry).where(AuditEntry.seq == old).values(seq=new),
            execution_options={"synchronize_session": False},
        )


TAMPERING: dict[str, tuple[Callable[[Session, AuditEntry], None], str, str]] = {
    "edit": (_edit, "edited", "记录内容被修改"),
    "delete": (_delete, "deleted", "记录被删除"),
    "insert": (_insert, "inserted", "记录被插入"),
    "swap": (_swap, "reordered", "记录顺序被调换"),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_each_kind_of_tampering_is_found_at_the_right_entry(session: Session, kind: str) -> None:
    entries = _fill(session)
    tamper, expected_kind, label = TAMPERING[kind]
    target = entries[-1] if kind == "insert" else entries[2]
    first_bad = target.seq + (1 if kind == "insert" else 0)
    tamper(session, target)
    session.expire_all()
    report = verify_chain(session)
    assert not report.ok
    assert report.kind == expected_kind
    assert report.seq == first_bad
    assert label in report.message


def test_a_deleted_tail_is_found_also_after_more_entries(session: Session) -> None:
    entries = _fill(session, 3)
    last = entries[-1].seq
    _delete(session, entries[-1])
    session.expunge_all()
    report = verify_chain(session)
    assert (report.kind, report.seq) == ("deleted", last)

    _fill(session, 1)  # the chain goes on from the head, past the hole
    assert verify_chain(session).kind == "deleted"


def test_swapping_whole_rows_is_found_as_reordering(session: Session) -> None:
    entries = _fill(session, 4)
    first, second = entries[1], entries[2]
    columns = ["seq", "created_at", "action", "object_type", "object_id", "before", "after"]
    columns += ["prev_hash", "hash"]
    values = {c: getattr(second, c) for c in columns}
    session.execute(
        update(AuditEntry).where(AuditEntry.id == second.id).values(seq=-5),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        update(AuditEntry).where(AuditEntry.id == first.id).values(**values),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.id == second.id)
        .values(**{c: getattr(first, c) for c in columns}),
        execution_options={"synchronize_session": False},
    )
    report = verify_chain(session)
    assert report.kind == "reordered"


# --- the command line, on a committed database ------------------------------------------------


@pytest.fixture
def cli_engine(
    fresh_database: Callable[[], str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Engine]:
    url = fresh_database()
    monkeypatch.setenv("ECOCREDIT_DATABASE_URL", url)
    # The anchors of this database only (never those another run left in ./var).
    monkeypatch.setenv("ECOCREDIT_AUDIT_ANCHOR_PATH", str(tmp_path / "anchors.jsonl"))
    get_settings.cache_clear()
    engine = make_engine(url)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_cli_verify_reports_intact_then_the_first_broken_entry(
    cli_engine: Engine, kind: str
) -> None:
    with session_scope(make_sessionmaker(cli_engine)) as session:
        entries = _fill(session, 6)
    runner = CliRunner()
    ok = runner.invoke(cli_app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.strip() == "审计链完整，共6条"

    tamper, _kind, label = TAMPERING[kind]
    target = entries[-1] if kind == "insert" else entries[3]
    with session_scope(make_sessionmaker(cli_engine)) as session:
        tamper(session, target)
    broken = runner.invoke(cli_app, ["audit", "verify"])
    assert broken.exit_code == 1
    first_bad = target.seq + (1 if kind == "insert" else 0)
    assert f"审计链在第{first_bad}条" in broken.stderr
    assert label in broken.stderr


def test_cli_verify_reports_a_deleted_head_instead_of_crashing(cli_engine: Engine) -> None:
    with session_scope(make_sessionmaker(cli_engine)) as session:
        _fill(session, 3)
        session.execute(delete(AuditChainHead))
    result = CliRunner().invoke(cli_app, ["audit", "verify"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "链尾登记被删除" in result.stderr


def test_concurrent_writers_never_fork_the_chain(cli_engine: Engine) -> None:
    factory = make_sessionmaker(cli_engine)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(10):
                with session_scope(factory) as session:
                    _fill(session, 1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(factory) as session:
        report = verify_chain(session)
        assert report.ok, report.message
        assert report.count == 40
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 40
        assert session.scalar(select(AuditChainHead.last_seq)) == 40


# --- keyed and anchored: whoever can write the database cannot rewrite the trail --------------


def _unkeyed(prev_hash: str, entry: AuditEntry) -> str:
    """The hash a forger computes: everything but the key (it is not in the database)."""
    data = prev_hash + "\n" + canonical_json(entry_content(entry))
    return hashlib.sha256(data.encode()).hexdigest()


def _set_head(session: Session, seq: int, last_hash: str) -> None:
    session.execute(
        update(AuditChainHead).values(last_seq=seq, last_hash=last_hash),
        execution_options={"synchronize_session": False},
    )


def test_an_appended_forged_entry_with_its_hash_and_the_head_is_found(session: Session) -> None:
    entries = _fill(session, 3)
    last = entries[-1]
    forged = AuditEntry(
        seq=last.seq + 1,
        created_at=last.created_at,
        actor_user_id=7,
        actor_username="zhang.san",
        actor_role="reviewer",
        action="penalty.approve",
        object_type="penalty_version",
        object_id="999",
        before=None,
        after={"status": "published"},
        source_ip=None,
        prev_hash=last.hash,
    )
    forged.hash = _unkeyed(last.hash, forged)
    session.add(forged)
    session.flush()
    _set_head(session, forged.seq, forged.hash)
    session.expire_all()
    report = verify_chain(session)
    assert (report.kind, report.seq) == ("edited", forged.seq)


def test_an_edit_with_every_later_hash_recomputed_is_found(session: Session) -> None:
    entries = _fill(session, 4)
    prev = entries[0].hash
    for entry in entries[1:]:
        if entry is entries[1]:
            entry.object_id = "forged"
        entry.prev_hash = prev
        entry.hash = _unkeyed(prev, entry)
        prev = entry.hash
    session.flush()
    _set_head(session, entries[-1].seq, prev)
    session.expire_all()
    report = verify_chain(session)
    assert (report.kind, report.seq) == ("edited", entries[1].seq)


def test_deleting_the_tail_and_setting_the_head_back_is_found_by_the_anchor(
    session: Session, tmp_path: Path
) -> None:
    entries = _fill(session, 5)
    path = tmp_path / "anchors.jsonl"
    anchor = write_anchor(session, path)
    assert anchor is not None
    assert anchor.seq == entries[-1].seq
    assert verify_chain(session, anchors=read_anchors(path)).ok
    for entry in entries[2:]:
        _delete(session, entry)
    _set_head(session, entries[1].seq, entries[1].hash)  # consistent in itself
    session.expire_all()
    assert verify_chain(session).ok  # without the anchor, nothing to see
    report = verify_chain(session, anchors=read_anchors(path))
    assert not report.ok
    assert report.kind == "deleted"
    assert "锚点" in report.message


def test_cli_anchor_then_verify_finds_a_rewritten_history(
    cli_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "audit-anchors.jsonl"
    monkeypatch.setenv("ECOCREDIT_AUDIT_ANCHOR_PATH", str(path))
    get_settings.cache_clear()
    with session_scope(make_sessionmaker(cli_engine)) as session:
        entries = _fill(session, 4)
    runner = CliRunner()
    anchored = runner.invoke(cli_app, ["audit", "anchor"])
    assert anchored.exit_code == 0, anchored.output
    assert "已写入锚点：第4条" in anchored.stdout
    assert runner.invoke(cli_app, ["audit", "verify"]).exit_code == 0
    with session_scope(make_sessionmaker(cli_engine)) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq > entries[1].seq))
        _set_head(session, entries[1].seq, entries[1].hash)
    broken = runner.invoke(cli_app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "锚点" in broken.stderr


def test_the_key_comes_from_the_settings_not_the_database(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(session, 2)
    assert verify_chain(session).ok
    monkeypatch.setenv("ECOCREDIT_AUDIT_HMAC_KEY", "another-key-0123456789abcdef")
    get_settings.cache_clear()
    try:
        assert verify_chain(session).kind == "edited"  # a different key: nothing verifies
    finally:
        monkeypatch.delenv("ECOCREDIT_AUDIT_HMAC_KEY")
        get_settings.cache_clear()


def test_the_ticker_of_serve_anchors_the_head_after_every_tick(
    cli_engine: Engine, tmp_path: Path
) -> None:
    from app.jobs.tick import start_ticker

    factory = make_sessionmaker(cli_engine)
    with session_scope(factory) as session:
        _fill(session, 2)
    path = tmp_path / "anchors.jsonl"
    stop = start_ticker(factory, 3600, trigger="test", anchor_path=path)
    try:
        deadline = time.monotonic() + 30
        while not read_anchors(path) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop()
    anchors = read_anchors(path)
    assert [a.seq for a in anchors] == [2]
    with session_scope(factory) as session:
        assert verify_chain(session, anchors=anchors).ok
