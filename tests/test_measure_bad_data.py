"""Bad operational data never crashes and never passes silently: each case gives a located finding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from blueprint.measure import measure
from measure_helpers import private_cache, service, standard, write  # noqa: F401 (the fixture keeps each cache private)


def _only(result, rule):
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [str(f) for f in result.findings]
    return found[0]


def _accounted(result):
    """Every row read is measured or excluded with a reason: nothing vanishes."""
    for row in result.rows():
        if row["status"] != "no data":
            assert row["rows"] == row["observations"] + row["excluded"], row


def _csv(tmp_path, text, name="obs.csv"):
    return write(tmp_path / name, text)


GOOD = "".join(f"2025-01-{1 + i % 28:02d} 10:{i % 60:02d}:00,harbour,wait,{60 + i}\n" for i in range(40))


@pytest.mark.parametrize(
    ("header", "by", "column"),
    [
        ("timestamp,site,metric,seconds", (), "value"),
        ("timestamp,site,what,value", (), "metric"),
        ("when,site,metric,value", ("month",), "timestamp"),
        ("timestamp,hotel,metric,value", ("site",), "site"),
    ],
)
def test_missing_column_names_source_and_column(tmp_path, header, by, column):
    _csv(tmp_path, header + "\n" + GOOD)
    result = measure(service(tmp_path, standard("w")), by=by)
    found = _only(result, "BP341")
    assert found.severity.value == "error" and found.location.file.endswith("obs.csv")
    assert f"no column {column!r}" in found.message and "'obs.csv'" in found.message
    assert f"--columns {column}=NAME" in found.hint
    assert result.rows()[0]["status"] == "no data"
    assert not [f for f in result.findings if f.rule == "BP332"]  # the real cause only, once


def test_text_in_the_value_column_is_counted_and_left_out(tmp_path):
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD + "2025-02-01 10:00:00,harbour,wait,~12\n"
         "2025-02-01 11:00:00,harbour,wait,abc\n")  # fmt: skip
    result = measure(service(tmp_path, standard("w")))
    found = _only(result, "BP342")
    assert "column 'value': 2 of 42 rows left out: not a number (wait 2)" in found.message
    row = result.rows()[0]
    assert row["observations"] == 40 and row["excluded"] == 2 and row["excluded_why"] == "2 not a number"
    _accounted(result)


def test_a_value_column_of_dates_is_the_wrong_type(tmp_path):
    frame = pd.DataFrame({"metric": ["wait"] * 3, "value": pd.date_range("2025-01-01", periods=3)})
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame})
    found = _only(result, "BP342")
    assert found.severity.value == "warning"
    assert "column 'value'" in found.message and "not numbers" in found.message


def test_missing_values_are_counted_and_left_out(tmp_path):
    frame = pd.DataFrame({"metric": "wait", "value": [60.0] * 40 + [np.nan] * 3 + [None] * 2})
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame})
    assert "5 of 45 rows left out: missing value" in _only(result, "BP343").message
    assert result.rows()[0]["observations"] == 40
    _accounted(result)


def test_empty_cells_in_a_csv_are_missing_values(tmp_path):
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD + "2025-03-01 10:00:00,harbour,wait,\n")
    result = measure(service(tmp_path, standard("w")))
    assert "1 of 41 rows left out: missing value" in _only(result, "BP343").message


@pytest.mark.parametrize(
    ("metric", "std", "bad", "reason"),
    [
        ("wait", standard("w"), [-5.0, -0.1], "negative"),
        ("rings", standard("w", metric="rings", target=3, unit="count"), [-1.0, -2.0], "negative"),
        (
            "occupancy",
            standard("w", metric="occupancy", target=0.9, unit="share"),
            [1.5, 85.0],
            "out of range",
        ),
        (
            "stars",
            standard("w", metric="stars", comparator=">=", target=4, unit="score"),
            [0.0, 6.0],
            "out of range",
        ),
        (
            "ready",
            standard("w", metric="ready", comparator="==", target=True, unit="boolean"),
            [2.0, 0.5],
            "out of range",
        ),
    ],
)
def test_impossible_values_are_counted_and_left_out(tmp_path, metric, std, bad, reason):
    good = {"wait": 60.0, "rings": 1.0, "occupancy": 0.5, "stars": 5.0, "ready": 1.0}[metric]
    frame = pd.DataFrame({"metric": metric, "value": [good] * 40 + bad})
    result = measure(service(tmp_path, std), tables={"obs.csv": frame})
    found = _only(result, "BP344")
    assert f"2 of 42 rows left out: {reason} ({metric} 2)" in found.message
    assert result.rows()[0]["observations"] == 40 and result.rows()[0]["status"] == "pass"
    _accounted(result)


def test_seconds_metric_given_in_minutes_is_implausible_not_passed(tmp_path):
    rng = np.random.default_rng(2)
    minutes = rng.gamma(4.0, 0.35, 500).round(2)  # check-ins of ~1.4 minutes, written as minutes
    frame = pd.DataFrame({"metric": "wait", "value": minutes})
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame})
    assert result.rows()[0]["status"] == "implausible"
    found = _only(result, "BP345")
    assert found.severity.value == "error" and "look recorded in minutes, not seconds" in found.message
    assert not result.ok
    # The same values in seconds are plausible and judged.
    frame["value"] = (minutes * 60).round()
    assert measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}).rows()[0]["status"] == "pass"
    # The check can be turned off knowingly.
    frame["value"] = minutes
    off = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, scale_check=False)
    assert off.rows()[0]["status"] == "pass"


@pytest.mark.parametrize("column", ["_bp_copy", "_bp_n", "_bp_x"])
@pytest.mark.parametrize("given", ["file", "DataFrame"])
def test_a_column_named_like_blueprints_own_is_reported(tmp_path, column, given):
    _csv(tmp_path, f"timestamp,site,metric,value,{column}\n" + GOOD.replace("\n", ",x\n"))
    tables = {"obs.csv": pd.read_csv(tmp_path / "obs.csv")} if given == "DataFrame" else None
    result = measure(service(tmp_path, standard("w")), tables=tables)
    found = _only(result, "BP341")
    assert f"column {column!r} starts with '_bp_'" in found.message and "rename" in found.hint
    assert result.rows()[0]["status"] == "no data"


def test_duplicate_rows_are_counted_once(tmp_path):
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD + GOOD.splitlines(keepends=True)[0] * 3)
    result = measure(service(tmp_path, standard("w")))
    found = _only(result, "BP346")
    assert "3 of 43 rows duplicate copies" in found.message
    row = result.rows()[0]
    assert row["observations"] == 40 and row["excluded"] == 3 and "3 duplicate" in row["excluded_why"]
    _accounted(result)


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_each_group_accounts_for_its_own_rows(tmp_path, backend):
    """Usable rows, rows left out and copies are counted in their own group, even where none is usable."""
    negative = "2025-01-02 11:00:00,harbour,wait,-5\n2025-01-02 11:01:00,harbour,wait,-6\n"
    city = "".join(f"2025-01-03 10:{i:02d}:00,city,wait,-{i + 1}\n" for i in range(5))
    copy = GOOD.splitlines(keepends=True)[0]
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD + negative + copy + city)
    result = measure(service(tmp_path, standard("w")), by="site", backend=backend)
    counts = {
        row["site"]: (row["status"], row["rows"], row["observations"], row["excluded"], row["excluded_why"])
        for row in result.rows()
    }
    assert counts == {
        "harbour": ("pass", 43, 40, 3, "2 negative, 1 duplicate"),
        "city": ("no data", 5, 0, 5, "5 negative"),
    }
    assert "7 of 48 rows left out: negative (wait 7)" in _only(result, "BP344").message
    _accounted(result)


def test_identical_rows_without_timestamp_or_id_are_separate_observations(tmp_path):
    frame = pd.DataFrame({"metric": "rings", "value": [1] * 40})
    result = measure(
        service(tmp_path, standard("w", metric="rings", target=3, unit="count")), tables={"obs.csv": frame}
    )
    assert result.rows()[0]["observations"] == 40 and result.findings == []


def test_same_row_at_two_sites_is_not_a_duplicate(tmp_path):
    frame = pd.DataFrame(
        {"timestamp": ["2025-01-01 10:00:00"] * 2, "site": ["a", "b"], "metric": "wait", "value": [60, 60]}
    )
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame}, min_observations=1)
    assert result.rows()[0]["observations"] == 2 and not [f for f in result.findings if f.rule == "BP346"]


@pytest.mark.parametrize("text", ["", "timestamp,site,metric,value\n"])
def test_empty_source(tmp_path, text):
    (tmp_path / "obs.csv").write_text(text)
    result = measure(service(tmp_path, standard("w")))
    found = _only(result, "BP347")
    assert found.severity.value == "error" and found.location.file.endswith("obs.csv")
    assert result.rows()[0]["status"] == "no data"


@pytest.mark.parametrize("joined", [False, True], ids=["inline", "joined"])
def test_unknown_metric_names_are_reported_with_a_suggestion(tmp_path, joined):
    queue = "".join(GOOD.splitlines(keepends=True)[:7]).replace(",wait,", ",queue,")
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD + GOOD.replace(",wait,", ",wiat,") + queue)
    # Two standards on one metric are joined from a table of specs rather than written into the query.
    extra = [standard("w5", target=5)] if joined else []
    result = measure(service(tmp_path, standard("w"), *extra))
    found = _only(result, "BP348")
    assert "column 'metric': 47 rows name metrics the service does not define" in found.message
    assert "'wiat' (40 rows, did you mean 'wait'?), 'queue' (7 rows)" in found.message
    assert [r["observations"] for r in result.rows()] == [40] * (2 if joined else 1)


def test_unreadable_timestamps_are_counted_and_left_out(tmp_path):
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD + "yesterday,harbour,wait,60\n,harbour,wait,61\n")
    result = measure(service(tmp_path, standard("w")), by="month")
    found = _only(result, "BP349")
    assert "column 'timestamp': 2 of 42 rows left out: missing timestamp" in found.message
    assert sum(r["observations"] for r in result.rows()) == 40


def test_times_with_an_offset_are_grouped_in_utc_and_local_times_as_written(tmp_path):
    rows = [
        "2025-03-31T23:30:00+02:00",  # 21:30 UTC, still March
        "2025-03-31T23:30:00-05:00",  # 04:30 UTC on 1 April
        "2025-03-30 02:30:00",  # no offset: the hour clocks skip in Central Europe, kept as written
        "2025-10-26 02:30:00",  # no offset: the hour that happens twice, kept as written
    ]
    _csv(tmp_path, "timestamp,site,metric,value\n" + "".join(f"{t},harbour,wait,60\n" for t in rows))
    svc = service(tmp_path, standard("w"))
    by_hour = {o.keys["hour"]: o.rows for o in measure(svc, by="hour").outcomes}
    assert by_hour == {21: 1, 4: 1, 2: 2}
    by_month = {o.keys["month"]: o.rows for o in measure(svc, by="month").outcomes}
    assert by_month == {"2025-03": 2, "2025-04": 1, "2025-10": 1}


def test_source_outside_the_project_is_refused_unless_allowed(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    _csv(tmp_path, "timestamp,site,metric,value\n" + GOOD, name="secret.csv")
    svc = service(project, standard("w", source="../secret.csv"))
    refused = measure(svc)
    found = _only(refused, "BP340")
    assert "outside the project folder" in found.message and "--allow-outside" in found.hint
    assert refused.rows()[0]["status"] == "no data"
    assert measure(svc, allow_outside=True).rows()[0]["observations"] == 40


def test_garbage_file_is_unreadable(tmp_path):
    (tmp_path / "obs.parquet").write_bytes(bytes(range(256)) * 4)
    result = measure(service(tmp_path, standard("w", source="obs.parquet")))
    found = _only(result, "BP340")
    assert "cannot be read as Parquet" in found.message and found.location.file.endswith("obs.parquet")


def test_missing_files_are_reported_once_per_service(tmp_path):
    svc = service(tmp_path, standard("w", source="a.csv"), standard("v", source="b.csv"))
    result = measure(svc)
    found = _only(result, "BP332")
    assert "2 source file(s) not found" in found.message and "a.csv, b.csv" in found.message
    assert found.location.file.endswith("desk.yaml")


def test_a_dataframe_mixing_numbers_and_text(tmp_path):
    frame = pd.DataFrame({"metric": ["wait"] * 42, "value": [60] * 40 + ["n/a", object()]}, dtype=object)
    result = measure(service(tmp_path, standard("w")), tables={"obs.csv": frame})
    assert "2 of 42 rows left out: not a number" in _only(result, "BP342").message


def test_a_file_that_breaks_deep_inside_gives_a_finding(tmp_path):
    rows = "".join(f"2025-01-01 10:00:00,harbour,wait,{i}\n" for i in range(30000))
    _csv(tmp_path, "timestamp,site,metric,value\n" + rows + "2025-01-01,harbour,wait,1,extra,columns\n")
    result = measure(service(tmp_path, standard("w")))
    (found,) = result.findings
    assert found.rule == "BP340" and "30002" in found.message  # DuckDB names the line
    assert found.location.file.endswith("obs.csv")


def test_unknown_backend_table(tmp_path):
    result = measure(service(tmp_path, standard("w", source="ops.checkins")))
    assert "the backend has no table 'ops.checkins'" in _only(result, "BP332").message


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_polars_reads_a_csv_file_separated_otherwise_than_by_commas_as_duckdb_does(tmp_path, separator):
    # A German spreadsheet saves ';' with decimal commas; DuckDB detects the separator, Polars is told it.
    text = "timestamp,site,metric,value\n" + GOOD.replace(".", ",")
    _csv(tmp_path, text.replace(",", separator))
    rows = {
        backend: measure(service(tmp_path, standard("w")), by="site", backend=backend).rows()
        for backend in ("duckdb", "polars")
    }
    assert rows["polars"] == rows["duckdb"]
    assert rows["polars"][0]["observations"] == 40 and rows["polars"][0]["status"] == "pass"
