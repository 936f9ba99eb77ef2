"""Totals and averages at the bottom of a call export are no calls: staffing leaves them out (BP352).

A council contact centre's ACD writes its call list with ';' between the fields and
German headers, and ends it with a totals row; its Excel report ends with an average
row. The rows are found as the measurement finds them (:mod:`blueprint.measure.summary_rows`).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

import blueprint
from blueprint.cli import main
from blueprint.measure import measure
from blueprint.staffing.plan import staff
from conftest import ROOT

SERVICE = ROOT / "tests" / "data" / "staffing" / "council" / "council.yaml"
COLUMNS = "timestamp=Anrufbeginn,queue-wait=Wartezeit (s),handle-time=Bearbeitungszeit,site=Team"
HEADER = "Anrufbeginn;Team;Wartezeit (s);Bearbeitungszeit;Aufgelegt nach"


def _calls(n: int = 30) -> list[str]:
    """``n`` calls on Monday 7 December 2026 from nine o'clock, each handled in 3:00 (0:02:30, 0:03:30)."""
    start = dt.datetime(2026, 12, 7, 9)
    return [
        f"{start + dt.timedelta(seconds=k * 3600 // n):%Y-%m-%d %H:%M:%S};Abfall;{5 + k % 20};"
        f"0:0{2 + k % 2}:30;"
        for k in range(n)
    ]


def _council(tmp_path, last: list[str]):
    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    text = "\n".join([HEADER, *_calls(), *last]) + "\n"
    (tmp_path / "exports" / "calls.csv").write_text(text, encoding="utf-8")
    return tmp_path / "council.yaml"


def _plan(path):
    return staff(blueprint.load(path), "answer-80-in-30s", "handle-time", by="hour", columns=COLUMNS)


def test_a_totals_row_stamped_with_the_report_time_is_no_call(tmp_path) -> None:
    # The ACD stamps its totals row with the end of the report; the sum of talk is 1:30:00.
    path = _council(tmp_path, ["2026-12-07 09:59:59;Gesamt;450;1:30:00;"])
    result = _plan(path)
    (nine,) = result.groups
    assert nine.arrivals == 30 and nine.arrivals_per_hour == pytest.approx(30)
    assert nine.mean_handle_seconds == pytest.approx(180)  # not (30 × 180 + 5400) / 31
    (found,) = [f for f in result.findings if f.rule == "BP352"]
    assert "1 of 31 rows of 'handle-time', 1 of 31 rows of 'queue-wait'" in found.message
    assert "line 32 ('Gesamt' in column 'Team')" in found.message
    assert found.location.file.endswith("exports/calls.csv")
    assert (found.location.line, found.location.column) == (32, 21)
    assert "export the rows without totals or averages" in (found.hint or "")


def test_totals_and_average_rows_without_a_time_are_said_to_be_summary_rows(tmp_path) -> None:
    """Not 'an unreadable timestamp' (BP349), which would send the user to fix his times."""
    path = _council(tmp_path, ["Total;;;;", "Durchschnitt:;;12;0:03:00;"])
    result = _plan(path)
    assert result.groups[0].arrivals == 30
    assert "BP349" not in {f.rule for f in result.findings}
    (found,) = [f for f in result.findings if f.rule == "BP352"]
    assert "lines 32 ('Total' in column 'Anrufbeginn'), 33 ('Durchschnitt' in column 'Anrufbeginn')" in (
        found.message
    )
    assert found.location.line == 32


def test_an_unreadable_time_next_to_a_totals_row_is_still_told(tmp_path) -> None:
    path = _council(tmp_path, ["07.12.2026 10:15;Abfall;9;0:03:00;", "Total;;;;"])
    result = _plan(path)
    rules = sorted(f.rule for f in result.findings)
    assert rules == ["BP349", "BP349", "BP352"]  # one BP349 per metric: a call without a time
    assert all("1 of 32 rows" in f.message for f in result.findings if f.rule == "BP349")


def test_an_average_row_at_the_bottom_of_an_excel_report_is_no_call(tmp_path) -> None:
    import pandas as pd

    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    start = dt.datetime(2026, 12, 7, 9)
    calls = [
        {"Interval Start": start + dt.timedelta(seconds=90 * k), "Queue": "Housing", "Wait": 10 + k % 15,
         "Handle": "0:03:00"}
        for k in range(40)
    ]  # fmt: skip
    at_ten = start + dt.timedelta(hours=1)
    average = {"Interval Start": at_ten, "Queue": "Average", "Wait": 17, "Handle": "0:45:00"}
    pd.DataFrame([*calls, average]).to_excel(tmp_path / "exports" / "housing.xlsx", index=False)
    path = tmp_path / "council.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exports/calls.csv", "exports/housing.xlsx"))
    columns = "timestamp=Interval Start,queue-wait=Wait,handle-time=Handle,site=Queue"
    result = staff(blueprint.load(path), "answer-80-in-30s", "handle-time", by="hour", columns=columns)
    assert [(n.keys["hour"], n.arrivals) for n in result.groups] == [(9, 40)]  # no call at ten
    assert result.groups[0].mean_handle_seconds == pytest.approx(180)
    (found,) = result.findings
    assert found.rule == "BP352" and "row 42 ('Average' in column 'Queue')" in found.message
    assert found.location is not None and (found.location.line, found.location.column) == (42, 2)
    measured = measure(blueprint.load(path), columns=columns)  # the measurement names the row too
    (said,) = [f for f in measured.findings if f.rule == "BP352"]
    assert "row 42 ('Average' in column 'Queue')" in said.message and said.location.line == 42


def test_the_command_names_the_totals_rows_line(tmp_path, capsys) -> None:
    path = _council(tmp_path, ["2026-12-07 09:59:59;Gesamt;450;1:30:00;"])
    code = main(["staff", str(path), "--standard", "answer-80-in-30s", "--handle", "handle-time",
                 "--by", "hour", "--columns", COLUMNS])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "30.00" in captured.out  # 30 calls an hour, not 31
    assert "exports/calls.csv:32:21: warning BP352" in captured.err


def test_copies_in_a_workbook_are_counted_once_and_said(tmp_path) -> None:
    """A workbook is read in memory: its copies of a row were collapsed without a word (BP346)."""
    import pandas as pd

    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    start = dt.datetime(2026, 12, 7, 9)
    calls = [
        {"Start": start + dt.timedelta(seconds=90 * k), "Wait": 10 + k % 15, "Handle": "0:03:00"}
        for k in range(40)
    ]
    book = tmp_path / "exports" / "c.xlsx"
    pd.DataFrame([*calls, calls[0], calls[1], calls[1]]).to_excel(book, index=False)
    path = tmp_path / "council.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exports/calls.csv", "exports/c.xlsx"))
    columns = "timestamp=Start,queue-wait=Wait,handle-time=Handle"
    result = staff(blueprint.load(path), "answer-80-in-30s", "handle-time", by="hour", columns=columns)
    assert result.groups[0].arrivals == 40
    copies = [f for f in result.findings if f.rule == "BP346"]
    assert sorted(f.message.split(" in source")[0] for f in copies) == [
        "3 of 43 rows of 'handle-time'", "3 of 43 rows of 'queue-wait'",
    ]  # fmt: skip
