"""``ecocredit demo``: load deterministic, realistic demo data for Yantai.

One unit of work: the enterprises, persons, penalties, list entries, credit assessments and the
search index (when ``app.search.index`` exists) are committed together or not at all. A database
that already has enterprises is refused unless ``force`` (the demo data is then added to them).
All dates derive from ``as_of`` (default :data:`DEMO_AS_OF`), never from the clock, so the same
seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table as RichTable
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.credit.rules import SHANDONG_2020_CODE
from app.demo.build import ENTERPRISES, ID_TABLES, DemoBuild, Scheme, read_existing
from app.demo.inspections import build_inspections
from app.demo.penalties import Authorities, AuthorityRef
from app.feed.publications import publish_missing
from app.feed.withdrawals import catch_up
from app.kit import clock
from app.kit.db import make_engine, make_sessionmaker, refresh_planner_statistics, session_scope
from app.kit.migrate import current_revisions, head_revisions
from app.models import Authority, CreditScheme

DEMO_AS_OF = dt.date(2026, 11, 1)

TABLE_LABELS = {
    "enterprises": "企业",
    "persons": "自然人",
    "enterprise_persons": "企业人员关系",
    "penalty_records": "行政处罚决定",
    "penalty_versions": "行政处罚版本",
    "list_entries": "红黑名单条目",
    "list_entry_penalties": "名单所依据的处罚",
    "credit_assessments": "信用评价",
    "licence_records": "行政许可",
    "licence_versions": "行政许可版本",
    "measure_feedbacks": "联合奖惩措施反馈",
}

Rebuild = Callable[..., None]


class DemoRefused(Exception):
    """The demo data was not loaded; ``message`` says why (Chinese, shown as it is)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DemoSummary:
    counts: dict[str, int]  # rows written per table
    seconds: float
    search_index: bool  # whether the search index was rebuilt
    feed_events: int = 0  # published events written to the feed (and queued for the platform)


def search_index_rebuilder() -> Rebuild | None:
    """``app.search.index.rebuild_enterprise_index`` when that module exists."""
    try:
        if importlib.util.find_spec("app.search.index") is None:
            return None
    except ModuleNotFoundError:
        return None
    module = importlib.import_module("app.search.index")
    return cast(Rebuild, module.rebuild_enterprise_index)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _check_ready(conn: Connection, force: bool) -> tuple[Authorities, Scheme]:
    existing = conn.scalar(select(func.count()).select_from(ENTERPRISES)) or 0
    if existing and not force:
        raise DemoRefused(
            f"数据库中已有 {existing} 家企业，为免演示数据与真实数据混在一起，未加载演示数据。"
            "确需在现有数据上追加演示数据，请加 --force。"
        )
    refs = [
        AuthorityRef(r.id, r.name, r.uscc, r.district_code, r.decision_prefix)
        for r in conn.execute(
            select(
                Authority.id,
                Authority.name,
                Authority.uscc,
                Authority.district_code,
                Authority.decision_prefix,
            )
        )
    ]
    try:
        authorities = Authorities(refs)
    except LookupError as exc:
        raise DemoRefused(str(exc)) from None
    row = conn.execute(
        select(CreditScheme.id, CreditScheme.definition).where(
            CreditScheme.code == SHANDONG_2020_CODE
        )
    ).one_or_none()
    if row is None:
        raise DemoRefused(f"未找到信用评价方案 {SHANDONG_2020_CODE}：请先运行 ecocredit db upgrade")
    return authorities, Scheme(row.id, row.definition)


def _reset_sequences(conn: Connection) -> None:
    """Ids were given explicitly: move PostgreSQL's sequences past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in ID_TABLES:
        highest = select(func.max(table.c.id)).scalar_subquery()
        conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), highest)))


def build_demo(
    session: Session,
    settings: Settings,
    *,
    enterprises: int,
    seed: int,
    force: bool,
    as_of: dt.date,
    progress: Progress,
) -> tuple[dict[str, int], bool]:
    """Generate and write everything inside ``session``'s transaction (no commit)."""
    conn = session.connection()
    authorities, scheme = _check_ready(conn, force)
    tasks: dict[str, TaskID] = {
        "enterprises": progress.add_task("企业", total=enterprises),
    }

    def advance(name: str, amount: int) -> None:
        progress.advance(tasks[name], amount)

    build = DemoBuild(
        conn=conn,
        seed=seed,
        as_of=as_of,
        authorities=authorities,
        scheme=scheme,
        existing=read_existing(conn),
        hash_key=settings.id_hash_key,
        encryption_key=settings.id_encryption_key,
        advance=advance,
    )
    penalised, showcase, green = build.enterprises(enterprises)
    tasks["penalties"] = progress.add_task("人员与处罚", total=len(penalised))
    by_enterprise = build.penalties(penalised, showcase)
    tasks["lists"] = progress.add_task("名单与评价", total=1)
    build.lists_and_assessments(by_enterprise, showcase, green, enterprises)
    build.licences_and_feedback()
    advance("lists", 1)
    build.counts.update(build_inspections(conn, seed, as_of))
    _reset_sequences(conn)
    # The demo's public records reach the feed and the push outbox as the workflows' would.
    today = clock.today()
    build.counts["feed_events"] = publish_missing(session, today)
    catch_up(session, today, full=True)

    rebuild = search_index_rebuilder()
    if rebuild is not None:
        total = conn.scalar(select(func.count()).select_from(ENTERPRISES)) or 0
        task = progress.add_task("搜索索引", total=total)

        def report(done: int) -> None:
            # The bar completes when the rebuild returns (it still writes after the last call).
            progress.update(task, completed=min(done, max(0, total - 1)))

        rebuild(session, progress=report)
        progress.update(task, completed=total)
    return build.counts, rebuild is not None


def load_demo(
    settings: Settings,
    enterprises: int = 2000,
    seed: int = 2018,
    force: bool = False,
    as_of: dt.date = DEMO_AS_OF,
    console: Console | None = None,
    if_empty: bool = False,
) -> DemoSummary | None:
    """Load the demo data in one transaction and print a summary; on refusal print why (on
    stderr, or on ``console`` when given) and exit with code 1 (``typer.Exit``). With
    ``if_empty``, a database that already has enterprises is kept as it is (None, exit 0)."""
    errors = console or Console(stderr=True)
    console = console or Console()
    started = time.perf_counter()
    engine = make_engine(settings.database_url)
    try:
        if enterprises < 1:
            raise DemoRefused("企业数量至少为 1（--enterprises）。")
        if current_revisions(engine) != head_revisions():
            raise DemoRefused("数据库结构不是最新版本：请先运行 ecocredit db upgrade。")
        if if_empty and not force:
            with engine.connect() as conn:
                existing = conn.scalar(select(func.count()).select_from(ENTERPRISES)) or 0
            if existing:
                console.print(f"数据库中已有 {existing:,} 家企业，保留现有数据，未加载演示数据。")
                return None
        with _progress(console) as progress, session_scope(make_sessionmaker(engine)) as session:
            counts, indexed = build_demo(
                session,
                settings,
                enterprises=enterprises,
                seed=seed,
                force=force,
                as_of=as_of,
                progress=progress,
            )
            committing = progress.add_task("提交事务", total=1)
            refresh_planner_statistics(session)
            session.commit()
            progress.advance(committing)
    except DemoRefused as exc:
        errors.print(f"[bold red]未加载演示数据：[/]{exc.message}", soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    feed_events = counts.pop("feed_events", 0)
    summary = DemoSummary(counts, time.perf_counter() - started, indexed, feed_events)
    _print_summary(console, summary, seed, as_of)
    return summary


def _print_summary(console: Console, summary: DemoSummary, seed: int, as_of: dt.date) -> None:
    table = RichTable(title=f"演示数据已加载（种子 {seed}，基准日 {as_of.isoformat()}）")
    table.add_column("表")
    table.add_column("说明")
    table.add_column("新增行数", justify="right")
    for name, label in TABLE_LABELS.items():
        table.add_row(name, label, f"{summary.counts.get(name, 0):,}")
    console.print(table)
    index_note = "，已重建企业搜索索引" if summary.search_index else ""
    console.print(
        f"公示中的记录已写入变更订阅 {summary.feed_events:,} 条，待推送至市公共信用信息平台"
        "（ecocredit sync run 推送，ecocredit sync reconcile 核对）。"
    )
    console.print(f"用时 {summary.seconds:.1f} 秒{index_note}。")
