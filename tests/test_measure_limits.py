"""The measurement refuses numbers it cannot count against, and data it must not read.

Each test builds a small service (a bank branch's queue, a hotel desk) and
data the way exports look, then checks that a bad number or a bad source
ends in a finding or a clear error, never a crash or a silent pass.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pandas as pd
import pytest

from blueprint.io.load import read_text
from blueprint.measure import measure
from blueprint.measure.scale import implausible
from measure_helpers import private_cache, service, standard  # noqa: F401 (the fixture keeps each cache private)

QUEUE = pd.DataFrame(
    {
        "timestamp": pd.date_range("2025-03-03 09:00", periods=60, freq="7min"),
        "site": ["high-street", "station"] * 30,
        "metric": "wait",
        "value": [45.0, 130.0, 250.0, 95.0, 610.0, 20.0] * 10,  # seconds
    }
)


def _promise(value: str, comparator_share: str = "") -> str:
    return (
        "- id: poster\n  channel: Poster in the window\n  text: Served in 5 minutes.\n"
        f"  standard: w\n  claims: {{value: {value}, unit: minutes{comparator_share}}}\n"
    )


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_a_claim_that_is_not_a_finite_number_is_refused_at_load(tmp_path, value):
    path = tmp_path / "desk.yaml"
    service(tmp_path, standard("w"), promises=_promise("3"))  # writes the file
    text = path.read_text(encoding="utf-8").replace("value: 3,", f"value: {value},")
    loaded = read_text(text, "desk.yaml")
    [finding] = [f for f in loaded.findings if f.rule == "BP011"]
    assert "not a finite number" in finding.message and finding.subject == "poster"
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith(value)
    assert not loaded.ok


@pytest.mark.parametrize("value", [".nan", ".inf", "1e400"])
def test_the_measurement_never_counts_against_a_non_finite_claim(tmp_path, value):
    # A service whose claim was not checked (built in code, or read despite its errors) is
    # measured without a crash; the promise is reported as not measured, never as passed.
    service(tmp_path, standard("w"), promises=_promise("3"))
    text = (tmp_path / "desk.yaml").read_text(encoding="utf-8").replace("value: 3,", f"value: {value},")
    svc = read_text(text, str(tmp_path / "desk.yaml")).service
    assert svc is not None and not math.isfinite(svc.promises["poster"].claims.value)
    result = measure(svc, tables={"obs.csv": QUEUE}, by="site")
    assert {r["standard"] for r in result.rows()} == {"w"}
    [finding] = [f for f in result.findings if f.rule == "BP011"]
    assert finding.subject == "poster" and "not measured" in finding.message
    assert finding.location is not None and finding.location.line is not None


def test_the_unit_guess_ignores_a_non_finite_target():
    assert implausible(observed=120.0, target=math.inf, data_unit="seconds") is None
    assert implausible(observed=120.0, target=math.nan, data_unit="seconds") is None
    assert implausible(observed=math.inf, target=3.0, data_unit="seconds") is None


@pytest.mark.parametrize("confidence", [1.5, 0.0, 1.0, -0.2, math.nan, math.inf])
def test_confidence_outside_0_to_1_is_refused(tmp_path, confidence):
    svc = service(tmp_path, standard("w"))
    with pytest.raises(ValueError, match=r"confidence .* between 0 and 1"):
        measure(svc, tables={"obs.csv": QUEUE}, confidence=confidence)


def test_min_observations_below_one_is_refused(tmp_path):
    svc = service(tmp_path, standard("w"))
    with pytest.raises(ValueError, match=r"min_observations -5 must be 1 or more"):
        measure(svc, tables={"obs.csv": QUEUE}, min_observations=-5)


# -- sources: patterns and files that are not files ---------------------------------------------


def _project(tmp_path, source):
    project = tmp_path / "branch"
    (project / "data").mkdir(parents=True)
    svc = service(project, standard("w", source=source))
    return project, svc


def test_a_hidden_link_a_pattern_matches_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "payroll.csv").write_text("metric,value\nwait,1\n", encoding="utf-8")
    project, svc = _project(tmp_path, "data/*.csv")
    (project / "data" / "queue-march.csv").write_text("metric,value\nwait,95\n", encoding="utf-8")
    os.symlink(outside / "payroll.csv", project / "data" / ".x.csv")
    result = measure(svc)
    [finding] = [f for f in result.findings if f.rule == "BP340"]
    assert "payroll.csv, outside the project folder" in finding.message
    assert {r["status"] for r in result.rows()} == {"no data"}


def test_a_pattern_reads_hidden_files_it_matches_inside_the_project(tmp_path):
    # what is checked is what is read: the engine gets the list of files, hidden ones included
    project, svc = _project(tmp_path, "data/*.csv")
    (project / "data" / "queue-march.csv").write_text("metric,value\nwait,95\n", encoding="utf-8")
    (project / "data" / ".queue-april.csv").write_text("metric,value\nwait,400\n", encoding="utf-8")
    for backend in ("duckdb", "polars"):
        [row] = measure(svc, min_observations=1, backend=backend).rows()
        assert row["observations"] == 2, backend


def test_a_pattern_matching_nothing_says_so(tmp_path):
    _, svc = _project(tmp_path, "data/queue-*.csv")
    [finding] = [f for f in measure(svc).findings if f.rule == "BP332"]
    assert "not found" in finding.message and finding.message.endswith("data/queue-*.csv")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("source", ["data/queue.csv", "data/q*.csv"])
@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_named_pipe_as_a_source_is_refused_without_reading_it(tmp_path, source, backend):
    project, _ = _project(tmp_path, source)
    os.mkfifo(project / "data" / "queue.csv")  # opening it to read would wait for a writer forever
    code = "import sys; from blueprint.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = ["measure", str(project / "desk.yaml"), "--backend", backend, "--format", "csv"]
    done = subprocess.run(  # in a child: the reader used to wait forever
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1, done.stderr
    assert "BP340" in done.stderr and "is a named pipe (FIFO), not a file" in done.stderr


def test_a_file_named_like_a_pattern_is_refused_when_a_pattern_matches_it(tmp_path):
    project, svc = _project(tmp_path, "data/*.csv")
    (project / "data" / "queue[1].csv").write_text("metric,value\nwait,95\n", encoding="utf-8")
    [finding] = [f for f in measure(svc).findings if f.rule == "BP340"]
    assert "has *, ? or [ in its name" in finding.message


# -- the working columns' prefix ------------------------------------------------------------------


@pytest.mark.parametrize("column", ["_BP_copy", "_Bp_n", "_bp_COPY", "_BP_X"])
@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_column_named_like_a_working_column_in_any_case_is_named_as_written(tmp_path, column, backend):
    # a call centre's export with a stray column; DuckDB ignores case in names
    project, svc = _project(tmp_path, "data/calls.csv")
    rows = "".join(f"2025-03-03 09:{i:02d}:00,wait,{30 + i},x\n" for i in range(40))
    (project / "data" / "calls.csv").write_text(
        f"timestamp,metric,value,{column}\n" + rows + "2025-03-03 09:00:00,wait,30,x\n" * 3, encoding="utf-8"
    )
    findings = measure(svc, backend=backend).findings
    [finding] = [f for f in findings if f.rule == "BP341"]
    assert f"column {column!r} starts with {column[:4]!r}, which Blueprint keeps" in finding.message
    assert "_bp_copy_1" not in " ".join(f.message for f in findings)


def test_measure_on_a_file_with_an_infinite_claim_reports_it_and_does_not_crash(tmp_path, capsys):
    from blueprint.cli import main

    project, _ = _project(tmp_path, "data/queue.csv")
    path = project / "desk.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "promises:\n" + _indent(_promise("1e400")), "utf-8")
    QUEUE.to_csv(project / "data" / "queue.csv", index=False)
    assert main(["measure", str(path)]) == 1
    captured = capsys.readouterr()
    assert "BP011 the promise claims inf, which is not a finite number" in captured.err
    assert "math domain error" not in captured.out + captured.err


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())
