"""Operational data of any quality ends in outcomes and findings; every row read is accounted for.

A small export with observations of five metrics is damaged (text, blank,
negative, huge and fractional values, unknown metrics, unreadable and
time-zoned timestamps, duplicated and deleted rows, a lost header column,
truncation, random bytes) and measured against one standard per metric. The
promises: :func:`~blueprint.measure.measure` never raises; findings about the
data name the source file; for every group measured, ``rows`` equals
``observations + excluded`` and any exclusion says why.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import damaged_table

from blueprint.measure import measure
from measure_helpers import private_cache, service, standard  # noqa: F401 (keeps the query cache private)

STANDARDS = (
    standard("w", "wait"),
    standard("r", "ready", "==", True, "boolean"),
    standard("o", "occupancy", "<=", 0.9, "share"),
    standard("s", "stars", ">=", 4, "score", statistic="mean", share=None),
    standard("g", "rings", "<=", 3, "count"),
)
VALUES = {"wait": "75", "ready": "1", "occupancy": "0.5", "stars": "4", "rings": "2"}
GOOD = ["timestamp,site,metric,value"] + [
    f"2025-03-{1 + i % 28:02d} {8 + i % 12:02d}:{i % 60:02d}:00,{('harbour', 'airport')[i % 2]},{m},{v}"
    for i, (m, v) in enumerate(list(VALUES.items()) * 8)
]
CELLS = [
    "", " ", "abc", "NaN", "nan", "null", "-1", "-0", "0", "1e400", "-1e400", "inf", "9" * 400, "3.5",
    "1,5", "yes", "no", "true", "TRUE", "2", "101", "12s", "1:30", "٣", "😀", '"4"', "=1+1",
    "2025-03-30 02:30:00", "2025-03-30T02:30:00+01:00", "2025-10-26 02:30:00 CET", "2025-13-45 99:99",
    "1735689600", "wait", "wiat", "Wait", "harbour", "", "PT1M30S", "P1Y", "PT", "0:01:30.5", "1:75", "01:30",
]  # fmt: skip
FUZZ = settings(
    max_examples=int(os.environ.get("BP_FUZZ_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def damaged() -> st.SearchStrategy[str]:
    return damaged_table(GOOD, CELLS, max_rounds=5)


def check(result: Any) -> None:
    for finding in result.findings:
        assert finding.message and finding.location is not None, finding
        if finding.rule in {f"BP34{i}" for i in range(10)}:
            assert finding.location.file.endswith(("obs.csv", "obs.parquet", ".yaml")), finding
    for row in result.rows():
        if row["status"] == "no data":
            continue
        assert row["rows"] == row["observations"] + row["excluded"], row
        if row["excluded"]:
            assert row["excluded_why"], row


@FUZZ
@given(damaged(), st.sampled_from([(), ("site",), ("month",), ("site", "week")]))
def test_damaged_observations_are_measured_or_reported(tmp_path_factory, text, by):
    folder = tmp_path_factory.mktemp("obs")
    (folder / "obs.csv").write_text(text, encoding="utf-8")
    check(measure(service(folder, *STANDARDS), by=by))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from(["obs.csv", "obs.parquet"]))
def test_random_bytes_are_an_unreadable_source(tmp_path_factory, raw, name):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / name).write_bytes(raw)
    result = measure(service(folder, *(s.replace("obs.csv", name) for s in STANDARDS)))
    check(result)
    assert not result.ok and result.findings
