"""A memory limit for the measurement: set per measurement, reported when it is too small."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from blueprint.measure import duck, measure
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)


def _limit() -> str:
    return duck._database().execute("SELECT current_setting('memory_limit')").fetchone()[0]


def _observations(folder, rows: int) -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "timestamp": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 10**7, rows), "s"),
            "metric": "wait",
            "value": rng.exponential(60.0, rows).round(3),
        }
    )
    frame.to_parquet(folder / "obs.parquet", index=False)


@pytest.mark.parametrize(
    ("text", "size"),
    [("2GB", "2GB"), ("2 gb", "2GB"), ("1.5GB", "1.5GB"), ("500mib", "500MiB"), (" 64 MB ", "64MB")],
)
def test_sizes_are_read_as_duckdb_writes_them(text, size):
    assert duck.memory_size(text) == size


@pytest.mark.parametrize("text", ["", "2", "2 gigs", "-1GB", "GB", "1e3MB", "2GB; DROP TABLE x"])
def test_anything_else_is_not_a_size(text):
    with pytest.raises(ValueError, match="is not a memory size"):
        duck.memory_size(text)


def test_a_measurement_runs_under_its_limit_and_the_next_under_duckdb_s_own(tmp_path):
    _observations(tmp_path, 1000)
    svc = service(tmp_path, standard("w", source="obs.parquet"))
    default = _limit()
    limited = measure(svc, memory_limit="300MB")
    assert _limit() != default and "MiB" in _limit()  # DuckDB shows 300MB as 286.1 MiB
    assert limited.rows()[0]["observations"] == 1000
    measure(svc)
    assert _limit() == default


def test_each_measurement_in_a_row_runs_under_the_limit_it_asks_for(tmp_path):
    # The limit is set only when it changes: a sequence of limits must still be followed exactly.
    _observations(tmp_path, 100)
    svc = service(tmp_path, standard("w", source="obs.parquet"))
    default = _limit()
    seen = []
    for asked in ("300MB", "300MB", "500MB", None, None, "300MB"):
        measure(svc, memory_limit=asked)
        seen.append(_limit())
    assert seen[0] == seen[1] == seen[5] != seen[2]
    assert seen[3] == seen[4] == default != seen[0]


def test_a_measurement_that_does_not_fit_is_a_finding_that_says_what_to_do(tmp_path):
    _observations(tmp_path, 200_000)
    svc = service(tmp_path, standard("w", source="obs.parquet"))
    result = measure(svc, memory_limit="1MB")
    (finding,) = [f for f in result.findings if f.rule == "BP340"]
    assert "Out of Memory" in finding.message
    assert "--memory-limit" in finding.hint
    assert result.rows()[0]["status"] == "no data"  # not measured, never a pass
