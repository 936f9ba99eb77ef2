"""Importance-performance analysis: quadrants, crosshairs, stated and derived importance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from blueprint.survey import SurveyDataError, ipa, ipa_from_file
from blueprint.survey.ipa import quadrant

DATA = Path(__file__).parent / "data" / "survey"


def test_quadrant_names_and_ties_count_as_high():
    assert quadrant(5, 3, 4, 4) == "concentrate here"
    assert quadrant(5, 5, 4, 4) == "keep up the good work"
    assert quadrant(3, 3, 4, 4) == "low priority"
    assert quadrant(3, 5, 4, 4) == "possible overkill"
    assert quadrant(4, 4, 4, 4) == "keep up the good work"
    assert quadrant(4, 3.9, 4, 4) == "concentrate here"


def test_mean_crosshair_is_the_mean_of_the_attribute_means():
    result = ipa_from_file(DATA / "ipa-means.csv")
    assert result.crosshair == pytest.approx(
        {"importance": (6.3 + 6.6 + 3.9 + 4.2) / 4, "performance": (4.9 + 6.2 + 5.9 + 4.5) / 4}
    )
    assert dict(zip(result.attributes["attribute"], result.attributes["quadrant"], strict=True)) == {
        "checkin-speed": "concentrate here",
        "room-clean": "keep up the good work",
        "payment-choice": "possible overkill",
        "wayfinding": "low priority",
    }


def test_midpoint_and_chosen_crosshairs():
    at_mid = ipa_from_file(DATA / "ipa-means.csv", crosshair="midpoint")
    assert at_mid.crosshair == {"importance": 4.0, "performance": 4.0}
    assert at_mid.attributes.set_index("attribute").loc["wayfinding", "quadrant"] == "keep up the good work"
    chosen = ipa_from_file(DATA / "ipa-means.csv", crosshair=(6.0, 6.0))
    assert chosen.crosshair_rule == "chosen"
    assert chosen.attributes.set_index("attribute").loc["room-clean", "quadrant"] == "keep up the good work"
    with pytest.raises(SurveyDataError, match="unknown crosshair"):
        ipa_from_file(DATA / "ipa-means.csv", crosshair="median")


@pytest.fixture
def respondents() -> pd.DataFrame:
    rng = np.random.default_rng(9)
    n = 120
    perf = {a: rng.integers(1, 8, n) for a in ("speed", "clean", "decor")}
    overall = np.clip(np.rint(0.7 * perf["speed"] + 0.3 * perf["clean"] + rng.normal(0, 0.5, n)), 1, 7)
    return pd.DataFrame({"respondent": range(n), **perf, "overall": overall})


def test_correlation_importance_from_wide_answers(respondents):
    result = ipa(respondents, importance="correlation")
    imp = result.attributes.set_index("attribute")["importance"]
    assert imp["speed"] == pytest.approx(np.corrcoef(respondents["speed"], respondents["overall"])[0, 1])
    assert imp["speed"] > imp["clean"] > imp["decor"]


def test_regression_importance_from_long_answers(respondents):
    long = respondents.melt(id_vars=["respondent", "overall"], var_name="attribute", value_name="performance")
    result = ipa(long, importance="regression")
    imp = result.attributes.set_index("attribute")["importance"]
    x = respondents[["speed", "clean", "decor"]].to_numpy(float)
    y = respondents["overall"].to_numpy(float)
    zx = (x - x.mean(0)) / x.std(0, ddof=1)
    beta = np.linalg.lstsq(zx, (y - y.mean()) / y.std(ddof=1), rcond=None)[0]
    assert list(imp[["speed", "clean", "decor"]]) == pytest.approx(list(beta))
    assert "regression" in result.notes[0]


def test_derived_importance_needs_overall_and_enough_respondents(respondents):
    with pytest.raises(SurveyDataError, match="needs an 'overall' satisfaction column"):
        ipa(respondents.drop(columns="overall"), importance="correlation")
    with pytest.raises(SurveyDataError, match="at least three respondents"):
        ipa(respondents.head(2), importance="correlation")


def test_stated_importance_errors_are_located():
    data = pd.DataFrame({"attribute": ["a", "b"], "importance": [5, "high"], "performance": [4, 4]})
    with pytest.raises(SurveyDataError, match="row 3, column importance: 'high' is not a number"):
        ipa(data)
    with pytest.raises(SurveyDataError, match="stated importance needs the column 'importance'"):
        ipa(pd.DataFrame({"attribute": ["a"], "performance": [4]}))


def test_json_shape():
    data = ipa_from_file(DATA / "ipa-means.csv").to_dict()
    assert data["version"] == 1 and data["importance"] == "stated"
    assert set(data["crosshair"]) == {"rule", "importance", "performance"}
    assert set(data["attributes"][0]) >= {"attribute", "importance", "performance", "quadrant"}


TWO_SCALES = DATA / "ipa-helpline-two-scales.csv"  # importance asked 1-5, performance rated 1-10


def test_importance_and_performance_on_different_scales_are_each_checked_and_kept():
    result = ipa_from_file(TWO_SCALES, scale="1-10", importance_scale="1-5")
    assert (result.scale.high, result.importance_scale.high) == (10, 5)
    data = result.to_dict()
    assert (data["scale"], data["importance_scale"]) == ([1, 10], [1, 5])
    # The midpoint crosshair sits in the middle of each axis's own scale.
    at_mid = ipa_from_file(TWO_SCALES, scale="1-10", importance_scale="1-5", crosshair="midpoint")
    assert at_mid.crosshair == {"importance": 3.0, "performance": 5.5}
    # An importance of 6 is off a 1-5 importance scale even though performance runs to 10.
    bad = pd.read_csv(TWO_SCALES).replace({"Importance": {1: 6}})
    with pytest.raises(SurveyDataError) as caught:
        ipa(bad, scale="1-10", importance_scale="1-5")
    problem = caught.value.problems[0]  # respondent 4 answered 1 too (row 12)
    assert (problem.row, problem.column) == (7, "Importance")  # the file's header
    assert "6 is outside the scale 1-5" in str(problem) and "--importance-scale" in str(problem)


def test_importance_answered_on_a_smaller_scale_than_declared_is_noted():
    # Read on one 1-10 scale, the importance answers never pass 5 while performance does: say so.
    result = ipa_from_file(TWO_SCALES, scale="1-10")
    assert any("--importance-scale 1-5" in note for note in result.notes)
    declared = ipa_from_file(TWO_SCALES, scale="1-10", importance_scale="1-5")
    assert not any("--importance-scale" in n for n in declared.notes)
    assert not any("--importance-scale" in n for n in ipa_from_file(DATA / "ipa-means.csv").notes)


def test_a_second_and_third_header_row_are_named_once_each_not_cell_by_cell():
    # Qualtrics puts the question text and its import ids under the header: two rows of text.
    # Each is one problem saying what it is and what to do; a lone N/A below is still its own.
    with pytest.raises(SurveyDataError) as caught:
        ipa_from_file(DATA / "ipa-qualtrics-hotel-spa.csv", scale="1-5")
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(2, None), (3, None), (6, "performance")]
    second, third, cell = caught.value.problems
    assert "text in every answer column (How important is this to you?" in second.message
    assert "a second header row" in second.message and "delete rows 2 and 3" in second.hint
    assert '{"ImportId":"QID2"}' in third.message
    assert "'N/A' is not a number" in cell.message


def test_an_attribute_no_one_rated_has_no_quadrant():
    data = pd.DataFrame(
        {
            "respondent": [1, 1, 2, 2],
            "attribute": ["a", "b", "a", "b"],
            "importance": [5, None, 4, None],
            "performance": [4, None, 4, None],
        }
    )
    result = ipa(data, scale="1-5")
    quadrants = result.attributes.set_index("attribute")["quadrant"]
    assert quadrants["a"] == "keep up the good work" and pd.isna(quadrants["b"])
    assert result.to_dict()["attributes"][1]["quadrant"] is None
    assert "b: no respondent rated it; it has no quadrant" in result.notes
