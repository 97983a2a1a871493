"""``ecocredit import enterprises FILE.csv``: import the city's enterprise registry.

Transactions: one per chunk of ``CHUNK_SIZE`` rows, not one for the whole file. A registry has
hundreds of thousands of rows; on SQLite a single transaction would hold the database's write lock
for the whole import and block the portal's own writes (regulators recording penalties) for
minutes, and on every database it would keep all the work of the run pending. Atomicity over the
whole file is not needed because the upsert is idempotent: if an import stops half-way, the
committed chunks are correct on their own, and running the same file again completes it (the rows
already imported count as unchanged). Everything that makes the file unreadable as a whole is
found before the first chunk is written (see ``source.py``), so such a file imports nothing.

Exit codes: 0 every row imported; 1 some rows rejected (the others imported); 2 the file cannot be
imported at all (nothing written); 3 a database error.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.config import Settings
from app.enterprises.schemas import FIELD_LABELS, NAME, USCC, EnterpriseInput
from app.enterprises.service import upsert_enterprises, validate_row
from app.enterprises.source import RawRow, RegistryFile, SourceError
from app.kit.csv import BOM, neutralise
from app.kit.db import make_engine, make_sessionmaker, refresh_planner_statistics

# The tables an import grows (the registry and its search index): analysed after it, so that
# the planner does not plan searches for the empty tables it last saw.
REGISTRY_TABLES = ("enterprises", "enterprise_search_docs", "enterprise_search_postings")
CHUNK_SIZE = 10_000  # rows per transaction: fewer, larger commits rewrite fewer index pages
PROGRESS_EVERY = 1000  # rows between progress bar updates
SCREEN_LIMIT = 200  # rejected rows listed on screen; the report file has them all
WHOLE_ROW = "（整行）"
REPORT_HEADER = ("行号", "列", "统一社会信用代码", "企业名称", "原因")


@dataclass(frozen=True)
class Rejection:
    line: int
    column: str
    uscc: str
    name: str
    reason: str


@dataclass
class ImportSummary:
    path: Path
    report_path: Path | None = None
    encoding: str = ""
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # rows, duplicates included
    duplicates: int = 0
    problems: int = 0  # reasons reported (a row can have several)
    ignored_columns: list[str] = field(default_factory=list)
    shown: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0


def report_path_for(path: Path) -> Path:
    """``FILE.csv`` -> ``FILE.report.csv``, next to the input."""
    return path.with_name(f"{path.stem}.report.csv")


def printable(value: str, limit: int = 200) -> str:
    """A cell echoed back to people: control characters shown as code points, long text cut."""
    text = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in value)
    return text if len(text) <= limit else text[:limit] + "…"


class _Report:
    """The report file, UTF-8 with BOM for Excel, formula characters neutralised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO = path.open("w", encoding="utf-8", newline="")
        self._file.write(BOM)
        self._writer = csv.writer(self._file, lineterminator="\r\n")
        self._writer.writerow(REPORT_HEADER)

    def write(self, rejection: Rejection) -> None:
        line, column, uscc, name, reason = (
            str(rejection.line),
            rejection.column,
            rejection.uscc,
            rejection.name,
            rejection.reason,
        )
        self._writer.writerow([neutralise(v) for v in (line, column, uscc, name, reason)])

    def close(self) -> None:
        self._file.close()


class _Run:
    """One import: validates rows, upserts them by chunk, records every rejection."""

    def __init__(
        self,
        session: Session,
        source: RegistryFile,
        summary: ImportSummary,
        report: _Report | None,
        chunk_size: int,
        on_progress: Callable[[int, int], None] | None,
    ) -> None:
        self.session = session
        self.source = source
        self.summary = summary
        self.report = report
        self.chunk_size = chunk_size
        self.on_progress = on_progress
        self.titles = source.columns.titles
        self.first_line: dict[str, int] = {}
        self.chunk: list[EnterpriseInput] = []

    def reject(self, raw: RawRow, column: str, reason: str) -> None:
        rejection = Rejection(
            raw.line,
            column,
            printable(raw.cells.get(USCC, "")),
            printable(raw.cells.get(NAME, "")),
            reason,
        )
        self.summary.problems += 1
        if len(self.summary.shown) < SCREEN_LIMIT:
            self.summary.shown.append(rejection)
        if self.report is not None:
            self.report.write(rejection)

    def title(self, field_name: str) -> str:
        return self.titles.get(field_name) or FIELD_LABELS[field_name]

    def take(self, raw: RawRow) -> None:
        self.summary.read += 1
        if self.on_progress is not None and self.summary.read % PROGRESS_EVERY == 0:
            self.on_progress(self.source.position, self.summary.read)  # also while rejecting
        if raw.error is not None:
            self.summary.rejected += 1
            self.reject(raw, WHOLE_ROW, raw.error)
            return
        if raw.extra_cells:
            self.summary.rejected += 1
            self.reject(
                raw,
                WHOLE_ROW,
                f"该行有{raw.width}个字段，比表头的{self.source.columns.width}列多"
                "（名称或地址中的英文逗号需用双引号把整个单元格括起来）",
            )
            return
        checked = validate_row(raw.cells)
        if isinstance(checked, list):
            self.summary.rejected += 1
            for problem in checked:
                self.reject(raw, self.title(problem.field), problem.message)
            return
        first = self.first_line.setdefault(checked.uscc, raw.line)
        if first != raw.line:
            self.summary.rejected += 1
            self.summary.duplicates += 1
            self.reject(
                raw,
                self.title(USCC),
                f"统一社会信用代码{checked.uscc}与第{first}行重复，只导入第一次出现的第{first}行",
            )
            return
        self.chunk.append(checked)
        if len(self.chunk) >= self.chunk_size:
            self.flush()

    def flush(self) -> None:
        if self.chunk:
            result = upsert_enterprises(self.session, self.chunk)
            self.session.commit()
            self.summary.inserted += len(result.inserted_ids)
            self.summary.updated += len(result.updated_ids)
            self.summary.unchanged += result.unchanged
            self.chunk = []
        if self.on_progress is not None:
            self.on_progress(self.source.position, self.summary.read)


def import_enterprises(
    session: Session,
    path: Path,
    *,
    chunk_size: int = CHUNK_SIZE,
    write_report: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
    on_start: Callable[[RegistryFile], None] | None = None,
) -> ImportSummary:
    """Import a registry CSV through ``session``, committing each chunk.

    Raises :class:`SourceError` (nothing written) when the file cannot be imported at all.
    """
    started = time.perf_counter()
    summary = ImportSummary(path=path)
    with RegistryFile(path) as source:
        summary.encoding = source.encoding_label
        summary.ignored_columns = list(source.columns.ignored)
        if on_start is not None:
            on_start(source)
        report: _Report | None = None
        if write_report:
            try:
                report = _Report(report_path_for(path))
                summary.report_path = report.path
            except OSError:
                report = None
        run = _Run(session, source, summary, report, chunk_size, on_progress)
        try:
            for raw in source.rows():
                run.take(raw)
            run.flush()
            refresh_planner_statistics(session, REGISTRY_TABLES)
            session.commit()
        finally:
            if report is not None:
                report.close()
    summary.seconds = time.perf_counter() - started
    return summary


# --- the command line ------------------------------------------------------------------------


def _print_summary(console: Console, summary: ImportSummary) -> None:
    for rejection in summary.shown:
        console.print(
            Text(f"第{rejection.line}行 [{rejection.column}] {printable(rejection.reason)}")
        )
    hidden = summary.problems - len(summary.shown)
    if hidden > 0:
        console.print(Text(f"……另有{hidden}条问题未在屏幕上列出，见报告文件。"))
    if summary.ignored_columns:
        ignored = "、".join(printable(c, 40) for c in summary.ignored_columns)
        console.print(Text(f"未识别、已忽略的列：{ignored}"))
    console.print(
        Text(
            f"读取 {summary.read} 行：新增 {summary.inserted}，更新 {summary.updated}，"
            f"未变 {summary.unchanged}，拒绝 {summary.rejected}"
            + (f"（其中重复 {summary.duplicates}）" if summary.duplicates else "")
            + f"。编码 {summary.encoding}，用时 {summary.seconds:.1f} 秒。"
        )
    )
    if summary.report_path is not None:
        console.print(Text(f"报告文件：{summary.report_path}"))
    else:
        console.print(Text("报告文件无法写入（输入文件所在目录不可写），问题见上方列表。"))


def run_import_cli(settings: Settings, path: Path) -> int:
    """Run the import for the command line; returns the exit code (see the module docstring)."""
    console = Console(highlight=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    engine = make_engine(settings.database_url)
    factory = make_sessionmaker(engine)
    progress = Progress(
        TextColumn("导入企业"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]} 行"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=errors,
    )
    task = progress.add_task("import", total=None, rows=0)

    def started(source: RegistryFile) -> None:
        progress.update(task, total=max(source.size, 1))
        progress.start()

    def advanced(position: int, rows: int) -> None:
        progress.update(task, completed=position, rows=rows)

    try:
        with factory() as session:
            summary = import_enterprises(session, path, on_progress=advanced, on_start=started)
    except SourceError as error:
        progress.stop()
        errors.print(Text(error.message))
        return 2
    except SQLAlchemyError as error:
        progress.stop()
        detail = printable(str(getattr(error, "orig", None) or error), 300)
        errors.print(
            Text(
                "数据库错误，导入中断（已提交的批次保留；修正后重新运行同一文件即可，"
                f"不会重复导入）。数据库是否已升级（ecocredit db upgrade）？{detail}"
            )
        )
        return 3
    finally:
        engine.dispose()
    progress.update(task, completed=max(path.stat().st_size, 1))
    progress.stop()
    _print_summary(console, summary)
    return 1 if summary.rejected else 0
