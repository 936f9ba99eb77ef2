"""Widgets on a generated 1,000-moment service: time from a change to updated widget state.

Run: python benchmarks/bench_widgets.py [--notebooks] [--picture]
Drives the Explorer and the GapDashboard from Python, as the browser would
through their traits, and reports the median and 95th percentile of:

* Explorer: selecting a moment (side panel, list and picture selection updated),
  changing a filter (list, count and dimmed moments updated);
* GapDashboard: moving a target slider (that standard re-measured, its row and
  the gap cards updated), on 2,000 standards over 200,000 observations.

Targets (issue 7): median under 100 ms, 95th percentile under 250 ms. With
``--notebooks`` it also runs the three tutorial notebooks and reports their
execution time; with ``--picture`` it draws the 1,000-moment blueprint once.
Reports figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import service_yaml
from latency import TARGET_MEDIAN, TARGET_P95, report

ROOT = Path(__file__).resolve().parent.parent
MOMENTS, FACTORS, STANDARDS, OBSERVATIONS, METRICS = 1000, 3000, 2000, 200_000, 20


def _service(measured: bool):
    from blueprint.io.load import read_text

    text = service_yaml(MOMENTS, FACTORS, STANDARDS)
    if measured:
        # Every standard reads one shared log, spread over METRICS duration metrics (touchpoints).
        measured_by = "    measurement: {method: system-log, source: data/ops.csv}\n"
        text = text.replace("    unit: minutes\n", "    unit: minutes\n" + measured_by)
        extra = "".join(
            f"  - id: duration-{m}\n    title: Duration {m}\n    quantity: duration\n    unit: seconds\n"
            for m in range(METRICS)
        )
        text = text.replace("moments:\n", extra + "moments:\n", 1)
        counter = iter(range(10**9))
        text = re.sub(
            r"    metric: duration\n", lambda _: f"    metric: duration-{next(counter) % METRICS}\n", text
        )
    loaded = read_text(text, "generated.yaml")
    assert loaded.ok, loaded.findings[:3]
    return loaded.service


def _timed(change, runs: list) -> list[float]:
    out = []
    for item in runs:
        start = time.perf_counter()
        change(item)
        out.append(time.perf_counter() - start)
    return out


def explorer(picture: bool) -> None:
    from blueprint.widgets import Explorer

    service = _service(measured=False)
    start = time.perf_counter()
    widget = Explorer(service)
    print(
        f"Explorer on {MOMENTS} moments, {STANDARDS} standards: built in {time.perf_counter() - start:.2f} s"
    )
    rng = random.Random(7)
    moments = rng.sample(list(service.moments), 200)
    selection = _timed(lambda m: setattr(widget, "selected", m), moments)
    assert widget.panel.value and widget.svg.selected == moments[-1]
    report("select a moment -> side panel", selection)
    stages = ["pre-service", "in-service", "post-service", "(any)"] * 25
    report(
        "stage filter -> list and dimming",
        _timed(lambda v: setattr(widget.filters["stage"], "value", v), stages),
    )
    elements = ["hardware", "people", "software", "(any)"] * 25
    report("element filter -> list and dimming",
            _timed(lambda v: setattr(widget.filters["element"], "value", v), elements))  # fmt: skip
    words = [f"number {n}" for n in rng.sample(range(MOMENTS), 50)] + [""] * 50
    report("search box -> list", _timed(lambda v: setattr(widget.picker.search, "value", v), words))
    report("language toggle -> panel and list", _timed(lambda v: setattr(widget, "lang", v), ["zh", ""] * 25))
    if picture:
        start = time.perf_counter()
        widget._draw_now()
        took = time.perf_counter() - start
        print(f"  first draw of the blueprint picture: {took:.1f} s ({len(widget.svg.svg) / 1e6:.1f} MB SVG)"
              + (f"; {widget.svg.message}" if widget.svg.message else ""))  # fmt: skip


def dashboard() -> None:
    import numpy as np
    import pandas as pd

    from blueprint.widgets import GapDashboard

    service = _service(measured=True)
    rng = np.random.default_rng(5)
    ops = pd.DataFrame(
        {
            "metric": [f"duration-{m % METRICS}" for m in range(OBSERVATIONS)],
            "value": rng.exponential(400, OBSERVATIONS).round(1),
            "timestamp": pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(OBSERVATIONS), unit="min"),
        }
    )
    start = time.perf_counter()
    widget = GapDashboard(service, data={"data/ops.csv": ops})
    built = time.perf_counter() - start
    print(f"GapDashboard on {STANDARDS} standards, {OBSERVATIONS:,} observations of {METRICS} metrics: "
          f"built in {built:.2f} s (one measurement of every standard)")  # fmt: skip
    picks = random.Random(3).sample(list(service.standards), 60)
    moves = [(s, float(random.Random(i).randint(1, 40))) for i, s in enumerate(picks)]
    seconds = _timed(lambda move: widget.what_if(*move), moves)
    report("target slider -> compliance, status, cards", seconds[5:])  # the first few warm the engine
    row = widget.rows.children[0]
    slider = row.children[1].children[0]
    values = [float(v) for v in range(2, 32)]
    report("slider on the page (trait change)", _timed(lambda v: setattr(slider, "value", v), values))


def notebooks() -> None:
    import nbformat
    from nbclient import NotebookClient

    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        book = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(book, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()  # fmt: skip
        took = time.perf_counter() - start
        total += took
        print(f"  {path.name:<40} {took:6.1f} s")
    print(f"  {'all notebooks':<40} {total:6.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", action="store_true", help="also run the tutorial notebooks")
    parser.add_argument("--picture", action="store_true", help="also draw the 1,000-moment blueprint")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"targets: median < {TARGET_MEDIAN * 1000:.0f} ms, p95 < {TARGET_P95 * 1000:.0f} ms")
    explorer(args.picture)
    dashboard()
    if args.notebooks:
        print("notebook execution (fresh kernel each):")
        notebooks()


if __name__ == "__main__":
    main()
