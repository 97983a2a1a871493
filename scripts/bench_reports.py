"""Time credit report PDFs (not a test): an enterprise with 1 penalty and one with 50.

    uv run python scripts/bench_reports.py [--seconds 5] [--url DATABASE_URL]

Without --url it works on bench-data/reports.db (migrated to head, the two enterprises created
once and reused). For each enterprise, one process on one core asks for
``GET /enterprises/{uscc}/report.pdf`` over and over for ``--seconds`` (in-process HTTP: routing,
assembly through the public services, the issued-report lookup, the PDF), then draws the PDF
alone from the issued report; printed: PDFs per second, p50 and p95, pages and size, and the
machine's load average. Targets: >= 20 PDFs/s for the 1-penalty record, p95 <= 300 ms for the
50-penalty one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.kit import clock
from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.kit.identifiers import make_uscc
from app.kit.migrate import upgrade
from app.main import create_app
from app.models import (
    Authority,
    Enterprise,
    PartyType,
    PenaltyRecord,
    PenaltyVersion,
    ReportKind,
    Severity,
    VersionStatus,
)
from app.publication.periods import publication_end_date
from app.reports import service
from app.reports.document import report_document
from app.reports.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[1]
NAMES = {1: "烟台基准一处罚化工有限公司", 50: "烟台基准五十处罚铸造有限公司"}


def _enterprise(session: Session, authority: Authority, penalties: int) -> str:
    uscc = make_uscc("91", "370611", f"{77_000_000 + penalties:08d}")
    if session.scalar(select(Enterprise.id).where(Enterprise.uscc == uscc)) is not None:
        return uscc
    enterprise = Enterprise(
        uscc=uscc,
        name=NAMES[penalties],
        legal_representative="王五",
        district_code="370611",
        industry="金属制品业",
        address="山东省烟台市福山区基准路8号",
        former_names=[],
    )
    session.add(enterprise)
    session.flush()
    today = clock.today()
    for n in range(penalties):
        decided = today - dt.timedelta(days=5 + 6 * n)
        record = PenaltyRecord(
            authority_id=authority.id,
            decision_number=f"烟环罚〔{decided.year}〕第{penalties * 1000 + n}号",
            enterprise_id=enterprise.id,
        )
        session.add(record)
        session.flush()
        session.add(
            PenaltyVersion(
                record_id=record.id,
                version=1,
                status=VersionStatus.published,
                published_at=dt.datetime.combine(decided, dt.time(2), tzinfo=dt.UTC),
                party_name=enterprise.name,
                party_type=PartyType.legal_entity,
                party_uscc=uscc,
                legal_representative="王五",
                violation_type="超标排放",
                violation_facts="经现场检查，该单位废气排放口颗粒物浓度超过《大气污染物综合排放"
                "标准》规定的排放限值，且除尘设施未正常运行。",
                legal_basis="《中华人民共和国大气污染防治法》第九十九条第二项",
                penalty_categories=["罚款"],
                penalty_content="责令改正违法行为，罚款人民币12.5万元。",
                fine_amount=Decimal("12.5"),
                severity=Severity.serious,
                decision_date=decided,
                valid_until=decided + dt.timedelta(days=365),
                publication_end_date=publication_end_date(session, Severity.serious, decided),
                district_code="370611",
                data_source_name=authority.name,
                data_source_uscc=authority.uscc,
            )
        )
    session.flush()
    return uscc


def prepare(url: str) -> dict[int, str]:
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        authority = session.scalar(
            select(Authority).where(Authority.name == "烟台市生态环境局基准")
        )
        if authority is None:
            authority = Authority(
                name="烟台市生态环境局基准",
                uscc=make_uscc("11", "370600", "77000000"),
                district_code="370600",
                decision_prefix="烟环罚",
            )
            session.add(authority)
            session.flush()
        codes = {n: _enterprise(session, authority, n) for n in NAMES}
    engine.dispose()
    return codes


def timed(call: Callable[[], object], seconds: float) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU times of ``call`` repeated for ``seconds`` (after a warm-up)."""
    call()  # warm up (font, statements)
    wall: list[float] = []
    cpu: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)


def line(label: str, measured: tuple[list[float], list[float]]) -> str:
    """PDFs per second and p50/p95, by the clock and by CPU time (the latter holds on a busy
    machine: what one core does when it is not shared)."""
    wall, cpu = measured
    runs = len(wall)
    return (
        f"{label:<30} wall {len(wall) / sum(wall):5.1f}/s p50 {statistics.median(wall) * 1000:5.0f}"
        f" p95 {_p95(wall) * 1000:5.0f} ms | cpu {len(cpu) / sum(cpu):5.1f}/s"
        f" p50 {statistics.median(cpu) * 1000:5.0f} p95 {_p95(cpu) * 1000:5.0f} ms ({runs} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{ROOT / 'bench-data' / 'reports.db'}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    codes = prepare(url)
    settings = Settings(
        database_url=url, log_level="WARNING", log_json=False, metrics_enabled=False
    )  # type: ignore[call-arg]  # the rest from the environment
    app = create_app(settings)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with TestClient(app) as client:
        for penalties, uscc in codes.items():
            path = f"/enterprises/{uscc}/report.pdf"
            response = client.get(path)
            response.raise_for_status()
            pages = response.content.count(b"/Type /Page\n") or response.content.count(
                b"/Type /Page"
            )
            print(f"{penalties} penalties: {len(response.content) / 1024:.0f} KiB, ~{pages} pages")
            print(
                line(
                    f"  GET {penalties}-penalty report.pdf",
                    timed(lambda p=path: client.get(p), args.seconds),
                )
            )
            engine = make_engine(url)
            with make_sessionmaker(engine)() as session:
                assembled = service.assemble(session, uscc, clock.today(), ReportKind.full)
                report = service.issue_public(session, settings, assembled, "bench")
                doc = report_document(report, assembled.content, "http://127.0.0.1:8000")
                session.rollback()
            engine.dispose()
            print(
                line(
                    f"  render_pdf alone ({penalties})",
                    timed(lambda d=doc: render_pdf(d, settings.report_font_path), args.seconds),
                )
            )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("targets: >= 20 PDFs/s (1 penalty), p95 <= 300 ms (50 penalties)")


if __name__ == "__main__":
    main()
