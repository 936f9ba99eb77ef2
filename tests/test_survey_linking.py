"""Survey results laid onto the service: gaps per factor and moment, and the BPM write-back."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pandas as pd
import pytest

import blueprint
from blueprint.model.examples import tiny_service
from blueprint.survey import (
    SurveyDataError,
    apply_bpm,
    bpm_proposals,
    gaps_by_factor,
    gaps_by_moment,
    item_map_from_service,
    kano,
    kano_from_file,
    servqual,
    tolerance,
)
from blueprint.survey.kano import pairs_frame
from blueprint.survey.writeback import describe, unmatched_attributes

ROOT = Path(__file__).parent.parent
HOTEL = ROOT / "standards" / "hotel-stay.yaml"
EXAMPLES = ROOT / "examples" / "data" / "survey"


@pytest.fixture
def hotel():
    return blueprint.load(HOTEL)


def test_item_map_comes_from_survey_evidence(hotel):
    mapping = item_map_from_service(hotel)
    assert mapping["Q4"] == "checkin-speed"
    assert mapping["Q13"] == "rs-on-time"
    assert all(f in hotel.factors for f in mapping.values())


def test_gaps_by_factor_and_moment_in_cycle_order(hotel):
    means = pd.DataFrame(
        {
            "item": ["Q4", "Q5", "Q13", "Q9"],
            "dimension": ["responsiveness", "empathy", "responsiveness", "tangibles"],
            "expectation": [6.4, 5.0, 6.0, 6.5],
            "perception": [5.0, 5.6, 4.4, 6.3],
        }
    )
    result = servqual(means)
    factors = gaps_by_factor(result, service=hotel)
    assert list(factors["factor"]) == ["checkin-speed", "welcome-by-name", "room-clean", "rs-on-time"]
    assert list(factors["moment"]) == ["check-in", "check-in", "room", "receive-food"]
    assert factors.set_index("factor").loc["rs-on-time", "gap"] == pytest.approx(-1.6)
    moments = gaps_by_moment(hotel, result).set_index("moment")
    assert moments.loc["check-in", "gap"] == pytest.approx((-1.4 + 0.6) / 2)
    assert moments.loc["check-in", "worst_factor"] == "checkin-speed"


def test_several_items_of_one_factor_are_averaged():
    means = pd.DataFrame({"item": ["1", "2"], "expectation": [6.0, 7.0], "perception": [5.0, 5.0]})
    factors = gaps_by_factor(
        servqual(means), {"1": "checkin-speed", "2": "checkin-speed"}, service=tiny_service()
    )
    row = factors.iloc[0]
    assert row["items"] == ["1", "2"] and row["gap"] == pytest.approx(-1.5)


def test_instrument_factor_column_is_used(hotel):
    frame = pd.read_csv(EXAMPLES / "servqual-hotel.csv")
    from blueprint.survey import read_instrument

    result = servqual(frame, instrument=read_instrument(EXAMPLES / "servqual-hotel-items.csv"))
    factors = gaps_by_factor(result, service=hotel)
    assert len(factors) == 22
    assert factors.sort_values("gap").iloc[0]["factor"] == "rs-on-time"


def test_zone_of_tolerance_links_too():
    data = pd.DataFrame({"item": ["1"], "desired": [7.0], "adequate": [5.0], "perceived": [4.0]})
    factors = gaps_by_factor(tolerance(data), {"1": "checkin-speed"}, service=tiny_service())
    assert factors.iloc[0]["position"] == "below"
    assert gaps_by_moment(tiny_service(), tolerance(data), {"1": "checkin-speed"}).iloc[0]["msa"] == -1.0


def test_unknown_factors_and_missing_links_are_errors():
    result = servqual(pd.DataFrame({"item": ["1"], "expectation": [6.0], "perception": [5.0]}))
    with pytest.raises(SurveyDataError, match="factors the service does not have: nope"):
        gaps_by_factor(result, {"1": "nope"}, service=tiny_service())
    with pytest.raises(SurveyDataError, match="no survey item is linked"):
        gaps_by_factor(result)


def test_bpm_proposals_list_only_changes(hotel):
    result = kano_from_file(EXAMPLES / "kano-hotel.csv")
    changes = bpm_proposals(result, hotel)
    assert {(c.factor, c.old, c.new) for c in changes} == {
        ("payment-choice", "performance", "indifferent"),
        ("welcome-by-name", "performance", "motivation"),
    }
    assert "check-out / payment-choice: bpm performance -> indifferent" in describe(changes, hotel)
    assert unmatched_attributes(result, hotel) == []


def test_attribute_mapping_and_unmatched_attributes():
    service = tiny_service()
    result = kano(pairs_frame("speed of check-in", [("like", "neutral")] * 3))
    assert bpm_proposals(result, service) == []
    assert unmatched_attributes(result, service) == ["speed of check-in"]
    changes = bpm_proposals(result, service, {"speed of check-in": "checkin-speed"})
    assert [(c.factor, c.new) for c in changes] == [("checkin-speed", "motivation")]
    with pytest.raises(SurveyDataError, match="factors the service does not have"):
        bpm_proposals(result, service, {"speed of check-in": "missing"})


def test_write_back_saves_only_the_accepted_lines(tmp_path):
    from blueprint.io.save import save

    target = tmp_path / "hotel-stay.yaml"
    shutil.copy(HOTEL, target)
    before = target.read_text(encoding="utf-8")
    service = blueprint.load(target)
    changes = bpm_proposals(kano_from_file(EXAMPLES / "kano-hotel.csv"), service)
    assert apply_bpm(service, changes) == 2
    save(service)
    after = target.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 4
    assert any("indifferent" in line for line in changed if line.startswith("+"))
    reloaded = blueprint.load(target)
    assert reloaded.factors["welcome-by-name"].bpm.value == "motivation"
    assert reloaded.factors["payment-choice"].bpm.value == "indifferent"
