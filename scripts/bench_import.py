"""Time `ecocredit import enterprises` on a large generated registry file (not a test).

    uv run python scripts/bench_import.py [ROWS] [--url DATABASE_URL] [--gb18030]

Without --url a temporary SQLite database is created and migrated. The file has ROWS rows
(default 300000), about 1% of them malformed. The import runs three times: into the empty
database, the same file again (nothing may change), and a file in which 5% of the names changed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from app.enterprises.importer import CHUNK_SIZE, import_enterprises
from app.kit.db import make_engine, make_sessionmaker
from app.kit.identifiers import make_uscc
from app.kit.migrate import upgrade

DISTRICTS = ["370602", "370611", "370612", "370613", "370614", "370681", "370682", "370683"]
INDUSTRIES = ["化学原料和化学制品制造业", "金属制品业", "农副食品加工业", "印刷和记录媒介复制业"]
WORDS = "万华东方海岸蓝天金山福祥瑞鑫泰恒达隆昌盛宏远兴华新锦程安源"
SUFFIX = ["化工有限公司", "机械制造有限公司", "食品有限公司", "包装有限公司", "水产有限公司"]
HEADER = "统一社会信用代码,企业名称,法定代表人,行政区划代码,所属行业,注册地址\n"


def write_file(path: Path, rows: int, renamed_share: float, encoding: str) -> None:
    rng = random.Random(2018)
    renames = random.Random(36)  # its own stream: renaming must not change the other names
    with path.open("w", encoding=encoding, newline="") as out:
        out.write(HEADER)
        for n in range(rows):
            district = DISTRICTS[n % len(DISTRICTS)]
            code = make_uscc("91", district, f"{n:08d}")
            name = "烟台" + "".join(rng.choice(WORDS) for _ in range(3)) + f"{n}" + SUFFIX[n % 5]
            if renamed_share and renames.random() < renamed_share:
                name = "烟台新" + name[2:]
            if n % 100 == 99:
                code = code[:17] + ("1" if code[17] != "1" else "2")  # wrong check character
            person = "张王李赵刘"[n % 5] + "伟芳娜敏静"[n % 3]
            industry = INDUSTRIES[n % len(INDUSTRIES)]
            out.write(f"{code},{name},{person},{district},{industry},山东省烟台市测试路{n}号\n")


def written_bytes() -> int:
    """Bytes this process has caused to be written to storage (Linux /proc/self/io)."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(label: str, url: str, path: Path, chunk: int) -> None:
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    started, before = time.perf_counter(), written_bytes()
    with factory() as session:
        summary = import_enterprises(session, path, chunk_size=chunk)
    seconds = time.perf_counter() - started
    engine.dispose()
    written = (written_bytes() - before) / 1e6
    print(
        f"{label:<28} {seconds:7.1f} s  read {summary.read}  inserted {summary.inserted}  "
        f"updated {summary.updated}  unchanged {summary.unchanged}  rejected {summary.rejected}  "
        f"({summary.read / seconds:,.0f} rows/s; {written:,.0f} MB written)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=300_000)
    parser.add_argument("--url", default=None)
    parser.add_argument("--gb18030", action="store_true")
    parser.add_argument("--chunk", type=int, default=CHUNK_SIZE, help="rows per transaction")
    args = parser.parse_args()
    encoding = "gb18030" if args.gb18030 else "utf-8-sig"
    with tempfile.TemporaryDirectory(prefix="ecocredit-bench-") as tmp:
        url = args.url or f"sqlite:///{tmp}/bench.db"
        if args.url is None:
            upgrade(url)
        first, renamed = Path(tmp) / "registry.csv", Path(tmp) / "renamed.csv"
        started = time.perf_counter()
        write_file(first, args.rows, 0.0, encoding)
        write_file(renamed, args.rows, 0.05, encoding)
        size = first.stat().st_size / 1e6
        print(
            f"{args.rows} rows, {size:.1f} MB, {encoding}, generated in "
            f"{time.perf_counter() - started:.1f} s; database {url.split(':')[0]}"
        )
        timed("import into empty database", url, first, args.chunk)
        timed("same file again", url, first, args.chunk)
        timed("5% of names changed", url, renamed, args.chunk)
        if args.url is None:
            print(f"database file: {Path(tmp, 'bench.db').stat().st_size / 1e6:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
