"""A long measurement shows a progress bar on a terminal, and nothing when output is not one or CI is set."""

from __future__ import annotations

import io
import sys

import duckdb
import pytest

from blueprint import progress
from blueprint.measure import measure
from measure_helpers import private_cache, service, standard, write  # noqa: F401
from terminal_helpers import read_all, terminal

SLOW = "SELECT count(DISTINCT hash(range * 7)) FROM range(3000000)"


def test_a_bar_on_a_pseudo_terminal(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    reader, stream = terminal()
    duck = duckdb.connect()
    assert progress.wanted(stream)
    with progress.watching(duck, "measuring desk", stream=stream, after=0):
        duck.execute(SLOW).fetchall()
    stream.close()
    shown = read_all(reader)
    assert "measuring desk" in shown
    assert "|" in shown  # the bar itself


def test_silent_when_not_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = io.StringIO()
    duck = duckdb.connect()
    assert not progress.wanted(stream)
    with progress.watching(duck, "measuring desk", stream=stream, after=0):
        duck.execute(SLOW).fetchall()
    assert stream.getvalue() == ""


def test_silent_under_ci_even_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    reader, stream = terminal()
    duck = duckdb.connect()
    assert not progress.wanted(stream)
    with progress.watching(duck, "measuring desk", stream=stream, after=0):
        duck.execute(SLOW).fetchall()
    stream.close()
    assert "measuring" not in read_all(reader)


def test_a_quick_measurement_shows_nothing(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    reader, stream = terminal()
    duck = duckdb.connect()
    with progress.watching(duck, "measuring desk", stream=stream, after=3600):
        duck.execute("SELECT 1").fetchall()
    stream.close()
    assert read_all(reader) == ""


@pytest.mark.parametrize("ci", [None, "1"])
def test_measure_shows_its_bar_on_a_terminal_only_outside_ci(tmp_path, monkeypatch, ci) -> None:
    svc = service(tmp_path, standard("w", share=0.9))
    rows = "\n".join(f"wait,2025-07-01 09:{i % 60:02d}:00,{60 + i % 200}" for i in range(400))
    write(tmp_path / "obs.csv", "metric,timestamp,value\n" + rows + "\n")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(progress, "AFTER", 0.0)
    reader, stream = terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    result = measure(svc)
    monkeypatch.undo()
    stream.close()
    shown = read_all(reader)
    assert result.outcomes[0].observations == 400
    assert ("measuring desk" in shown) is (ci is None)
