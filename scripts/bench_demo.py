"""Time `ecocredit demo` on a fresh database (not a test).

    uv run python scripts/bench_demo.py [ENTERPRISES] [--url DATABASE_URL] [--seed SEED]

Without --url a temporary SQLite database is created and migrated; with a PostgreSQL URL the
database must exist and be empty (``createdb``; ``ecocredit db upgrade`` is run here). Prints
the progress bars (each phase's time), the wall-clock time, the CPU time of this process and the
machine's load average, since the machine is shared: a wall time far above the CPU time means
the cores were busy with something else.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from app.config import Settings
from app.demo.loader import load_demo
from app.kit.migrate import upgrade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("enterprises", nargs="?", type=int, default=300_000)
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        load_before = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        load_demo(Settings(database_url=url), enterprises=args.enterprises, seed=args.seed)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"{args.enterprises:,} enterprises: {wall:.1f} s wall, {cpu:.1f} s CPU in this "
            f"process; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
        )


if __name__ == "__main__":
    main()
