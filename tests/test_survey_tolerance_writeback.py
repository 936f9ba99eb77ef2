"""The tolerance survey's adequate level written back as customer_tolerance, so BP113 runs on data."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.survey import SurveyDataError, tolerance
from blueprint.survey.tolerance_writeback import apply_tolerance, tolerance_proposals
from conftest import DATA

CLINIC = DATA / "gap1" / "clinic-waiting.yaml"
MINUTES = DATA / "gap1" / "tolerance-waiting-minutes.csv"


@pytest.fixture
def clinic(tmp_path):
    return shutil.copy(CLINIC, tmp_path / "clinic-waiting.yaml")


def _bp113(capsys, path):
    main(["check", str(path), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    return [f["message"] for f in found if f["rule"] == "BP113"]


def test_proposal_then_write_back_and_bp113_runs_on_the_patients_tolerance(clinic, capsys):
    before = clinic.read_text(encoding="utf-8")
    assert _bp113(capsys, clinic) == []  # no tolerance on file: BP113 cannot judge the 3-minute target
    survey = ["survey", "tolerance", str(MINUTES), "--scale", "0-120"]
    args = [*survey, "--service", str(clinic), "--unit", "minutes"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert (
        "wait-to-be-called / waiting-time: customer_tolerance (none) -> <= 22.88 minutes  "
        "(adequate level of item W1, 40 respondents)"
    ) in out
    assert "not factors of" in out and "parking" in out
    assert clinic.read_text(encoding="utf-8") == before
    assert main([*args, "--write-back"]) == 0
    assert "wrote 1 customer tolerance(s)" in capsys.readouterr().out
    after = clinic.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before.splitlines()]
    assert added == [
        "        customer_tolerance:",
        '          comparator: "<="',
        "          value: 22.88",
        "          unit: minutes",
        '          source: "tolerance survey tolerance-waiting-minutes.csv, adequate level"',
    ]
    [message] = _bp113(capsys, clinic)
    assert message.startswith("target 3 minutes is 7.62667 times stricter than customers' tolerance of 22.88")
    # Proposing again: the file already holds it.
    assert main(args) == 0
    assert "no customer_tolerance would change" in capsys.readouterr().out


def test_levels_without_a_unit_or_service_are_refused_clearly(clinic, capsys):
    assert main(["survey", "tolerance", str(MINUTES), "--scale", "0-120", "--write-back"]) == 2
    assert "need --service SERVICE.yaml and --unit UNIT" in capsys.readouterr().err
    survey = ["survey", "tolerance", str(MINUTES), "--scale", "0-120"]
    bad_unit = [*survey, "--service", str(clinic), "--unit", "mins"]
    assert main(bad_unit) == 1
    assert "unknown unit 'mins'" in capsys.readouterr().err
    bad_map = [*bad_unit[:-1], "minutes", "--map", "parking=car-park"]
    assert main(bad_map) == 1
    assert "names factors the service does not have: car-park" in capsys.readouterr().err


def test_more_is_better_gives_a_lower_bound():
    service = load(CLINIC)
    # Share of prescriptions ready at the pharmacy, in percent: patients desire 99, accept 90.
    levels = {"item": ["W1"], "desired": [99.0], "adequate": [90.0], "perceived": [93.0]}
    zone = tolerance(pd.DataFrame(levels), scale="0-100")
    [change] = tolerance_proposals(zone, service, unit="percent")
    assert change.new == {"comparator": ">=", "value": 90.0, "unit": "percent"}
    assert apply_tolerance(service, [change]) == 1
    assert service.factors["waiting-time"].customer_tolerance.comparator.value == ">="
    with pytest.raises(SurveyDataError, match="unknown unit"):
        tolerance_proposals(zone, service, unit="per cent")
