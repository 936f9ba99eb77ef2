"""An ACD's interval report: a row per half hour with the calls offered, not a row per call.

The council contact centre's report (German headers, ';' between the fields) gives each
half hour's calls offered and its mean wait and handling time, and ends with a totals row.
Planned without --offered, each row would be one call; with it, the row's count is the
calls and its means weigh by them. The figures are Erlang C worked by hand.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

import blueprint
from blueprint.cli import main
from blueprint.measure.columns import Columns
from blueprint.staffing.plan import StaffingError, staff
from conftest import ROOT

SERVICE = ROOT / "tests" / "data" / "staffing" / "council" / "council.yaml"
COLUMNS = "timestamp=Intervall,queue-wait=Ø Wartezeit,handle-time=Ø Bearbeitungszeit"


def _report(tmp_path, rows: list[str] | None = None):
    """Five weekdays, 8:00 to 10:00: 40 calls each half hour from nine (80 an hour), 15 before."""
    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    lines = ["Intervall;Angeboten;Angenommen;Abgebrochen;Ø Wartezeit;Ø Bearbeitungszeit"]
    for day in range(7, 12):
        for hour in (8, 9):
            for minute in (0, 30):
                offered = 40 if hour == 9 else 15
                # the two half hours' mean handling times, 3:50 and 4:30, weigh equally: 250 s
                handle = "0:03:50" if minute == 0 else "4m30s"
                lines.append(
                    f"2026-12-{day:02d} {hour:02d}:{minute:02d};{offered};{offered - 2};2;0:00:25;{handle}"
                )
    lines += rows if rows is not None else ["Gesamt;550;530;20;0:00:22;0:04:10"]
    (tmp_path / "exports" / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "council.yaml"


def _plan(path, **options):
    return staff(blueprint.load(path), "answer-80-in-30s", "handle-time", by="hour", columns=COLUMNS,
                 **options)  # fmt: skip


def test_the_calls_offered_are_the_arrivals_of_an_interval_report(tmp_path) -> None:
    plan = _plan(_report(tmp_path), offered="Angeboten")
    eight, nine = plan.groups
    # 80 calls an hour on each of 5 days: 400 over 5 hours; 80 × 250 s = 5.56 erlangs
    assert (nine.arrivals, nine.arrivals_per_hour) == (400, pytest.approx(80))
    assert nine.mean_handle_seconds == pytest.approx(250)
    assert nine.staff == 8 and nine.service_level == pytest.approx(0.8047, abs=1e-4)  # 7 keep 60.3%
    assert nine.asa_seconds == pytest.approx(26.78, abs=0.01)
    assert (eight.arrivals_per_hour, eight.staff) == (pytest.approx(30), 4)  # 3 keep 56.6%, 4 keep 84.5%
    assert [f.rule for f in plan.findings] == ["BP352"]  # the totals row is no interval either


def test_the_means_weigh_by_the_calls_of_each_interval(tmp_path) -> None:
    path = _report(tmp_path)
    export = tmp_path / "exports" / "calls.csv"
    # at nine on the 7th: 30 calls of 3:50 in the first half hour and 10 of 4:30 in the second
    text = export.read_text(encoding="utf-8")
    text = text.replace("2026-12-07 09:00;40;38", "2026-12-07 09:00;30;28")
    text = text.replace("2026-12-07 09:30;40;38", "2026-12-07 09:30;10;8")
    export.write_text(text, encoding="utf-8")
    plan = staff(blueprint.load(path), "answer-80-in-30s", "handle-time", by="date,hour", columns=COLUMNS,
                 offered="Angeboten")  # fmt: skip
    seventh = next(n for n in plan.groups if n.keys == {"date": "2026-12-07", "hour": 9})
    assert seventh.arrivals == 40
    assert seventh.mean_handle_seconds == pytest.approx((30 * 230 + 10 * 270) / 40)  # 240 s, not 250


def test_an_interval_without_a_count_is_said_and_not_counted(tmp_path) -> None:
    path = _report(tmp_path, ["2026-12-11 10:00;n/a;;;0:00:00;0:00:00"])
    plan = _plan(path, offered="Angeboten")
    said = [f for f in plan.findings if f.rule == "BP342"]
    assert said and all("have no count of calls offered in column 'Angeboten'" in f.message for f in said)
    assert [n.keys["hour"] for n in plan.groups] == [8, 9]


def test_a_count_column_the_report_lacks_is_named_with_the_option(tmp_path, capsys) -> None:
    path = _report(tmp_path)
    plan = _plan(path, offered="Offered")
    assert plan.groups == []
    (missing,) = [f for f in plan.findings if f.rule == "BP341"]
    assert "no column 'Offered' (--offered)" in missing.message and "grouping key" not in missing.message
    assert "--offered NAME" in (missing.hint or "") and "'Angeboten'" in (missing.hint or "")
    args = ["staff", str(path), "--standard", "answer-80-in-30s", "--handle", "handle-time", "--by", "hour",
            "--columns", COLUMNS, "--offered", "Offered"]  # fmt: skip
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no empty table that says 'at most 0 rostered'
    assert "no staffing plan: no arrival could be read from the standard's source (see above)" in captured.err


def test_the_command_plans_from_the_interval_report(tmp_path, capsys) -> None:
    path = _report(tmp_path)
    args = ["staff", str(path), "--standard", "answer-80-in-30s", "--handle", "handle-time", "--by", "hour",
            "--columns", COLUMNS, "--offered", "Angeboten", "--format", "json"]  # fmt: skip
    assert main(args) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert [(g["hour"], g["arrivals"], g["staff"]) for g in groups] == [(8, 150, 4), (9, 400, 8)]


def test_the_simulation_is_refused_on_interval_means(tmp_path) -> None:
    with pytest.raises(StaffingError, match="an interval report holds only each interval's mean"):
        _plan(_report(tmp_path), offered="Angeboten", simulate=True)


def test_patience_on_the_same_report_adds_no_second_arrival(tmp_path) -> None:
    service = _report(tmp_path)
    export = tmp_path / "exports" / "calls.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ";Ø Abbruchzeit"] + [line + ";0:01:30" for line in lines[1:-1]]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    metric = "  - {id: gave-up, title: Time before hanging up, quantity: duration, unit: seconds}\n"
    text = service.read_text(encoding="utf-8")
    service.write_text(text.replace("moments:", metric + "moments:", 1), encoding="utf-8")
    columns = COLUMNS + ",gave-up=Ø Abbruchzeit"
    plan = staff(blueprint.load(service), "answer-80-in-30s", "handle-time", by="hour", columns=columns,
                 offered="Angeboten", patience="gave-up")  # fmt: skip
    assert plan.model == "erlang-a"
    assert [n.arrivals_per_hour for n in plan.groups] == [pytest.approx(30), pytest.approx(80)]


def test_an_interval_report_planned_as_a_call_list_is_warned_of(tmp_path, capsys) -> None:
    path = _report(tmp_path)
    plan = _plan(path)
    (said,) = [f for f in plan.findings if f.rule == "BP361"]
    assert said.severity.value == "warning"
    assert "first 20 rows in column 'Intervall' all fall on the quarter hour" in said.message
    assert said.location is not None and said.location.file.endswith("calls.csv")
    assert "--offered COLUMN" in (said.hint or "")
    args = ["staff", str(path), "--standard", "answer-80-in-30s", "--handle", "handle-time", "--by", "hour",
            "--columns", COLUMNS]  # fmt: skip
    main(args)
    assert "exports/calls.csv: warning BP361" in capsys.readouterr().err


def test_calls_on_the_minute_are_no_interval_report(tmp_path) -> None:
    """A call list written to the minute: some calls at 09:15 and 09:30, most not."""
    path = _report(tmp_path, [])
    export = tmp_path / "exports" / "calls.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    calls = [f"2026-12-07 09:{m:02d};1;1;0;0:00:10;0:03:00" for m in range(0, 60, 5)]
    export.write_text("\n".join([lines[0], *calls]) + "\n", encoding="utf-8")
    assert "BP361" not in {f.rule for f in _plan(path).findings}
    assert "BP361" not in {f.rule for f in _plan(path, offered="Angeboten").findings}


def test_the_hour_repeated_when_the_clocks_go_back_holds_both_hours_calls(tmp_path) -> None:
    """Berlin, Sunday 25 October 2026: local times without an offset, 02:00-02:59 written twice."""
    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    lines = ["Anrufbeginn;Team;Wartezeit (s);Bearbeitungszeit"]
    for day in (24, 25, 26):
        for hour in range(24):
            for twice in range(2 if (day, hour) == (25, 2) else 1):
                lines += [f"2026-10-{day} {hour:02d}:{10 * k:02d}:{7 + twice};Reparatur;{12 + k};0:04:00"
                          for k in range(6)]  # fmt: skip
    (tmp_path / "exports" / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = "timestamp=Anrufbeginn,queue-wait=Wartezeit (s),handle-time=Bearbeitungszeit"
    service = blueprint.load(tmp_path / "council.yaml")
    by_day = staff(service, "answer-80-in-30s", "handle-time", by="date,hour", columns=columns)
    rates = {(n.keys["date"], n.keys["hour"]): n.arrivals_per_hour for n in by_day.groups}
    assert rates[("2026-10-25", 2)] == pytest.approx(12)  # the two hours' calls in one
    assert rates[("2026-10-25", 3)] == pytest.approx(6) and len(rates) == 72
    by_hour = staff(service, "answer-80-in-30s", "handle-time", by="hour", columns=columns)
    two = next(n for n in by_hour.groups if n.keys["hour"] == 2)
    assert two.arrivals == 24 and two.arrivals_per_hour == pytest.approx(8)  # 24 calls over three 2 o'clocks
    assert not [f for f in by_hour.findings if f.rule in ("BP346", "BP361")]  # no copies, no intervals


def test_times_with_a_utc_offset_are_said_to_be_grouped_in_utc_hours(tmp_path) -> None:
    """An ACD exporting ISO 8601 with the Berlin offset: the calls at nine are planned at seven (UTC)."""
    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    lines = ["Anrufbeginn;Team;Wartezeit (s);Bearbeitungszeit"]
    lines += [f"2026-07-06T09:{k:02d}:17+02:00;Abfall;{10 + k % 9};0:03:00" for k in range(40)]
    (tmp_path / "exports" / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = "timestamp=Anrufbeginn,queue-wait=Wartezeit (s),handle-time=Bearbeitungszeit"
    plan = staff(blueprint.load(tmp_path / "council.yaml"), "answer-80-in-30s", "handle-time", by="hour",
                 columns=columns)  # fmt: skip
    assert [n.keys["hour"] for n in plan.groups] == [7]  # as docs/staffing.md says: UTC hours
    (said,) = [f for f in plan.findings if f.rule == "BP363"]
    assert "column 'Anrufbeginn' carry a time zone: the column reads as UTC times" in said.message
    assert "hour 9 is 09:00 UTC" in said.message and "without an offset" in (said.hint or "")
    assert said.location is not None and said.location.file.endswith("calls.csv")


def test_local_times_without_an_offset_give_no_such_warning(tmp_path) -> None:
    plan = _plan(_report(tmp_path), offered="Angeboten")
    assert "BP363" not in {f.rule for f in plan.findings}


def test_offsets_in_text_times_are_shown_as_written(tmp_path) -> None:
    """Times DuckDB reads as text (a declared format with %z): the warning shows one as written."""
    shutil.copy(SERVICE, tmp_path / "council.yaml")
    (tmp_path / "pyproject.toml").touch()
    (tmp_path / "exports").mkdir()
    lines = ["Anrufbeginn;Team;Wartezeit (s);Bearbeitungszeit"]
    lines += [f"06.07.2026 09:{k:02d}:17 +0200;Abfall;{10 + k % 9};0:03:00" for k in range(40)]
    (tmp_path / "exports" / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = Columns.parse("timestamp=Anrufbeginn,queue-wait=Wartezeit (s),handle-time=Bearbeitungszeit")
    columns = replace(columns, timestamp_format="%d.%m.%Y %H:%M:%S %z")
    plan = staff(blueprint.load(tmp_path / "council.yaml"), "answer-80-in-30s", "handle-time", by="hour",
                 columns=columns)  # fmt: skip
    assert [n.keys["hour"] for n in plan.groups] == [7]
    (said,) = [f for f in plan.findings if f.rule == "BP363"]
    assert "carry a UTC offset, e.g. '06.07.2026 09:00:17 +0200'" in said.message


def test_an_empty_offered_column_name_is_refused_as_the_option(tmp_path) -> None:
    with pytest.raises(StaffingError, match=r"^--offered: name the column of the interval report"):
        _plan(_report(tmp_path), offered=" ")
