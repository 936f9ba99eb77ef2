"""SERVQUAL: the three input shapes, the scores, reliability, and located errors for bad data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from blueprint.survey import (
    SurveyDataError,
    read_instrument,
    servqual,
    servqual_from_file,
    standard_instrument,
)
from blueprint.survey.instrument import NEGATIVE_1988, SERVQUAL_22, Scale
from blueprint.survey.reliability import cronbach_alpha, feldt_interval

DATA = Path(__file__).parent / "data" / "survey"


def wide(e: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    cols = {f"E{i + 1}": e[:, i] for i in range(e.shape[1])}
    cols.update({f"P{i + 1}": p[:, i] for i in range(p.shape[1])})
    return pd.DataFrame(cols)


@pytest.fixture
def answers() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    e = rng.integers(3, 8, (40, 22))
    p = np.clip(e - rng.integers(-2, 3, (40, 22)), 1, 7)
    return e, p


def test_standard_instrument_has_the_published_item_ranges():
    ranges = {
        "tangibles": range(1, 5),
        "reliability": range(5, 10),
        "responsiveness": range(10, 14),
        "assurance": range(14, 18),
        "empathy": range(18, 23),
    }
    for dim, items in ranges.items():
        assert [i for i, d in SERVQUAL_22.items() if d == dim] == [str(n) for n in items]
    assert sorted(NEGATIVE_1988, key=int) == [str(n) for n in (10, 11, 12, 13, 18, 19, 20, 21, 22)]


def test_wide_answers_give_item_dimension_and_overall_means(answers):
    e, p = answers
    result = servqual(wide(e, p))
    assert result.respondents == 40
    assert np.allclose(result.items["expectation"], e.mean(axis=0))
    assert np.allclose(result.items["gap"], (p - e).mean(axis=0))
    reliability = result.dimensions.set_index("dimension").loc["reliability"]
    assert reliability["gap"] == pytest.approx((p[:, 4:9] - e[:, 4:9]).mean())
    assert result.overall["unweighted"] == pytest.approx(result.dimensions["gap"].mean())
    assert result.overall["weighted"] == pytest.approx(result.overall["unweighted"])


def test_item_interval_is_the_paired_t_interval(answers):
    e, p = answers
    result = servqual(wide(e, p), confidence=0.90)
    d = p[:, 6] - e[:, 6]
    low, high = stats.t.interval(0.90, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
    row = result.items.set_index("item").loc["7"]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert row["sd_gap"] == pytest.approx(d.std(ddof=1))


def test_alpha_per_dimension_matches_the_formula_and_has_a_feldt_interval(answers):
    e, p = answers
    result = servqual(wide(e, p))
    x = e[:, 13:17].astype(float)
    k = x.shape[1]
    expected = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    row = result.dimensions.set_index("dimension").loc["assurance"]
    assert row["alpha_expectation"] == pytest.approx(expected)
    low, high = feldt_interval(expected, n=40, k=4)
    assert (row["alpha_expectation_low"], row["alpha_expectation_high"]) == pytest.approx((low, high))
    assert low < expected < high


def test_feldt_interval_uses_the_f_distribution():
    low, high = feldt_interval(0.8, n=100, k=5, confidence=0.95)
    assert low == pytest.approx(1 - 0.2 * stats.f.ppf(0.975, 99, 396))
    assert high == pytest.approx(1 - 0.2 * stats.f.ppf(0.025, 99, 396))


def test_alpha_is_undefined_for_one_item_or_constant_totals():
    assert np.isnan(cronbach_alpha(np.array([[1], [2], [3]])))
    assert np.isnan(cronbach_alpha(np.array([[3, 3], [3, 3]])))


def test_long_and_wide_answers_agree():
    by_long = servqual_from_file(DATA / "servqual-long.csv")
    by_wide = servqual_from_file(DATA / "servqual-wide.csv")
    pd.testing.assert_frame_equal(by_long.items, by_wide.items)
    pd.testing.assert_frame_equal(by_long.dimensions, by_wide.dimensions)


def test_gap_is_recomputed_and_never_copied_from_input():
    result = servqual_from_file(DATA / "servqual-means-gap-column.csv")
    assert list(result.items["gap"]) == pytest.approx([-0.5, -1.5, 0.5, 0.0, -1.0])
    assert 99 not in list(result.items["gap"])


def test_weights_must_cover_the_dimensions_and_sum_to_100(answers):
    data = wide(*answers)
    good = servqual(data, weights="tangibles=11,reliability=32,responsiveness=22,assurance=19,empathy=16")
    gaps = good.dimensions.set_index("dimension")["gap"]
    expected = 0.11 * gaps["tangibles"] + 0.32 * gaps["reliability"] + 0.22 * gaps["responsiveness"]
    expected += 0.19 * gaps["assurance"] + 0.16 * gaps["empathy"]
    assert good.overall["weighted"] == pytest.approx(expected)
    with pytest.raises(SurveyDataError, match="sum to 90"):
        servqual(data, weights="tangibles=10,reliability=30,responsiveness=20,assurance=20,empathy=10")
    with pytest.raises(SurveyDataError, match="no weight for empathy"):
        servqual(data, weights={"tangibles": 20, "reliability": 30, "responsiveness": 30, "assurance": 20})
    with pytest.raises(SurveyDataError, match="did you mean 'reliability'"):
        servqual(
            data,
            weights={"tangibles": 20, "reliabilty": 20, "responsiveness": 20, "assurance": 20, "empathy": 20},
        )
    with pytest.raises(SurveyDataError, match="0 or more"):
        servqual(
            data,
            weights={
                "tangibles": -20,
                "reliability": 60,
                "responsiveness": 20,
                "assurance": 20,
                "empathy": 20,
            },
        )


def test_1988_wording_reverse_scores_the_negative_items(answers):
    e, p = answers
    plain = servqual(wide(e, p))
    reversed_ = servqual(wide(e, p), wording=1988)
    item10 = reversed_.items.set_index("item").loc["10"]
    assert item10["expectation"] == pytest.approx(8 - e[:, 9].mean())
    assert item10["gap"] == pytest.approx(-plain.items.set_index("item").loc["10", "gap"])
    assert reversed_.items.set_index("item").loc["9", "gap"] == plain.items.set_index("item").loc["9", "gap"]


def test_other_scales_are_declared():
    rng = np.random.default_rng(5)
    e, p = rng.integers(1, 6, (10, 22)), rng.integers(1, 6, (10, 22))
    assert servqual(wide(e, p), scale="1-5").instrument.scale == Scale(1, 5)
    with pytest.raises(SurveyDataError, match="outside the scale 1-3"):
        servqual(wide(e, p), scale="1-3")


def test_custom_instrument_with_factors(tmp_path):
    (tmp_path / "items.csv").write_text(
        "item,dimension,factor\nQ1,tangibles,room-clean\nQ2,Reliability,bill-correct\n"
    )
    ins = read_instrument(tmp_path / "items.csv")
    assert ins.dimension_of == {"Q1": "tangibles", "Q2": "reliability"}
    data = pd.DataFrame({"EQ1": [6, 7, 5], "PQ1": [5, 6, 5], "EQ2": [7, 7, 6], "PQ2": [7, 6, 6]})
    result = servqual(data, instrument=ins)
    assert list(result.items["factor"]) == ["room-clean", "bill-correct"]
    assert list(result.dimensions["dimension"]) == ["tangibles", "reliability"]


def test_margin_says_whether_the_sample_is_large_enough(answers):
    result = servqual(wide(*answers), margin=0.05)
    assert result.overall["needed_for_margin"] > 40
    assert any("too few" in note for note in result.notes)


def test_json_has_the_documented_keys(answers):
    doc = servqual(
        wide(*answers), weights="tangibles=20,reliability=20,responsiveness=20,assurance=20,empathy=20"
    )
    data = doc.to_dict()
    assert data["version"] == 1
    assert {"item", "dimension", "expectation", "perception", "gap"} <= set(data["items"][0])
    assert {
        "dimension",
        "expectation",
        "perception",
        "gap",
        "weight",
        "n",
        "alpha_expectation",
        "alpha_perception",
    } <= set(data["dimensions"][0])
    assert {"unweighted", "weighted"} <= set(data["overall"])
    assert [d["dimension"] for d in data["dimensions"]] == [
        "tangibles",
        "reliability",
        "responsiveness",
        "assurance",
        "empathy",
    ]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("servqual-bad-out-of-scale.csv", "row 5, column P7: answer 9 is outside the scale 1-7"),
        ("servqual-bad-non-numeric.csv", "row 3, column E12: 'n/a' is not a number"),
        ("servqual-bad-missing-item.csv", "item 22 is missing"),
        ("servqual-bad-unbalanced.csv", "column E5: E5 has no matching P5"),
        ("servqual-bad-one-sided.csv", "row 4, column P9: blank while its expectation is answered"),
        ("servqual-bad-one-respondent.csv", "alpha needs at least two respondents"),
        ("servqual-bad-unknown-dimension.csv", "row 3, column dimension: unknown dimension 'reliabilty'"),
    ],
)
def test_bad_input_is_reported_with_its_location(fixture, expected):
    with pytest.raises(SurveyDataError) as info:
        servqual_from_file(DATA / fixture)
    assert expected in str(info.value)
    assert fixture in str(info.value)


def test_one_respondent_is_fine_without_alpha():
    result = servqual_from_file(DATA / "servqual-bad-one-respondent.csv", alpha=False)
    assert result.respondents == 1
    assert "alpha_expectation" not in result.dimensions.columns


def test_excel_export_is_read_and_errors_name_the_row(tmp_path):
    frame = pd.read_csv(DATA / "servqual-wide.csv")
    frame.to_excel(tmp_path / "export.xlsx", index=False)
    assert servqual_from_file(tmp_path / "export.xlsx").respondents == 6
    frame.loc[2, "E3"] = 8
    frame.to_excel(tmp_path / "bad.xlsx", index=False)
    with pytest.raises(SurveyDataError, match=r"bad.xlsx, row 4, column E3 \(D\): answer 8"):
        servqual_from_file(tmp_path / "bad.xlsx")


def test_parquet_and_semicolon_csv_are_read(tmp_path):
    frame = pd.read_csv(DATA / "servqual-wide.csv")
    frame.to_parquet(tmp_path / "export.parquet")
    frame.to_csv(tmp_path / "export-eu.csv", sep=";", index=False)
    expected = servqual(frame).items
    pd.testing.assert_frame_equal(servqual_from_file(tmp_path / "export.parquet").items, expected)
    pd.testing.assert_frame_equal(servqual_from_file(tmp_path / "export-eu.csv").items, expected)


def test_column_mapping_and_prefixes(tmp_path):
    frame = pd.read_csv(DATA / "servqual-wide.csv")
    renamed = frame.rename(columns=lambda c: c.replace("E", "exp_").replace("P", "perc_"))
    result = servqual(renamed, prefixes=("exp_", "perc_"))
    assert result.respondents == 6
    with pytest.raises(SurveyDataError, match="no SERVQUAL answers found"):
        servqual(renamed)


def test_blank_pairs_are_skipped_not_counted():
    e = np.array([[7.0] * 22, [6.0] * 22, [5.0] * 22])
    p = e - 1
    e[0, 3] = p[0, 3] = np.nan
    result = servqual(wide(e, p))
    assert result.items.set_index("item").loc["4", "n"] == 2
    assert result.items.set_index("item").loc["4", "expectation"] == pytest.approx(5.5)


def test_standard_instrument_rejects_unknown_wording():
    with pytest.raises(SurveyDataError, match="1988 or 1991"):
        standard_instrument(wording=2000)


GOOGLE_FORMS = DATA / "servqual-google-forms-bank.csv"  # timestamp, e-mail, E1-E4, P1-P4
GOOGLE_ITEMS = DATA / "servqual-google-forms-bank-items.csv"


def test_a_problem_names_the_files_header_not_the_name_it_was_read_as():
    # The e-mail column is the respondent; the guest who sent the form twice is found in "Email Address".
    with pytest.raises(SurveyDataError) as caught:
        servqual_from_file(
            GOOGLE_FORMS, instrument=read_instrument(GOOGLE_ITEMS), columns={"respondent": "Email Address"}
        )
    repeat = next(p for p in caught.value.problems if "again" in p.message)
    assert (repeat.row, repeat.column) == (4, "Email Address")
    assert "row 4, column Email Address: respondent ada@example.com answers again" in str(repeat)


def test_every_problem_of_an_export_is_reported_at_once(capsys):
    # Row 4 sends the form twice; row 5 has an "N/A", an 8 and a 0 on the 1-7 scale and a blank P4.
    # All five come in one run, so the export is fixed in one go, not one kind of problem per run.
    from blueprint.cli import main

    args = ["survey", "servqual", str(GOOGLE_FORMS), "--instrument", str(GOOGLE_ITEMS)]
    assert main([*args, "--columns", "respondent=Email Address"]) == 1
    err = capsys.readouterr().err
    assert "5 problems in the survey data" in err
    for place, what in [
        ("row 4, column Email Address", "respondent ada@example.com answers again"),
        ("row 5, column E1", "'N/A' is not a number"),
        ("row 5, column E2", "answer 8 is outside the scale 1-7"),
        ("row 5, column P2", "answer 0 is outside the scale 1-7"),
        ("row 5, column P4", "blank while its expectation is answered"),
    ]:
        assert f"servqual-google-forms-bank.csv, {place}: {what}" in err
    # The N/A cell is reported as text, not also as a blank beside an answered perception.
    assert "row 5, column E1: blank" not in err


def test_a_negative_alpha_names_the_item_that_runs_against_the_others():
    # Item 3 of this clinic survey asks "I waited too long": answered the other way round.
    # Unmarked, the dimension's alpha is negative; the note names item 3 and what to do.
    clinic = DATA / "servqual-clinic-worded-negatively.csv"
    plain = servqual_from_file(clinic, instrument=read_instrument(DATA / "servqual-clinic-items.csv"))
    dimension = plain.dimensions.iloc[0]
    assert dimension["alpha_expectation"] < 0 and dimension["alpha_perception"] < 0
    [e_note, p_note] = [n for n in plain.notes if "negative" in n]
    assert e_note.startswith("Cronbach's alpha of responsiveness expectation is negative (-0.57)")
    assert "item 3 runs against the others" in e_note and "mark it reversed" in e_note
    assert "item 3 runs against the others (reversed, alpha would be 0.98)" in p_note
    reversed_items = read_instrument(DATA / "servqual-clinic-items-reversed.csv")
    marked = servqual_from_file(clinic, instrument=reversed_items)
    assert marked.dimensions.iloc[0]["alpha_perception"] > 0.9
    assert not any("negative" in n for n in marked.notes)


def test_a_row_of_question_text_under_the_header_is_one_problem(tmp_path):
    lines = GOOGLE_FORMS.read_text(encoding="utf-8").splitlines()
    question = "Start,Email,Modern equipment,Appealing facilities,Neat staff,Materials,P1,P2,P3,P4"
    export = tmp_path / "qualtrics.csv"
    export.write_text("\n".join([lines[0], question, lines[1], lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(SurveyDataError) as caught:
        servqual_from_file(export, instrument=read_instrument(GOOGLE_ITEMS))
    [problem] = caught.value.problems
    assert problem.row == 2 and "a second header row" in problem.message and "delete row 2" in problem.hint


def test_an_item_no_one_answered_is_refused_not_scored_as_nan():
    # A question dropped from the form leaves E3 and P3 blank in every row: the dimension's gap and
    # the overall score were "nan" beside a confidence interval from the other items, exit 0.
    rows = ["E1,E2,E3,E4,P1,P2,P3,P4", "6,7,,5,5,6,,4", "7,6,,6,6,5,,5"]
    frame = pd.DataFrame([r.split(",") for r in rows[1:]], columns=rows[0].split(",")).replace("", None)
    with pytest.raises(SurveyDataError) as caught:
        servqual(frame, instrument=read_instrument(GOOGLE_ITEMS))
    [problem] = caught.value.problems
    assert problem.column == "E3" and problem.row is None
    assert "no respondent answered item 3 (E3 and P3 are blank in every row)" in problem.message
    assert "leave the item out of the instrument" in problem.hint


def test_a_title_line_above_a_csv_header_is_named_as_such(tmp_path):
    # Typed into a spreadsheet and saved as CSV: the title line comes with empty cells to the right.
    export = tmp_path / "paper.csv"
    export.write_text(
        "Patient survey November 2026,,,,\n,,,,\nPatient,E1,E2,P1,P2\npt1,6,7,5,6\n", encoding="utf-8"
    )
    with pytest.raises(SurveyDataError) as caught:
        servqual_from_file(export, instrument=read_instrument(GOOGLE_ITEMS))
    [problem] = caught.value.problems
    assert problem.row == 1
    assert "row 1 names one column ('Patient survey November 2026') and leaves 4 blank" in problem.message
    assert "if row 1 is a title, delete the rows above the header" in problem.hint
    # Two real columns left unnamed are still a repeated (blank) name to fix.
    blanks = tmp_path / "blanks.csv"
    blanks.write_text("E1,,,P1\n6,1,2,5\n", encoding="utf-8")
    with pytest.raises(SurveyDataError, match="2 columns have no name"):
        servqual_from_file(blanks)


def test_a_long_export_answering_an_item_twice_is_located_with_what_to_do():
    frame = pd.DataFrame(
        {
            "Guest": ["g1", "g1", "g2"],
            "item": ["1", "1", "1"],
            "expectation": [6, 5, 7],
            "perception": [5, 5, 6],
        }
    )
    frame.attrs["source"] = "hotel-long.csv"
    with pytest.raises(SurveyDataError) as caught:
        servqual(frame.rename(columns={"Guest": "respondent"}), instrument=read_instrument(GOOGLE_ITEMS))
    problem = caught.value.problems[0]
    assert problem.column == "respondent" and "was the form sent twice?" in problem.hint
