"""Benchmark the public site against Datasette on the same 300,000 enterprises (not a test).

    uv run python scripts/bench_public.py [--enterprises 300000] [--duration 10] [--postgres]

One command: loads `ecocredit demo --enterprises N` into bench-data/ecocredit.db when missing
(reused between runs), builds Datasette's copy with an FTS5 trigram index, starts the portal
(uvicorn, --workers 2) and Datasette (immutable mode) as real servers on 127.0.0.1, and drives
both with `wrk` (Debian's package) at 1 and 16 connections, ABAB (the portal, then Datasette, for
each kind of request), on a fresh query mix drawn at every run from the data (seeded from the
clock and printed: `--seed N` repeats a run), in which no query repeats within a run: searches
(2-character words and 3-4 character substrings of real names, full names, codes and code
prefixes, a word with a district filter, misses), enterprise records (JSON and HTML) and list
pages. Each line says what share of its requests repeated a query sent before in the run (the
count cache can only help those). The old fixed mix, replayed while the count cache remembers
it, is one line of the report, not the headline. It prints requests/s and
p50/p95/p99 per endpoint, the ratios against Datasette and the targets of issue 3, and counts,
for every 2-character word, the enterprises each side misses. ``--postgres`` also loads the demo
into its own PostgreSQL database (ecocredit_bench) and runs the search there.

Each line follows a 5 s warm-up at 16 connections on other queries of the fresh mix (steady state:
SQLite's and PostgreSQL's page caches are warm; no query of the measurement has been seen). The
portal's search is measured twice: as configured (result and filter counts of a query reused
for 60 s, pages always read live) and with ECOCREDIT_SEARCH_COUNT_CACHE_SECONDS=0 (counted
every time).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_public_data as data

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  if i > #paths then i = 1 end
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "us": %d, "p50": %d, "p95": %d, "p99": %d, "errors": %d, ' ..
    '"non2xx": %d}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.timeout,
    e.status))
end
"""


@dataclass
class Run:
    name: str
    connections: int
    rps: float
    p50: float
    p95: float
    p99: float
    bad: int  # non-2xx/3xx answers and socket errors
    repeated: float = 0.0  # share of requests whose query had been sent before in the run


def write_listing(path: Path, paths: list[str]) -> None:
    path.write_text("\n".join(paths) + "\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server at {url} did not start")


@contextmanager
def portal(database_url: str, workers: int, **settings: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "ECOCREDIT_DATABASE_URL": database_url,
        "ECOCREDIT_ENVIRONMENT": "development",
        "ECOCREDIT_LOG_LEVEL": "WARNING",
        **{f"ECOCREDIT_{k.upper()}": v for k, v in settings.items()},
    }
    command = ["uv", "run", "--frozen", "uvicorn", "app.main:app_from_env", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=data.ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/healthz")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def datasette() -> Iterator[str]:
    port = free_port()
    command = ["uv", "run", "--frozen", "datasette", "serve", "-i", str(data.DATASETTE_DB)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--setting", "suggest_facets", "off"]
    process = subprocess.Popen(command, cwd=data.ROOT, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/-/versions.json")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(
    name: str,
    base: str,
    paths: list[str],
    connections: int,
    seconds: int,
    warm_paths: list[str] | None = None,
) -> Run:
    """One measurement after a 5 s warm-up at 16 connections. The warm-up sends ``warm_paths``
    (other queries: the fresh mix) or ``paths`` themselves (the fixed mix: every worker has then
    seen the whole mix, and the search reuses a query's counts for 60 s)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "mix.lua"
        script.write_text(LUA)
        listing, warm_listing = Path(tmp) / "paths.txt", Path(tmp) / "warm.txt"
        write_listing(listing, paths)
        write_listing(warm_listing, warm_paths if warm_paths is not None else paths)
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        command += ["-s", str(script), base]
        warm = ["wrk", "-t1", "-c16", "-d5s", "--timeout", "10s", "-s", str(script), base]
        warm_env = {**os.environ, "BENCH_PATHS": str(warm_listing)}
        subprocess.run(warm, env=warm_env, capture_output=True)
        env = {**os.environ, "BENCH_PATHS": str(listing)}
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("RESULT "))
    r = json.loads(line.removeprefix("RESULT "))
    run = Run(
        name,
        connections,
        r["requests"] / (r["us"] / 1e6),
        r["p50"] / 1000,
        r["p95"] / 1000,
        r["p99"] / 1000,
        r["errors"] + r["non2xx"],
    )
    unique = len(set(paths))
    repeats = max(0, r["requests"] - unique) if warm_paths is not None else r["requests"]
    run.repeated = repeats / r["requests"] if r["requests"] else 0.0
    print(
        f"  {name:<34} c={connections:<3} {run.rps:8.1f} req/s  p50 {run.p50:7.1f}  "
        f"p95 {run.p95:7.1f}  p99 {run.p99:7.1f} ms  bad {run.bad}  "
        f"repeated {run.repeated:4.0%}",
        flush=True,
    )
    return run


def settle(base: str, probe: str) -> None:
    """Wait until a server has worked off the requests still queued from the last run."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        with suppress(httpx.HTTPError):
            httpx.get(base + probe, timeout=30)
        if time.monotonic() - started < 0.2:
            return
        time.sleep(0.5)


DATASETTE_PROBE = "/credit.json?sql=select+1"  # goes through Datasette's SQL threads


def both(
    name: str,
    base: str,
    paths: list[str],
    seconds: int,
    probe: str = "/healthz",
    fresh: list[list[str]] | None = None,
) -> list[Run]:
    """At 1 and 16 connections: the fixed ``paths``, or with ``fresh`` (four disjoint slices of
    the fresh mix: warm-up and measurement at 1, warm-up and measurement at 16) queries that no
    request of the run has sent before."""
    runs = []
    for i, connections in enumerate((1, 16)):
        if fresh is None:
            runs.append(wrk(name, base, paths, connections, seconds))
        else:
            warm, measured = fresh[2 * i], fresh[2 * i + 1]
            runs.append(wrk(name, base, measured, connections, seconds, warm_paths=warm))
        settle(base, probe)
    return runs


def slices(paths: list[str], parts: int = 4) -> list[list[str]]:
    size = len(paths) // parts
    return [paths[i * size : (i + 1) * size] for i in range(parts)]


def statuses(base: str, paths: list[str]) -> dict[int, int]:
    found: dict[int, int] = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for path in paths[:20]:
            status = client.get(path).status_code
            found[status] = found.get(status, 0) + 1
    return found


def portal_found(base: str, word: str) -> set[str]:
    """Every code the portal returns for ``word``, following its pages of 200."""
    codes: set[str] = set()
    params: dict[str, str | int] = {"q": word, "limit": 200}
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(1000):
            body = client.get("/api/v1/enterprises", params=params).json()
            codes |= {item["uscc"] for item in body["items"]}
            if not body["next_cursor"]:
                break
            params["cursor"] = body["next_cursor"]
    return codes


def datasette_count(base: str, word: str) -> int:
    params = {"_search": word, "_size": 0}
    body = httpx.get(base + "/credit/enterprises.json", params=params, timeout=60).json()
    return int(body.get("filtered_table_rows_count") or 0)


def misses(portal_base: str, datasette_base: str, mix: data.Mix) -> list[str]:
    lines = [
        "",
        "2-character words: every page of results against a substring scan of the same rows",
        "(the portal searches current and former names; Datasette's index has current names)",
        f"  {'word':<6} {'truth':>7} {'portal':>7} {'missed':>7} {'extra':>6} {'| names':>8} "
        f"{'datasette':>9} {'missed':>7}",
    ]
    truth = data.truth(mix.two_char)
    sums = [0, 0]
    for word in mix.two_char:
        expected, in_names = truth[word]
        codes = portal_found(portal_base, word)
        missed, extra = len(expected - codes), len(codes - expected)
        ds = datasette_count(datasette_base, word)
        ds_missed = max(in_names - ds, 0)
        sums[0] += missed
        sums[1] += ds_missed
        lines.append(
            f"  {word:<6} {len(expected):>7} {len(codes):>7} {missed:>7} {extra:>6} "
            f"{in_names:>8} {ds:>9} {ds_missed:>7}"
        )
    lines.append(f"  total missed: portal {sums[0]}, Datasette {sums[1]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=300_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=2, help="portal worker processes")
    parser.add_argument("--postgres", action="store_true", help="also run the search on PG")
    parser.add_argument(
        "--seed", type=int, default=None, help="seed of the fresh query mix (default: the clock)"
    )
    parser.add_argument("--fresh-size", type=int, default=24_000, help="queries in the fresh mix")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    data.DATA.mkdir(exist_ok=True)
    sqlite_url = f"sqlite:///{data.SQLITE_DB}"
    data.ensure_demo(sqlite_url, args.enterprises)
    data.ensure_datasette_copy()
    pg = data.ensure_postgres(args.enterprises) if args.postgres else None
    mix = data.build_mix()
    seed = args.seed if args.seed is not None else int(time.time())
    fresh_mix = data.build_fresh_mix(seed, args.fresh_size)
    fresh_portal = slices(data.portal_search_paths(fresh_mix))
    fresh_ds = slices(data.datasette_search_paths(fresh_mix))
    fresh_records = slices(data.record_paths(fresh_mix, html=False))
    fresh_ds_records = slices(data.datasette_record_paths(fresh_mix, html=False))
    fresh_pages = slices(data.record_paths(fresh_mix, html=True))
    fresh_ds_pages = slices(data.datasette_record_paths(fresh_mix, html=True))
    seconds = args.duration
    runs: dict[str, list[Run]] = {}
    notes: list[str] = []

    print(
        f"\n{args.enterprises:,} enterprises; portal: uvicorn --workers {args.workers}; Datasette "
        f"-i, suggest_facets off; wrk -t1, {seconds} s per line; latency in ms; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
        f"fresh mix: seed {seed} (repeat with --seed {seed}), {len(fresh_mix.queries):,} "
        f"distinct queries, no query sent twice in a run; 'repeated' is the share of requests "
        f"whose query the run had sent before (the count cache can only help those)"
    )
    with portal(sqlite_url, args.workers) as base, datasette() as ds:
        for label, paths in [
            ("record JSON", data.record_paths(mix, html=False)),
            ("record HTML", data.record_paths(mix, html=True)),
            ("lists", data.LIST_PATHS),
        ]:
            found = statuses(base, paths)
            if set(found) != {200}:
                notes.append(f"{label}: status codes of the first 20 paths {found}")
        search_paths = data.portal_search_paths(mix)
        p = DATASETTE_PROBE
        # ABAB: the portal, then Datasette, on the same fresh queries, for each kind of request.
        runs["search"] = both("portal search (SQLite)", base, [], seconds, fresh=fresh_portal)
        runs["ds_search"] = both("datasette search (FTS trigram)", ds, [], seconds, p, fresh_ds)
        runs["record"] = both("portal record JSON", base, [], seconds, fresh=fresh_records)
        runs["ds_record"] = both("datasette row JSON", ds, [], seconds, p, fresh_ds_records)
        runs["html"] = both("portal record HTML", base, [], seconds, fresh=fresh_pages)
        runs["ds_html"] = both("datasette row HTML", ds, [], seconds, p, fresh_ds_pages)
        runs["fixed"] = both("portal search, fixed mix (cached)", base, search_paths, seconds)
        runs["lists"] = both("portal list pages", base, data.LIST_PATHS, seconds)
        like = slices(data.datasette_search_paths(fresh_mix, like=True))
        runs["ds_like"] = both("datasette search (LIKE scan)", ds, [], seconds, p, like)
        miss_lines = misses(base, ds, mix)
    with portal(sqlite_url, args.workers, search_count_cache_seconds="0") as base:
        runs["search_nc"] = both(
            "portal search, counts uncached", base, [], seconds, fresh=fresh_portal
        )
    if pg is not None:
        with portal(pg, args.workers) as base:
            runs["pg"] = both("portal search (PostgreSQL)", base, [], seconds, fresh=fresh_portal)
        with portal(pg, args.workers, search_count_cache_seconds="0") as base:
            runs["pg_nc"] = both(
                "portal search (PG), counts uncached", base, [], seconds, fresh=fresh_portal
            )

    print("\n".join(miss_lines))
    print(f"\nload average at the end (other work on this machine): {os.getloadavg()[0]:.1f}")
    print("\nTargets (issue 3)")
    for line in targets(runs):
        print("  " + line)
    for note in notes:
        print("  note: " + note)


def targets(runs: dict[str, list[Run]]) -> list[str]:
    def check(ok: bool) -> str:
        return "met" if ok else "MISSED"

    def per(a: float, b: float) -> float:
        return a / b if b else float("inf")

    lines = []
    for key, label in [("search", "search"), ("search_nc", "search, counts uncached")]:
        one, sixteen = runs[key]
        ratio = per(sixteen.rps, runs["ds_search"][1].rps)
        lines.append(
            f"{label}: {ratio:.1f}x Datasette's FTS req/s at 16 (>= 3x: "
            f"{check(ratio >= 3)}); p95 at 1 = {one.p95:.1f} ms (<= 15: "
            f"{check(one.p95 <= 15)})"
        )
    for key, ds_key, label, want, p95 in [
        ("record", "ds_record", "record JSON", 5, 5.0),
        ("html", "ds_html", "record HTML", 4, None),
    ]:
        ratio = per(runs[key][1].rps, runs[ds_key][1].rps)
        line = f"{label}: {ratio:.1f}x Datasette's row at 16 (>= {want}x: {check(ratio >= want)})"
        if p95 is not None:
            line += f"; p95 at 1 = {runs[key][0].p95:.1f} ms (<= {p95:g}: "
            line += f"{check(runs[key][0].p95 <= p95)})"
        lines.append(line)
    for key, base in [("pg", "search"), ("pg_nc", "search_nc")]:
        if key in runs:
            ratio = per(runs[key][0].p95, runs[base][0].p95)
            lines.append(
                f"PostgreSQL {runs[key][0].name.split(', ')[-1]}: p95 at 1 = "
                f"{runs[key][0].p95:.1f} ms = {ratio:.1f}x SQLite's "
                f"(<= 2x: {check(ratio <= 2)})"
            )
    return lines


if __name__ == "__main__":
    main()
