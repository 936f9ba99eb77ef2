"""The staff a wait standard needs, read from call exports and the hotel's example data."""

from __future__ import annotations

import csv
import io
import json

import pytest

import blueprint
from blueprint.cli import main
from blueprint.staffing.plan import StaffingError, demand, plan, staff
from conftest import ROOT
from staffing_helpers import COLUMNS, hotline

#: a week of Monday-to-Sunday calls: 200 at nine (10 erlangs of 180 s), 40 at ten
WEEK = [f"2025-03-{d:02d}" for d in range(3, 10)]


def _calls() -> dict[tuple[str, str, int], int]:
    calls = {("north", day, 9): 200 for day in WEEK}
    calls.update({("north", day, 10): 40 for day in WEEK})
    return calls


def test_the_textbook_hour_needs_14_agents(tmp_path) -> None:
    path = hotline(tmp_path, _calls())
    result = staff(blueprint.load(path), "answer-80-20", "talk-time", by="hour", columns=COLUMNS)
    nine, ten = result.groups
    assert nine.keys == {"hour": 9} and ten.keys == {"hour": 10}
    assert nine.arrivals == 1400 and nine.arrivals_per_hour == pytest.approx(200)
    assert nine.mean_handle_seconds == pytest.approx(180)  # 2:30 and 3:30 read as stopwatch times
    assert nine.staff == 14
    assert nine.service_level == pytest.approx(0.888, abs=0.001)
    assert nine.asa_seconds == pytest.approx(7.8, abs=0.05)
    assert ten.arrivals_per_hour == pytest.approx(40) and ten.staff < nine.staff


def test_an_hour_without_calls_counts_as_no_demand(tmp_path) -> None:
    # Two weeks of data, calls at nine on the first Monday only: the Mondays at nine average 100.
    calls = {("north", "2025-03-03", 9): 200, ("north", "2025-03-16", 12): 1}
    path = hotline(tmp_path, calls)
    result = staff(blueprint.load(path), "answer-80-20", "talk-time", by="weekday,hour", columns=COLUMNS)
    monday = next(n for n in result.groups if n.keys == {"weekday": "Mon", "hour": 9})
    assert monday.arrivals_per_hour == pytest.approx(100)


def test_groups_by_site_use_each_sites_handling_time(tmp_path) -> None:
    calls = {("north", day, 9): 100 for day in WEEK} | {("south", day, 9): 100 for day in WEEK}
    path = hotline(tmp_path, calls)
    text = (tmp_path / "acd" / "calls.csv").read_text(encoding="utf-8").splitlines()
    # South's calls take twice as long: 6:00 instead of 3:00 on average.
    text = [line.replace(",2:30,", ",5:00,").replace(",3:30,", ",7:00,") if ",south," in line else line
            for line in text]  # fmt: skip
    (tmp_path / "acd" / "calls.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = staff(blueprint.load(path), "answer-80-20", "talk-time", by="site", columns=COLUMNS)
    north, south = result.groups
    assert north.mean_handle_seconds == pytest.approx(180) and south.mean_handle_seconds == pytest.approx(360)
    assert north.arrivals_per_hour == pytest.approx(100 * 7 / (7 * 24))
    assert south.staff >= north.staff


def test_a_retarget_needs_no_second_read(tmp_path) -> None:
    path = hotline(tmp_path, _calls())
    found = demand(blueprint.load(path), "answer-80-20", "talk-time", by="hour", columns=COLUMNS)
    assert plan(found).groups[0].staff == 14
    assert plan(found, within=60, share=0.8).groups[0].staff < 14
    assert plan(found, share=0.95).groups[0].staff > 14


@pytest.mark.parametrize(
    "standard, message",
    [
        ("hang-ups-late", r"call-centre|hotline.yaml:\d+:\d+: standard 'hang-ups-late' sets a floor"),
        ("every-call-in-20s", "for a share below 1 only; give the standard a share"),
        ("claims-registered", "not a duration"),
        ("no-such", "no standard 'no-such'"),
    ],
)
def test_a_standard_that_is_no_wait_standard_is_refused_with_where_it_is(tmp_path, standard, message) -> None:
    path = hotline(tmp_path, _calls())
    with pytest.raises(StaffingError, match=message):
        staff(blueprint.load(path), standard, "talk-time", columns=COLUMNS)


def test_a_handle_metric_without_data_or_not_a_duration_is_refused(tmp_path) -> None:
    path = hotline(tmp_path, _calls())
    service = blueprint.load(path)
    with pytest.raises(StaffingError, match="not a duration"):
        staff(service, "answer-80-20", "claim-registered", columns=COLUMNS)
    with pytest.raises(StaffingError, match="no metric 'talk'"):
        staff(service, "answer-80-20", "talk", columns=COLUMNS)


def test_a_missing_column_is_a_finding_at_the_source_file(tmp_path) -> None:
    path = hotline(tmp_path, _calls())
    result = staff(blueprint.load(path), "answer-80-20", "talk-time", by="team", columns=COLUMNS)
    assert not result.groups
    [finding] = {f.rule: f for f in result.findings}.values()
    assert finding.rule == "BP341" and "team" in finding.message
    assert finding.location is not None and finding.location.file.endswith("calls.csv")


def test_a_site_named_like_a_formula_is_kept_text_in_the_csv(tmp_path) -> None:
    path = hotline(tmp_path, {("=1+1", day, 9): 200 for day in WEEK})
    result = staff(blueprint.load(path), "answer-80-20", "talk-time", by="site", columns=COLUMNS)
    assert [g.keys["site"] for g in result.groups] == ["=1+1"]
    (row,) = csv.DictReader(io.StringIO(result.to_csv()))
    assert row["site"] == "'=1+1"


def test_cli_table_json_and_csv(tmp_path, capsys) -> None:
    path = hotline(tmp_path, _calls())
    base = ["staff", str(path), "--standard", "answer-80-20", "--handle", "talk-time", "--by", "hour",
            "--columns", COLUMNS]  # fmt: skip
    assert main(base) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:4] == ["hour", "arrivals/h", "handle", "staff"]
    assert "2 group(s): 80% within 20 s (answer-80-20) under Erlang C" in table
    assert main([*base, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1 and data["standard"] == "answer-80-20" and data["by"] == ["hour"]
    nine = data["groups"][0]
    assert {"hour", "arrivals_per_hour", "mean_handle_seconds", "staff", "service_level", "asa_seconds",
            "occupancy", "rostered"} <= set(nine)  # fmt: skip
    assert nine["staff"] == 14 and nine["rostered"] == 14
    out = tmp_path / "plan.csv"
    assert main([*base, "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["hour"] for r in rows] == ["9", "10"] and rows[0]["staff"] == "14"


def test_cli_usage_errors_exit_2_with_a_message(tmp_path, capsys) -> None:
    path = hotline(tmp_path, _calls())
    assert main(["staff", str(path), "--standard", "every-call-in-20s", "--handle", "talk-time"]) == 2
    err = capsys.readouterr().err
    assert "hotline.yaml:" in err and "share below 1" in err and "Traceback" not in err
    assert main(["staff", str(path), "--standard", "answer-80-20", "--handle", "talk-time",
                 "--data", str(tmp_path / "nowhere")]) == 2  # fmt: skip
    assert "no such folder" in capsys.readouterr().err


def test_the_hotel_desk_queue_on_the_example_data(capsys) -> None:
    args = ["staff", str(ROOT / "standards" / "hotel-stay.yaml"), "--standard", "desk-queue-5-minutes",
            "--handle", "checkin-duration", "--data", str(ROOT / "examples" / "data" / "operations"),
            "--by", "site", "--format", "json"]  # fmt: skip
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    sites = {g["site"]: g for g in data["groups"]}
    assert set(sites) == {"airport", "city", "harbour"}
    # A year of lobby-queue observations: each site's count over the 8,760 hours of 2025.
    with open(ROOT / "examples/data/operations/data/lobby_queue.csv", encoding="utf-8") as handle:
        harbour = sum(1 for row in csv.DictReader(handle) if row["site"] == "harbour" and row["timestamp"])
    assert sites["harbour"]["arrivals_per_hour"] == pytest.approx(harbour / 8760, rel=0.01)
    assert all(g["staff"] >= 1 and g["service_level"] >= 0.95 for g in sites.values())


def test_a_source_without_the_wait_column_says_how_to_map_it(tmp_path) -> None:
    path = hotline(tmp_path, _calls())
    # The export names the queue time differently than the mapping says: no wait rows at all.
    columns = COLUMNS.replace("answer-wait=Queue (s)", "answer-wait=Queue Time")
    why = r"gives no arrivals of 'answer-wait': see why above \(BP341\)"
    with pytest.raises(StaffingError, match=why) as caught:
        staff(blueprint.load(path), "answer-80-20", "talk-time", by="hour", columns=columns)
    (missing,) = caught.value.findings  # the column the mapping names is not there: how to map it
    assert "no column 'Queue Time'" in missing.message
    assert "--columns answer-wait=NAME" in (missing.hint or "")


def test_rows_the_plan_cannot_use_are_counted_in_findings(tmp_path) -> None:
    path = hotline(tmp_path, _calls())
    export = tmp_path / "acd" / "calls.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    lines += [
        "yesterday,north,12,2:30,",  # no readable time
        lines[1],  # a copy of the first call
        "2025-03-03 09:59:00,north,8,n/a,",  # a talk time that is no duration
        "2025-03-03 09:59:30,,8,3:00,",  # no centre
    ]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = staff(blueprint.load(path), "answer-80-20", "talk-time", by="site,hour", columns=COLUMNS)
    said = {(f.rule, f.message.split(" of ")[0]) for f in result.findings}
    assert ("BP349", "1") in said and ("BP346", "1") in said and ("BP342", "1") in said
    assert ("BP343", "1") in said  # the call without a centre is in no group
    assert all(f.location is not None and f.location.file.endswith("calls.csv") for f in result.findings)
    nine = next(n for n in result.groups if n.keys == {"site": "north", "hour": 9})
    assert nine.arrivals == 1401  # the n/a call arrived; the copy, the timeless and centreless did not
    assert nine.handle_observations == 1400 and nine.mean_handle_seconds == pytest.approx(180)


def test_site_names_from_the_export_are_shown_as_escapes_in_the_plan(tmp_path) -> None:
    calls = {("Mitte\x1b[2J", day, 9): 50 for day in WEEK} | {('"Bahn\nhof"', day, 9): 50 for day in WEEK}
    path = hotline(tmp_path, calls)
    text = staff(blueprint.load(path), "answer-80-20", "talk-time", by="site", columns=COLUMNS).to_text()
    assert "\x1b" not in text and "Bahn\nhof" not in text
    assert [line.split()[0] for line in text.splitlines()[1:3]] == ["Bahn\\nhof", "Mitte\\x1b[2J"]
