"""The same measurement on local Spark beside DuckDB: N observations, S standards, per site and month.

Run: python benchmarks/bench_spark.py [--rows 10e6] [--standards 1000] [--driver-memory 4g]

Reports figures; asserts nothing. The observations are one Parquet file
(S duration metrics, three sites, a year of timestamps, one row in a
thousand sent twice, so the duplicate check has copies to find), written
once; each engine then measures it in a process of its own, with every check
on (duplicates, percentiles), grouped by site and month. Spark runs on a
local SparkSession on every core of the machine (``local[*]``), its Java
virtual machine started inside the timing ("with start") and reported
apart ("measure"). Memory is the peak resident size of the process and all
its children (the Java virtual machine included), sampled every 0.2 s.
Both runs must give the same counts; the script says whether they do.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_measure import portfolio_yaml

SITES = 3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=float, default=10e6)
    parser.add_argument("--standards", type=int, default=1000)
    parser.add_argument("--driver-memory", default="4g", help="the local Spark JVM's heap (default: 4g)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(Path(args.dir), args.child, args.driver_memory)))
        return
    rows = int(args.rows)
    with tempfile.TemporaryDirectory(prefix="bp-spark-") as tmp:
        folder = Path(tmp)
        (folder / "portfolio.yaml").write_text(portfolio_yaml(args.standards))
        _observations(folder, rows, args.standards)
        print(f"spark: {rows:,} observations x {args.standards:,} standards (one metric each), {SITES} "
              "sites x 12 months, Parquet, one row in a thousand sent twice; every check on")  # fmt: skip
        results = {name: _child(name, folder, args.driver_memory) for name in ("duckdb", "spark")}
    for name, r in results.items():
        if "error" in r:
            print(f"  {name:<7} error: {r['error']}")
            continue
        start = f" (with start {r['total']:.1f} s)" if name == "spark" else ""
        print(f"  {name:<7} measure {r['seconds']:.1f} s{start}, peak {r['peak_mb']:,.0f} MB "
              f"(process and children), {r['groups']:,} groups")  # fmt: skip
    if all("counts" in r for r in results.values()):
        same = results["duckdb"]["counts"] == results["spark"]["counts"]
        ratio = results["spark"]["seconds"] / results["duckdb"]["seconds"]
        print(f"  spark / duckdb: {ratio:.1f}x the time; same numbers in every group: {same}")


def _child(name: str, folder: Path, memory: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bp-cache-") as cache:
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", name, "--dir", str(folder), "--driver-memory", memory],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "BLUEPRINT_CACHE": cache},
        )  # fmt: skip
        peak = _watch(process.pid)
        out, err = process.communicate()
        peak.stop = True
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (err.strip().splitlines() or ["no output"])[-1][:300]}
    result["peak_mb"] = peak.mb
    return result


class _Peak(threading.Thread):
    """The largest resident size of a process tree seen so far, in MB (Linux: read from /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mb, self.stop = pid, 0.0, False

    def run(self) -> None:
        while not self.stop:
            self.mb = max(self.mb, sum(_rss_mb(p) for p in _tree(self.pid)))
            time.sleep(0.2)


def _watch(pid: int) -> _Peak:
    peak = _Peak(pid)
    peak.start()
    return peak


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def _rss_mb(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _measure(folder: Path, name: str, memory: str) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    from blueprint.io.load import load
    from blueprint.measure import measure

    service = load(folder / "portfolio.yaml")
    service.locator = None  # findings at the file: locating thousands of subjects is the loader's cost
    start = time.perf_counter()
    backend = "duckdb"
    if name == "spark":
        from pyspark.sql import SparkSession

        from blueprint.measure.spark import LOCAL_CONF

        builder = SparkSession.builder.master("local[*]").config("spark.driver.memory", memory)
        for key, value in LOCAL_CONF.items():
            builder = builder.config(key, value)
        backend = builder.getOrCreate()
        backend.sparkContext.setLogLevel("ERROR")
    begun = time.perf_counter()
    result = measure(service, by="site,month", promises=False, backend=backend)
    done = time.perf_counter()
    broken = [f.message for f in result.findings if f.rule == "BP340"]
    if broken:
        return {"error": broken[0][:300]}
    counts = sorted(
        (o.id, o.keys.get("site"), o.keys.get("month"), o.rows, o.observations, o.met, o.duplicates)
        for o in result.outcomes
    )
    import hashlib

    digest = hashlib.sha256(repr(counts).encode()).hexdigest()
    return {"seconds": done - begun, "total": done - start, "groups": len(result.outcomes), "counts": digest}


def _observations(folder: Path, rows: int, standards: int) -> None:
    import duckdb

    copies = rows // 1000
    duckdb.sql(f"""
        COPY (
            SELECT 'm' || (i % {standards}) AS metric,
                   'site-' || ((i // {standards}) % {SITES}) AS site,
                   TIMESTAMP '2025-01-01' + to_seconds((hash(i) % 31536000)::BIGINT) AS timestamp,
                   round(-ln(1 - (hash(i * 7 + 1) % 1000000) / 1000000.0) * 70, 1) AS value
            FROM (SELECT range AS i FROM range({rows - copies})
                  UNION ALL SELECT range * 997 FROM range({copies}))
        ) TO '{folder / "observations.parquet"}' (FORMAT parquet)
    """)  # fmt: skip


if __name__ == "__main__":
    main()
