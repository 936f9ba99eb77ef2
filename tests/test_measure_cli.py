"""The command line for measurement: blueprint measure, check --data, example-data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from blueprint.cli import main
from conftest import ROOT
from measure_helpers import private_cache, service_file, standard  # noqa: F401 (the fixture keeps each cache private)

HOTEL = ROOT / "standards" / "hotel-stay.yaml"
OPERATIONS = ROOT / "examples" / "data" / "operations"


def test_measure_table_by_site_and_month_exits_1_on_a_failing_standard(capsys):
    code = main(["measure", str(HOTEL), "--data", str(OPERATIONS), "--by", "site,month"])
    out = capsys.readouterr().out
    assert code == 1
    assert "checkin-within-3-minutes" in out and "harbour  2025-07  fail" in out
    assert "error BP330 standard 'checkin-within-3-minutes' not met in 3 of 36 groups" in out
    assert "error BP333 promise 'room-service-guarantee'" in out


def test_measure_json_is_versioned_and_complete(capsys):
    main(["measure", str(HOTEL), "--data", str(OPERATIONS), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1 and document["service"] == "hotel-stay"
    rows = {r["standard"]: r for r in document["results"]}
    assert rows["room-service-guarantee"]["kind"] == "promise"
    assert rows["room-service-guarantee"]["status"] == "fail"
    rules = {f["rule"] for f in document["findings"]}
    assert rules >= {"BP330", "BP333"} and "BP332" not in rules  # every source of the hotel has example data


def test_measure_csv_goes_to_a_file(tmp_path, capsys):
    out = tmp_path / "result.csv"
    main(
        ["measure", str(HOTEL), "--data", str(OPERATIONS), "--by", "site", "--format", "csv", "-o", str(out)]
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["site"] for r in rows if r["status"] != "no data"} == {"harbour", "city", "airport"}
    assert "BP333" in capsys.readouterr().err  # findings go to standard error, the data stays clean


def test_measure_passing_data_exits_0(tmp_path, capsys):
    path = service_file(tmp_path, standard("w"))
    pd.DataFrame({"metric": "wait", "value": [60.0] * 50}).to_csv(tmp_path / "obs.csv", index=False)
    assert main(["measure", str(path), "--data", str(tmp_path)]) == 0
    assert "1 results: 1 pass" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "site,site"], "repeated"),
        (["--columns", "value"], "ROLE=COLUMN"),
        (["--backend", "nosuch"], "not an Ibis backend"),
        (["--data", "no/such/folder"], "no such folder"),
        (["--memory-limit", "2gigs"], "'2gigs' is not a memory size; write it like 2GB"),
        (["--memory-limit", "2GB", "--backend", "polars"], "applies to the default engine, DuckDB"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path, capsys, args, message):
    path = service_file(tmp_path, standard("w"))
    if "--data" not in args:
        args = [*args, "--data", str(tmp_path)]
    assert main(["measure", str(path), *args]) == 2
    assert message in capsys.readouterr().err


def test_check_with_data_adds_measurement_findings(capsys):
    assert main(["check", str(HOTEL)]) == 0  # the lint alone: warnings, no errors
    capsys.readouterr()
    assert main(["check", str(HOTEL), "--data", str(OPERATIONS), "--by", "site,month"]) == 1
    out = capsys.readouterr().out
    for rule in ("BP302", "BP322", "BP330", "BP333"):
        assert f" {rule} " in out
    line = next(i for i, text in enumerate(HOTEL.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "- id: checkin-within-3-minutes")  # fmt: skip
    assert f"hotel-stay.yaml:{line}:5: error BP330" in out


def test_check_with_data_json(capsys):
    main(["check", str(HOTEL), "--data", str(OPERATIONS), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    gaps = {f["gap"] for f in document["files"][0]["findings"]}
    assert {1, 2, 3, 4} <= gaps


def test_example_data_command_writes_the_files(tmp_path, capsys):
    assert main(["example-data", "--out", str(tmp_path), "--seed", "2", "--service", str(HOTEL)]) == 0
    assert "wrote 26 files" in capsys.readouterr().out
    assert (tmp_path / "data" / "checkin.csv").exists()
    assert main(["example-data", "--out", str(tmp_path), "--scale", "0"]) == 2


def test_cli_step_as_a_fresh_process(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "blueprint.cli",
            "measure",
            str(HOTEL),
            "--data",
            str(OPERATIONS),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["counts"]["fail"] >= 1


def test_the_table_writes_the_unit_singular_for_one():
    from blueprint.measure.outcome import Outcome
    from blueprint.measure.result import _text_row

    def target(value, unit):
        outcome = Outcome("standard", "s", "s", "m", None, "<=", value, unit, "each", 0.9, 0.9)
        return _text_row(outcome, ())[-1]

    assert [target(1.0, "minutes"), target(3.0, "minutes"), target(1.0, "days")] == [
        "<= 1 minute",
        "<= 3 minutes",
        "<= 1 day",
    ]
