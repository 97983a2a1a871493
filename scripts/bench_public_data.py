"""Data for scripts/bench_public.py: the demo databases, Datasette's copy and the query mix.

Everything lives in bench-data/ (git-ignored) and is reused between runs.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.kit.db import make_engine, make_sessionmaker, session_scope
from app.kit.migrate import upgrade
from app.search.index import rebuild_enterprise_index

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
SQLITE_DB = DATA / "ecocredit.db"
DATASETTE_DB = DATA / "datasette" / "credit.db"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_NAME = "ecocredit_bench"

TWO_CHAR = [
    "化工", "塑料", "食品", "机械", "建材", "海洋", "水产", "万华", "鑫华", "金属",
    "电子", "科技", "包装", "印刷", "养殖", "石化", "铸造", "涂料", "物流", "电镀",
    "橡胶", "纺织", "热电", "汽车", "医药", "环保", "农业", "水泥", "酒业", "冷藏",
]  # fmt: skip
LONGER = [
    "精细化工", "海洋食品", "汽车部件", "建筑工程", "金发塑料", "葡萄酒", "水产养殖",
    "机械制造", "新材料", "加油站", "食品有限公司", "烟台鑫华",
]  # fmt: skip
MISSES = ["量子计算", "火星基地", "不存在的企业", "宇宙飞船制造", "月球土壤"]


def log(message: str) -> None:
    print(f">> {message}", flush=True)


def pg_url() -> str:
    return make_url(PG_ADMIN).set(database=PG_NAME).render_as_string(hide_password=False)


def _count(url: str, sql: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar() or 0)
    except Exception:  # a missing table: not loaded yet
        return 0
    finally:
        engine.dispose()


def ensure_demo(url: str, enterprises: int) -> None:
    """Migrate ``url`` and load the demo data once; rebuild the search index when it is empty."""
    upgrade(url)
    have = _count(url, "SELECT count(*) FROM enterprises")
    if have < enterprises:
        if have:
            raise SystemExit(f"{url} has {have} enterprises (< {enterprises}): remove it first")
        log(f"loading `ecocredit demo --enterprises {enterprises}` into {url}")
        env = {**os.environ, "ECOCREDIT_DATABASE_URL": url}
        subprocess.run(
            ["uv", "run", "--frozen", "ecocredit", "demo", "--enterprises", str(enterprises)],
            check=True,
            cwd=ROOT,
            env=env,
        )
    if _count(url, "SELECT count(*) FROM enterprise_search_docs") < enterprises:
        log("building the search index")
        engine = make_engine(url)
        with session_scope(make_sessionmaker(engine)) as session:
            rebuild_enterprise_index(session)
        engine.dispose()


def ensure_postgres(enterprises: int) -> str:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_NAME}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
    admin.dispose()
    url = pg_url()
    ensure_demo(url, enterprises)
    # What autovacuum does soon after a bulk load: statistics and the visibility map (so that
    # posting scans are index-only).
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return url


def ensure_datasette_copy() -> None:
    """The same enterprises for Datasette, with an FTS5 trigram index on the name."""
    if DATASETTE_DB.exists() and DATASETTE_DB.stat().st_mtime >= SQLITE_DB.stat().st_mtime:
        return
    log(f"building Datasette's copy {DATASETTE_DB.relative_to(ROOT)} (FTS5 trigram on name)")
    DATASETTE_DB.parent.mkdir(parents=True, exist_ok=True)
    DATASETTE_DB.unlink(missing_ok=True)
    db = sqlite3.connect(DATASETTE_DB)
    db.execute("ATTACH DATABASE ? AS src", (str(SQLITE_DB),))
    db.executescript(
        """
        CREATE TABLE enterprises (
            uscc TEXT PRIMARY KEY, name TEXT NOT NULL, former_names TEXT,
            legal_representative TEXT, district_code TEXT, industry TEXT, address TEXT,
            registration_status TEXT, established_on TEXT);
        INSERT INTO enterprises SELECT uscc, name, former_names, legal_representative,
            district_code, industry, address, registration_status, established_on
            FROM src.enterprises ORDER BY id;
        CREATE INDEX idx_enterprises_district ON enterprises(district_code);
        CREATE INDEX idx_enterprises_industry ON enterprises(industry);
        CREATE VIRTUAL TABLE enterprises_fts USING fts5(
            name, content="enterprises", tokenize="trigram");
        INSERT INTO enterprises_fts(rowid, name) SELECT rowid, name FROM enterprises;
        DETACH DATABASE src;
        VACUUM;
        """
    )
    db.close()


@dataclass
class Mix:
    """The fixed query mix: search queries by kind, record codes, list pages."""

    queries: list[tuple[str, str]] = field(default_factory=list)  # (kind, q)
    codes: list[str] = field(default_factory=list)
    two_char: list[str] = field(default_factory=list)


def build_mix(seed: int = 2018) -> Mix:
    rng = random.Random(seed)
    db = sqlite3.connect(SQLITE_DB)
    count = db.execute("SELECT count(*) FROM enterprises").fetchone()[0]
    picked = sorted(rng.sample(range(1, count + 1), 260))
    rows = db.execute(
        "SELECT uscc, name FROM enterprises WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(picked),),
    ).fetchall()
    db.close()
    rng.shuffle(rows)
    names = [name for _, name in rows[:30]]
    full_codes = [code for code, _ in rows[30:45]]
    prefixes = [code[:8] for code, _ in rows[45:60]]
    mix = Mix(codes=[code for code, _ in rows[60:260]], two_char=list(TWO_CHAR))
    queries = (
        [("2-char", TWO_CHAR[i % len(TWO_CHAR)]) for i in range(80)]
        + [("3-4 char", LONGER[i % len(LONGER)]) for i in range(40)]
        + [("full name", name) for name in names]
        + [("code", code) for code in full_codes + prefixes]
        + [("miss", MISSES[i % len(MISSES)]) for i in range(20)]
    )
    rng.shuffle(queries)
    mix.queries = queries
    return mix


# Shares of the fresh mix, by kind (what people type, from the search log of a city portal).
FRESH_SHARES = [
    ("2-char", 0.35),
    ("3-4 char", 0.20),
    ("full name", 0.12),
    ("code", 0.10),
    ("code prefix", 0.05),
    ("filtered", 0.10),
    ("miss", 0.08),
]
# Characters that the demo's names never contain: a pair of them finds nothing.
RARE = "犇骉羴猋麤龘靐齉爨癵驫鱻厵灥"


def _substring(rng: random.Random, name: str, length: int) -> str | None:
    chinese = [c for c in name if "\u4e00" <= c <= "\u9fff"]
    if len(chinese) < length:
        return None
    start = rng.randrange(len(chinese) - length + 1)
    return "".join(chinese[start : start + length])


def build_fresh_mix(seed: int, size: int) -> Mix:
    """A mix of ``size`` search queries in which no query repeats: words drawn from the names
    of enterprises sampled with ``seed`` (2-character words, 3-4 character substrings, full
    names), codes and code prefixes, a 2-character word with a district filter, and misses.
    The same seed gives the same mix (the seed is printed, so a run can be repeated)."""
    rng = random.Random(seed)
    db = sqlite3.connect(SQLITE_DB)
    count = db.execute("SELECT count(*) FROM enterprises").fetchone()[0]
    picked = rng.sample(range(1, count + 1), min(count, size * 2))
    rows = db.execute(
        "SELECT uscc, name, district_code FROM enterprises "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(picked),),
    ).fetchall()
    db.close()
    rng.shuffle(rows)
    seen: set[str] = set()
    queries: list[tuple[str, str]] = []
    for kind, share in FRESH_SHARES:
        wanted = round(size * share)
        tries = 0
        while wanted and tries < wanted * 50:
            tries += 1
            code, name, district = rows[rng.randrange(len(rows))]
            q: str | None
            if kind == "2-char":
                q = _substring(rng, name, 2)
            elif kind == "3-4 char":
                q = _substring(rng, name, rng.choice((3, 4)))
            elif kind == "full name":
                q = name
            elif kind == "code":
                q = code
            elif kind == "code prefix":
                q = code[: rng.randrange(8, 15)]
            elif kind == "filtered":
                word = _substring(rng, name, 2)
                q = f"{word}&district={district}" if word else None
            else:
                q = "".join(rng.sample(RARE, rng.choice((2, 3, 4))))
            if q is None or q in seen:
                continue
            seen.add(q)
            queries.append((kind, q))
            wanted -= 1
    rng.shuffle(queries)
    return Mix(queries=queries, codes=[code for code, _, _ in rows[:size]])


def _is_code(q: str) -> bool:
    return q.isascii() and q.isalnum() and len(q) >= 8


def _search_params(q: str) -> dict[str, str]:
    word, _, district = q.partition("&district=")
    return {"q": word, "district": district} if district else {"q": word}


def portal_search_paths(mix: Mix) -> list[str]:
    return [f"/api/v1/enterprises?{urlencode(_search_params(q))}" for _, q in mix.queries]


def datasette_search_paths(mix: Mix, like: bool = False) -> list[str]:
    """Datasette's equivalent of each query: FTS ``_search`` (or a LIKE scan) on the name; a code
    is an exact primary-key filter, a code prefix a primary-key range (``uscc__gte``/``__lt``,
    which uses the index where ``uscc__startswith`` would scan)."""
    paths = []
    for _, raw in mix.queries:
        q, _, district = raw.partition("&district=")
        extra = {"district_code": district} if district else {}
        if _is_code(q):
            full = len(q) == 18
            param = {"uscc": q} if full else {"uscc__gte": q, "uscc__lt": q + "Z"}
        elif like:
            param = {"name__contains": q}
        else:
            param = {"_search": q}
        paths.append(f"/credit/enterprises.json?{urlencode({**param, **extra, '_size': 20})}")
    return paths


def record_paths(mix: Mix, html: bool) -> list[str]:
    prefix = "/enterprises/" if html else "/api/v1/enterprises/"
    return [prefix + code for code in mix.codes]


def datasette_record_paths(mix: Mix, html: bool) -> list[str]:
    return [f"/credit/enterprises/{quote(code)}{'' if html else '.json'}" for code in mix.codes]


LIST_PATHS = [
    "/lists/black",
    "/lists/red",
    "/api/v1/lists/black",
    "/api/v1/lists/red",
    "/lists/black?district=370611",
    "/api/v1/lists/red?district=370683",
]


def truth(words: list[str]) -> dict[str, tuple[set[str], int]]:
    """For each word: the codes of every enterprise whose name or a former name contains it, and
    how many current names contain it (all Datasette indexes)."""
    db = sqlite3.connect(SQLITE_DB)
    rows = db.execute("SELECT uscc, name, former_names FROM enterprises").fetchall()
    db.close()
    result: dict[str, tuple[set[str], int]] = {}
    for word in words:
        codes: set[str] = set()
        current = 0
        for code, name, former in rows:
            in_name = word in name
            current += in_name
            if in_name or (former and any(word in f for f in json.loads(former))):
                codes.add(code)
        result[word] = (codes, current)
    return result


if __name__ == "__main__":  # pragma: no cover - a helper module
    sys.exit("run scripts/bench_public.py")
