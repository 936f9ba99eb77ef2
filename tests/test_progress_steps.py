"""Long survey analyses and reports show a bar naming their step on a terminal, and nothing elsewhere."""

from __future__ import annotations

import io
import sys
import threading

import pytest

from blueprint import progress
from blueprint.io.load import load
from blueprint.report.pipeline import build_report
from blueprint.survey.analysis import SurveyRequest, run_survey
from terminal_helpers import read_all, terminal

#: a clinic's patients rate what matters at the visit (IPA: importance and performance, 1-7)
CLINIC_IPA = "respondent,attribute,importance,performance\n" + "".join(
    f"{r},{a},{(r + i) % 3 + 5},{(r * (i + 2)) % 4 + 3}\n"
    for r in range(1, 41)
    for i, a in enumerate(["short-wait", "kind-nurse", "clear-advice", "clean-room"])
)

CLINIC = """\
version: 1
service: {id: clinic, title: Walk-in clinic}
moments:
  - id: waiting-room
    title: In the waiting room
    stage: in-service
    next: [consultation]
    factors:
      - {id: short-wait, title: Short wait, element: software, sub_item: timeliness}
      - {id: clean-room, title: Clean room, element: hardware, sub_item: environment}
  - id: consultation
    title: With the doctor
    stage: in-service
    next: []
    factors:
      - {id: kind-nurse, title: Kind nurse, element: people, sub_item: attitude}
      - {id: clear-advice, title: Clear advice, element: people, sub_item: guidance}
"""


def _watched(monkeypatch) -> None:
    """Each step waits until the bar has been drawn after it began, when there is a bar: it is then seen.

    The bar is looked at every fifth of a second; nothing here depends on how long a step takes.
    """
    drawn, make, call = threading.Event(), progress._bar, progress.Steps.__call__

    def bar(*args):
        made = make(*args)
        refresh = made.refresh

        def seen(*a, **k):
            done = refresh(*a, **k)
            drawn.set()
            return done

        made.refresh = seen
        return made

    def step(self, what: str) -> None:
        drawn.clear()
        call(self, what)
        if self.shown:
            drawn.wait(5)

    monkeypatch.setattr(progress, "_bar", bar)
    monkeypatch.setattr(progress.Steps, "__call__", step)


def _slow_steps(stream, monkeypatch) -> None:
    _watched(monkeypatch)
    with progress.steps("reading the clinic", 3, stream=stream, after=0) as step:
        step("opening")
        step("counting the visits")
        step("closing")


def test_the_bar_names_the_work_and_its_step_on_a_pseudo_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    reader, stream = terminal()
    _slow_steps(stream, monkeypatch)
    stream.close()
    shown = read_all(reader)
    assert "reading the clinic: counting the visits" in shown
    assert "|" in shown  # the bar itself


def test_silent_when_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = io.StringIO()
    _slow_steps(stream, monkeypatch)
    assert stream.getvalue() == ""


def test_silent_under_ci_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    reader, stream = terminal()
    _slow_steps(stream, monkeypatch)
    stream.close()
    assert read_all(reader) == ""


def test_quick_work_shows_nothing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    reader, stream = terminal()
    with progress.steps("reading the clinic", 2, stream=stream, after=3600) as step:
        step("opening")
        step("closing")
    stream.close()
    assert read_all(reader) == ""


def test_steps_beyond_the_total_do_not_overrun_the_bar():
    step = progress.Steps(2, shown=True)
    for what in ("one", "two", "three"):
        step(what)
    assert step.now() == (2, "three")


def _on_terminal(monkeypatch, ci: str | None):
    """Standard error a pseudo-terminal, the bar due at once; gives the end to read."""
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(progress, "AFTER", 0.0)
    _watched(monkeypatch)
    reader, stream = terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    return reader, stream


@pytest.mark.parametrize("ci", [None, "1"])
def test_a_survey_analysis_shows_its_bar_on_a_terminal_only_outside_ci(tmp_path, monkeypatch, ci):
    (tmp_path / "clinic-ipa.csv").write_text(CLINIC_IPA, encoding="utf-8")
    reader, stream = _on_terminal(monkeypatch, ci)
    run = run_survey(SurveyRequest("ipa", file=str(tmp_path / "clinic-ipa.csv")))
    monkeypatch.undo()
    stream.close()
    shown = read_all(reader)
    assert len(run.result.to_dict()["attributes"]) == 4
    assert ("survey ipa" in shown) is (ci is None)


@pytest.mark.parametrize("ci", [None, "1"])
def test_a_report_shows_its_bar_on_a_terminal_only_outside_ci(tmp_path, monkeypatch, ci):
    (tmp_path / "clinic.yaml").write_text(CLINIC, encoding="utf-8")
    service = load(tmp_path / "clinic.yaml")
    reader, stream = _on_terminal(monkeypatch, ci)
    page = build_report(service)
    monkeypatch.undo()
    stream.close()
    shown = read_all(reader)
    assert "Walk-in clinic" in page
    assert ("report clinic" in shown) is (ci is None)
    assert ("checking the service" in shown) is (ci is None)


def test_a_report_asked_for_no_bar_shows_none(tmp_path, monkeypatch):
    (tmp_path / "clinic.yaml").write_text(CLINIC, encoding="utf-8")
    service = load(tmp_path / "clinic.yaml")
    reader, stream = _on_terminal(monkeypatch, None)
    build_report(service, progress=False)
    monkeypatch.undo()
    stream.close()
    assert read_all(reader) == ""
