"""Unmeasured is never passed: data asked for but not found fails the run, unless excused visibly."""

from __future__ import annotations

import json
import shutil

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from conftest import DATA
from measure_helpers import private_cache, service, service_file, standard, write  # noqa: F401

CLINIC = DATA / "unmeasured" / "clinic.yaml"
OPS = DATA / "unmeasured" / "ops"
COLUMNS = ["--columns", "timestamp=arrived,site=clinic,value=minutes"]


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_measure_fails_when_a_standard_has_no_data_and_says_how_many_of_how_many(capsys):
    code, out, _ = _run(capsys, "measure", CLINIC, "--data", OPS, *COLUMNS)
    assert code == 1  # triage passes; the call-backs were never exported, hygiene names no data
    assert "2 of 4 standards and promises not measured (2 no data)" in out
    assert "1 measured elsewhere: experience-rated-4" in out
    assert (
        "clinic.yaml:39:5: error BP334 standard 'callback-within-2-hours' is not measured: "
        "its source 'data/callbacks.csv' was not found"
    ) in out
    assert "clinic.yaml:48:5: error BP334 standard 'hands-cleaned' is not measured: it names no data" in out


def test_allow_unmeasured_passes_the_run_and_says_so(capsys):
    code, out, _ = _run(capsys, "measure", CLINIC, "--data", OPS, *COLUMNS, "--allow-unmeasured")
    assert code == 0
    assert (
        "2 of 4 standards and promises not measured (2 no data), allowed knowingly (--allow-unmeasured)"
        in out
    )
    assert "warning BP334 standard 'callback-within-2-hours' is not measured" in out
    assert "error BP334" not in out


def test_measure_without_any_data_found_fails(tmp_path, capsys):
    path = service_file(tmp_path, standard("w"), standard("v", metric="ready", comparator="==", target=True,
                                                          unit="boolean", source="checks.csv"))  # fmt: skip
    code, out, _ = _run(capsys, "measure", path)  # no --data: sources next to the file, none there
    assert code == 1
    assert "2 of 2 standards and promises not measured (2 no data)" in out
    assert out.count("error BP334") == 2


def test_check_with_data_where_every_source_is_missing_fails(tmp_path, capsys):
    empty = tmp_path / "nightly"
    empty.mkdir()
    code, out, _ = _run(capsys, "check", CLINIC, "--data", empty, "--show", "error")
    assert code == 1
    assert out.count("error BP334") == 4  # triage, call-back, hygiene, and the promise on triage
    assert "BP334 promise 'triage-promise' is not measured" in out
    assert f"{CLINIC}: 4 of 4 standards and promises not measured (4 no data)" in out


def test_check_with_data_json_carries_the_findings_and_the_exit_code(tmp_path, capsys):
    code, out, _ = _run(capsys, "check", CLINIC, "--data", tmp_path, "--format", "json")
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    unmeasured = [f for f in findings if f["rule"] == "BP334"]
    assert {f["name"] for f in unmeasured} == {"standard-measured"}
    assert {f["subject"] for f in unmeasured} == {
        "triage-within-15-minutes", "callback-within-2-hours", "hands-cleaned", "triage-promise",
    }  # fmt: skip
    assert all(f["line"] and f["severity"] == "error" for f in unmeasured)


def test_a_source_without_the_metric_names_the_metric(tmp_path):
    write(tmp_path / "obs.csv", "metric,value\n" + "rings,2\n" * 40)
    result = measure(service(tmp_path, standard("w"), standard("r", metric="rings", target=3, unit="count")))
    [found] = [f for f in result.findings if f.rule == "BP334"]
    assert found.subject == "w" and found.severity.value == "error"
    assert "its source 'obs.csv' holds no valid observation of metric 'wait'" in found.message
    assert result.unmeasured == {"w": "no data"}
    assert not result.ok


def test_a_broken_source_is_reported_once_not_per_standard(tmp_path):
    write(tmp_path / "obs.csv", "metric,seconds\n" + "wait,60\n" * 40)  # no value column
    result = measure(service(tmp_path, standard("w"), standard("v", target=5)))
    assert [f.rule for f in result.findings] == ["BP341"]  # it names both standards
    assert result.unmeasured == {"w": "no data", "v": "no data"}
    assert "2 of 2 standards and promises not measured" in result.coverage()


def test_implausible_counts_as_not_measured_and_fails(tmp_path, capsys):
    # a stopwatch export in minutes for a metric recorded in seconds: every wait would "pass" 180 s
    write(tmp_path / "obs.csv", "metric,value\n" + "".join(f"wait,{2 + i % 3}\n" for i in range(40)))
    path = service_file(tmp_path, standard("w"))
    code, out, _ = _run(capsys, "measure", path, "--allow-unmeasured")
    assert code == 1  # allowing missing data does not allow data in the wrong unit
    assert "1 of 1 standards and promises not measured (1 implausible)" in out
    assert "error BP345" in out


def test_a_standard_measured_elsewhere_and_its_promise_are_not_measured_here(tmp_path):
    text = standard("w").replace("source: obs.csv}", 'source: obs.csv, elsewhere: "the group audit team"}')
    promise = "- {id: p, channel: web, text: Quick., standard: w, claims: {value: 3, unit: minutes}}\n"
    svc = service(tmp_path, text, standard("v", target=5), promises=promise)
    write(tmp_path / "obs.csv", "metric,value\n" + "wait,60\n" * 40)
    result = measure(svc)
    assert [o.id for o in result.outcomes] == ["v"]
    assert result.elsewhere == {"w": "the group audit team"}
    assert result.ok and result.coverage() == (
        "all 1 standards and promises measured; 1 measured elsewhere: w"
    )
    document = json.loads(result.to_json())
    assert document["elsewhere"] == {"w": "the group audit team"} and document["unmeasured"] == {}


def test_everything_measured_passes(tmp_path, capsys):
    write(tmp_path / "obs.csv", "metric,value\n" + "wait,60\n" * 40)
    code, out, _ = _run(capsys, "measure", service_file(tmp_path, standard("w")))
    assert code == 0 and "all 1 standards and promises measured" in out


def test_report_with_data_is_written_but_fails_when_standards_are_unmeasured(tmp_path, capsys):
    page = tmp_path / "report.html"
    code, _, err = _run(capsys, "report", CLINIC, "--data", tmp_path, "-o", page)
    assert code == 1 and page.exists()
    assert "4 of 4 standards and promises not measured (4 no data)" in err
    code, _, err = _run(capsys, "report", CLINIC, "--data", tmp_path, "-o", page, "--allow-unmeasured")
    assert code == 0 and "allowed knowingly (--allow-unmeasured)" in err


def test_report_without_data_says_nothing_of_measurement(tmp_path, capsys):
    code, _, err = _run(capsys, "report", CLINIC, "-o", tmp_path / "report.html")
    assert code == 0 and "not measured" not in err


def test_the_elsewhere_marker_must_say_something(tmp_path, capsys):
    path = tmp_path / "clinic.yaml"
    shutil.copy(CLINIC, path)
    text = path.read_text(encoding="utf-8").replace(
        'elsewhere: "the health board\'s quarterly patient survey"', 'elsewhere: ""'
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, "check", path)
    assert code == 1 and f"{path}:66:75: error BP003 measurement.elsewhere" in out


@pytest.mark.parametrize(
    ("metric", "comparator", "target", "unit", "value", "fix"),
    [
        ("wait", "<=", 3, "minutes", "600", "find what slows delivery, or revisit"),
        ("wait", ">=", 2, "minutes", "30", "find what cuts the time short, or revisit"),
        ("rings", "<=", 3, "count", "7", "find what drives the count up, or revisit"),
        ("rings", "==", 1, "count", "4", "find what keeps the cases off the exact target"),
        ("ready", "==", True, "boolean", "no", "find where and why the check fails"),
        ("stars", ">=", 4, "score", "2", "ask the customers whose scores missed the target"),
        ("occupancy", "<=", 0.9, "share", "0.99", "find what pushes the rate up"),
    ],
)
def test_bp330_fix_fits_what_the_metric_measures(tmp_path, metric, comparator, target, unit, value, fix):
    write(tmp_path / "obs.csv", "metric,value\n" + f"{metric},{value}\n" * 40)
    svc = service(tmp_path, standard("s", metric=metric, comparator=comparator, target=target, unit=unit))
    [found] = [f for f in measure(svc, scale_check=False).findings if f.rule == "BP330"]
    assert found.hint.startswith(fix)
    assert "group" not in found.hint  # measured as a whole: no groups to look in
    if metric != "wait":
        assert "slows delivery" not in found.hint


def test_bp330_fix_points_at_the_failing_group_or_groups(tmp_path):
    svc = service(tmp_path, standard("s"))
    hints = []
    for south in (60, 600):  # the south desk keeps the standard, then misses it too
        rows = [f"north,wait,600\nsouth,wait,{south}\n" for _ in range(40)]
        write(tmp_path / "obs.csv", "site,metric,value\n" + "".join(rows))
        [found] = [f for f in measure(svc, by="site", scale_check=False).findings if f.rule == "BP330"]
        hints.append(found.hint)
    assert hints == [
        "find what slows delivery in this group, or revisit the standard with staff",
        "find what slows delivery in these groups, or revisit the standard with staff",
    ]


def test_the_library_default_is_strict_and_the_loaded_clinic_is_the_documented_one():
    clinic = load(CLINIC)
    assert clinic.standards["experience-rated-4"].measurement.elsewhere
    result = measure(clinic, data=OPS, columns="timestamp=arrived,site=clinic,value=minutes")
    assert result.unmeasured == {"callback-within-2-hours": "no data", "hands-cleaned": "no data"}
    assert {f.severity.value for f in result.findings if f.rule == "BP334"} == {"error"}


def test_the_report_names_what_is_measured_elsewhere_escaped(tmp_path):
    from blueprint.report.pipeline import report_page

    path = tmp_path / "clinic.yaml"
    text = CLINIC.read_text(encoding="utf-8").replace(
        "the health board's quarterly patient survey", "<b>board</b> & agency survey"
    )
    path.write_text(text, encoding="utf-8")
    page, inputs = report_page(load(path), data=OPS, columns="timestamp=arrived,site=clinic,value=minutes")
    assert "Not measured (no data): callback-within-2-hours, hands-cleaned." in page
    assert "Measured elsewhere: experience-rated-4 (&lt;b&gt;board&lt;/b&gt; &amp; agency survey)." in page
    assert "<b>board</b>" not in page
    assert [f.subject for f in inputs.unmeasured_errors()] == ["callback-within-2-hours", "hands-cleaned"]


def test_a_service_with_nothing_to_measure_says_so(tmp_path):
    text = standard("w").replace("source: obs.csv}", 'source: obs.csv, elsewhere: "the franchise audit"}')
    result = measure(service(tmp_path, text))
    assert result.ok and result.outcomes == []
    assert result.to_text().endswith(
        "\n0 results; no standards or promises to measure; 1 measured elsewhere: w\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_machine_formats_keep_stdout_clean_and_say_the_count_aside(tmp_path, capsys, fmt):
    code, out, err = _run(capsys, "measure", CLINIC, "--data", tmp_path, "--format", fmt)
    assert code == 1
    assert f"{CLINIC}: 4 of 4 standards and promises not measured (4 no data)" in err
    assert "not measured (4 no data)" not in out
    if fmt == "json":
        assert json.loads(out)["unmeasured"] == dict.fromkeys(
            ["triage-within-15-minutes", "callback-within-2-hours", "hands-cleaned", "triage-promise"],
            "no data",
        )


@pytest.mark.parametrize("command", ["check", "report"])
def test_allow_unmeasured_without_data_is_a_usage_error(capsys, command):
    code, _, err = _run(capsys, command, CLINIC, "--allow-unmeasured")
    assert code == 2
    assert f"blueprint {command}: --allow-unmeasured works with --data DIR" in err
