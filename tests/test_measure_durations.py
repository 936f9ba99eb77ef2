"""Durations as people write them: stopwatch readings, ISO 8601, interval and time types.

The services come from the literature (Shostack's shoeshine parlour, a walk-in clinic, a bank's
card-service line; tests/data/durations/); the data is written here the way
real exports look: headers with spaces and capitals, local timestamps,
stopwatch readings as the stopwatch shows them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from blueprint.io.load import load
from blueprint.measure import measure
from blueprint.measure.durations import iso_seconds, stopwatch_seconds
from measure_helpers import private_cache  # noqa: F401 (the fixture keeps each cache private)

DATA = Path(__file__).parent / "data" / "durations"
#: the stand log's own headers, mapped to the roles and metrics
STAND = {
    "timestamp": "Started At",
    "site": "Station",
    "shine-time": "Shine Time",
    "wait-time": "Wait",
    "shoes-protected": "Shoes Protected",
}


def _service(folder: Path, name: str):
    shutil.copy(DATA / name, folder / name)
    (folder / "pyproject.toml").touch()
    return load(folder / name)


def _reading(seconds: float, style: int) -> str:
    """``seconds`` as a stopwatch or a clerk writes it, in one of four styles."""
    minutes, rest = divmod(seconds, 60)
    whole, fraction = int(rest), rest - int(rest)
    tail = f"{fraction:.1f}"[1:] if fraction else ""
    return [
        f"{int(minutes)}:{whole:02d}{tail}",  # 1:52
        f"{int(minutes):02d}:{whole:02d}{tail}",  # 01:52
        f"0:{int(minutes):02d}:{whole:02d}{tail}",  # 0:01:52 (h:mm:ss)
        f" {int(minutes)}:{whole:02d}{tail} ",  # padded by the export
    ][style % 4]


#: shine times (seconds) and waits (seconds) of the stand's 40 customers
SHINES = [95 + (i * 37) % 60 + (0.5 if i % 7 == 0 else 0) for i in range(40)]
WAITS = [30 + (i * 53) % 330 for i in range(40)]


def _stand_log(folder: Path, extra: str = "") -> Path:
    lines = ["Started At,Station,Shine Time,Wait,Shoes Protected"]
    for i, (shine, wait) in enumerate(zip(SHINES, WAITS, strict=True)):
        stamp = f"2025-03-{1 + i // 8:02d} {8 + i % 8:02d}:{(i * 7) % 60:02d}:00"  # local time, no offset
        station = "Grand Central" if i % 2 else "Penn Station"
        protected = "Yes" if i % 10 else "No"
        lines.append(f'{stamp},{station},"{_reading(shine, i)}",{_reading(wait, 0)},{protected}')
    path = folder / "stand-log.csv"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _rows(result):
    return {row["standard"]: row for row in result.rows()}


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_stopwatch_readings_in_a_csv_are_durations_in_the_metrics_unit(tmp_path, backend):
    svc = _service(tmp_path, "shoeshine.yaml")
    _stand_log(tmp_path)
    result = measure(svc, columns=STAND, backend=backend)
    rows = _rows(result)
    shine = rows["shine-in-2-minutes"]
    assert shine["observations"] == 40 and shine["excluded"] == 0
    assert shine["met"] == sum(s <= 120 for s in SHINES)
    assert shine["observed"] == pytest.approx(pd.Series(SHINES).quantile(0.9) / 60, rel=1e-9)
    wait = rows["wait-under-5-minutes"]  # recorded in minutes: 3:30 is 3.5
    assert wait["met"] == sum(w <= 300 for w in WAITS)
    assert wait["observed"] == pytest.approx(pd.Series(WAITS).quantile(0.95) / 60, rel=1e-9)
    assert rows["shoes-protected-always"]["met"] == 36  # the yes/no column is measured too
    assert not [f for f in result.findings if f.rule.startswith("BP34")]


def test_a_big_csv_opened_as_a_view_reads_stopwatch_readings_too(tmp_path, monkeypatch):
    from blueprint.measure import duck as duck_engine

    monkeypatch.setattr(duck_engine, "LOAD_BELOW", 0)  # as a file over 32 MB is opened
    svc = _service(tmp_path, "shoeshine.yaml")
    log = _stand_log(tmp_path)
    log.write_text(log.read_text().replace("Wait", "Tom's Wait"))  # a quote in a header
    rows = _rows(measure(svc, columns={**STAND, "wait-time": "Tom's Wait"}))
    assert rows["shine-in-2-minutes"]["met"] == sum(s <= 120 for s in SHINES)
    assert rows["wait-under-5-minutes"]["met"] == sum(w <= 300 for w in WAITS)


def test_duckdb_and_polars_agree_on_durations_grouped_by_local_time(tmp_path):
    svc = _service(tmp_path, "shoeshine.yaml")
    _stand_log(
        tmp_path,
        '2025-03-06 09:00:00,Penn Station,"1:75",2:00,Yes\n2025-03-06 09:10:00,Penn Station,soon,,No\n',
    )
    duck, polars = (
        measure(svc, columns=STAND, by="site,date", backend=b, min_observations=1)
        for b in ("duckdb", "polars")
    )
    assert duck.rows() == polars.rows()
    assert [str(f) for f in duck.findings] == [str(f) for f in polars.findings]
    assert duck.exclusions == polars.exclusions
    assert {row["date"] for row in duck.rows()} == {f"2025-03-{d:02d}" for d in range(1, 7)}


def test_a_reading_that_is_no_duration_is_left_out_and_reported(tmp_path):
    svc = _service(tmp_path, "shoeshine.yaml")
    bad = ["1:75", "soon", "about 2 min", "1:5:00:00", "P1Y", "PT", "-1:30"]
    extra = "".join(
        f'2025-03-06 09:{i:02d}:00,Penn Station,"{text}",1:00,Yes\n' for i, text in enumerate(bad)
    )
    _stand_log(tmp_path, extra)
    result = measure(svc, columns=STAND)
    shine = _rows(result)["shine-in-2-minutes"]
    assert (shine["observations"], shine["excluded_why"]) == (40, "7 not a number")
    (found,) = [f for f in result.findings if f.rule == "BP342"]
    assert "column 'Shine Time': 7 of 47 rows left out: not a number (shine-time 7)" in found.message
    assert "1:52" in found.hint and "PT1M52S" in found.hint and "value column" not in found.hint


def test_iso_8601_and_plain_numbers_in_a_long_export(tmp_path):
    svc = _service(tmp_path, "call-centre.yaml")
    handle = ["PT4M10S", "PT5M", "pt7m30s", "PT0.5S", "PT1H", "P0DT0H3M", "4.5", "PT6M"]  # minutes metric
    answer = ["PT12S", "PT25S", "8", "0:00:19.5", "PT20S", "PT21S", "PT3S", "PT1M"]  # seconds metric
    lines = ["Call ID,Queue,Measure,Value"]
    for i in range(80):
        lines.append(f"C{i:04d},cards,handle-time,{handle[i % 8]}")
        lines.append(f"C{i:04d},cards,answer-time,{answer[i % 8]}")
        lines.append(f"C{i:04d},cards,resolved,{'yes' if i % 4 else 'no'}")
        lines.append(f"C{i:04d},cards,transfers,{i % 3}")
    (tmp_path / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = {"metric": "Measure", "value": "Value", "id": "Call ID"}
    results = [measure(svc, columns=columns, backend=b) for b in ("duckdb", "polars")]
    assert results[0].rows() == results[1].rows()
    rows = _rows(results[0])
    handle_seconds = [250, 300, 450, 0.5, 3600, 180, 270, 360]  # 4.5 is a number: minutes, as recorded
    assert rows["handled-in-6-minutes"]["met"] == 10 * sum(s <= 360 for s in handle_seconds)
    assert rows["handled-in-6-minutes"]["observations"] == 80
    assert rows["answered-in-20-seconds"]["met"] == 10 * 5  # 12, 8, 19.5, 20, 3
    assert rows["resolved-first-time"]["met"] == 60
    assert rows["at-most-one-transfer"]["met"] == 54
    assert not [f for f in results[0].findings if f.rule.startswith("BP34")]


def _typed_frame() -> pd.DataFrame:
    shines = pd.to_timedelta(SHINES, unit="s")
    return pd.DataFrame(
        {
            "Started At": pd.Timestamp("2025-03-01 08:00") + pd.to_timedelta(range(40), unit="min"),
            "Station": "Penn Station",
            "Shine Time": shines,
            "Wait": [(dt.datetime(2025, 1, 1) + dt.timedelta(seconds=w)).time() for w in WAITS],
            "Shoes Protected": [i % 10 != 0 for i in range(40)],
        }
    )


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
@pytest.mark.parametrize("how", ["parquet", "dataframe"])
def test_duration_and_time_types_are_durations(tmp_path, backend, how):
    """A Parquet/Arrow duration or a pandas Timedelta, and a time of day (time since midnight)."""
    svc = _service(tmp_path, "shoeshine.yaml")
    frame = _typed_frame()
    tables = {}
    if how == "parquet":
        frame.to_parquet(tmp_path / "stand-log.parquet")
        tables = {"stand-log.csv": tmp_path / "stand-log.parquet"}
    else:
        tables = {"stand-log.csv": frame}
    rows = _rows(measure(svc, columns=STAND, backend=backend, tables=tables))
    assert rows["shine-in-2-minutes"]["met"] == sum(s <= 120 for s in SHINES)
    assert rows["shine-in-2-minutes"]["observed"] == pytest.approx(pd.Series(SHINES).quantile(0.9) / 60)
    assert rows["wait-under-5-minutes"]["met"] == sum(w <= 300 for w in WAITS)
    assert rows["wait-under-5-minutes"]["observations"] == 40


def test_a_duckdb_interval_column_on_the_backend(tmp_path):
    import ibis

    svc = _service(tmp_path, "shoeshine.yaml")
    con = ibis.duckdb.connect()
    con.raw_sql(
        "CREATE TABLE stand AS SELECT TIMESTAMP '2025-03-01 08:00' + to_minutes(i) AS \"Started At\", "
        'to_milliseconds((90 + i * 1.5) * 1000) AS "Shine Time" FROM range(40) AS t(i)'
    )
    rows = _rows(measure(svc, backend=con, tables={"stand-log.csv": con.table("stand")}, columns=STAND))
    shine = rows["shine-in-2-minutes"]
    assert shine["observations"] == 40 and shine["met"] == sum(90 + i * 1.5 <= 120 for i in range(40))
    assert rows["wait-under-5-minutes"]["status"] == "no data"  # no column for it


def test_a_column_of_the_wrong_type_sinks_only_its_own_standards(tmp_path):
    svc = _service(tmp_path, "shoeshine.yaml")
    frame = _typed_frame()
    frame["Shoes Protected"] = pd.Timestamp("2025-03-01 08:00")  # a date where yes/no belongs
    frame.to_parquet(tmp_path / "stand-log.parquet")
    tables = {"stand-log.csv": tmp_path / "stand-log.parquet"}
    for _ in range(2):  # compiled, then from the kept query: the same findings
        result = measure(svc, columns=STAND, tables=tables)
        rows = _rows(result)
        assert rows["shine-in-2-minutes"]["observations"] == 40
        assert rows["wait-under-5-minutes"]["observations"] == 40
        assert rows["shoes-protected-always"]["status"] == "no data"
        (found,) = [f for f in result.findings if f.rule == "BP342"]
        assert "column 'Shoes Protected' holds timestamp" in found.message
        assert "(standards: shoes-protected-always)" in found.message
        assert "--columns value=" not in found.hint and "yes/no" in found.hint
        assert not [f for f in result.findings if f.rule == "BP332"]  # the cause is said once
        (unmeasured,) = [f for f in result.findings if f.rule == "BP334"]  # and the standard is not passed
        assert unmeasured.subject == "shoes-protected-always"
        assert "column 'Shoes Protected' holds timestamp" in unmeasured.message


def test_a_value_column_of_dates_is_not_reported_as_a_missing_source(tmp_path):
    svc = _service(tmp_path, "call-centre.yaml")
    frame = pd.DataFrame({"metric": ["answer-time"] * 3, "value": pd.date_range("2025-03-01", periods=3)})
    result = measure(svc, tables={"calls.csv": frame})
    whys = [f.message for f in result.findings if f.rule == "BP334"]
    assert len(whys) == 4 and all("column 'value' holds timestamp" in why for why in whys)
    assert not any("not found" in why for why in whys)


def test_times_of_day_in_a_yes_no_column_of_a_csv_are_bad_rows_of_that_standard_only(tmp_path):
    svc = _service(tmp_path, "shoeshine.yaml")
    log = _stand_log(tmp_path)
    log.write_text(log.read_text().replace(",Yes\n", ",08:05\n").replace(",No\n", ",08:15\n"))
    result = measure(svc, columns=STAND)
    rows = _rows(result)
    assert rows["shine-in-2-minutes"]["observations"] == 40
    assert rows["wait-under-5-minutes"]["observations"] == 40
    assert rows["shoes-protected-always"]["excluded_why"] == "40 not a number"
    (found,) = [f for f in result.findings if f.rule == "BP342"]
    assert (
        "column 'Shoes Protected': 40 of 40 rows left out: not a number (shoes-protected 40)" in found.message
    )


def test_a_value_column_of_times_in_the_long_layout(tmp_path):
    """Times of day in a long table's value column: durations for duration metrics, not numbers for others."""
    svc = _service(tmp_path, "call-centre.yaml")
    frame = pd.DataFrame(
        {
            "metric": ["answer-time"] * 40 + ["transfers"] * 2,
            "value": [dt.time(0, 0, 10 + i % 20) for i in range(40)] + [dt.time(0, 0, 1)] * 2,
        }
    )
    result = measure(svc, tables={"calls.csv": frame})
    rows = _rows(result)
    assert rows["answered-in-20-seconds"]["met"] == sum(10 + i % 20 <= 20 for i in range(40))
    assert rows["at-most-one-transfer"]["excluded_why"] == "2 not a number"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1:52", 112), ("01:52", 112), ("1:02:05", 3725), ("0:00:45.5", 45.5), ("125:30", 7530), ("1:75", None)],
)
def test_stopwatch_reading_rules(text, seconds):
    assert stopwatch_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT1M52S", 112), ("PT2H", 7200), ("P1DT2H", 93600), ("P2W", 1209600), ("pt0.5s", 0.5), ("P1M", None),
     ("PT", None), ("P", None)],
)  # fmt: skip
def test_iso_8601_rules(text, seconds):
    assert iso_seconds(text) == seconds


def _stand_workbook(folder: Path, mixed: bool = True) -> Path:
    """The stand log as a clerk keeps it in Excel: times formatted mm:ss, waits as [h]:mm:ss durations."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Started At", "Station", "Shine Time", "Wait", "Shoes Protected"])
    for i, (shine, wait) in enumerate(zip(SHINES, WAITS, strict=True)):
        # Excel keeps a time as a fraction of a day; one clerk typed a reading as text instead.
        shown = _reading(shine, 0) if mixed and i == 5 else shine / 86400
        started = dt.datetime(2025, 3, 1 + i // 8, 8 + i % 8, (i * 7) % 60)
        sheet.append([started, "Penn Station", shown, dt.timedelta(seconds=wait), i % 10 != 0])
        sheet.cell(row=i + 2, column=3).number_format = "mm:ss.0"
        sheet.cell(row=i + 2, column=4).number_format = "[h]:mm:ss"
    path = folder / "stand-log.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("mixed", [False, True])
def test_time_formatted_cells_in_a_workbook_are_durations_on_both_engines(tmp_path, mixed):
    svc = _service(tmp_path, "shoeshine.yaml")
    tables = {"stand-log.csv": _stand_workbook(tmp_path, mixed)}
    duck, polars = (measure(svc, columns=STAND, tables=tables, backend=b) for b in ("duckdb", "polars"))
    assert duck.rows() == polars.rows()
    rows = _rows(duck)
    assert rows["shine-in-2-minutes"]["observations"] == 40
    assert rows["shine-in-2-minutes"]["met"] == sum(s <= 120 for s in SHINES)
    assert rows["wait-under-5-minutes"]["met"] == sum(w <= 300 for w in WAITS)
    assert rows["shoes-protected-always"]["met"] == 36
    assert not [f for f in duck.findings if f.rule.startswith("BP34")]


def test_a_workbook_named_as_the_source_is_read(tmp_path):
    text = (DATA / "shoeshine.yaml").read_text().replace("stand-log.csv", "stand-log.xlsx")
    (tmp_path / "shoeshine.yaml").write_text(text)
    (tmp_path / "pyproject.toml").touch()
    _stand_workbook(tmp_path)
    rows = _rows(measure(load(tmp_path / "shoeshine.yaml"), columns=STAND))
    assert rows["shine-in-2-minutes"]["observations"] == 40


@pytest.mark.parametrize(
    ("content", "rule", "words"),
    [
        (b"PK\x03\x04 not really a workbook", "BP340", "is not an Excel workbook"),
        ("header-twice", "BP341", "more than one column is named 'Wait'"),
        ("stray", "BP341", "row 3 has values right of the last column"),
    ],
)
def test_a_broken_workbook_gives_a_finding_not_a_traceback(tmp_path, content, rule, words):
    import openpyxl

    svc = _service(tmp_path, "shoeshine.yaml")
    path = tmp_path / "stand-log.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Started At", "Wait", "Wait" if content == "header-twice" else "Shine Time"])
        sheet.append([dt.datetime(2025, 3, 1, 8), "1:52", "1:40"])
        sheet.append([dt.datetime(2025, 3, 1, 9), "1:52", "1:40"])
        if content == "stray":
            sheet["F3"] = "x"
        book.save(path)
    result = measure(svc, columns=STAND, tables={"stand-log.csv": path})
    (found,) = [f for f in result.findings if f.rule == rule]
    assert words in found.message and found.location.file.endswith("stand-log.xlsx")
    assert {r["status"] for r in result.rows()} == {"no data"}


def test_a_what_if_reads_arrow_durations_as_the_measurement_does(tmp_path):
    from blueprint.measure.whatif import usable_values

    svc = _service(tmp_path, "shoeshine.yaml")
    _typed_frame().to_parquet(tmp_path / "stand-log.parquet")
    tables = {"stand-log.csv": tmp_path / "stand-log.parquet"}
    frame = _typed_frame().rename(columns={"Shine Time": "shine-time", "Started At": "timestamp"})
    frame[["timestamp", "shine-time"]].to_parquet(tmp_path / "stand-log.parquet")
    values = usable_values(svc, "shine-in-2-minutes", tables=tables)
    assert values is not None
    assert sorted(v for v, n in values for _ in range(n)) == sorted(SHINES)  # seconds, not nanoseconds


def test_a_dataframe_column_mixing_timedeltas_and_text(tmp_path):
    svc = _service(tmp_path, "shoeshine.yaml")
    shines = [pd.Timedelta(seconds=s) if i % 2 else _reading(s, i) for i, s in enumerate(SHINES)]
    frame = pd.DataFrame({"shine-time": pd.Series(shines, dtype=object)})
    rows = _rows(measure(svc, tables={"stand-log.csv": frame}))
    assert rows["shine-in-2-minutes"]["observations"] == 40
    assert rows["shine-in-2-minutes"]["met"] == sum(s <= 120 for s in SHINES)


def test_the_command_line_measures_a_stopwatch_log_with_its_own_headers(tmp_path, capsys):
    from blueprint.cli import main

    _service(tmp_path, "shoeshine.yaml")
    _stand_log(tmp_path)
    mapping = ",".join(f"{role}={column}" for role, column in STAND.items())
    args = ["--columns", mapping, "--by", "site", "--min-observations", "10"]
    code = main(["measure", str(tmp_path / "shoeshine.yaml"), *args])
    out = capsys.readouterr().out
    assert "no data" not in out and "BP342" not in out
    assert "shine-in-2-minutes      Grand Central  fail    20  45.0%" in out
    assert "shoes-protected-always  Grand Central  pass    20  100.0%" in out
    assert code == 1  # the shines are slow: a failing standard fails the build


def test_unmapped_headers_get_a_fix_for_either_layout(tmp_path):
    svc = _service(tmp_path, "shoeshine.yaml")
    log = _stand_log(tmp_path)
    text = log.read_text(encoding="utf-8")  # headers that name no metric, in any spelling
    log.write_text(text.replace("Shine Time,Wait,Shoes Protected", "Shine (m:ss),Wait,Protected?", 1))
    result = measure(svc, columns={"timestamp": "Started At"})
    (found,) = [f for f in result.findings if f.rule == "BP341"]
    assert "no column 'metric'" in found.message
    assert "--columns metric=NAME" in found.hint and "--columns shine-time=NAME" in found.hint


def test_a_parquet_file_of_sql_intervals(tmp_path):
    """DuckDB writes INTERVAL columns; DuckDB reads them, the Polars engine refuses them with a fix."""
    import duckdb

    svc = _service(tmp_path, "shoeshine.yaml")
    path = tmp_path / "intervals.parquet"
    duckdb.sql(
        "COPY (SELECT TIMESTAMP '2025-03-01 08:00' + to_minutes(i) AS \"Started At\", "
        f"to_milliseconds((90 + i * 1.5) * 1000) AS \"Shine Time\" FROM range(40) AS t(i)) TO '{path}'"
    )
    duck = _rows(measure(svc, columns=STAND, tables={"stand-log.csv": path}))
    assert duck["shine-in-2-minutes"]["met"] == sum(90 + i * 1.5 <= 120 for i in range(40))
    result = measure(svc, columns=STAND, tables={"stand-log.csv": path}, backend="polars")
    (found,) = [f for f in result.findings if f.rule == "BP340"]
    assert "column 'Shine Time' holds intervals" in found.message and "DuckDB" in found.hint


def _hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def test_a_clinic_export_in_h_mm_ss_grouped_by_local_hour_on_both_engines(tmp_path):
    svc = _service(tmp_path, "clinic.yaml")
    triage = [(i * 97) % 1500 for i in range(60)]  # seconds, up to 25 minutes
    doctor = [1800 + (i * 271) % 3600 for i in range(60)]  # 30 to 90 minutes
    lines = ["Visit No,Registered (local time),Triage Wait,Doctor Wait"]
    for i, (t, d) in enumerate(zip(triage, doctor, strict=True)):
        # The night clocks went forward in Europe: 02:xx does not exist, the export writes it anyway.
        stamp = f"2025-03-30 {1 + i % 3:02d}:{i % 60:02d}:00"
        lines.append(f"V{i:05d},{stamp},{_hms(t)},{_hms(d)}")
    (tmp_path / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = {"timestamp": "Registered (local time)", "id": "Visit No", "triage-wait": "Triage Wait",
               "doctor-wait": "Doctor Wait"}  # fmt: skip
    duck, polars = (
        measure(svc, columns=columns, by="hour", backend=b, min_observations=5) for b in ("duckdb", "polars")
    )
    assert duck.rows() == polars.rows()
    by = {(r["standard"], r["hour"]): r for r in duck.rows()}
    assert sorted(h for s, h in by if s == "triage-within-15-minutes") == [1, 2, 3]
    for hour in (1, 2, 3):
        mine = [i for i in range(60) if 1 + i % 3 == hour]
        assert by[("triage-within-15-minutes", hour)]["met"] == sum(triage[i] <= 900 for i in mine)
        assert by[("doctor-within-an-hour", hour)]["met"] == sum(doctor[i] <= 3600 for i in mine)


def test_a_workbook_source_is_held_to_the_survey_readers_size_limits(tmp_path, monkeypatch):
    import openpyxl

    from blueprint.survey import sheets

    svc = _service(tmp_path, "shoeshine.yaml")
    path = tmp_path / "stand-log.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Started At", "Wait", "Shine Time"])
    for minute in range(30):
        book.active.append([dt.datetime(2025, 3, 1, 8, minute), f"1:{minute:02d}", "1:40"])  # text cells
    book.save(path)
    monkeypatch.setitem(sheets.LIMITS, "max_part_bytes", 200)  # a shared-strings bomb, in miniature
    result = measure(svc, columns=STAND, tables={"stand-log.csv": path})
    (found,) = [f for f in result.findings if f.rule == "BP340"]
    assert "limit for the parts read whole" in found.message and "export the data as .csv" in found.hint
    assert {r["status"] for r in result.rows()} == {"no data"}


@pytest.mark.parametrize("later", ["2025-03-01T14:05:00", "01/03/2025 14:05", ""])
def test_a_log_whose_later_rows_write_times_another_way_reads_as_if_detected_afresh(
    tmp_path, later, monkeypatch
):
    # The first 400 rows write YYYY-MM-DD HH:MM:SS, which the reader names to DuckDB to spare its
    # sniffer; one row far down writes the time otherwise. The result must be what plain detection gives.
    from blueprint.measure import duck

    svc = _service(tmp_path, "shoeshine.yaml")
    rows = ["Started At,Station,Shine Time,Wait,Shoes Protected"]
    for i in range(400):
        stamp = f"2025-03-{1 + i % 28:02d} {6 + i % 12:02d}:{i % 60:02d}:00"
        rows.append(f"{stamp},Grand Central,{100 + i % 40},3,yes")
    rows.append(f"{later},Grand Central,110,3,yes")
    (tmp_path / "stand-log.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    hinted = measure(svc, columns=STAND, data=tmp_path, by="site").to_json()
    monkeypatch.setattr(duck, "_iso_columns", lambda path: 0)  # no hint: DuckDB detects every format
    assert hinted == measure(svc, columns=STAND, data=tmp_path, by="site").to_json()
