"""Load + validate a large service, and the CLI's cold start.

Run: python benchmarks/bench_load.py
Reports figures; asserts nothing. Targets (issue 2): the 2,000-moment service
loads and validates in under 2 s and 500 MB; `blueprint --help` and
`blueprint check` on the hotel example start in under 0.5 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from coldstart import cli, median_seconds, prepare
from generate import service_yaml

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from blueprint.io.load import read

    text = service_yaml(2000, 10_000, 20_000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yaml"
        path.write_text(text)
        print(f"generated service: {len(text) / 1e6:.1f} MB of YAML")
        read(path)  # warm the imports so the figure is the load itself
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            loaded = read(path)
            runs.append(time.perf_counter() - start)
        elapsed = statistics.median(runs)
        tracemalloc.start()  # a separate run: tracing slows the code it measures
        read(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        service = loaded.service
        assert service is not None and loaded.ok, loaded.findings[:3]
        print(
            f"load + validate 2,000 moments / {len(service.factors):,} factors / "
            f"{len(service.standards):,} standards: {elapsed:.2f} s, peak {peak / 1e6:.0f} MB "
            "(target < 2 s, < 500 MB)"
        )
    hotel = str(ROOT / "standards" / "hotel-stay.yaml")
    baseline = prepare()
    help_time, _ = median_seconds([*cli(), "--help"])
    check_time, code = median_seconds([*cli(), "check", hotel])
    print(f"python start-up alone:        {baseline:.3f} s")
    print(f"blueprint --help cold start:  {help_time:.3f} s (target < 0.5 s)")
    print(f"blueprint check hotel-stay:   {check_time:.3f} s, exit {code} (target < 0.5 s)")


if __name__ == "__main__":
    main()
