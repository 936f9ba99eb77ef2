"""Staffing on a year of calls: 3 sites x 7 weekdays x 24 hours, against the measurement of the same data.

Run: python benchmarks/bench_staffing.py [--calls-per-hour 100]
Reports figures; asserts nothing. Target: the staffing plan of a year of data
for 3 sites x 7 weekdays x 24 hours (504 groups) in under 1 s beyond the
measurement's own time. Both run in this process on the same Parquet file:
the baseline is ``measure`` of the wait standard grouped the same way; the
plan is ``staff`` (it reads the arrivals and the handling times, then finds
the staff of each group). Each figure is the median of five runs after one
warm-up run; the plan's maths alone (``plan`` on demand already read) is
reported too, for Erlang C and for Erlang A.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

SERVICE = """\
version: 1
service: {id: bench-hotline, title: Benchmark hotline}
metrics:
  - {id: wait, title: Time in queue, quantity: duration, unit: seconds}
  - {id: talk, title: Time on the call, quantity: duration, unit: seconds}
  - {id: gave-up, title: Time in queue before hanging up, quantity: duration, unit: seconds}
moments:
  - id: queue
    title: Waiting for an agent
    stage: in-service
    next: []
    factors:
      - {id: speed, title: Answered quickly, element: software, sub_item: timeliness}
standards:
  - {id: answer-80-20, factors: [speed], statement: 80% within 20 s, metric: wait, comparator: "<=",
     target: 20, unit: seconds, share: 0.8, measurement: {method: system-log, source: calls.parquet}}
  - {id: talk-6-min, factors: [speed], statement: 90% within 6 min, metric: talk, comparator: "<=",
     target: 6, unit: minutes, share: 0.9, measurement: {method: system-log, source: calls.parquet}}
  - {id: gave-up-late, factors: [speed], statement: 90% give up within 10 min, metric: gave-up,
     comparator: "<=", target: 10, unit: minutes, share: 0.9,
     measurement: {method: system-log, source: calls.parquet}}
"""


def write_year(folder: Path, per_hour: float) -> tuple[Path, int]:
    """A service and a year of calls at three sites, busier by day and on weekdays, in Parquet."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(11)
    hours = pd.date_range("2025-01-01", "2025-12-31 23:00", freq="h")
    shape = np.array([0.2] * 7 + [1.0, 1.6, 2.0, 2.0, 1.8, 1.5, 1.6, 1.7, 1.6, 1.4, 1.2] + [0.6] * 6)
    frames = []
    for k, site in enumerate(["north", "south", "east"]):
        weekday = np.where(hours.day_of_week < 5, 1.0, 0.5)
        counts = rng.poisson(per_hour * (0.7 + 0.3 * k) * shape[hours.hour] * weekday)
        starts = np.repeat(hours.values, counts) + rng.integers(0, 3600, counts.sum()).astype(
            "timedelta64[s]"
        )
        n = len(starts)
        talk = rng.exponential(180, n).round()
        gave_up = np.where(rng.random(n) < 0.05, rng.exponential(60, n).round(), np.nan)
        wait = np.where(np.isnan(gave_up), rng.exponential(15, n).round(), np.nan)
        frames.append(pd.DataFrame({"timestamp": starts, "site": site, "wait": wait, "talk": talk,
                                    "gave-up": gave_up}))  # fmt: skip
    data = pd.concat(frames, ignore_index=True)
    data.to_parquet(folder / "calls.parquet", index=False)
    (folder / "pyproject.toml").touch()
    path = folder / "hotline.yaml"
    path.write_text(SERVICE, encoding="utf-8")
    return path, len(data)


def median_time(run, repeat: int = 5) -> float:
    run()  # warm-up: imports, the kept query
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls-per-hour", type=float, default=100.0, help="mean calls an hour at a site")
    args = parser.parse_args()

    import blueprint
    from blueprint.measure import measure
    from blueprint.staffing.plan import demand, plan, staff

    with tempfile.TemporaryDirectory() as tmp:
        path, rows = write_year(Path(tmp), args.calls_per_hour)
        service = blueprint.load(path)
        by = "site,weekday,hour"
        base = median_time(lambda: measure(service, by=by, promises=False))
        full = median_time(lambda: staff(service, "answer-80-20", "talk", by=by))
        found = demand(service, "answer-80-20", "talk", by=by)
        maths = median_time(lambda: plan(found))
        patient = demand(service, "answer-80-20", "talk", by=by, patience="gave-up")
        erlang_a = median_time(lambda: plan(patient), repeat=3)
        result = plan(found)
    peak = max(n.staff for n in result.groups)
    print(f"a year of calls: {rows:,} rows, 3 sites; {len(result.groups)} groups by {by}; peak staff {peak}")
    print(f"measure (baseline, the 3 standards on the file): median {base:.3f} s")
    print(f"staff (read arrivals and handling, Erlang C):  median {full:.3f} s")
    print(f"beyond the measurement: {full - base:+.3f} s (ratio {full / base:.2f}x), target < 1 s")
    print(f"the maths alone: Erlang C {maths * 1000:.1f} ms for {len(result.groups)} groups; "
          f"Erlang A {erlang_a * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
