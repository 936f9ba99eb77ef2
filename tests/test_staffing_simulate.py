"""--simulate: the formulas against a SimPy simulation with the handling times the data holds."""

from __future__ import annotations

import json

import numpy as np
import pytest

import blueprint
from blueprint.cli import main
from blueprint.staffing.erlang import service_level as erlang_c_level
from blueprint.staffing.erlang_a import erlang_a
from blueprint.staffing.plan import demand, plan
from blueprint.staffing.simulate import service_level
from staffing_helpers import COLUMNS, hotline

WEEK = [f"2025-03-{d:02d}" for d in range(3, 10)]
#: 47 calls in 50 take a minute and 3 take 34:20: a mean of 180 s, far from exponential
LONG_TAIL = ("1:00",) * 47 + ("34:20",) * 3


def test_with_exponential_handling_times_the_simulation_agrees_with_erlang_c() -> None:
    handle = np.random.default_rng(7).exponential(180.0, 20_000)
    simulated = service_level(200.0, 14, handle, 20.0, seed=3)
    assert simulated.margin < 0.04
    assert simulated.level == pytest.approx(
        erlang_c_level(14, 10.0, 180.0, 20.0), abs=simulated.margin + 0.01
    )


def test_with_impatient_callers_the_simulation_agrees_with_erlang_a() -> None:
    handle = np.random.default_rng(8).exponential(180.0, 20_000)
    simulated = service_level(200.0, 12, handle, 20.0, patience=60.0, seed=4)
    expected = erlang_a(12, 10.0, 180.0, 60.0, 20.0).service_level
    assert simulated.level == pytest.approx(expected, abs=simulated.margin + 0.01)


def test_the_same_seed_gives_the_same_level() -> None:
    handle = [60.0, 300.0]
    assert service_level(100.0, 6, handle, 20.0, seed=5) == service_level(100.0, 6, handle, 20.0, seed=5)


def test_a_long_tail_of_handling_times_puts_erlang_c_off(tmp_path) -> None:
    path = hotline(tmp_path, {("north", day, 9): 100 for day in WEEK}, talk=LONG_TAIL)
    found = demand(
        blueprint.load(path), "answer-80-20", "talk-time", by="hour", columns=COLUMNS, samples=True
    )
    [need] = plan(found, within=120.0, share=0.9, simulate=True).groups
    assert need.mean_handle_seconds == pytest.approx(180.0)
    assert need.service_level >= 0.9
    assert need.simulated_service_level is not None
    assert need.simulated_service_level < need.service_level - 0.03  # the long calls hold the queue up
    regular = plan(found, within=120.0, share=0.9)
    assert regular.groups[0].simulated_service_level is None  # only when asked for


def test_cli_simulate_says_where_erlang_c_is_off(tmp_path, capsys) -> None:
    path = hotline(tmp_path, {("north", day, 9): 100 for day in WEEK}, talk=LONG_TAIL)
    args = ["staff", str(path), "--standard", "answer-90-in-2-minutes", "--handle", "talk-time",
            "--by", "hour", "--columns", COLUMNS, "--simulate"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "simulated" in out.splitlines()[0]
    assert "Erlang C is off for this service in 1 of 1 group(s)" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    group = data["groups"][0]
    assert group["erlang_off"] is True and data["erlang_off"] == 1
    assert group["simulated_service_level"] < group["service_level"]
