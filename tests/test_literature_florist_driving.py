"""The check and the summary on two services nobody had modelled: a florist and a driving-test centre.

The florist takes flower orders by telephone and delivers them (after
Shostack 1987); it is written as a careful designer would, and the check
finds only notes. The driving-test centre is a first draft: its findings are
each true of it. Each typical slip made on it, one at a time, is caught at
its line and column with a fix the designer can carry out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blueprint.cli import main
from conftest import DATA

FLORIST = DATA / "literature" / "florist-phone-order.yaml"
DRIVING = DATA / "literature" / "driving-test-centre.yaml"


def _json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--format", "json"])
    [report] = json.loads(capsys.readouterr().out)["files"]
    return code, report["findings"]


def _slip(tmp_path: Path, old: str, new: str) -> Path:
    text = DRIVING.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "driving.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_careful_florist_passes_with_notes_only(capsys):
    code, findings = _json(capsys, str(FLORIST))
    assert code == 0
    assert {(f["rule"], f["subject"], f["line"], f["column"]) for f in findings} == {
        ("BP207", "call-shop", 44, 5),  # the phone call: no hardware or people factor before the service
        ("BP266", "call-shop", 44, 5),  # no ritual anywhere in the cycle
        ("BP207", "choose-flowers", 63, 5),  # in-service factors are all of the people element
        ("BP311", "helpful-advice", 70, 9),  # advice could also be mystery-shopped
        ("BP207", "bouquet-arrives", 99, 5),  # nobody is watched at the door
    }
    assert {f["severity"] for f in findings} == {"info"}


def test_the_florist_summary_counts_what_the_file_holds(capsys):
    assert main(["summary", str(FLORIST)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Florist — flowers ordered by telephone and delivered (florist-phone-order)"
    moments = "  moments    4  (pre-service 1, in-service 2, post-service 1; fail points 1, wait points 2)"
    assert moments in out
    assert "  standards  5  (covering 4 of 4 moments)" in out
    assert any("203.25 minutes at standard (customers tolerate 240 minutes)" in line for line in out)


def test_the_driving_test_draft_findings_are_the_true_ones(capsys):
    code, findings = _json(capsys, str(DRIVING))
    assert code == 0  # warnings only: the default fails on errors
    got = {(f["rule"], f["subject"], f["line"], f["column"]) for f in findings if f["severity"] == "warning"}
    assert got == {
        ("BP201", "eyesight-check", 58, 5),  # the calm examiner has no standard yet
        ("BP272", "eyesight-check", 63, 7),  # so nothing watches the forgotten glasses
        ("BP203", "calm-examiner", 73, 21),  # at its importance
        ("BP210", "explain-faults", 165, 13),  # marking the sheet feeds the drive, not the result
        ("BP201", "test-drive", 75, 5),  # so the drive has no standard: the misfiled one does not cover it
    }


def test_a_moment_no_path_reaches_is_named_with_the_next_that_cuts_it_off(tmp_path, capsys):
    # the designer ends the flow at the result, so the certificate is never reached
    path = _slip(
        tmp_path,
        "    emotion: 1\n    factors:\n      - id: faults-explained",
        "    emotion: 1\n    next: []\n    factors:\n      - id: faults-explained",
    )
    _, findings = _json(capsys, str(path))
    [cut] = [f for f in findings if f["rule"] == "BP211"]
    where = (cut["subject"], cut["line"], cut["column"], cut["severity"])
    assert where == ("get-certificate", 95, 5, "warning")
    assert "no path from first contact ('book-test') reaches moment 'get-certificate'" in cut["message"]
    assert "'hear-result'" in cut["hint"] and "next: []" in cut["hint"]


def test_a_moment_reached_only_through_a_loop_or_a_choice_is_reached(tmp_path, capsys):
    path = _slip(tmp_path, "    ritual: true\n    next: []", "    ritual: true\n    next: [book-test]")
    _, findings = _json(capsys, str(path))
    assert not [f for f in findings if f["rule"] == "BP211"]


@pytest.mark.parametrize(
    ("old", "new", "rule", "line", "column", "hint"),
    [
        (
            "    factors: [on-time-start]\n",
            "    factors: [on-time-strat]\n",
            "BP006",
            149,
            15,
            "on-time-start",
        ),
        ("    ritual: true\n", "    ritual: true\n    wiat_point: true\n", "BP002", 99, 5, "'wait_point'"),
        (
            "    supports: [get-certificate]",
            "    supports: [get-certificat]",
            "BP006",
            131,
            16,
            "certificate'",
        ),
        (
            "    stage: post-service\n    emotion: 2",
            "    stage: post-service\n\temotion: 2",
            "BP001",
            97,
            1,
            "replace the tab with spaces",
        ),
    ],
    ids=["typo-in-factor-id", "typo-in-key", "typo-in-supports", "tab"],
)
def test_a_slip_is_an_error_at_its_line_and_column_with_a_fix(
    tmp_path, capsys, old, new, rule, line, column, hint
):
    code, findings = _json(capsys, str(_slip(tmp_path, old, new)))
    assert code == 1
    [error] = findings
    assert (error["rule"], error["line"], error["column"]) == (rule, line, column)
    assert hint in error["hint"]


def test_a_function_no_channel_offers_is_left_to_bp208(tmp_path, capsys):
    # the theory-test pass is checked on paper, which no channel offers yet
    path = _slip(
        tmp_path,
        "    emotion: 1\n    factors:\n      - id: faults-explained",
        "    emotion: 1\n    next: [get-certificate]\n    factors:\n      - id: faults-explained",
    )
    text = path.read_text(encoding="utf-8").replace(
        "  - id: get-certificate\n",
        "  - id: show-theory-pass\n    title: Show the theory-test pass certificate\n    stage: in-service\n"
        "    channels: []\n    next: [get-certificate]\n  - id: get-certificate\n",
    )
    path.write_text(text, encoding="utf-8")
    _, findings = _json(capsys, str(path), "--show", "info")
    assert [f["rule"] for f in findings if f["subject"] == "show-theory-pass"] == ["BP201", "BP208"]


def test_a_wait_point_nothing_times_is_warned_at_its_flag(tmp_path, capsys):
    # candidates wait in the car while the examiner writes up the result: no time is set for it
    path = _slip(tmp_path, "emotion: 1\n    factors:", "emotion: 1\n    wait_point: true\n    factors:")
    _, findings = _json(capsys, str(path))
    [untimed] = [f for f in findings if f["rule"] == "BP275"]
    assert (untimed["subject"], untimed["line"], untimed["column"]) == ("hear-result", 86, 17)
    assert "duration: {standard: ..., tolerable: ..., unit: minutes}" in untimed["hint"]


def test_a_wait_point_timed_by_a_standard_on_its_factor_is_timed(tmp_path, capsys):
    # the waiting room has no duration once the designer drops it, but 'start-on-time' times the wait
    path = _slip(tmp_path, "duration: {standard: 10, tolerable: 20, unit: minutes}\n    physical", "physical")
    _, findings = _json(capsys, str(path))
    assert not [f for f in findings if f["rule"] == "BP275"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("95", "a share is a fraction of 1: write share: 0.95 for 95%"),
        ("'95%'", "a share is a fraction of 1: write share: 0.95 for 95%"),
        ("95%", "a share is a fraction of 1: write share: 0.95 for 95%"),
        ("1.5", "bring the value into the allowed range"),
    ],
    ids=["95", "quoted-95-percent", "95-percent", "1.5"],
)
def test_a_share_written_as_a_percentage_is_told_the_fraction(tmp_path, capsys, written, hint):
    path = _slip(
        tmp_path,
        "    share: 0.95\n    owner: Centre manager",
        f"    share: {written}\n    owner: Centre manager",
    )
    code, findings = _json(capsys, str(path))
    assert code == 1
    [error] = findings
    assert (error["rule"], error["line"], error["column"]) == ("BP003", 156, 12)
    assert error["hint"] == hint


def test_an_importance_written_as_a_percentage_is_told_the_fraction(tmp_path, capsys):
    path = _slip(tmp_path, "importance: 0.85\n", "importance: 85\n")
    _, [error] = _json(capsys, str(path))
    assert error["hint"] == "importance is a fraction of 1: write importance: 0.85 for 85%"


def test_an_importance_on_a_five_point_scale_is_not_read_as_a_percentage(tmp_path, capsys):
    path = _slip(tmp_path, "importance: 0.85\n", "importance: 5\n")
    _, [error] = _json(capsys, str(path))
    assert error["hint"] == "bring the value into the allowed range"


@pytest.mark.parametrize(("unit", "factor"), [("hours", 60), ("days", 1440)])
def test_a_delivery_timed_in_hours_is_told_to_write_minutes(tmp_path, unit, factor):
    """The florist's van takes hours; a moment's time is written in seconds or minutes."""
    from blueprint.io.load import read

    text = FLORIST.read_text(encoding="utf-8").replace(
        "duration: {standard: 180, tolerable: 240, unit: minutes}",
        f"duration: {{standard: 3, tolerable: 4, unit: {unit}}}",
    )
    path = tmp_path / "florist.yaml"
    path.write_text(text, encoding="utf-8")
    [error] = read(path).findings
    assert (error.rule, error.location.line, error.location.column) == ("BP003", 105, 49)
    assert error.hint == (
        f"a moment's or step's time is written in seconds or minutes: multiply the {unit} by {factor} "
        "and write unit: minutes"
    )


def test_a_stage_missing_two_elements_is_told_to_look_for_both(capsys):
    _, findings = _json(capsys, str(FLORIST))
    hints = {f["subject"]: f["hint"] for f in findings if f["rule"] == "BP207"}
    assert hints == {
        "call-shop": "look at the pre-service moments for what the hardware and people elements decide",
        "choose-flowers": "look at the in-service moments for what the hardware and software elements decide",
        "bouquet-arrives": "look at the post-service moments for what the people element decides",
    }


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "hint"),
    [
        (
            "    target: 5\n",
            "    target: 5 minutes\n",
            154,
            13,
            "write the number alone (target: 5) and its unit apart (unit: minutes)",
        ),
        (
            "target: 42\n",
            "target: 6 weeks\n",
            139,
            13,
            "write the number alone (target: 6) and its unit apart in unit: "
            "(seconds, minutes, hours, days, count, percent, score ...), converting it if needs be",
        ),
        (
            'comparator: "<="\n    target: 5\n',
            'comparator: "≤"\n    target: 5\n',
            153,
            17,
            "write '<=' for '≤'",
        ),
        (
            'comparator: "<="\n    target: 42\n',
            "comparator: ≥\n    target: 42\n",
            138,
            17,
            "write '>=' for '≥'",
        ),
        (
            'comparator: "<="\n    target: 5\n',
            'comparator: "="\n    target: 5\n',
            153,
            17,
            "write '==' for '='",
        ),
    ],
    ids=[
        "target-with-unit",
        "target-with-weeks",
        "less-or-equal-sign",
        "greater-or-equal-sign",
        "single-equals",
    ],
)
def test_a_figure_written_as_in_prose_is_told_how_to_split_it(tmp_path, capsys, old, new, line, column, hint):
    _, [error] = _json(capsys, str(_slip(tmp_path, old, new)))
    assert (error["rule"], error["line"], error["column"], error["hint"]) == ("BP003", line, column, hint)


def test_a_promise_claim_with_its_unit_in_the_value_is_told_to_split_it(tmp_path, capsys):
    path = _slip(
        tmp_path, "claims: {value: 5, unit: minutes, share: 0.95}", "claims: {value: 5 minutes, share: 0.95}"
    )
    _, findings = _json(capsys, str(path))
    [value] = [f for f in findings if f["rule"] == "BP003"]
    assert value["hint"] == "write the number alone (value: 5) and its unit apart (unit: minutes)"


_MOMENT_AS_FACTOR = "name a key factor here, e.g. one of its own: on-time-start"


@pytest.mark.parametrize(
    ("old", "new", "where", "message", "hint"),
    [
        (
            "factors: [on-time-start]\n",
            "factors: [arrive]\n",
            (149, 15),
            "'arrive' is a moment, not a key factor",
            _MOMENT_AS_FACTOR,
        ),
        (
            "steps: [call-candidate]\n",
            "steps: [arrive]\n",
            (150, 13),
            "'arrive' is a moment, not a step",
            "name a step here",
        ),
        (
            "metric: start-delay\n",
            "metric: start-on-time\n",
            (152, 13),
            "'start-on-time' is a standard, not a metric",
            "name a metric here",
        ),
    ],
    ids=["moment-named-as-factor", "moment-named-as-step", "standard-named-as-metric"],
)
def test_an_id_of_another_kind_where_a_reference_belongs_is_an_error(
    tmp_path, capsys, old, new, where, message, hint
):
    """The moment 'arrive' exists, but a standard's factors: names key factors only."""
    code, findings = _json(capsys, str(_slip(tmp_path, old, new)))
    assert code == 1
    [error] = [f for f in findings if f["severity"] == "error"]
    assert (error["rule"], error["line"], error["column"]) == ("BP006", *where)
    assert (error["message"], error["hint"]) == (message, hint)


@pytest.mark.parametrize(
    ("written", "word"),
    [("after-service", "post-service"), ("After sales", "post-service"), ("pre-sales", "pre-service")],
)
def test_a_stage_named_as_in_the_literature_is_told_blueprints_word(tmp_path, capsys, written, word):
    # 'after-service' is closer in spelling to 'pre-service' than to 'post-service'
    path = _slip(tmp_path, "stage: post-service\n    emotion: 2", f"stage: {written}\n    emotion: 2")
    _, [error] = _json(capsys, str(path))
    assert (error["line"], error["column"]) == (96, 12)
    assert error["hint"] == f"write {word!r}, Blueprint's word for {written!r}"


def test_a_key_indented_one_space_too_far_is_told_to_line_it_up(tmp_path, capsys):
    path = _slip(tmp_path, "faults marked\n    stage: in-service", "faults marked\n     stage: in-service")
    _, [error] = _json(capsys, str(path))
    assert (error["rule"], error["line"]) == ("BP001", 84)
    assert error["hint"] == (
        "this line is indented 5 spaces, the line before it 4: "
        "line 'stage:' up with the keys of the same record (4 spaces)"
    )
