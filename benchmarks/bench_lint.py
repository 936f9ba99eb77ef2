"""Lint a portfolio of 50 services with 10,000 standards, and the CLI's cold start with the lint.

Run: python benchmarks/bench_lint.py
Reports figures; asserts nothing. Targets (issue 4): the portfolio lints in
under 2 s; `blueprint check standards/hotel-stay.yaml --format json` starts and
finishes in under 0.5 s.
"""

from __future__ import annotations

import resource
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
SERVICES, STANDARDS, MOMENTS, FACTORS = 50, 10_000, 12, 48


def _portfolio(folder: Path) -> list[Path]:
    paths = []
    for n in range(SERVICES):
        path = folder / f"service-{n:02d}.yaml"
        text = service_yaml(MOMENTS, FACTORS, STANDARDS // SERVICES, seed=n)
        path.write_text(text.replace(f"id: generated-{MOMENTS}", f"id: generated-{n:02d}", 1))
        paths.append(path)
    return paths


def main() -> None:
    from blueprint.checks import LintConfig, lint
    from blueprint.io.load import read

    with tempfile.TemporaryDirectory() as folder:
        paths = _portfolio(Path(folder))
        start = time.perf_counter()
        services = [read(path).service for path in paths]
        load = time.perf_counter() - start
    assert all(s is not None for s in services)
    total = sum(len(s.standards) for s in services)  # type: ignore[union-attr]
    config = LintConfig()

    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        findings = [f for s in services for f in lint(s, config)]  # type: ignore[arg-type]
        rounds.append(time.perf_counter() - start)
    tracemalloc.start()
    kept = [lint(service, config) for service in services]  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    del kept
    tracemalloc.stop()

    # The same run without placing findings in the file, to separate the rules' cost from the locator's.
    locators = [s.locator for s in services]  # type: ignore[union-attr]
    for service in services:
        service.locator = None  # type: ignore[union-attr]
    start = time.perf_counter()
    for service in services:
        lint(service, config)  # type: ignore[arg-type]
    unlocated = time.perf_counter() - start
    for service, locator in zip(services, locators, strict=True):
        service.locator = locator  # type: ignore[union-attr]

    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    print(f"portfolio: {len(services)} services, {total:,} standards (loaded in {load:.2f} s)")
    print(
        f"lint: median {statistics.median(rounds):.3f} s over {len(rounds)} runs "
        f"(min {min(rounds):.3f} s), {len(findings):,} findings, target < 2 s"
    )
    print(
        f"lint: {1e6 * statistics.median(rounds) / total:.0f} µs per standard; "
        f"{unlocated:.3f} s of it is the rules, the rest places findings at file:line:col"
    )
    print(
        f"lint: peak traced memory {peak / 1e6:.1f} MB (all findings kept); "
        f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print("findings by rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())))

    baseline = prepare()
    hotel = [*cli(), "check", "standards/hotel-stay.yaml", "--format", "json"]
    seconds, code = median_seconds(hotel)
    print(
        f"cold start: blueprint check standards/hotel-stay.yaml --format json: median {seconds:.3f} s "
        f"of 7 runs (exit {code}), target < 0.5 s; python -c pass alone {baseline:.3f} s"
    )
    seconds, _ = median_seconds([*hotel, "--no-lint"])
    print(f"cold start without the lint (--no-lint): median {seconds:.3f} s")


if __name__ == "__main__":
    main()
