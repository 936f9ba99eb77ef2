"""Staffing on a bank's contact-centre export as the telephone system writes it (tests/data/newcomer)."""

from __future__ import annotations

import json
import math
import shutil

import pytest

import blueprint
from blueprint.cli import main
from blueprint.staffing.plan import StaffingError, staff
from conftest import DATA

BANK = DATA / "newcomer" / "bank-branch.yaml"
EXPORT = DATA / "newcomer" / "bank-data"
COLUMNS = "timestamp=CALL START,queue-time=Queue Time,talk-time=TALK TIME,site=Branch"


def _erlang_c_level(calls_per_hour: float, handle: float, agents: int, within: float) -> float:
    """The textbook formula with factorials, written out independently of the package."""
    a = calls_per_hour * handle / 3600
    waiting = a**agents / math.factorial(agents) * agents / (agents - a)
    c = waiting / (sum(a**k / math.factorial(k) for k in range(agents)) + waiting)
    return 1 - c * math.exp(-(agents - a) * within / handle)


def test_the_bank_export_with_bom_semicolons_and_stopwatch_times_gives_the_formulas_staff() -> None:
    plan = staff(blueprint.load(BANK), "answer-80-in-20", "talk-time", data=EXPORT, by="weekday,hour",
                 columns=COLUMNS)  # fmt: skip
    monday = next(n for n in plan.groups if n.keys == {"weekday": "Mon", "hour": 9})
    # 60 calls on two Mondays at nine plus one whose talk time reads 'about 3 min': 61 over 2 hours
    assert monday.arrivals_per_hour == pytest.approx(30.5)
    assert monday.mean_handle_seconds == pytest.approx(240)  # every readable talk time is 4:00
    assert _erlang_c_level(30.5, 240, 3, 20) < 0.8 <= _erlang_c_level(30.5, 240, 4, 20)
    assert monday.staff == 4
    assert monday.service_level == pytest.approx(_erlang_c_level(30.5, 240, 4, 20))
    said = {(f.rule, f.message.split(" of ")[0]) for f in plan.findings}
    assert ("BP349", "1") in said  # the report's footer line: no arrival (the empty row is no row)
    assert ("BP342", "1") in said  # 'about 3 min' and 'n/a'


def test_day_first_dates_say_which_rows_and_how_to_write_them(tmp_path, capsys) -> None:
    folder = tmp_path / "data"
    shutil.copytree(EXPORT, folder)
    export = folder / "telephony" / "calls.csv"
    text = export.read_text(encoding="utf-8-sig")
    export.write_text(text.replace("2026-03-23", "23.03.2026").replace("2026-03-30", "30.03.2026")
                      .replace("2026-03-29", "29.03.2026"), encoding="utf-8-sig")  # fmt: skip
    why = r"gives no arrivals of 'queue-time': see why above \(BP341\)"
    with pytest.raises(StaffingError, match=why) as caught:
        staff(blueprint.load(BANK), "answer-80-in-20", "talk-time", data=folder, by="hour", columns=COLUMNS)
    timeless = [f for f in caught.value.findings if f.rule == "BP349"]
    assert timeless
    assert all(f.location is not None and f.location.file.endswith("calls.csv") for f in timeless)
    args = ["staff", str(BANK), "--standard", "answer-80-in-20", "--handle", "talk-time",
            "--data", str(folder), "--by", "hour", "--columns", COLUMNS]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "calls.csv: error BP341 source 'telephony/calls.csv': no timestamp reads" in err
    assert "--timestamp-format '%d.%m.%Y %H:%M:%S'" in err and "Traceback" not in err  # the format that reads
    assert "calls.csv: warning BP349 63 of 63 rows of 'talk-time'" in err  # an empty row is no row


def test_an_empty_data_folder_makes_no_plan_and_fails(tmp_path, capsys) -> None:
    args = ["staff", str(BANK), "--standard", "answer-80-in-20", "--handle", "talk-time",
            "--data", str(tmp_path), "--by", "hour"]  # fmt: skip
    assert main(args) == 1  # a warning that the source is missing, and no plan: never a pass
    err = capsys.readouterr().err
    assert "warning BP332" in err and "calls.csv does not exist" in err
    assert "no staffing plan" in err


def test_the_handling_time_cannot_be_the_wait_itself() -> None:
    # 'talk-under-8-minutes' is a standard on the talk time: planning it with --handle talk-time
    # would treat every conversation as a wait in the queue
    with pytest.raises(StaffingError, match=r"bank-branch.yaml:\d+:\d+: standard 'talk-under-8-minutes'"):
        staff(blueprint.load(BANK), "talk-under-8-minutes", "talk-time", data=EXPORT, columns=COLUMNS)


def test_the_bank_roster_is_held_against_the_plan_and_its_mistake_located(tmp_path, capsys) -> None:
    roster = DATA / "newcomer" / "bank-roster.csv"  # saved with ';' and a byte order mark; hour 24 on line 4
    args = ["staff", str(BANK), "--standard", "answer-80-in-20", "--handle", "talk-time",
            "--data", str(EXPORT), "--by", "weekday,hour", "--columns", COLUMNS]  # fmt: skip
    assert main([*args, "--roster", str(roster)]) == 2
    assert "bank-roster.csv:4:2: hour '24' is not 0..23" in capsys.readouterr().err
    fixed = tmp_path / "roster.csv"
    fixed.write_text(roster.read_text(encoding="utf-8-sig").replace(";24;", ";10;"), encoding="utf-8")
    assert main([*args, "--roster", str(fixed), "--format", "json"]) == 1
    captured = capsys.readouterr()
    monday = next(g for g in json.loads(captured.out)["groups"] if g["weekday"] == "Mon")
    assert (monday["staff"], monday["on_roster"], monday["under_staffed"]) == (4, 3, True)
    assert monday["roster_service_level"] == pytest.approx(_erlang_c_level(30.5, 240, 3, 20))
