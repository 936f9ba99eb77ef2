"""--patience: Erlang A for callers who hang up, read from the times they gave up after."""

from __future__ import annotations

import json

import pytest

import blueprint
from blueprint.cli import main
from blueprint.staffing.erlang_a import erlang_a
from blueprint.staffing.plan import StaffingError, staff
from staffing_helpers import COLUMNS, hotline

WEEK = [f"2025-03-{d:02d}" for d in range(3, 10)]


def _path(tmp_path):
    # 200 calls at nine each day; one in ten hangs up, after 0:40 or 1:20 (a minute on average).
    return hotline(tmp_path, {("north", day, 9): 200 for day in WEEK}, abandon_every=10)


def test_callers_who_hang_up_are_arrivals_and_set_the_patience(tmp_path) -> None:
    service = blueprint.load(_path(tmp_path))
    patient = staff(service, "answer-80-20", "talk-time", by="hour", columns=COLUMNS)
    impatient = staff(
        service, "answer-80-20", "talk-time", by="hour", columns=COLUMNS, patience="hang-up-after"
    )
    [c], [a] = patient.groups, impatient.groups
    assert c.arrivals == 1260 and a.arrivals == 1400  # the 140 who hung up arrived too
    assert a.arrivals_per_hour == pytest.approx(200)
    assert impatient.model == "erlang-a" and patient.model == "erlang-c"
    assert a.mean_handle_seconds == pytest.approx(180)
    assert a.abandoned is not None and 0 < a.abandoned < 0.2
    expected = erlang_a(a.staff, 10.0, 180.0, 60.0, 20.0)
    assert a.service_level == pytest.approx(expected.service_level)
    assert erlang_a(a.staff - 1, 10.0, 180.0, 60.0, 20.0).service_level < 0.8
    assert c.abandoned is None


def test_a_patience_metric_with_no_values_is_refused(tmp_path) -> None:
    path = hotline(tmp_path, {("north", day, 9): 50 for day in WEEK})
    with pytest.raises(
        StaffingError, match=r"--patience hang-up-after: source .acd/calls\.csv. holds no usable"
    ):
        staff(blueprint.load(path), "answer-80-20", "talk-time", columns=COLUMNS, patience="hang-up-after")


def test_cli_patience_shows_the_share_who_give_up(tmp_path, capsys) -> None:
    args = ["staff", str(_path(tmp_path)), "--standard", "answer-80-20", "--handle", "talk-time",
            "--by", "hour", "--columns", COLUMNS, "--patience", "hang-up-after"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "abandon" in out.splitlines()[0] and "under Erlang A (customers give up)" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model"] == "erlang-a" and 0 < data["groups"][0]["abandoned"] < 0.2
