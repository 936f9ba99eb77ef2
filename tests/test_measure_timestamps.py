"""Local timestamps as real exports write them: declared formats, and what to do when none is declared."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from blueprint.cli import main
from blueprint.io.load import load, read
from blueprint.measure import measure
from blueprint.measure.columns import Columns
from conftest import ROOT
from measure_helpers import private_cache, service, standard, write  # noqa: F401 (the fixture keeps each cache private)

DATA = ROOT / "tests" / "data" / "timestamps"
CALLS = "timestamp=Call started,answer-wait=Wait (m:ss)"
CLINIC = "timestamp=Check-In Time,door-to-doctor=Door to doctor (min)"
BANK = "timestamp=Zeitpunkt,counter-wait=Wartezeit (min)"


def _columns(mapping: str, fmt: str | None = None) -> Columns:
    return replace(Columns.parse(mapping), timestamp_format=fmt)


def _rules(result, rule):
    return [f for f in result.findings if f.rule == rule]


def _copy(tmp_path, name, csv):
    shutil.copy(DATA / name, tmp_path / name)
    shutil.copy(DATA / csv, tmp_path / csv)
    return tmp_path / name


def _declare(path, fmt):
    path.write_text(
        path.read_text().replace("source: calls-eu.csv}", f"source: calls-eu.csv, timestamp_format: {fmt}}}")
    )


# Each shape of local time, declared, read into the right date and hour.
@pytest.mark.parametrize(
    ("fmt", "written"),
    [
        ("%d/%m/%Y %H:%M", ["13/12/2026 09:30", "07/12/2026 17:05"]),  # Europe, day first
        ("%m/%d/%Y %I:%M %p", ["12/13/2026 9:30 AM", "12/07/2026 5:05 PM"]),  # US, month first, 12-hour
        ("%d.%m.%Y %H:%M:%S", ["13.12.2026 09:30:15", "07.12.2026 17:05:00"]),  # German
        ("%Y/%m/%d %H:%M", ["2026/12/13 09:30", "2026/12/07 17:05"]),  # Japan, China
        ("%d-%b-%Y %H:%M", ["13-Dec-2026 09:30", "7-Dec-2026 17:05"]),
        ("%Y年%m月%d日 %H:%M", ["2026年12月13日 9:30", "2026年12月7日 17:05"]),
    ],
)
def test_each_declared_format_reads_the_date_and_hour_as_written(tmp_path, fmt, written):
    rows = "".join(f"{written[i % 2]},wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(service(tmp_path, standard("w")), by="date,hour", columns=_columns("", fmt))
    groups = {(r["date"], r["hour"]): r["observations"] for r in result.rows()}
    assert groups == {("2026-12-13", 9): 20, ("2026-12-07", 17): 20}
    assert not _rules(result, "BP349") and not _rules(result, "BP341")


def test_without_the_format_the_same_rows_are_not_measured(tmp_path):
    rows = "".join(f"13/12/2026 09:{i:02d},wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(service(tmp_path, standard("w")))
    assert result.rows()[0]["status"] == "no data"
    assert _rules(result, "BP341")


def test_call_centre_day_first_export_is_measured_with_the_format(tmp_path):
    result = measure(load(DATA / "call-centre.yaml"), by="date", columns=_columns(CALLS, "%d/%m/%Y %H:%M"))
    rows = {r["date"]: r for r in result.rows()}
    assert sum(r["observations"] for r in rows.values()) == 48 and "2026-12-20" in rows
    assert rows["2026-12-13"]["observations"] == 2  # day 13: read day first, not refused as month 13


def test_day_first_values_suggest_the_day_first_format_at_the_file(tmp_path):
    result = measure(load(DATA / "call-centre.yaml"), columns=_columns(CALLS))
    (found,) = _rules(result, "BP341")
    assert found.severity.value == "error" and found.location.file.endswith("calls-eu.csv")
    assert "'calls-eu.csv'" in found.message and "column 'Call started'" in found.message
    assert "48 of 48" in found.message and "'13/12/2026" in found.message  # a value showing the day
    assert "; they read as '%d/%m/%Y %H:%M'" in found.message
    assert found.hint.startswith("declare it: timestamp_format: '%d/%m/%Y %H:%M'")
    assert "--timestamp-format '%d/%m/%Y %H:%M'" in found.hint
    assert not _rules(result, "BP349")  # the one cause, once


def test_month_first_am_pm_values_suggest_the_month_first_format():
    result = measure(load(DATA / "clinic.yaml"), columns=_columns(CLINIC))
    (found,) = _rules(result, "BP341")
    assert "column 'Check-In Time'" in found.message
    assert "timestamp_format: '%m/%d/%Y %I:%M %p'" in found.hint


def test_ambiguous_day_and_month_name_both_formats_and_read_neither():
    # The German export's days all fall on 1 to 11 December: 01.12.2026 is 1 December or 12 January.
    result = measure(load(DATA / "bank.yaml"), columns=_columns(BANK))
    (found,) = _rules(result, "BP341")
    assert "fit both day first ('%d.%m.%Y %H:%M:%S')" in found.message
    assert "month first ('%m.%d.%Y %H:%M:%S')" in found.message and "neither is taken" in found.message
    assert "'%d.%m.%Y %H:%M:%S' (day first) or '%m.%d.%Y %H:%M:%S' (month first)" in found.hint
    assert result.rows()[0]["status"] == "no data"  # not read one way by default


def test_some_unreadable_rows_get_the_suggestion_in_the_warning(tmp_path):
    good = "".join(f"2026-12-01 09:{i:02d}:00,wait,{60 + i}\n" for i in range(40))
    local = "".join(f"{d}/12/2026 10:00,wait,70\n" for d in (14, 15, 16))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + good + local)
    result = measure(service(tmp_path, standard("w")))
    (found,) = _rules(result, "BP349")
    assert "3 of 43 rows left out: missing timestamp" in found.message
    assert (
        "3 of 43 written timestamps are not ISO 8601" in found.message
        and "'14/12/2026 10:00'" in found.message
    )
    assert "timestamp_format: '%d/%m/%Y %H:%M'" in found.hint
    assert result.rows()[0]["observations"] == 40


def test_empty_timestamps_alone_keep_the_plain_warning(tmp_path):
    good = "".join(f"2026-12-01 09:{i:02d}:00,wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + good + ",wait,70\n")
    (found,) = _rules(measure(service(tmp_path, standard("w"))), "BP349")
    assert found.hint == "write timestamps as 2025-07-01 14:05:00" and "ISO" not in found.message


def test_a_declared_format_that_reads_some_rows_names_it_and_a_value_that_did_not_match():
    result = measure(load(DATA / "clinic.yaml"), columns=_columns(CLINIC, "%d/%m/%Y %I:%M %p"))
    (found,) = _rules(result, "BP349")
    assert "16 of 40 written timestamps do not match the declared timestamp format '%d/%m/%Y %I:%M %p'" in (
        found.message
    )
    assert "e.g. '12/13/2026 8:12 AM'" in found.message and "column 'Check-In Time'" in found.message
    assert "these read as '%m/%d/%Y %I:%M %p'" in found.hint and "day and month swapped" in found.hint


def test_a_declared_format_that_reads_no_row_is_an_error_naming_it(tmp_path):
    result = measure(load(DATA / "call-centre.yaml"), columns=_columns(CALLS, "%Y-%m-%d %H:%M"))
    (found,) = _rules(result, "BP341")
    assert "no timestamp reads" in found.message and "'%Y-%m-%d %H:%M'" in found.message
    assert "column 'Call started'" in found.message and "e.g. '" in found.message
    assert "these read as '%d/%m/%Y %H:%M'" in found.hint


def test_local_times_stay_as_written_across_a_daylight_saving_change(tmp_path):
    # 02:30 on 29 March 2026 does not exist on a European clock; the export still wrote it.
    rows = "".join(f"29/03/2026 02:{i:02d},wait,{60 + i}\n" for i in range(30))
    rows += "".join(f"25/10/2026 02:{i:02d},wait,{60 + i}\n" for i in range(30))  # the hour lived twice
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(service(tmp_path, standard("w")), by="date,hour", columns=_columns("", "%d/%m/%Y %H:%M"))
    groups = {(r["date"], r["hour"]): r["observations"] for r in result.rows()}
    assert groups == {("2026-03-29", 2): 30, ("2026-10-25", 2): 30}


def test_an_offset_in_the_format_gives_utc(tmp_path):
    rows = "".join(f"31/12/2026 23:{i:02d} -0500,wait,{60 + i}\n" for i in range(30))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(
        service(tmp_path, standard("w")), by="date,hour", columns=_columns("", "%d/%m/%Y %H:%M %z")
    )
    assert {(r["date"], r["hour"]) for r in result.rows()} == {("2027-01-01", 4)}


def test_the_service_file_declares_the_format_of_its_source(tmp_path):
    path = _copy(tmp_path, "call-centre.yaml", "calls-eu.csv")
    text = path.read_text().replace(
        "source: calls-eu.csv}", 'source: calls-eu.csv, timestamp_format: "%d/%m/%Y %H:%M"}'
    )
    path.write_text(text)
    result = measure(load(path), columns=CALLS)
    assert result.rows()[0]["observations"] == 48
    # ... and it wins over the command line's, which serves sources that declare none
    assert measure(load(path), columns=_columns(CALLS, "%m/%d/%Y %H:%M")).rows()[0]["observations"] == 48


def test_a_bad_format_in_the_service_file_is_located(tmp_path):
    path = _copy(tmp_path, "call-centre.yaml", "calls-eu.csv")
    path.write_text(
        path.read_text().replace(
            "source: calls-eu.csv}", "source: calls-eu.csv, timestamp_format: dd/mm/yyyy}"
        )
    )
    loaded = read(path)
    (found,) = [f for f in loaded.findings if "timestamp_format" in f.message or "dd/mm/yyyy" in f.message]
    assert found.location.line == 21 and "no % directive" in found.message


def test_standards_on_one_source_declaring_different_formats_are_refused(tmp_path):
    sid = standard("w").replace("source: obs.csv}", 'source: obs.csv, timestamp_format: "%d/%m/%Y %H:%M"}')
    other = standard("x").replace("source: obs.csv}", 'source: obs.csv, timestamp_format: "%m/%d/%Y %H:%M"}')
    write(tmp_path / "obs.csv", "timestamp,metric,value\n13/12/2026 09:30,wait,60\n")
    result = measure(service(tmp_path, sid + other))
    (found,) = _rules(result, "BP341")
    assert "different timestamp formats" in found.message and "'%m/%d/%Y %H:%M'" in found.message


def test_another_backend_refuses_a_declared_format_rather_than_misread_it(tmp_path):
    rows = "".join(f"13/12/2026 09:{i:02d},wait,{60 + i}\n" for i in range(30))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(
        service(tmp_path, standard("w")), columns=_columns("", "%d/%m/%Y %H:%M"), backend="polars"
    )
    (found,) = _rules(result, "BP341")
    assert "not read on polars" in found.message and "--backend duckdb" in found.hint


def test_cli_measure_reads_the_timestamp_format_end_to_end(capsys):
    args = ["measure", str(DATA / "clinic.yaml"), "--columns", CLINIC, "--by", "date", "--format", "csv"]
    code = main([*args, "--timestamp-format", "%m/%d/%Y %I:%M %p"])
    said = capsys.readouterr()
    assert "2026-12-13" in said.out and "BP349" not in said.err and "BP341" not in said.err
    assert code in (0, 1)
    assert main(args) == 1  # without it: no timestamp reads, and the fix is named
    said = capsys.readouterr()
    assert "BP341" in said.err and "--timestamp-format '%m/%d/%Y %I:%M %p'" in said.err


@pytest.mark.parametrize("command", ["check", "diagnose"])
def test_check_and_diagnose_take_the_option(capsys, command):
    code = main([command, str(DATA / "clinic.yaml"), "--data", str(DATA), "--columns", CLINIC,
                 "--timestamp-format", "%m/%d/%Y %I:%M %p"])  # fmt: skip
    out = capsys.readouterr()
    assert code in (0, 1) and "BP341" not in out.out + out.err


def test_cli_bad_format_is_a_usage_error(capsys):
    code = main(["measure", str(DATA / "clinic.yaml"), "--timestamp-format", "%d/%m"])
    assert code == 2 and "--timestamp-format '%d/%m' has no year" in capsys.readouterr().err


def test_report_wants_data_with_the_format(capsys):
    code = main(["report", str(DATA / "clinic.yaml"), "--timestamp-format", "%d/%m/%Y %H:%M"])
    assert code == 2 and "give --data DIR too" in capsys.readouterr().err


def test_polars_reads_day_or_month_first_dates_as_text_not_by_guess(tmp_path):
    rows = "".join(f"03/04/2026 09:{i:02d},wait,{60 + i}\n" for i in range(30))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(service(tmp_path, standard("w")), by="month", backend="polars")
    (found,) = _rules(result, "BP341")
    assert result.rows()[0]["status"] == "no data"
    assert "read as text, not dates and times, on polars" in found.message


def test_staff_reads_day_first_call_starts_with_the_format(tmp_path, capsys):
    import re

    from staffing_helpers import COLUMNS, hotline

    calls = {("north", "2025-03-13", 9): 120, ("north", "2025-03-13", 10): 60}
    path = hotline(tmp_path, calls)
    base = ["staff", str(path), "--standard", "answer-80-20", "--handle", "talk-time", "--by", "hour",
            "--columns", COLUMNS, "--format", "csv"]  # fmt: skip
    assert main(base) == 0
    iso = capsys.readouterr().out
    export = tmp_path / "acd" / "calls.csv"  # the same calls as a European ACD writes them
    export.write_text(re.sub(r"(\d{4})-(\d\d)-(\d\d) ", r"\3/\2/\1 ", export.read_text()))
    assert main([*base, "--timestamp-format", "%d/%m/%Y %H:%M:%S"]) == 0
    assert capsys.readouterr().out == iso
    # ... or with the format in the service file, which the staffing reads as the measurement does
    path.write_text(path.read_text().replace("source: acd/calls.csv}", "source: acd/calls.csv, "
                                             'timestamp_format: "%d/%m/%Y %H:%M:%S"}'))  # fmt: skip
    assert main(base) == 0
    assert capsys.readouterr().out == iso
    assert main(base[:-2]) == 0  # the table, to show no finding is left
    assert "BP349" not in capsys.readouterr().err


def _serials(tmp_path):
    # An Excel sheet saved as CSV: the times as serial day numbers (46363 is 7 December 2026).
    rows = "".join(f"{46363 + (9.5 + i % 2) / 24:.6f},wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)


def test_excel_serial_dates_are_read_when_declared(tmp_path):
    _serials(tmp_path)
    result = measure(service(tmp_path, standard("w")), by="date,hour", columns=_columns("", "excel"))
    groups = {(r["date"], r["hour"]): r["observations"] for r in result.rows()}
    assert groups == {("2026-12-07", 9): 20, ("2026-12-07", 10): 20}


def test_undeclared_serial_dates_say_to_declare_excel(tmp_path):
    _serials(tmp_path)
    result = measure(service(tmp_path, standard("w")))
    (found,) = _rules(result, "BP341")
    assert "holds float64, not dates and times" in found.message
    assert "look like Excel serial dates: declare timestamp_format: excel" in found.hint
    assert "--timestamp-format excel" in found.hint


def test_numbers_that_are_no_dates_keep_the_plain_hint(tmp_path):
    rows = "".join(f"{i},wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    (found,) = _rules(measure(service(tmp_path, standard("w"))), "BP341")
    assert found.hint.startswith("map the column that holds when each observation was made")


def test_report_measures_month_first_times_with_the_option(tmp_path, capsys):
    out = tmp_path / "clinic.html"
    args = ["report", str(DATA / "clinic.yaml"), "--data", str(DATA), "--columns", CLINIC, "--by", "month",
            "-o", str(out)]  # fmt: skip
    assert main([*args, "--timestamp-format", "%m/%d/%Y %I:%M %p"]) == 0
    assert "2026-12: 85.0% of 40 met" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    main(args)  # without it: nothing measured
    assert "2026-12: 85.0% of 40 met" not in out.read_text(encoding="utf-8")


def test_a_few_typing_slips_do_not_hide_the_suggestion(tmp_path):
    rows = "".join(f"{1 + i % 28:02d}/12/2026 09:{i:02d},wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows + "n/a,wait,70\n")
    (found,) = _rules(measure(service(tmp_path, standard("w"))), "BP341")
    assert "timestamp_format: '%d/%m/%Y %H:%M'" in found.hint
    assert "1 distinct value(s) fit no common format, e.g. 'n/a'" in found.message


def test_a_wrong_declared_format_on_ambiguous_values_names_both_readings(tmp_path):
    rows = "".join(f"0{1 + i % 9}/0{1 + i % 7}/2026 09:{i:02d},wait,{60 + i}\n" for i in range(40))
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    result = measure(service(tmp_path, standard("w")), columns=_columns("", "%Y-%m-%d %H:%M"))
    (found,) = _rules(result, "BP341")
    assert "'%d/%m/%Y %H:%M' (day first) or '%m/%d/%Y %H:%M' (month first)" in found.hint


def test_a_compressed_export_is_not_read_day_first_by_guess_either(tmp_path):
    import gzip

    path = _copy(tmp_path, "bank.yaml", "bank-de.csv")
    (tmp_path / "bank-de.csv.gz").write_bytes(gzip.compress((tmp_path / "bank-de.csv").read_bytes()))
    path.write_text(path.read_text().replace("source: bank-de.csv", "source: bank-de.csv.gz"))
    (found,) = _rules(measure(load(path), columns=_columns(BANK)), "BP341")
    assert "neither is taken" in found.message
    result = measure(load(path), by="date", columns=_columns(BANK, "%d.%m.%Y %H:%M:%S"))
    assert sum(r["observations"] for r in result.rows()) == 36


@pytest.mark.spark
@pytest.mark.parametrize(
    ("fmt", "written"),
    [
        ("%d/%m/%Y %H:%M", ["13/12/2026 09:30", "7/12/2026 17:05"]),
        ("%m/%d/%Y %I:%M %p", ["12/13/2026 9:30 AM", "12/07/2026 5:05 PM"]),
        ("%Y年%m月%d日 %H:%M", ["2026年12月13日 9:30", "2026年12月7日 17:05"]),
        ("%d.%m.%Y %H:%M:%S.%f", ["13.12.2026 09:30:15.250000", "07.12.2026 17:05:00.000001"]),  # stopwatch
        ("%d/%m/%Y %H:%M %z", ["13/12/2026 10:30 +0100", "07/12/2026 12:05 -0500"]),  # offsets: UTC hours
    ],
)
def test_spark_reads_a_declared_format_as_duckdb_does(spark, tmp_path, fmt, written):
    rows = "".join(f"{written[i % 2]},wait,{60 + i}\n" for i in range(40)) + "soon,wait,70\n"
    write(tmp_path / "obs.csv", "timestamp,metric,value\n" + rows)
    svc = service(tmp_path, standard("w"))
    on = {b: measure(svc, by="date,hour", columns=_columns("", fmt), backend=b) for b in ("duckdb", "spark")}
    groups = {
        b: {(r["date"], r["hour"]): r["observations"] for r in on[b].rows() if r["observations"]} for b in on
    }
    assert groups["spark"] == groups["duckdb"] == {("2026-12-13", 9): 20, ("2026-12-07", 17): 20}
    assert [f.rule for f in _rules(on["spark"], "BP349")] == ["BP349"]  # 'soon' left out on both


@pytest.mark.spark
def test_spark_refuses_a_format_it_has_no_pattern_for(spark, tmp_path):
    write(tmp_path / "obs.csv", "timestamp,metric,value\n2026 50 1,wait,60\n")
    result = measure(service(tmp_path, standard("w")), columns=_columns("", "%Y %U %w"), backend="spark")
    (found,) = _rules(result, "BP341")
    assert "the timestamp format '%Y %U %w' is not read on pyspark" in found.message


@pytest.mark.spark
def test_spark_reads_excel_serials_as_duckdb_does(spark, tmp_path):
    _serials(tmp_path)
    svc = service(tmp_path, standard("w"))
    on = {
        b: measure(svc, by="date,hour", columns=_columns("", "excel"), backend=b) for b in ("duckdb", "spark")
    }
    groups = {b: {(r["date"], r["hour"]): r["observations"] for r in on[b].rows()} for b in on}
    assert groups["spark"] == groups["duckdb"] == {("2026-12-07", 9): 20, ("2026-12-07", 10): 20}
