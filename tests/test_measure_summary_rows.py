"""Totals and averages at the bottom of a text export are no observations (BP352).

The security checkpoint's own exports (tests/data/checkpoint): a ticketing tool's CSV that
ends with a totals row, and wheelchair requests without any time column that end with
one. Files written here add an average row, Chinese labels and a Parquet file, which is
never looked at.
"""

from __future__ import annotations

import json

import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.measure import measure
from measure_helpers import copy_checkpoint, row_of, service, standard


def _finding(result, rule, source):
    (found,) = [f for f in result.findings if f.rule == rule and source in f.message]
    return found


def _assistance(folder, waits, last_rows):
    """assistance.csv as the help desk's tool writes it: no time column, the summary rows last."""
    lines = ["Request,Terminal,assist-wait"] + [f"R{i},T{1 + i % 2},{w}" for i, w in enumerate(waits)]
    text = "\n".join([*lines, *last_rows]) + "\n"
    (folder / "nightly" / "assistance.csv").write_text(text, encoding="utf-8")


def test_a_totals_row_without_a_time_column_is_not_an_observation(tmp_path):
    folder = copy_checkpoint(tmp_path)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    row = row_of(result, "assist-15min")
    assert (row["observations"], row["rows"], row["excluded_why"]) == (40, 41, "1 summary row")
    assert row["observed"] == 14  # the sum, 346 minutes, is no wait
    found = _finding(result, "BP352", "assistance.csv")
    assert found.severity.value == "warning"
    assert "line 42 ('Total' in column 'Request')" in found.message
    assert (found.location.file.endswith("assistance.csv"), found.location.line, found.location.column) == (
        True, 42, 1,
    )  # fmt: skip
    assert "export the rows without totals or averages" in found.hint


def test_a_totals_row_no_longer_fails_a_standard_that_is_met(tmp_path):
    folder = copy_checkpoint(tmp_path)
    # 27 of 30 within 15 minutes: 90% exactly, as required; the sum would have been a 31st case, missed
    _assistance(folder, [9] * 27 + [20] * 3, [f"Total,,{9 * 27 + 60}"])
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    row = row_of(result, "assist-15min")
    assert (row["status"], row["observations"], row["met"]) == ("pass", 30, 27)


def test_average_and_chinese_summary_rows_are_left_out_with_their_lines(tmp_path):
    folder = copy_checkpoint(tmp_path)
    _assistance(folder, [9] * 30, ["", "合计,,270", "平均：,,9", "Average,,9"])
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    row = row_of(result, "assist-15min")
    assert (row["observations"], row["excluded_why"]) == (30, "3 summary row")
    found = _finding(result, "BP352", "assistance.csv")
    assert "3 of 33 rows" in found.message
    assert "lines 33 ('合计' in column 'Request'), 34 ('平均' in column 'Request'), 35 ('Average'" in (
        found.message
    )


def test_a_totals_row_in_the_ticketing_export_names_its_line_and_column(tmp_path):
    """tickets.csv: ';' between fields, German local times, 'Total' under the ticket numbers."""
    folder = copy_checkpoint(tmp_path)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    assert row_of(result, "answer-24h")["observations"] == 40  # 40 tickets, not 41
    found = _finding(result, "BP352", "tickets.csv")
    assert "line 42 ('Total' in column 'Ticket-Nr')" in found.message
    exclusions = [e for e in result.exclusions if e["source"] == "tickets.csv"]
    reasons = {(e["metric"], e["reason"], e["rows"]) for e in exclusions}
    assert ("first-response", "summary row", 1) in reasons


def test_a_totals_row_with_an_empty_metric_in_a_long_export_is_a_summary_row_not_an_unknown_metric(tmp_path):
    """A library desk's queue log, one row a borrower: ';' between fields, German headers, 'Summe'
    closing it with the metric cell empty, as a spreadsheet's sum row leaves it."""
    rows = [
        f"2026-03-{1 + i % 28:02d} {9 + i % 8:02d}:{i % 60:02d};Mitte;wait;{60 + i % 90}" for i in range(40)
    ]
    text = "\n".join(["Zeitstempel;Filiale;metric;value", *rows, "Summe;;;4500"]) + "\n"
    (tmp_path / "obs.csv").write_text(text, encoding="utf-8")
    svc = service(tmp_path, standard("w", share=0.9))
    result = measure(svc, data=tmp_path, columns="timestamp=Zeitstempel")
    assert row_of(result, "w")["observations"] == 40
    assert "BP348" not in {f.rule for f in result.findings}  # not "a metric the service does not define"
    found = _finding(result, "BP352", "obs.csv")
    assert "1 of 41 rows left out: summary row (no metric 1)" in found.message
    assert "line 42 ('Summe' in column 'Zeitstempel')" in found.message
    assert {(e["metric"], e["reason"], e["rows"]) for e in result.exclusions} == {
        ("(empty)", "summary row", 1)
    }


def test_the_kept_query_leaves_the_totals_row_out_too(tmp_path):
    folder = copy_checkpoint(tmp_path)
    runs = [measure(load(folder / "checkpoint.yaml"), data=folder / "nightly") for _ in range(2)]
    assert [row_of(r, "assist-15min")["observations"] for r in runs] == [40, 40]
    assert ["BP352" in {f.rule for f in r.findings} for r in runs] == [True, True]


@pytest.mark.parametrize("backend", ["duckdb", "polars"])
def test_the_summary_row_is_left_out_on_every_engine(tmp_path, backend):
    folder = copy_checkpoint(tmp_path)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly", backend=backend)
    assert row_of(result, "assist-15min")["observations"] == 40


def test_a_parquet_file_is_not_searched_for_summary_rows(tmp_path):
    """A system's Parquet export holds no totals row: a terminal named 'Total' there is data."""
    import pandas as pd

    folder = copy_checkpoint(tmp_path)
    frame = pd.DataFrame({"Request": [f"R{i}" for i in range(30)] + ["Total"], "assist-wait": [9] * 31})
    frame.to_parquet(folder / "nightly" / "assistance.parquet", index=False)
    path = folder / "checkpoint.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("assistance.csv", "assistance.parquet"))
    result = measure(load(path), data=folder / "nightly")
    assert row_of(result, "assist-15min")["observations"] == 31


def test_the_cli_reports_the_summary_row_at_its_line_for_ci(tmp_path, capsys):
    folder = copy_checkpoint(tmp_path)
    main(["check", str(folder / "checkpoint.yaml"), "--data", str(folder / "nightly"), "--format", "github"])
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "BP352" in x and "assistance.csv" in x]
    assert line.startswith("::warning file=") and "assistance.csv,line=42,col=1," in line
    main(["measure", str(folder / "checkpoint.yaml"), "--data", str(folder / "nightly"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {"source": "assistance.csv", "metric": "assist-wait", "column": "(whole rows)",
            "reason": "summary row", "rows": 1} in data["exclusions"]  # fmt: skip


def test_the_what_if_counts_the_same_observations_as_the_measurement(tmp_path):
    from blueprint.measure.whatif import usable_values

    folder = copy_checkpoint(tmp_path)
    values = usable_values(load(folder / "checkpoint.yaml"), "assist-15min", data=folder / "nightly")
    assert values is not None
    assert sum(n for _, n in values) == 40 and max(x for x, _ in values) == 14


def test_a_night_whose_export_gains_a_totals_row_is_not_measured_by_the_query_kept_from_before(tmp_path):
    folder = copy_checkpoint(tmp_path)
    _assistance(folder, [9] * 27 + [20] * 3, [])  # the first night's export has no totals row
    first = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    assert row_of(first, "assist-15min")["observations"] == 30
    _assistance(folder, [9] * 27 + [20] * 3, ["Total,,303"])  # the next night's has one
    second = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    assert (row_of(second, "assist-15min")["observations"], row_of(second, "assist-15min")["status"]) == (
        30,
        "pass",
    )


def test_subtotals_within_the_file_are_found_by_the_grand_total_at_its_end(tmp_path):
    folder = copy_checkpoint(tmp_path)
    lines = ["Request,Terminal,assist-wait"]
    for terminal in ("T1", "T2"):
        lines += [f"R{terminal}{i},{terminal},9" for i in range(20)] + ["Subtotal,,180"]
    lines.append("Grand total,,360")
    (folder / "nightly" / "assistance.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    assert row_of(result, "assist-15min")["observations"] == 40
    assert (
        "lines 22 ('Subtotal' in column 'Request'), 43 ('Subtotal'"
        in _finding(result, "BP352", "assist").message
    )


def test_in_a_large_file_the_lines_of_its_end_are_numbered_by_counting(tmp_path, monkeypatch):
    from blueprint.measure import summary_rows

    folder = copy_checkpoint(tmp_path)
    monkeypatch.setattr(summary_rows, "_READ_WHOLE", 100)  # the bundled file (410 bytes) counts as large
    monkeypatch.setattr(summary_rows, "_TAIL", 64)
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    found = _finding(result, "BP352", "assistance.csv")
    assert "line 42 ('Total' in column 'Request')" in found.message and found.location.line == 42


def test_a_totals_row_that_breaks_a_large_files_column_type_is_named_as_the_cause(tmp_path, monkeypatch):
    """A file opened as a view has its types taken from its first rows: 'Total' in the time column
    past them stops the read, and the fix says why."""
    from blueprint.measure import duck

    monkeypatch.setattr(duck, "LOAD_BELOW", 0)  # opened as a view, as a file over 32 MB is
    folder = copy_checkpoint(tmp_path)
    lines = ["timestamp,Terminal,assist-wait"]
    lines += [f"2026-11-{1 + i % 28:02d} 10:{i % 60:02d}:00,T1,9" for i in range(25000)] + ["Total,,225000"]
    (folder / "nightly" / "assistance.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(load(folder / "checkpoint.yaml"), data=folder / "nightly")
    found = _finding(result, "BP340", "assistance.csv")
    assert "Line: 25002" in found.message and "ends with a summary row" in found.hint
    assert "assist-15min" in result.unmeasured


def test_a_workbooks_totals_row_is_left_out_too(tmp_path):
    from openpyxl import Workbook

    folder = copy_checkpoint(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(["Request", "Terminal", "assist-wait"])
    for i in range(30):
        sheet.append([f"R{i}", "T1", 9])
    sheet.append(["Gesamt", None, 270])
    book.save(folder / "nightly" / "assistance.xlsx")
    path = folder / "checkpoint.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("assistance.csv", "assistance.xlsx"))
    result = measure(load(path), data=folder / "nightly")
    row = row_of(result, "assist-15min")
    assert (row["observations"], row["excluded_why"]) == (30, "1 summary row")
    found = _finding(result, "BP352", "assistance.xlsx")
    assert (found.location.line, found.location.column) == (32, 1)  # the sheet's row and column
    assert "row 32 ('Gesamt' in column 'Request')" in found.message
