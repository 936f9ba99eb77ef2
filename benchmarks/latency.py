"""How the widget benchmarks report an interaction's latency against the notebook targets."""

from __future__ import annotations

import statistics

#: issue 7's targets for the time from a click or slider change to updated widget state
TARGET_MEDIAN, TARGET_P95 = 0.100, 0.250


def report(name: str, seconds: list[float]) -> None:
    """One line: median and 95th percentile of ``seconds``, and whether they meet the targets."""
    median = statistics.median(seconds)
    p95 = statistics.quantiles(seconds, n=20)[-1] if len(seconds) >= 20 else max(seconds)
    verdict = "ok" if median < TARGET_MEDIAN and p95 < TARGET_P95 else "OVER TARGET"
    figures = f"median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"
    print(f"  {name:<44} n={len(seconds):<4} {figures}   {verdict}")
