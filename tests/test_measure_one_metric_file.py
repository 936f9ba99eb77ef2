"""A Parquet file of one metric is measured without reading its metric column, and never wrongly.

A long export written per metric (``waits.parquet`` holding only ``wait`` in its
metric column) says so in its statistics: each row group's least and greatest
value, and how many are missing. The measurement then writes the metric into
the query instead of reading the column. Whatever the statistics cannot
prove (a second metric, an empty cell, a file written anew with other
metrics) is read as before: the kept query is never run on a file it does
not fit.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from blueprint.measure import measure
from blueprint.measure.duck import _one_value
from measure_helpers import private_cache, row_of, service, standard  # noqa: F401 (the fixture keeps each cache private)

WAITS = [30.0, 45.0, 200.0, 60.0, 90.0, 250.0, 20.0, 100.0, 40.0, 170.0]  # 2 of 10 over 3 minutes


def _write(path, metrics, values=WAITS, *, row_group_size=None):
    stamps = pa.array([f"2026-03-0{1 + i % 5} 09:{i:02d}:00" for i in range(len(values))]).cast(
        pa.timestamp("s")
    )
    table = pa.table({"timestamp": stamps, "metric": metrics, "value": values})
    pq.write_table(table, path, row_group_size=row_group_size)


def _wait_standard():
    return standard("w", share=0.8, source="waits.parquet")


def test_a_file_of_one_metric_is_known_by_its_statistics_and_measured_as_when_read(tmp_path):
    _write(tmp_path / "waits.parquet", ["wait"] * len(WAITS), row_group_size=4)  # three row groups
    quoted = str(tmp_path / "waits.parquet")
    assert _one_value(duckdb.connect(), quoted) == (("metric", "wait"),)
    result = measure(service(tmp_path, _wait_standard()), data=tmp_path, min_observations=5)
    row = row_of(result, "w")
    assert (row["observations"], row["met"], row["status"]) == (10, 8, "pass")
    # The same rows as CSV, read cell by cell, give the same verdict.
    (tmp_path / "waits.csv").write_text(
        "timestamp,metric,value\n"
        + "".join(f"2026-03-0{1 + i % 5} 09:{i:02d}:00,wait,{v}\n" for i, v in enumerate(WAITS))
    )
    again = measure(
        service(tmp_path, standard("w", share=0.8, source="waits.csv")), data=tmp_path, min_observations=5
    )
    assert {k: row_of(again, "w")[k] for k in ("observations", "met", "status")} == {
        k: row[k] for k in ("observations", "met", "status")
    }


def test_what_the_statistics_cannot_prove_is_read_from_the_column(tmp_path):
    con = duckdb.connect()
    cases = {
        "two metrics": ["wait"] * 9 + ["hold"],
        "an empty cell": ["wait"] * 9 + [None],
        "one metric per row group, two in all": ["wait"] * 5 + ["hold"] * 5,
    }
    for name, metrics in cases.items():
        path = tmp_path / f"{len(name)}.parquet"
        _write(path, metrics, row_group_size=5)
        assert _one_value(con, str(path)) == (), name
    path = tmp_path / "long.parquet"
    _write(path, ["a-metric-named-at-great-length-" * 4] * 10)  # statistics may shorten long values
    assert _one_value(con, str(path)) == ()


def test_a_file_written_anew_with_another_metric_is_not_measured_by_the_kept_query(tmp_path):
    """The kept query wrote ``wait`` in; the file now holds calls on hold too: they are reported,
    not counted as waits."""
    desk = service(tmp_path, _wait_standard())
    _write(tmp_path / "waits.parquet", ["wait"] * len(WAITS))
    first = measure(desk, data=tmp_path)
    assert row_of(first, "w")["observations"] == 10 and not [f for f in first.findings if f.rule == "BP348"]
    _write(tmp_path / "waits.parquet", ["wait"] * 5 + ["hold"] * 5)
    second = measure(desk, data=tmp_path)
    assert row_of(second, "w")["observations"] == 5
    (unknown,) = [f for f in second.findings if f.rule == "BP348"]
    assert "'hold' (5 rows" in unknown.message
