"""Zone of tolerance: MSA, MSS and the position of perception, per item and per dimension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from blueprint.survey import SurveyDataError, tolerance, tolerance_from_file
from blueprint.survey.tolerance import position

DATA = Path(__file__).parent / "data" / "survey"


@pytest.mark.parametrize(
    ("perceived", "expected"),
    [(4.9, "below"), (5.0, "within"), (6.0, "within"), (7.0, "within"), (7.1, "above")],
)
def test_position_includes_both_bounds(perceived, expected):
    assert position(perceived, adequate=5.0, desired=7.0) == expected


def test_item_means_give_msa_mss_and_position():
    result = tolerance_from_file(DATA / "tolerance-means.csv", scale="1-9")
    items = result.items.set_index("item")
    assert items.loc["1", "msa"] == pytest.approx(5.4 - 6.0)
    assert items.loc["1", "mss"] == pytest.approx(5.4 - 8.1)
    assert list(items["position"]) == ["below", "within", "above"]
    # Standard item numbers map to dimensions even without a dimension column.
    assert list(result.dimensions["dimension"]) == ["tangibles", "reliability"]
    tangibles = result.dimensions.set_index("dimension").loc["tangibles"]
    assert tangibles["perceived"] == pytest.approx((5.4 + 6.9) / 2)
    assert tangibles["msa"] == pytest.approx((5.4 + 6.9) / 2 - (6.0 + 5.8) / 2)


def test_respondent_answers_are_averaged_and_counted():
    data = pd.DataFrame(
        {
            "respondent": [1, 2, 1, 2],
            "item": ["a", "a", "b", "b"],
            "dimension": ["empathy", "empathy", "assurance", "assurance"],
            "desired": [7, 6, 7, None],  # respondent 2 skipped item b: all three levels blank
            "adequate": [5, 4, 6, None],
            "perceived": [6, 6, 5, None],
        }
    )
    result = tolerance(data)
    items = result.items.set_index("item")
    assert items.loc["a", "perceived"] == 6 and items.loc["a", "n"] == 2
    assert items.loc["b", "n"] == 1 and items.loc["b", "position"] == "below"
    assert result.respondents == 2
    assert list(result.dimensions["dimension"]) == ["assurance", "empathy"]


def test_items_without_dimensions_give_no_dimension_table():
    data = pd.DataFrame({"item": ["wifi"], "desired": [7], "adequate": [5], "perceived": [6]})
    result = tolerance(data)
    assert result.dimensions is None
    assert "dimensions" not in result.to_dict()


def test_inverted_zone_is_noted():
    data = pd.DataFrame({"item": ["1"], "desired": [4], "adequate": [6], "perceived": [5]})
    assert "inverted" in tolerance(data).notes[0]


def test_errors_are_located():
    data = pd.DataFrame({"item": ["1", "2"], "desired": [7, 12], "adequate": [5, 5], "perceived": [6, 6]})
    with pytest.raises(SurveyDataError, match="row 3, column desired: answer 12 is outside the scale 1-7"):
        tolerance(data)
    data = pd.DataFrame({"item": ["1", "1"], "desired": [7, 7], "adequate": [5, 5], "perceived": [6, 6]})
    with pytest.raises(SurveyDataError, match="row 3, column item: item '1' appears twice"):
        tolerance(data)
    data = pd.DataFrame({"item": ["1"], "desired": [7], "perceived": [6]})
    with pytest.raises(SurveyDataError, match="needs the column 'adequate'"):
        tolerance(data)


def test_json_shape():
    data = tolerance_from_file(DATA / "tolerance-means.csv", scale="1-9").to_dict()
    assert data["version"] == 1
    assert set(data["items"][0]) >= {"item", "desired", "adequate", "perceived", "msa", "mss", "position"}
    assert set(data["dimensions"][0]) >= {
        "dimension",
        "desired",
        "adequate",
        "perceived",
        "msa",
        "mss",
        "position",
    }


def test_an_item_answered_on_some_levels_only_is_located_not_mixed_into_the_means():
    # Patient 2 gave desired and adequate but no perceived level: averaged in, the MSA would take the
    # adequate of three patients from the perceived of two, a number that is no one's. Patient 4 left
    # an item wholly blank: skipped, as a pair left blank is in SERVQUAL.
    with pytest.raises(SurveyDataError) as caught:
        tolerance_from_file(DATA / "tolerance-dental-partial.csv", scale="1-9")
    found = [(p.row, p.column, p.message) for p in caught.value.problems]
    assert found == [
        (3, "Perceived", "blank while the other levels of this item are answered"),
        (6, "Adequate", "blank while the other levels of this item are answered"),
    ]
    assert "answer desired, adequate and perceived, or leave all three blank" in str(caught.value)
    whole = pd.read_csv(DATA / "tolerance-dental-partial.csv").drop(index=[1, 4])
    result = tolerance(whole, scale="1-9").items.set_index("item")
    assert result.loc["friendly-hygienist", "n"] == 2
    assert result.loc["friendly-hygienist", "msa"] == pytest.approx(7 - 5.5)


WAIT = DATA / "tolerance-dental-wait-minutes.csv"  # a wait asked in minutes (0-60) beside a rating


def test_a_wait_longer_than_acceptable_is_never_called_above_the_zone(capsys):
    # Desired 5 min, adequate 21.7, perceived 26.7: worse than acceptable. Read as "more is better",
    # the wait was "above the zone" (better than desired); undeclared, it now has no position.
    plain = tolerance_from_file(WAIT, scale="0-60").items.set_index("item")
    assert plain.loc["wait-minutes", "position"] == "inverted"
    assert plain.loc["friendly-hygienist", "position"] == "within"
    # Declared, less is better: MSA and MSS are taken the other way, so a negative MSA is still
    # below adequate, and the moments' ranking by MSA stays right.
    declared = tolerance_from_file(WAIT, scale="0-60", less_is_better=["wait-minutes"])
    wait = declared.items.set_index("item").loc["wait-minutes"]
    assert (wait["msa"], wait["mss"], wait["position"]) == pytest.approx((-5.0, -21.666667, "below"))
    assert not any("inverted" in note for note in declared.notes)
    from blueprint.cli import main

    assert main(["survey", "tolerance", str(WAIT), "--scale", "0-60"]) == 0
    out = capsys.readouterr().out
    assert "zone of tolerance: 2 items, 0 below, 1 within, 0 above the zone, 1 inverted" in out
    assert "--less-is-better wait-minutes" in out
    minutes = ["survey", "tolerance", str(WAIT), "--scale", "0-60", "--less-is-better"]
    assert main([*minutes, "wait-minutes"]) == 0
    assert "1 below, 1 within, 0 above the zone" in capsys.readouterr().out
    assert main([*minutes, "wait"]) == 1
    assert "no item 'wait'" in capsys.readouterr().err


def test_csv_and_json_give_the_same_numbers():
    # Minutes of waiting: 21.666667 in JSON was 21.6667 in CSV, and a sample-size z 1.95996 for 1.959964.
    import csv
    import io

    from blueprint.survey import sample_size_proportion
    from blueprint.survey.output import to_csv

    result = tolerance_from_file(WAIT, scale="0-60", less_is_better=["wait-minutes"])
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    for row, item in zip(rows, result.to_dict()["items"], strict=True):
        for key in ("desired", "adequate", "perceived", "msa", "mss"):
            assert float(row[key]) == item[key], (key, row[key], item[key])
    size = sample_size_proportion(margin=0.05)
    assert next(csv.DictReader(io.StringIO(to_csv(size))))["z"] == str(size.to_dict()["z"])


def test_an_item_no_one_answered_has_no_position():
    data = pd.DataFrame(
        {
            "respondent": [1, 1, 2, 2],
            "item": ["a", "b", "a", "b"],
            "desired": [7, None, 6, None],
            "adequate": [5, None, 4, None],
            "perceived": [6, None, 5, None],
        }
    )
    result = tolerance(data)
    items = result.items.set_index("item")
    assert items.loc["a", "position"] == "within" and pd.isna(items.loc["b", "position"])
    assert result.to_dict()["items"][1]["position"] is None
    assert "item b: no respondent answered it; it has no position" in result.notes
    assert "zone of tolerance: 2 items, 0 below, 1 within, 0 above the zone" in result.summary()[0]
