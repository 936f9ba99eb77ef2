"""A garage's dealer-management exports: h:mm readings under a header that says so, a title row.

A dealer-management system writes the delay of a job's steps as hours and
minutes (``1:05``) and says so in the column's header (``Diagnosis to call
(h:mm)``); it heads its workbooks with a title row. Both are read as written:
a reading taken as a stopwatch's m:ss would be sixty times too short, and a
workbook must not be refused for its title.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from blueprint.io.load import load
from blueprint.measure import measure
from measure_helpers import private_cache  # noqa: F401 (the fixture keeps each cache private)

SERVICE = """\
version: 1
service: {id: garage-desk, title: Garage service desk}
metrics:
  - {id: call-delay, title: Diagnosis to the approval call, quantity: duration, unit: minutes}
moments:
  - id: approve
    title: Approve extra work on the phone
    stage: in-service
    next: []
    factors:
      - {id: prompt-call, title: Told early about extra work, element: software, sub_item: anticipation}
standards:
  - id: call-10min
    factors: [prompt-call]
    statement: 90% of customers are called within 10 minutes of the diagnosis.
    metric: call-delay
    comparator: "<="
    target: 10
    unit: minutes
    share: 0.9
    measurement: {method: system-log, source: SOURCE}
"""


def _service(folder: Path, source: str):
    (folder / "pyproject.toml").touch()
    path = folder / "garage.yaml"
    path.write_text(SERVICE.replace("SOURCE", source), encoding="utf-8")
    return load(path)


#: 40 calls, each 35 minutes after the diagnosis (written 0:35): every one misses the 10 minutes
DELAYS = ["0:35"] * 40


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_h_mm_readings_under_a_header_that_says_h_mm_are_hours_and_minutes(tmp_path, backend):
    lines = ["Job,Date,Diagnosis to call (h:mm)"]
    lines += [f"J{i},2026-03-{1 + i % 28:02d} 10:00,{d}" for i, d in enumerate(DELAYS)]
    (tmp_path / "jobs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    svc = _service(tmp_path, "jobs.csv")
    result = measure(svc, columns={"call-delay": "Diagnosis to call (h:mm)"}, backend=backend)
    (row,) = result.rows()
    # Read as m:ss, 0:35 is 35 seconds, well within 10 minutes: a pass with every call late.
    assert (row["status"], row["observations"], row["met"]) == ("fail", 40, 0)
    assert row["observed"] == pytest.approx(35.0)


def test_a_header_saying_m_ss_or_naming_no_layout_keeps_stopwatch_readings(tmp_path):
    for header in ("Diagnosis to call (m:ss)", "Diagnosis to call"):
        lines = [f"Job,Date,{header}"] + [f"J{i},2026-03-02 10:{i:02d},0:35" for i in range(40)]
        (tmp_path / "jobs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        svc = _service(tmp_path, "jobs.csv")
        (row,) = measure(svc, columns={"call-delay": header}, scale_check=False).rows()
        assert (row["met"], row["observed"]) == (40, pytest.approx(35 / 60)), header


def test_h_mm_in_the_long_layout_reads_the_value_columns_header(tmp_path):
    lines = ["When,Measure,Elapsed [hh:mm]"] + [f"2026-03-02 10:{i:02d},call-delay,1:05" for i in range(40)]
    (tmp_path / "steps.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    svc = _service(tmp_path, "steps.csv")
    result = measure(svc, columns={"timestamp": "When", "metric": "Measure", "value": "Elapsed [hh:mm]"})
    (row,) = result.rows()
    assert (row["met"], row["observed"]) == (0, pytest.approx(65.0))


def _titled_workbook(path: Path, rows: list[list[object]], total: bool = False) -> None:
    """The job list as the dealer-management system saves it: a title, a blank row, the header on row 3."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ridings Motors - workshop jobs, March 2026"])
    sheet.append([])
    sheet.append(["Job No", "Date", "Diagnosis to call (h:mm)"])
    for row in rows:
        sheet.append(row)
    if total:
        sheet.append(["Total", None, "23:20"])
    book.save(path)


def _jobs(n: int = 40) -> list[list[object]]:
    # 36 calls within 10 minutes (0:08), 4 after half an hour (0:30): 90% met
    return [[f"J{i}", dt.datetime(2026, 3, 2, 8 + i % 9, i), "0:30" if i < 4 else "0:08"] for i in range(n)]


def test_a_workbook_with_a_title_above_its_header_is_read_from_the_header(tmp_path):
    _titled_workbook(tmp_path / "jobs.xlsx", _jobs())
    svc = _service(tmp_path, "jobs.xlsx")
    result = measure(svc, columns={"timestamp": "Date", "call-delay": "Diagnosis to call (h:mm)"}, by="month")
    (row,) = result.rows()
    assert (row["month"], row["status"], row["observations"], row["met"]) == ("2026-03", "pass", 40, 36)
    assert not [f for f in result.findings if f.rule.startswith("BP34")]


def test_a_totals_row_in_a_titled_workbook_is_named_by_its_own_row(tmp_path):
    _titled_workbook(tmp_path / "jobs.xlsx", _jobs(), total=True)
    svc = _service(tmp_path, "jobs.xlsx")
    result = measure(svc, columns={"timestamp": "Date", "call-delay": "Diagnosis to call (h:mm)"})
    (row,) = result.rows()
    assert (row["observations"], row["met"], row["excluded_why"]) == (40, 36, "1 summary row")
    (found,) = [f for f in result.findings if f.rule == "BP352"]
    assert "row 44 ('Total' in column 'Job No')" in found.message  # 3 rows of title and header, 40 jobs
    assert found.location is not None and found.location.line == 44


def test_a_stray_cell_in_a_titled_workbook_names_the_header_row(tmp_path):
    rows = _jobs()
    rows[5] = [*rows[5], "called twice"]
    _titled_workbook(tmp_path / "jobs.xlsx", rows)
    svc = _service(tmp_path, "jobs.xlsx")
    result = measure(svc, columns={"timestamp": "Date", "call-delay": "Diagnosis to call (h:mm)"})
    (found,) = [f for f in result.findings if f.rule == "BP341"]
    assert "row 9 has values right of the last column with a header" in found.message
    assert "a header in row 3" in found.hint


def test_a_sheet_of_one_column_keeps_its_header_in_row_1(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["call-delay"])
    for i in range(40):
        sheet.append([5 if i % 10 else 12])  # minutes, plain numbers
    book.save(tmp_path / "delays.xlsx")
    svc = _service(tmp_path, "delays.xlsx")
    (row,) = measure(svc).rows()
    assert (row["observations"], row["met"]) == (40, 36)


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
@pytest.mark.parametrize(
    ("encoding", "said"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")]
)
def test_a_phone_system_export_saved_as_utf_16_is_named_as_such(tmp_path, backend, encoding, said):
    # Excel's "Unicode Text" and some phone systems write UTF-16 (with or without its byte order mark).
    lines = ["Date;Job;Diagnosis to call (h:mm)"] + [f"2026-03-02 10:{i:02d};J{i};0:08" for i in range(40)]
    (tmp_path / "calls.csv").write_text("\n".join(lines) + "\n", encoding=encoding)
    svc = _service(tmp_path, "calls.csv")
    result = measure(svc, columns={"call-delay": "Diagnosis to call (h:mm)"}, backend=backend)
    (found,) = [f for f in result.findings if f.rule == "BP340"]
    assert f"the file is written in {said}, not UTF-8" in found.message
    assert "CSV UTF-8" in found.hint and found.location is not None
    assert found.location.file.endswith("calls.csv")
    assert result.unmeasured == {"call-10min": "no data"}


def test_a_utf_8_export_with_a_byte_order_mark_is_read(tmp_path):
    lines = ["Date;Job;Diagnosis to call (h:mm)"] + [f"2026-03-02 10:{i:02d};J{i};0:08" for i in range(40)]
    (tmp_path / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    svc = _service(tmp_path, "calls.csv")
    (row,) = measure(svc, columns={"call-delay": "Diagnosis to call (h:mm)"}).rows()
    assert (row["status"], row["met"]) == ("pass", 40)


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_a_branch_padded_with_spaces_is_the_same_branch(tmp_path, backend):
    # A fixed-width export pads its text: 'Leeds ' on some rows is still Leeds, not a second branch
    # that looks the same in every table (and would halve the cases judged in each).
    lines = ["Date,Branch,Diagnosis to call (h:mm)"]
    lines += [f"2026-03-02 10:{i:02d},{'Leeds ' if i % 2 else ' Leeds'},0:{1 + i % 9:02d}" for i in range(40)]
    lines += [f"2026-03-02 11:{i:02d},York,0:{30 if i < 5 else 8}" for i in range(40)]
    (tmp_path / "jobs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    svc = _service(tmp_path, "jobs.csv")
    result = measure(svc, columns={"call-delay": "Diagnosis to call (h:mm)"}, by="branch", backend=backend)
    rows = {row["branch"]: (row["status"], row["observations"], row["met"]) for row in result.rows()}
    assert rows == {"Leeds": ("pass", 40, 40), "York": ("fail", 40, 35)}


def test_exports_naming_their_time_column_differently_are_mapped_with_alternatives(tmp_path):
    # The phone system writes 'Call start', the job list 'Date': one --columns serves both.
    (tmp_path / "pyproject.toml").touch()
    calls = SERVICE.replace("call-10min", "answer-10min").replace("SOURCE", "calls.csv")
    (tmp_path / "garage.yaml").write_text(calls.replace("standards:", "standards:\n" + _standard_block(), 1))
    svc = load(tmp_path / "garage.yaml")
    rows = [f"2026-0{3 + i % 2}-02 10:{i:02d},0:08" for i in range(40)]
    (tmp_path / "jobs.csv").write_text("Date,Delay (h:mm)\n" + "\n".join(rows) + "\n")
    (tmp_path / "calls.csv").write_text("Call start,Delay (h:mm)\n" + "\n".join(rows) + "\n")
    mapping = {"timestamp": "Call start|Date", "call-delay": "Delay (h:mm)"}
    result = measure(svc, columns=mapping, by="month", min_observations=20)
    got = {(row["standard"], row["month"]): (row["status"], row["observations"]) for row in result.rows()}
    assert got == {
        (standard, month): ("pass", 20)
        for standard in ("call-10min", "answer-10min")
        for month in ("2026-03", "2026-04")
    }
    missing = measure(svc, columns={**mapping, "timestamp": "Started|When"}, by="month")
    hints = {f.location.file.rsplit("/", 1)[-1]: f.hint for f in missing.findings if f.rule == "BP341"}
    assert all("no column 'Started|When'" in f.message for f in missing.findings if f.rule == "BP341")
    assert "'Call start'" in hints["calls.csv"] and "'Date'" in hints["jobs.csv"]
    assert "timestamp=NAME|OTHER" in hints["jobs.csv"]


def _standard_block() -> str:
    """The job list's standard, above the phone system's."""
    return SERVICE.split("standards:\n", 1)[1].replace("SOURCE", "jobs.csv")


def test_h_mm_readings_under_a_plain_header_are_not_blamed_on_the_unit(tmp_path):
    # Without (h:mm) in the header, '1:40' is read as m:ss: the delays look sixty times too short
    # and the unit check stops the standard (BP345). Its fix must not send the team to change the
    # metric's unit, which would not help: it names the header instead.
    text = SERVICE.replace("unit: minutes}", "unit: hours}").replace(
        "target: 10\n    unit: minutes", "target: 2\n    unit: hours"
    )
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "garage.yaml").write_text(text.replace("SOURCE", "jobs.csv"), encoding="utf-8")
    svc = load(tmp_path / "garage.yaml")
    lines = ["Date,Diagnosis to call"] + [f"2026-03-02 10:{i:02d},1:{10 + i:02d}" for i in range(40)]
    (tmp_path / "jobs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(svc, columns={"call-delay": "Diagnosis to call"})
    (found,) = [f for f in result.findings if f.rule == "BP345"]
    assert "written like '1:10'" in found.message and "read as minutes and seconds" in found.message
    assert "'Diagnosis to call (h:mm)'" in found.hint
    assert result.unmeasured == {"call-10min": "implausible"}


SCORED = """\
version: 1
service: {id: garage-follow-up, title: Garage follow-up calls}
metrics:
  - {id: follow-up-score, title: Follow-up satisfaction, quantity: score, unit: score, scale: [1, 5]}
moments:
  - id: follow-up
    title: Get a follow-up call
    stage: post-service
    next: []
    factors:
      - {id: caring-call, title: Someone calls to ask, element: people, sub_item: attentiveness}
standards:
  - id: score-mean-4
    factors: [caring-call]
    statement: Customers rate the service at least 4 out of 5 on average.
    metric: follow-up-score
    comparator: ">="
    target: 4
    unit: score
    statistic: mean
    measurement: {method: survey, source: calls.csv}
"""

#: 100 answers as a form tool writes them: the ends of the scale with their labels
ANSWERS = ["1 - Very dissatisfied"] * 15 + ["5 – Very satisfied"] * 10 + ["4"] * 75


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
@pytest.mark.parametrize("layout", ["wide", "long"])
def test_scale_answers_written_with_their_labels_are_their_numbers(tmp_path, backend, layout):
    # Left out as 'not a number', the fifteen '1 - Very dissatisfied' would leave a mean of 4.0 and
    # a pass; the hundred answers average (15 + 50 + 300) / 100 = 3.65, below 4.
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "garage.yaml").write_text(SCORED, encoding="utf-8")
    svc = load(tmp_path / "garage.yaml")
    stamps = [f"2026-03-{1 + i % 28:02d} {8 + i % 10:02d}:{i % 60:02d}" for i in range(100)]
    if layout == "wide":
        lines = ["Call date,Score"] + [f"{t},{a}" for t, a in zip(stamps, ANSWERS, strict=True)]
        mapping = {"timestamp": "Call date", "follow-up-score": "Score"}
    else:
        lines = ["Call date,Question,Answer"]
        lines += [f"{t},follow-up-score,{a}" for t, a in zip(stamps, ANSWERS, strict=True)]
        mapping = {"timestamp": "Call date", "metric": "Question", "value": "Answer"}
    (tmp_path / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(svc, columns=mapping, backend=backend)
    (row,) = result.rows()
    assert (row["status"], row["observations"], row["excluded"]) == ("fail", 100, 0)
    assert row["observed"] == pytest.approx(3.65)
    assert not [f for f in result.findings if f.rule == "BP342"]


def test_a_label_without_a_number_or_a_range_is_still_not_a_number(tmp_path):
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "garage.yaml").write_text(SCORED, encoding="utf-8")
    svc = load(tmp_path / "garage.yaml")
    answers = ["Very satisfied", "3-5", "4 5", "-2 - bad"] + ["4"] * 40
    lines = ["Call date,Score"] + [f"2026-03-02 10:{i % 60:02d},{a}" for i, a in enumerate(answers)]
    (tmp_path / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(svc, columns={"timestamp": "Call date", "follow-up-score": "Score"})
    (row,) = result.rows()
    assert (row["observations"], row["excluded_why"]) == (40, "4 not a number")


def test_a_workbook_whose_first_sheet_is_a_summary_says_which_sheet_was_read(tmp_path):
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Summary"
    cover.append(["Ridings Motors - approval calls"])
    cover.append(["Branch", "Jobs", "Called in time"])
    cover.append(["Leeds", 40, "90%"])
    sheet = book.create_sheet("Jobs")
    sheet.append(["Job No", "Date", "Diagnosis to call (h:mm)"])
    for row in _jobs():
        sheet.append(row)
    book.save(tmp_path / "jobs.xlsx")
    svc = _service(tmp_path, "jobs.xlsx")
    result = measure(svc, columns={"timestamp": "Date", "call-delay": "Diagnosis to call (h:mm)"})
    (found,) = [f for f in result.findings if f.rule == "BP341"]
    assert "the file's columns: 'Branch', 'Called in time', 'Jobs'" in found.hint
    assert "the first sheet's, 'Summary': move the sheet of observations ('Jobs') first" in found.hint


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_blank_rows_a_spreadsheet_saved_into_a_csv_are_no_rows(tmp_path, backend):
    # Excel writes a blank row of a sheet as ';;' in its CSV: two of them were one 'duplicate copy'
    # and a group '(none)' without data; they are no observations at all.
    lines = ["Date;Job;Diagnosis to call (h:mm)"] + [f"2026-03-02 10:{i:02d};J{i};0:08" for i in range(40)]
    lines[12:12] = [";;"]
    lines[30:30] = [";;", ";;"]
    (tmp_path / "calls.csv").write_text("\n".join(lines) + "\n;;\n", encoding="utf-8")
    svc = _service(tmp_path, "calls.csv")
    mapping = {"timestamp": "Date", "call-delay": "Diagnosis to call (h:mm)"}
    result = measure(svc, columns=mapping, by="month", backend=backend)
    (row,) = result.rows()
    assert (row["month"], row["rows"], row["observations"], row["excluded"]) == ("2026-03", 40, 40, 0)
    assert not result.findings


def test_a_parquet_row_with_nothing_in_it_is_counted_as_a_row_with_no_value(tmp_path):
    # A program writes a Parquet table: a row of nulls there is a row it wrote, named among the rows
    # left out, not taken for a spreadsheet's blank line (whose test would read every column).
    import pandas as pd

    times = [f"2026-03-02 10:{i:02d}" for i in range(40)]
    frame = pd.DataFrame({"Date": pd.to_datetime(times), "Job": [f"J{i}" for i in range(40)],
                          "Diagnosis to call (h:mm)": ["0:08"] * 40})  # fmt: skip
    frame.loc[40] = [pd.NaT, None, None]
    frame.to_parquet(tmp_path / "calls.parquet", index=False)
    svc = _service(tmp_path, "calls.parquet")
    result = measure(svc, columns={"timestamp": "Date", "call-delay": "Diagnosis to call (h:mm)"}, by="")
    (row,) = result.rows()
    assert (row["rows"], row["observations"], row["excluded"]) == (41, 40, 1)


COMEBACKS = """\
version: 1
service: {id: garage-comebacks, title: Garage comebacks}
metrics:
  - {id: comeback-rate, title: Jobs back within 30 days, quantity: proportion, unit: UNIT}
moments:
  - id: collect
    title: Collect the car
    stage: post-service
    next: []
    factors:
      - {id: fixed-right, title: Fixed right the first time, element: software, sub_item: supervision}
standards:
  - id: comebacks-5
    factors: [fixed-right]
    statement: At most 5% of a week's jobs come back within 30 days.
    metric: comeback-rate
    comparator: "<="
    target: TARGET
    unit: UNIT
    measurement: {method: system-log, source: weekly.xlsx}
"""


@pytest.mark.parametrize(("unit", "target", "observed"), [("percent", 5, 30), ("share", 0.05, 0.3)])
def test_cells_formatted_as_percent_in_a_workbook_are_the_percent_they_show(tmp_path, unit, target, observed):
    # Excel keeps a cell showing 30.0% as 0.3: read as a percent metric's number it was 0.3%, and
    # weeks with 30% of jobs back passed 'at most 5%'. Half of the 40 weeks are at 30%, half at 4%.
    (tmp_path / "pyproject.toml").touch()
    text = COMEBACKS.replace("UNIT", unit).replace("TARGET", str(target))
    (tmp_path / "garage.yaml").write_text(text, encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Week", "Comeback rate", "Note"])
    for i in range(40):
        sheet.append([dt.datetime(2026, 1, 5) + dt.timedelta(days=7 * i), 0.30 if i % 2 else 0.04, 7])
        sheet.cell(row=i + 2, column=2).number_format = "0.0%"
        sheet.cell(row=i + 2, column=3).number_format = '0" in %"'  # a quoted percent shows no percent
    book.save(tmp_path / "weekly.xlsx")
    svc = load(tmp_path / "garage.yaml")
    result = measure(svc, columns={"timestamp": "Week", "comeback-rate": "Comeback rate"})
    (row,) = result.rows()
    assert (row["status"], row["observations"], row["met"]) == ("fail", 40, 20)
    assert row["observed"] == pytest.approx(observed)
