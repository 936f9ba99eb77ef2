"""Shrinkage, and a roster held against the staff a wait standard needs."""

from __future__ import annotations

import json

import pytest

import blueprint
from blueprint.cli import main
from blueprint.staffing.plan import StaffingError, rostered, staff
from blueprint.staffing.roster import RosterError, read_roster
from staffing_helpers import COLUMNS, hotline

MONDAYS = {("north", "2025-03-03", 9): 200, ("north", "2025-03-03", 10): 40, ("south", "2025-03-03", 9): 200}


def _plan(tmp_path, roster=None, shrinkage=0.0):
    path = hotline(tmp_path, MONDAYS)
    return staff(blueprint.load(path), "answer-80-20", "talk-time", by="site,weekday,hour", columns=COLUMNS,
                 shrinkage=shrinkage, roster=roster)  # fmt: skip


def test_shrinkage_raises_the_people_to_roster(tmp_path) -> None:
    plan = _plan(tmp_path, shrinkage=0.3)
    nine = plan.groups[0]
    assert nine.staff == 14 and nine.rostered == 20  # ceil(14 / 0.7)
    assert rostered(14, 0.35) == 22
    with pytest.raises(StaffingError, match="shrinkage"):
        _plan(tmp_path / "again", shrinkage=1.0)


def _roster(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_short_hour_is_a_finding_at_its_roster_line(tmp_path) -> None:
    roster = _roster(
        tmp_path, "Site,Weekday,Hour,Staff\nnorth,Monday,09:00,12\nnorth,mon,10,6\nsouth,Mon,9,14\n"
    )
    plan = _plan(tmp_path, roster=roster)
    by_site = {(n.keys["site"], n.keys["hour"]): n for n in plan.groups}
    assert by_site[("north", 9)].on_roster == 12
    assert by_site[("north", 9)].roster_service_level < 0.8  # 12 cannot answer 80% in 20 s
    assert by_site[("south", 9)].roster_service_level >= 0.8
    [short] = [f for f in plan.findings if f.rule == "BP360"]
    assert short.location is not None and short.location.line == 2 and short.location.file == str(roster)
    assert "site north, weekday Mon, hour 9: 12 on the roster, 14 needed for 80% within 20 s" in short.message


def test_an_hour_missing_from_the_roster_has_nobody(tmp_path) -> None:
    roster = _roster(tmp_path, "site,weekday,hour,staff\nnorth,Mon,9,14\nsouth,Mon,9,14\n")
    plan = _plan(tmp_path, roster=roster)
    [short] = [f for f in plan.findings if f.rule == "BP360"]
    assert "hour 10: 0 on the roster" in short.message and "no row in the roster" in short.message


def test_shrinkage_counts_against_the_roster(tmp_path) -> None:
    roster = _roster(tmp_path, "site,weekday,hour,staff\nnorth,Mon,9,14\nnorth,Mon,10,6\nsouth,Mon,9,14\n")
    plan = _plan(tmp_path, roster=roster, shrinkage=0.25)
    shorts = [f for f in plan.findings if f.rule == "BP360"]
    assert len(shorts) >= 2  # 14 rostered serve 10 of the hour: short at nine at both sites


@pytest.mark.parametrize(
    "text, where, what",
    [
        ("site,weekday,hour\nnorth,Mon,9\n", ":1:1:", "no column 'staff'"),
        ("site,weekday,hour,staff\nnorth,Mon,9,two\n", ":2:4:", "not a whole number"),
        ("site,weekday,hour,staff\nnorth,Mon,9,-1\n", ":2:4:", "not a whole number"),
        ("site,weekday,hour,staff\nnorth,Mon,9,2.5\n", ":2:4:", "not a whole number"),
        ("site,weekday,hour,staff\nnorth,Mo,9,2\n", ":2:2:", "weekday 'Mo'"),
        ("site,weekday,hour,staff\nnorth,Mon,25,2\n", ":2:3:", "hour '25'"),
        ("site,weekday,hour,staff\nnorth,Mon,24,2\n", ":2:3:", "hour '24' is not 0..23"),
        ("site,weekday,hour,staff\nnorth,Mon,9:30,2\n", ":2:3:", "hour '9:30' is not on the hour"),
        ("site,weekday,hour,staff\nnorth,Mon,09:00:15,2\n", ":2:3:", "not on the hour"),
        ("site,weekday,hour,staff\nnorth,Mon,9:xx,2\n", ":2:3:", "not on the hour"),
        ("site,weekday,hour,staff\nnorth,Mon,9,2\nnorth,Monday,9:00,3\n", ":3:1:", "as line 2"),
        ("site,weekday,hour,staff\nnorth,Mon,9\n", ":2:1:", "3 fields"),
        ("", ":1:1:", "empty"),
    ],
)
def test_a_bad_roster_names_file_line_and_column(tmp_path, text, where, what) -> None:
    path = _roster(tmp_path, text)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert f"{path}{where}" in str(caught.value) and what in str(caught.value)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_roster_saved_with_semicolons_or_tabs_is_read(tmp_path, separator) -> None:
    # as a spreadsheet in a language with the decimal comma saves it, with a byte order mark
    lines = [["\ufeffSite", "Weekday", "Hour", "Staff"], ["north", "Monday", "09:00", "14"],
             ["south", "Mon", "9", "3"]]  # fmt: skip
    roster = read_roster(_roster(tmp_path, "\r\n".join(separator.join(line) for line in lines) + "\r\n"))
    assert roster.keys == ("site", "weekday", "hour")
    assert roster.staff == {("north", 0, 9): 14, ("south", 0, 9): 3}
    assert roster.lines == {("north", 0, 9): 2, ("south", 0, 9): 3}


def test_a_roster_by_a_key_the_plan_lacks_is_refused(tmp_path) -> None:
    roster = _roster(tmp_path, "site,weekday,hour,staff\nnorth,Mon,9,14\n")
    path = hotline(tmp_path, MONDAYS)
    with pytest.raises(RosterError, match="--by site,weekday"):
        staff(blueprint.load(path), "answer-80-20", "talk-time", by="site", columns=COLUMNS, roster=roster)


def test_cli_roster_exits_1_with_the_short_hours(tmp_path, capsys) -> None:
    roster = _roster(tmp_path, "site,weekday,hour,staff\nnorth,Mon,9,12\nnorth,Mon,10,6\nsouth,Mon,9,14\n")
    path = hotline(tmp_path, MONDAYS)
    args = ["staff", str(path), "--standard", "answer-80-20", "--handle", "talk-time", "--by",
            "site,weekday,hour", "--columns", COLUMNS, "--roster", str(roster)]  # fmt: skip
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert "on roster" in out.splitlines()[0]
    assert f"{roster}:2:1: error BP360" in err
    assert main([*args, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    north = data["groups"][0]
    assert north["on_roster"] == 12 and north["under_staffed"] is True
    assert [f["rule"] for f in data["findings"]] == ["BP360"]
    bad = _roster(tmp_path, "site,weekday,hour,staff\nnorth,Mon,9,x\n")
    assert main([*args[:-1], str(bad)]) == 2
    assert f"{bad}:2:4:" in capsys.readouterr().err


def test_cli_chart_draws_needed_against_rostered(tmp_path) -> None:
    roster = _roster(tmp_path, "site,weekday,hour,staff\nnorth,Mon,9,12\nnorth,Mon,10,6\nsouth,Mon,9,14\n")
    path = hotline(tmp_path, MONDAYS)
    chart = tmp_path / "staff.svg"
    args = ["staff", str(path), "--standard", "answer-80-20", "--handle", "talk-time",
            "--by", "site,weekday,hour", "--columns", COLUMNS, "--roster", str(roster),
            "--chart", str(chart)]  # fmt: skip
    assert main(args) == 1
    svg = chart.read_text(encoding="utf-8")
    assert "needed for the standard" in svg and "on the roster, short of the standard" in svg
    assert "north Mon 9" in svg
    assert main([*args[:-1], str(tmp_path / "staff.txt")]) == 2
