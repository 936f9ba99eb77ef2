"""Kano from a form's export: a row per respondent, each attribute's two questions in columns of their own."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from blueprint.cli import main
from blueprint.survey import SurveyDataError, kano
from blueprint.survey.kano import pairs_frame
from blueprint.survey.kano_columns import question_pairs

# A form tool's header: the questions as asked, with commas and brackets, after a timestamp and an id.
HEADER = [
    "Timestamp",
    "Respondent ID",
    "If your car is ready when promised, how do you feel?",
    "If your car is NOT ready when promised, how do you feel?",
    "If we wash the car [free], how do you feel?",
    "If we do not wash the car, how do you feel?",
]
# Each respondent's pairs: (ready on time), (free wash).
ANSWERS = [
    (("It must be that way", "I dislike it that way"), ("I like it that way", "I am neutral")),
    (("It must be that way", "I dislike it that way"), ("I like it that way", "I can live with it that way")),
    (("I like it that way", "I dislike it that way"), ("I am neutral", "I am neutral")),
    (("It must be that way", "I dislike it that way"), ("I like it that way", "I am neutral")),
    (("I am neutral", "I dislike it that way"), ("", "")),  # skipped the wash questions
]
FUNCTIONAL = f"on-time={HEADER[2]},free-wash={HEADER[4]}"
DYSFUNCTIONAL = f"on-time={HEADER[3]},free-wash={HEADER[5]}"


def _export(path, answers=ANSWERS):
    rows = [
        [f"2026-11-{i + 1:02d} 17:2{i}", f"R{i + 1}", *ready, *wash]
        for i, (ready, wash) in enumerate(answers)
    ]
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False)
    return path


def _run(capsys, *argv):
    code = main(["survey", "kano", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_column_per_question_gives_what_the_same_answers_give_in_rows(tmp_path, capsys):
    path = _export(tmp_path / "form.csv")
    code, out, err = _run(capsys, str(path), "--functional", FUNCTIONAL, "--dysfunctional", DYSFUNCTIONAL,
                          "--format", "json")  # fmt: skip
    assert code == 0, err
    got = {a["attribute"]: a for a in json.loads(out)["attributes"]}
    # By hand, with the Kano table: on time, must-be/dislike is M (respondents 1, 2, 4), like/dislike
    # O (3), neutral/dislike M (5): M4 O1. The wash: like/neutral A (1, 4), like/live-with A (2),
    # neutral/neutral I (3), and respondent 5 skipped both questions: A3 I1 of 4.
    assert (got["on-time"]["counts"]["M"], got["on-time"]["counts"]["O"], got["on-time"]["category"]) == (
        4,
        1,
        "M",
    )
    assert (got["free-wash"]["counts"]["A"], got["free-wash"]["counts"]["I"], got["free-wash"]["n"]) == (
        3,
        1,
        4,
    )
    assert got["free-wash"]["skipped"] == 1  # never dropped without a word
    rows = pd.concat(
        [
            pairs_frame("on-time", [ready for ready, _ in ANSWERS]),
            pairs_frame("free-wash", [wash for _, wash in ANSWERS if wash[0]]),
        ]
    )
    long = kano(rows).attributes.set_index("attribute")
    for attribute, found in got.items():
        assert [found["counts"][c] for c in "AOMIRQ"] == [long.loc[attribute, c] for c in "AOMIRQ"]
        assert (found["n"], found["category"]) == (long.loc[attribute, "n"], long.loc[attribute, "category"])
        assert (found["better"], found["worse"]) == pytest.approx(
            (long.loc[attribute, "better"], long.loc[attribute, "worse"])
        )


def test_an_answer_that_is_none_names_the_question_s_column_and_the_sheet_row(tmp_path, capsys):
    answers = [
        *ANSWERS[:2],
        (("It must be that way", "Dislike it a lot"), ("I like it that way", "I am neutral")),
    ]
    path = _export(tmp_path / "form.csv", answers)
    code, out, err = _run(capsys, str(path), "--functional", FUNCTIONAL, "--dysfunctional", DYSFUNCTIONAL)
    assert code == 1 and out == ""
    assert "form.csv, row 4" in err  # the header is row 1: the third respondent
    assert HEADER[3] in err and "'Dislike it a lot' is not a Kano answer" in err


def test_one_question_of_a_pair_left_blank_names_both_columns(tmp_path, capsys):
    answers = [*ANSWERS[:1], (("It must be that way", "I dislike it that way"), ("I like it that way", ""))]
    path = _export(tmp_path / "form.csv", answers)
    code, _, err = _run(capsys, str(path), "--functional", FUNCTIONAL, "--dysfunctional", DYSFUNCTIONAL)
    assert code == 1
    assert "row 3" in err and HEADER[5] in err and "blank while its pair is answered" in err
    assert HEADER[4] in err  # the fix names the pair


def test_a_question_column_the_file_lacks_is_named_with_the_header(tmp_path, capsys):
    path = _export(tmp_path / "form.csv")
    code, _, err = _run(capsys, str(path), "--functional", FUNCTIONAL.replace("[free]", "(free)"),
                        "--dysfunctional", DYSFUNCTIONAL)  # fmt: skip
    assert code == 1
    assert "form.csv, row 1: no column 'If we wash the car (free), how do you feel?'" in err
    assert HEADER[4] in err  # the header, to copy from


def test_a_wide_export_without_the_pairs_says_how_to_name_them(tmp_path, capsys):
    code, _, err = _run(capsys, str(_export(tmp_path / "form.csv")))
    assert code == 1
    assert err.count("row 1") == 1  # one problem, not three for each long column
    assert "--functional ATTRIBUTE=COLUMN" in err and "--dysfunctional" in err and HEADER[2] in err


@pytest.mark.parametrize(
    ("functional", "dysfunctional", "said"),
    [
        ("a=Q1,b=Q3", "a=Q2", "b (only in --functional)"),
        ("a=Q1", "a=Q2,c=Q4", "c (only in --dysfunctional)"),
        ("a=Q1,b=Q1", "a=Q2,b=Q4", "'Q1' is given for a and for b"),
        ("a=Q1", "a=Q1", "'Q1' is given for a and for a"),
    ],
)
def test_pairs_that_cannot_be_read_are_refused_saying_why(functional, dysfunctional, said):
    with pytest.raises(SurveyDataError, match=said.replace("(", r"\(").replace(")", r"\)")):
        question_pairs(functional, dysfunctional)


def test_a_respondent_whose_row_was_sent_twice_is_refused_not_counted_twice(tmp_path, capsys):
    path = _export(tmp_path / "form.csv", [*ANSWERS[:3], ANSWERS[1]])
    frame = pd.read_csv(path)
    frame.loc[3, "Respondent ID"] = "R2"
    frame.to_csv(path, index=False)
    code, _, err = _run(capsys, str(path), "--functional", FUNCTIONAL, "--dysfunctional", DYSFUNCTIONAL,
                        "--columns", "respondent=Respondent ID")  # fmt: skip
    assert code == 1
    assert "form.csv, row 5" in err and "respondent R2 answers again (first in row 3)" in err
