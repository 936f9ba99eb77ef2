"""How the benchmarks time a command as a fresh process: the CLI's cold start.

A fresh process pays for Python's own start-up, so every figure is reported
beside ``python -c pass`` timed in the same run. The package's bytecode is
compiled first: an installed package ships it, but an editable checkout under
``PYTHONDONTWRITEBYTECODE=1`` would otherwise recompile every module on
every start and measure the compiler, not the tool.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare() -> float:
    """Compile the package's bytecode; return Python's bare start-up time (median)."""
    compileall.compile_dir(ROOT / "src" / "blueprint", quiet=1)
    seconds, _ = median_seconds([sys.executable, "-c", "pass"])
    return seconds


def median_seconds(command: list[str], runs: int = 7) -> tuple[float, int]:
    """Median wall time of ``command`` run ``runs`` times from the repository root, and its exit code."""
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(command, capture_output=True, check=False, cwd=ROOT).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


def cli() -> list[str]:
    """The ``blueprint`` command as a user runs it."""
    return [sys.executable, "-m", "blueprint.cli"]
