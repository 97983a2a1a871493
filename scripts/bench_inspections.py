"""Benchmark the inspection board at 100,000 cases over 20 campaigns (not a test).

    uv run python scripts/bench_inspections.py [--duration 10] [--workers 2]

Works on bench-data/inspections.db: a fresh migrated SQLite database with the inspection demo
(``app.demo.inspections``: the 2017 central campaign, the current provincial one and 19 central
campaigns of 5,214 cases: 100,007 cases in 21 campaigns), made once and reused. Printed, with the
machine's load average:

1. the first board request after start (the snapshot of every campaign is computed: uncached);
2. ``/inspections`` (HTML) and ``/api/v1/inspections`` (JSON) for a mix of campaigns, at 1 and 16
   connections (``wrk``, Debian's package; ``bench_public.wrk``), after a 5 s warm-up; targets:
   p95 <= 50 ms at 1 connection, >= 300 requests/s at 16;
3. the 9-column CSV of every public case (``/api/v1/inspections/cases?format=csv``, about 100,000
   rows): time to the last byte and the server's peak resident memory before and after; target
   under 5 s with flat memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_public as public  # the portal as a server, wrk

from app.demo.inspections import build_inspections
from app.kit.db import make_engine
from app.kit.migrate import upgrade
from app.models import InspectionCampaign, InspectionCase

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "bench-data" / "inspections.db"
URL = f"sqlite:///{DB}"
AS_OF = dt.date(2026, 11, 1)


def prepare() -> tuple[int, list[int]]:
    DB.parent.mkdir(exist_ok=True)
    fresh = not DB.exists()
    upgrade(URL)
    engine = make_engine(URL)
    with engine.begin() as conn:
        if fresh or not conn.scalar(select(func.count()).select_from(InspectionCase)):
            started = time.perf_counter()
            build_inspections(conn, 2018, AS_OF, extra_campaigns=19, cases_per_campaign=5214)
            print(f"loaded the cases in {time.perf_counter() - started:.1f} s")
        cases = conn.scalar(select(func.count()).select_from(InspectionCase)) or 0
        campaigns = list(conn.scalars(select(InspectionCampaign.id)))
    engine.dispose()
    return cases, campaigns


def server_rss() -> str:
    """Resident memory of the portal's processes started from this checkout (kB in /proc)."""
    sizes = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if Path(os.readlink(proc / "cwd")) != ROOT:
                continue
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "uvicorn" not in cmdline and "multiprocessing" not in cmdline:
                continue
            status = (proc / "status").read_text()
            line = next(ln for ln in status.splitlines() if ln.startswith("VmRSS"))
            sizes.append(int(line.split()[1]))
        except (OSError, StopIteration, ValueError):
            continue
    return f"{sum(sizes) // 1024} MB over {len(sizes)} processes"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    cases, campaigns = prepare()
    print(f"{cases} cases in {len(campaigns)} campaigns; load average {os.getloadavg()}")
    with public.portal(URL, args.workers) as base:
        started = time.perf_counter()
        httpx.get(base + "/api/v1/inspections", timeout=120).raise_for_status()
        print(f"first board request (uncached, one worker): {time.perf_counter() - started:.2f} s")
        for _ in range(args.workers * 3):  # every worker computes its snapshots once
            httpx.get(base + "/api/v1/inspections", timeout=120)
        mix = ["/inspections"] + [f"/inspections?campaign={c}" for c in campaigns[:5]]
        api = ["/api/v1/inspections"] + [f"/api/v1/inspections?campaign={c}" for c in campaigns[:5]]
        for path in mix + api:
            httpx.get(base + path, timeout=120)
        for name, paths in (("board page", mix), ("board JSON", api)):
            for connections in (1, 16):
                public.wrk(name, base, paths, connections, args.duration)
        print(f"server memory before the CSV: {server_rss()}")
        started = time.perf_counter()
        rows = 0
        size = 0
        with httpx.stream("GET", base + "/api/v1/inspections/cases?format=csv", timeout=120) as r:
            for chunk in r.iter_bytes():
                size += len(chunk)
                rows += chunk.count(b"\r\n")
        took = time.perf_counter() - started
        print(f"CSV: {rows - 1} rows, {size / 1e6:.1f} MB in {took:.2f} s")
        print(f"server memory after the CSV: {server_rss()}")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
