"""Survey analysis at scale: SERVQUAL on a million respondents, Kano on 100,000.

Run: python benchmarks/bench_survey.py [--respondents 1000000] [--kano-respondents 100000]
Reports figures; asserts nothing. Targets (issue 6): SERVQUAL on 1,000,000
respondents x 22 items (E and P) read from Parquet in under 10 s; Kano on
100,000 respondents x 30 attributes in under 5 s. Each timing is the median of
three runs of reading the file and analysing it; peak memory is measured in a
fresh process (resident set, so pyarrow's buffers count too) and with
tracemalloc (numpy and pandas allocations only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import json, resource, sys, time, tracemalloc
from blueprint.survey import {function}
from blueprint.survey.readers import read_table
tracemalloc.start()
start = time.perf_counter()
{function}(read_table(sys.argv[1]), **{options!r})
elapsed = time.perf_counter() - start
_, traced = tracemalloc.get_traced_memory()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": elapsed, "traced": traced, "rss": rss}}))
"""


def servqual_file(folder: Path, respondents: int) -> Path:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    e = rng.integers(3, 8, (respondents, 22), dtype=np.int8)
    p = np.clip(e - rng.integers(-2, 3, (respondents, 22), dtype=np.int8), 1, 7).astype(np.int8)
    columns = {f"E{i + 1}": e[:, i] for i in range(22)} | {f"P{i + 1}": p[:, i] for i in range(22)}
    path = folder / "servqual.parquet"
    pd.DataFrame(columns).to_parquet(path, index=False)
    return path


def kano_file(folder: Path, respondents: int, attributes: int) -> Path:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2)
    words = np.array(["like", "must-be", "neutral", "live-with", "dislike"])
    n = respondents * attributes
    frame = pd.DataFrame(
        {
            "respondent": np.repeat(np.arange(respondents, dtype=np.int32), attributes),
            "attribute": pd.Categorical(
                np.tile([f"attribute-{k:02d}" for k in range(attributes)], respondents)
            ),
            "functional": words[rng.integers(0, 5, n)],
            "dysfunctional": words[rng.integers(0, 5, n)],
        }
    )
    path = folder / "kano.parquet"
    frame.to_parquet(path, index=False)
    return path


def timed(function: str, path: Path, **options: object) -> tuple[float, dict[str, float]]:
    """Median wall time of three in-process runs, and the memory of one fresh process."""
    from blueprint import survey
    from blueprint.survey.readers import read_table

    run = getattr(survey, function)
    run(read_table(path).head(1000), **options)  # warm the imports
    times = []
    for _ in range(3):
        start = time.perf_counter()
        run(read_table(path), **options)
        times.append(time.perf_counter() - start)
    child = _CHILD.format(function=function, options=options)
    out = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, check=True)
    return statistics.median(times), json.loads(out.stdout)


def _memory(memory: dict[str, float]) -> str:
    return f"peak RSS {memory['rss'] / 1e6:.0f} MB, traced {memory['traced'] / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--kano-respondents", type=int, default=100_000)
    parser.add_argument("--attributes", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        start = time.perf_counter()
        sq = servqual_file(folder, args.respondents)
        print(
            f"generated {args.respondents:,} x 44 SERVQUAL answers: {sq.stat().st_size / 1e6:.1f} MB Parquet "
            f"in {time.perf_counter() - start:.1f} s"
        )
        seconds, memory = timed("servqual", sq)
        print(
            f"SERVQUAL {args.respondents:,} respondents x 22 items (read Parquet + analyse, with alpha and "
            f"intervals): {seconds:.2f} s (target < 10 s, {seconds / 10:.0%} of it); {_memory(memory)}"
        )
        kn = kano_file(folder, args.kano_respondents, args.attributes)
        seconds, memory = timed("kano", kn)
        print(
            f"Kano {args.kano_respondents:,} respondents x {args.attributes} attributes "
            f"({args.kano_respondents * args.attributes:,} answer pairs, read Parquet + classify): "
            f"{seconds:.2f} s (target < 5 s, {seconds / 5:.0%} of it); {_memory(memory)}"
        )


if __name__ == "__main__":
    main()
