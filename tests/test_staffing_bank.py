"""A bank branch's ticket system export, planned as a new user would (docs/staffing.md).

tests/data/staffing/bank: a French ticket export with ';' between the fields, day-first
local times, counter times written both as stopwatch readings (0:03:15) and as 3m15s, and
customers who left without being served (no wait, no counter time, a time they gave up
after). The branch's handling time and patience have no standard of their own: they are
columns of the wait's export. The figures are worked out by hand in the tests.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

import blueprint
from blueprint.cli import main
from blueprint.measure.columns import Columns
from blueprint.staffing.plan import StaffingError, staff
from conftest import ROOT
from staffing_helpers import COLUMNS as HOTLINE_COLUMNS
from staffing_helpers import hotline

BANK = ROOT / "tests" / "data" / "staffing" / "bank" / "bank.yaml"
COLUMNS = "timestamp=Heure du ticket,ticket-wait=Attente,teller-time=Durée guichet,site=Agence"
WALKED_OUT = ",walked-out-after=Abandon après"
DAY_FIRST = "%d/%m/%Y %H:%M"


def _plan(*, extra: str = "", timestamp_format: str | None = None, **options):
    columns = replace(Columns.parse(COLUMNS + extra), timestamp_format=timestamp_format)
    return staff(blueprint.load(BANK), "served-80-in-5min", "teller-time", by="site,hour", columns=columns,
                 **options)  # fmt: skip


def test_day_first_times_are_refused_with_the_format_that_reads_them(capsys) -> None:
    why = r"gives no arrivals of 'ticket-wait': see why above \(BP341\)"
    with pytest.raises(StaffingError, match=why) as caught:
        _plan()
    (error,) = [f for f in caught.value.findings if f.rule == "BP341"]
    assert "'Heure du ticket'" in error.message and "'07/12/2026 09:00'" in error.message
    # 07/12 and 08/12 read either way round: both are named, and the branch knows which it is
    assert f"'{DAY_FIRST}' (day first) or '%m/%d/%Y %H:%M' (month first)" in (error.hint or "")
    args = ["staff", str(BANK), "--standard", "served-80-in-5min", "--handle", "teller-time",
            "--by", "site,hour", "--columns", COLUMNS]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "exports/tickets.csv: error BP341" in err and f"timestamp_format: '{DAY_FIRST}' (day first)" in err
    assert "ISO 8601, e.g. 2025-03-03" not in err  # not the advice to rewrite the export


def test_the_branch_plan_matches_erlang_c_worked_by_hand() -> None:
    plan = _plan(timestamp_format=DAY_FIRST)
    lyon, _, nantes, _ = plan.groups
    assert lyon.keys == {"site": "Lyon Part-Dieu", "hour": 9}
    # 24 tickets an hour, 2 of them walked out (no wait): 22 served, as on both days
    assert (lyon.arrivals, lyon.arrivals_per_hour) == (44, pytest.approx(22))
    assert lyon.mean_handle_seconds == pytest.approx(180)  # 0:03:15 and 2m45s in turn
    assert nantes.mean_handle_seconds == pytest.approx(180)  # 3m15s and 0:02:45
    # a = 22 × 180 / 3600 = 1.1 erlangs: one teller cannot keep up; two keep 91.3% within 5 minutes
    assert lyon.staff == 2 and lyon.service_level == pytest.approx(0.9129, abs=1e-4)
    assert lyon.service_level == pytest.approx(_erlang_c(22, 180, 2, 300))
    assert lyon.asa_seconds == pytest.approx(78.06, abs=0.01)  # C × h / (c − a) = 0.3903 × 180 / 0.9
    assert (nantes.arrivals_per_hour, nantes.staff) == (pytest.approx(8), 1)
    assert nantes.service_level == pytest.approx(_erlang_c(8, 180, 1, 300))
    # the 8 customers who walked out have no wait: Erlang C counts them as no arrival, and says so
    (walked_out,) = plan.findings
    assert walked_out.rule == "BP343" and walked_out.severity.value == "warning"
    said = "8 of 128 rows of 'ticket-wait' in source 'exports/tickets.csv' have a time but an empty cell"
    assert walked_out.message.startswith(said)
    assert "Erlang C plans for fewer than came" in walked_out.message
    assert "--patience METRIC" in (walked_out.hint or "")
    assert walked_out.location is not None and walked_out.location.file.endswith("bank/exports/tickets.csv")


def test_patience_read_from_the_waits_own_export_when_no_standard_is_set_on_it() -> None:
    """A walk-out time rarely has a standard of its own; it is a column of the ticket export."""
    plan = _plan(timestamp_format=DAY_FIRST, extra=WALKED_OUT, patience="walked-out-after")
    lyon = plan.groups[0]
    assert plan.model == "erlang-a"
    assert lyon.arrivals_per_hour == pytest.approx(24)  # the customers who left arrived too
    assert lyon.abandoned is not None and 0 < lyon.abandoned < 0.2
    assert plan.findings == []  # those who walked out are arrivals here


def test_a_patience_column_the_export_lacks_is_named_at_the_source() -> None:
    with pytest.raises(StaffingError, match="holds no usable value") as caught:
        _plan(timestamp_format=DAY_FIRST, patience="walked-out-after")
    (missing,) = caught.value.findings
    assert missing.rule == "BP341" and "no column 'walked-out-after'" in missing.message
    assert missing.location is not None and missing.location.file.endswith("tickets.csv")
    assert "--columns walked-out-after=NAME" in (missing.hint or "")


def test_the_textbook_hour_of_100_calls_needs_8_agents(tmp_path) -> None:
    """100 calls an hour of 180 s (5 erlangs), 80% within 20 s: 7 agents keep 74.0%, 8 keep 88.0%."""
    calls = {("north", f"2025-03-{d:02d}", 9): 100 for d in range(3, 10)}
    path = hotline(tmp_path, calls)
    plan = staff(blueprint.load(path), "answer-80-20", "talk-time", by="hour", columns=HOTLINE_COLUMNS)
    (nine,) = plan.groups
    assert nine.arrivals_per_hour == pytest.approx(100) and nine.staff == 8
    assert nine.service_level == pytest.approx(0.8801, abs=1e-4)
    assert _erlang_c(100, 180, 7, 20) == pytest.approx(0.7404, abs=1e-4)
    assert nine.asa_seconds == pytest.approx(10.04, abs=0.01)


def _erlang_c(calls_per_hour: float, handle: float, servers: int, within: float) -> float:
    a = calls_per_hour * handle / 3600
    queued = a**servers / math.factorial(servers) * servers / (servers - a)
    waits = queued / (sum(a**k / math.factorial(k) for k in range(servers)) + queued)
    return 1 - waits * math.exp(-(servers - a) * within / handle)


def test_the_note_names_the_groups_that_took_the_mean_of_all(capsys) -> None:
    """Nobody walked out of the Nantes branch: its patience is the mean of all groups, and says where."""
    args = ["staff", str(BANK), "--standard", "served-80-in-5min", "--handle", "teller-time",
            "--by", "site,hour", "--columns", COLUMNS + WALKED_OUT, "--timestamp-format", DAY_FIRST,
            "--patience", "walked-out-after"]  # fmt: skip
    assert main(args) == 0
    (note,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    assert note == (
        "note: no patience in the group, so the mean of all groups is used: 2 of 4 group(s): "
        "site Nantes Centre, hour 9; site Nantes Centre, hour 10"
    )


def test_a_direction_override_in_a_branch_name_ends_with_it_in_the_chart(tmp_path) -> None:
    from blueprint.measure.columns import Columns as _Columns

    export = tmp_path / "exports" / "tickets.csv"
    export.parent.mkdir()
    text = (BANK.parent / "exports" / "tickets.csv").read_text(encoding="utf-8")
    export.write_text(text.replace("Nantes Centre", "\u202eNantes"), encoding="utf-8")
    (tmp_path / "pyproject.toml").touch()
    service = tmp_path / "bank.yaml"
    service.write_text(BANK.read_text(encoding="utf-8"), encoding="utf-8")
    columns = replace(_Columns.parse(COLUMNS), timestamp_format=DAY_FIRST)
    plan = staff(blueprint.load(service), "served-80-in-5min", "teller-time", by="site,hour", columns=columns)
    figure = plan.chart(tmp_path / "plan.svg")
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert "\u202eNantes\u202c 9" in labels  # the hour after the name reads left to right


def test_a_column_in_another_unit_is_the_reason_given_for_no_arrivals(tmp_path) -> None:
    """'Attente (min)' in a file whose metric is in seconds: the times read, the waits are refused."""
    export = tmp_path / "exports" / "tickets.csv"
    export.parent.mkdir()
    text = (BANK.parent / "exports" / "tickets.csv").read_text(encoding="utf-8")
    export.write_text(text.replace(";Attente;", ";Attente (min);", 1), encoding="utf-8")
    (tmp_path / "pyproject.toml").touch()
    service = tmp_path / "bank.yaml"
    service.write_text(BANK.read_text(encoding="utf-8"), encoding="utf-8")
    mapped = Columns.parse(COLUMNS.replace("=Attente,", "=Attente (min),"))
    columns = replace(mapped, timestamp_format=DAY_FIRST)
    with pytest.raises(StaffingError) as caught:
        staff(blueprint.load(service), "served-80-in-5min", "teller-time", by="site,hour", columns=columns)
    said = "source 'exports/tickets.csv' gives no arrivals of 'ticket-wait': see why above (BP345)"
    assert str(caught.value) == said
    assert "readable time" not in str(caught.value)  # the times were readable: the unit stopped it
    (unit,) = [f for f in caught.value.findings if f.rule == "BP345"]
    assert "column 'Attente (min)' says its values are in minutes" in unit.message


def test_a_roster_row_naming_a_branch_the_data_spells_otherwise_is_named(tmp_path) -> None:
    """'Lyon part-dieu' (another letter case) and a branch with no tickets: their people count nowhere."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "hour;site;staff\n9;Lyon part-dieu;3\n10;Lyon Part-Dieu;3\n9;Nantes Centre;1\n10;Nantes Centre;1\n"
        "9;Paris Opéra;4\n",
        encoding="utf-8",
    )
    plan = _plan(timestamp_format=DAY_FIRST, roster=roster)
    lyon_nine = plan.groups[0]
    assert lyon_nine.keys == {"site": "Lyon Part-Dieu", "hour": 9} and lyon_nine.on_roster == 0
    strangers = [f for f in plan.findings if f.rule == "BP362"]
    assert [(f.location.line, f.location.column) for f in strangers] == [(2, 2), (6, 2)]
    case, unknown = strangers
    assert case.severity.value == "warning"
    assert case.message == "site 'Lyon part-dieu' is in no group of the plan: its 3 on duty count nowhere"
    assert case.hint == "write the site as the data does: 'Lyon Part-Dieu'"
    assert "the data's sites are 'Lyon Part-Dieu', 'Nantes Centre'" in (unknown.hint or "")
    assert {f.rule for f in plan.findings} >= {"BP360"}  # the group it was meant for is short


def test_counter_times_that_are_no_duration_are_shown_at_their_line(tmp_path) -> None:
    export = tmp_path / "exports" / "tickets.csv"
    export.parent.mkdir()
    lines = (BANK.parent / "exports" / "tickets.csv").read_text(encoding="utf-8").splitlines()
    fifth, tenth = lines[4].split(";"), lines[9].split(";")
    fifth[3], tenth[3] = "env. 3 min", "?"  # the counter times of lines 5 and 10 of the file
    lines[4], lines[9] = ";".join(fifth), ";".join(tenth)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").touch()
    service = tmp_path / "bank.yaml"
    service.write_text(BANK.read_text(encoding="utf-8"), encoding="utf-8")
    columns = replace(Columns.parse(COLUMNS), timestamp_format=DAY_FIRST)
    plan = staff(blueprint.load(service), "served-80-in-5min", "teller-time", by="site,hour", columns=columns)
    (said,) = [f for f in plan.findings if f.rule == "BP342"]
    assert said.message.startswith("2 of 128 rows of 'teller-time'")
    assert said.message.endswith("e.g. '?', 'env. 3 min' (first at line 5)")
    column = len(";".join(fifth[:3])) + 2  # the character the cell starts at, from 1
    assert said.location is not None and (said.location.line, said.location.column) == (5, column)
    assert "3m15s" in (said.hint or "")


def _mmc_m(servers: int, rate: float, handle: float, patience: float) -> tuple[float, float]:
    """Share who give up and mean time in queue of the M/M/c+M queue, from its birth-death chain, plainly."""
    lam, mu, theta = rate / 3600, 1 / handle, 1 / patience
    weights, n = [1.0], 0
    while True:  # p(n+1) / p(n) = lambda / (min(n+1, c) mu + max(n+1-c, 0) theta), to a negligible tail
        n += 1
        weights.append(weights[-1] * lam / (min(n, servers) * mu + max(n - servers, 0) * theta))
        if n > servers and weights[-1] < 1e-18 * sum(weights):
            break
    total = sum(weights)
    queue = sum(max(k - servers, 0) * w for k, w in enumerate(weights)) / total
    return theta * queue / lam, queue / lam  # Little's law: abandonment rate over arrivals; wait


def test_the_walk_outs_share_matches_the_birth_death_chain_worked_out_here() -> None:
    plan = _plan(timestamp_format=DAY_FIRST, extra=WALKED_OUT, patience="walked-out-after")
    lyon = plan.groups[0]
    patience = (6 * 60 + 30 + 8 * 60) / 2  # 0:06:30 and 8m in turn
    given_up, waited = _mmc_m(lyon.staff, lyon.arrivals_per_hour, lyon.mean_handle_seconds, patience)
    assert lyon.abandoned == pytest.approx(given_up, rel=1e-6)
    assert lyon.asa_seconds == pytest.approx(waited, rel=1e-6)


def test_an_hour_with_nobody_on_the_roster_is_marked_in_the_chart(tmp_path) -> None:
    """A bar of nobody has no height: the short hour gets a red cross on the axis, the others none."""
    roster = tmp_path / "roster.csv"
    roster.write_text("site,hour,staff\nLyon Part-Dieu,10,3\nNantes Centre,9,1\nNantes Centre,10,1\n")
    plan = _plan(timestamp_format=DAY_FIRST, roster=roster)
    assert [n.on_roster for n in plan.groups] == [0, 3, 1, 1]
    figure = plan.chart(tmp_path / "plan.png")
    (crosses,) = figure.axes[0].collections[-1:]
    assert [tuple(p) for p in crosses.get_offsets()] == [(0.0, 0.0)]  # Lyon at nine only


def test_a_standard_on_the_counter_not_the_queue_is_said_not_to_be_a_wait() -> None:
    columns = replace(Columns.parse(COLUMNS), timestamp_format=DAY_FIRST)
    counter = staff(blueprint.load(BANK), "counter-90-in-6min", "ticket-wait", by="site", columns=columns)
    (said,) = [f for f in counter.findings if f.rule == "BP364"]
    assert said.severity.value == "warning" and said.location.line == 83
    assert "serves 'at-counter', not a wait point (the service's is 'wait-for-teller')" in said.message
    queue = staff(blueprint.load(BANK), "served-80-in-5min", "teller-time", by="site", columns=columns)
    assert "BP364" not in {f.rule for f in queue.findings}
