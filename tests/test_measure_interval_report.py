"""An interval report (a row per half hour) measured as if each row were a call: its header says so."""

from __future__ import annotations

import pytest

from blueprint.measure import measure
from blueprint.measure.interval_report import interval_issue
from measure_helpers import private_cache, row_of, service, standard, write  # noqa: F401

# A phone system's half-hour report: the average answer (ASA) is under 20 s in every row,
# while far fewer than 80% of the calls were answered within 20 s.
REPORT = """\
    Interval Start,Calls Offered,Calls Answered,Answered within 20s,ASA
    2026-11-02 09:00:00,40,38,19,14
    2026-11-02 09:30:00,52,50,21,17
    2026-11-02 10:00:00,61,57,30,19
    2026-11-02 10:30:00,44,44,25,12
"""


def test_a_half_hour_report_measured_per_row_is_warned_of_at_its_header(tmp_path):
    write(tmp_path / "acd.csv", REPORT)
    svc = service(tmp_path, standard("answer-20s", target=20, unit="seconds", share=0.8, source="acd.csv"))
    for run in ("compiled", "kept"):  # the kept query says it too
        result = measure(
            svc, columns={"timestamp": "Interval Start", "wait": "ASA"}, by="", min_observations=1
        )
        (said,) = [f for f in result.findings if f.rule == "BP353"]
        assert said.severity.value == "warning", run
        assert said.location.file.endswith("acd.csv") and said.location.line == 1
        assert "'Interval Start'" in said.message and "share is of periods, not of calls" in said.message
        assert "answer-20s" in said.message and "a row per call" in said.hint
        assert row_of(result, "answer-20s")["observations"] == 4  # measured as written: the rows are counted


def test_a_call_list_raises_no_such_warning(tmp_path):
    write(tmp_path / "calls.csv", """\
        Call Start,Queue,Presented At,Wait (s)
        2026-11-02 09:00:13,Council Tax,2026-11-02 09:00:15,14
        2026-11-02 09:01:52,Housing,2026-11-02 09:01:55,41
    """)  # fmt: skip
    svc = service(tmp_path, standard("answer-20s", target=20, unit="seconds", share=0.8, source="calls.csv"))
    result = measure(svc, columns={"timestamp": "Call Start", "wait": "Wait (s)"}, by="", min_observations=1)
    assert not [f for f in result.findings if f.rule == "BP353"]


@pytest.mark.parametrize(
    "name", ["Calls Offered", "Offered", "contacts presented", "Chats offered", "呼入量", "Interval",
             "Interval End", "Half Hour", "half-hour", "15 min interval", "30 minutes interval"],
)  # fmt: skip
def test_the_columns_of_an_interval_report_are_known(name):
    issue = interval_issue(["Date", name, "ASA"])
    assert issue is not None and issue.column == name


@pytest.mark.parametrize(
    "name",
    ["Presented At", "Offer code", "Call interval note", "Wait (s)", "Queue", "Time offered to agent"],
)
def test_columns_of_a_call_list_are_not_taken_for_one(name):
    assert interval_issue(["Call Start", name]) is None
