"""How long the client report takes for the hotel example with its year of operational data.

Prints figures, asserts nothing. Each run is a fresh Python process, as
``blueprint report`` would be, so imports (DuckDB, Ibis, pandas, SciPy,
matplotlib) are counted. The report is split into gathering (lint, one
measurement run by site and month that the by-month view is added up from,
four survey analyses) and rendering (pictures, charts and HTML from the
gathered results); the ratio says how much of the time the rendering takes::

    python benchmarks/bench_report.py          # 5 runs with a warm cache, 3 with a cold one
    python benchmarks/bench_report.py 10 5

Cold: each run starts with an empty query cache (``BLUEPRINT_CACHE``), so it
imports Ibis and compiles the measurement queries, as the first report on a
machine or after a change to the standards does. Warm: the queries were kept
by an earlier run and go to DuckDB directly. Target from the issue: the whole
report under 5 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE_RUN = """
import json, time
t0 = time.perf_counter()
import blueprint
from blueprint.report.pipeline import gather
from blueprint.report.layout import report_html
service = blueprint.load({service!r})
t1 = time.perf_counter()
inputs = gather(service, data={data!r}, survey=[{survey!r}])
t2 = time.perf_counter()
page = report_html(service, findings=inputs.findings, measured=inputs.monthly, grouped=inputs.grouped,
                   cycle_status=inputs.standard_verdicts(), survey=inputs.survey,
                   survey_notes=inputs.survey_notes, catalogue=inputs.catalogue(), data={data!r})
t3 = time.perf_counter()
print(json.dumps({{"load": t1 - t0, "gather": t2 - t1, "render": t3 - t2, "total": t3 - t0,
                  "bytes": len(page.encode())}}))
"""


def main(runs: int = 5, cold_runs: int = 3) -> None:
    service = str(ROOT / "standards" / "hotel-stay.yaml")
    data = str(ROOT / "examples" / "data" / "operations")
    survey = str(ROOT / "examples" / "data" / "survey")
    rows = sum(sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in Path(data).rglob("*.csv"))
    code = _ONE_RUN.format(service=service, data=data, survey=survey)

    def one(cache: str) -> dict[str, float]:
        env = {**os.environ, "BLUEPRINT_CACHE": cache}
        command = [sys.executable, "-c", code]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    cold = []
    for _ in range(cold_runs):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(one(cache))
    with tempfile.TemporaryDirectory() as cache:
        one(cache)  # keeps the queries
        warm = [one(cache) for _ in range(runs)]
    print(f"hotel-stay report, {rows:,} rows of operational data, 4 surveys, fresh processes")
    print(f"report size: {warm[0]['bytes'] / 1e6:.2f} MB")
    for label, figures in ((f"cold cache, {cold_runs} runs", cold), (f"warm cache, {runs} runs", warm)):
        print(label)
        for name in ("load", "gather", "render", "total"):
            values = [f[name] for f in figures]
            print(
                f"{name:>9}: median {statistics.median(values):.2f} s "
                f"(min {min(values):.2f}, max {max(values):.2f})"
            )
    render = statistics.median(f["render"] for f in warm)
    total = statistics.median(f["total"] for f in warm)
    print(f"rendering is {render / total:.0%} of the warm total ({total / render:.1f}x the rendering alone)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
