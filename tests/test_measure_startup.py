"""A fresh ``blueprint measure`` that runs a kept query imports only what that query needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

#: what a kept query on DuckDB does without: the query compiler, Arrow and the frame and drawing
#: libraries (NumPy it needs: the result is folded and judged as NumPy columns, see measure.fold)
NOT_ON_THE_KEPT_PATH = ("ibis", "pandas", "pyarrow", "networkx", "matplotlib", "sqlglot")

#: a bank branch's counter, Parquet as a queue system exports it: a timestamp, so copies are looked for
SERVICE = """\
version: 1
service: {id: branch, title: Bank branch counter}
metrics:
  - {id: queue-wait, title: Wait in the queue, quantity: duration, unit: seconds}
moments:
  - id: counter
    title: At the counter
    stage: in-service
    next: []
    factors:
      - {id: short-queue, title: Short queue, element: software, sub_item: timeliness}
standards:
  - id: queue-5min
    factors: [short-queue]
    statement: 80% of customers wait at most five minutes.
    metric: queue-wait
    comparator: "<="
    target: 300
    unit: seconds
    share: 0.8
    measurement: {method: system-log, source: queue.parquet}
"""

RUN = """\
import json, sys
from blueprint.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(%r)))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def _branch(folder: Path) -> None:
    (folder / "branch.yaml").write_text(SERVICE, encoding="utf-8")
    (folder / "pyproject.toml").touch()
    duckdb.connect().execute(f"""
        COPY (SELECT TIMESTAMP '2026-03-02 09:00:00' + to_seconds(i * 37) AS "timestamp",
                     ['north', 'south'][1 + i % 2] AS branch, 'queue-wait' AS metric,
                     (i * 7919 % 600)::DOUBLE AS value
              FROM range(5000) AS t(i))
        TO '{folder / "queue.parquet"}' (FORMAT parquet)
    """)  # fmt: skip


def _measure(folder: Path, cache: Path) -> dict:
    script = RUN % json.dumps(NOT_ON_THE_KEPT_PATH)
    args = ["measure", "branch.yaml", "--by", "branch", "--format", "json", "-o", "out.json"]
    env = {**os.environ, "BLUEPRINT_CACHE": str(cache), "TQDM_DISABLE": "1"}
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=folder, env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_kept_query_imports_neither_the_compiler_nor_arrow_nor_frames(tmp_path):
    _branch(tmp_path)
    first = _measure(tmp_path, tmp_path / "cache")
    before = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert "ibis" in first["heavy"]  # the first run compiles the query: the check below can fail
    kept = _measure(tmp_path, tmp_path / "cache")
    assert kept["heavy"] == []
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == before
    assert first["code"] == kept["code"]
    counts = json.loads(before)["counts"]
    assert sum(counts.values()) == 2  # north and south, each judged


def test_a_kept_query_with_many_groups_reads_arrow_without_importing_pandas(tmp_path):
    # 30,000 desks: more groups than a kept query reads as lists, so its result comes as Arrow
    # columns; some waits are missing, so some columns hold nulls.
    _branch(tmp_path)
    duckdb.connect().execute(f"""
        COPY (SELECT TIMESTAMP '2026-03-02 09:00:00' + to_seconds(i * 7) AS "timestamp",
                     'desk-' || (i % 30000) AS branch, 'queue-wait' AS metric,
                     CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 7919 % 600)::DOUBLE END AS value
              FROM range(60000) AS t(i))
        TO '{tmp_path / "queue.parquet"}' (FORMAT parquet)
    """)  # fmt: skip
    first = _measure(tmp_path, tmp_path / "cache")
    before = (tmp_path / "out.json").read_text(encoding="utf-8")
    kept = _measure(tmp_path, tmp_path / "cache")
    assert "ibis" in first["heavy"]  # the first run compiles the query
    assert kept["heavy"] == ["pyarrow"]  # Arrow, for the many groups; nothing else
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == before
    assert len(json.loads(before)["results"]) == 30000
