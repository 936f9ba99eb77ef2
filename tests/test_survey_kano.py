"""Kano: answers as words or numbers, both evaluation tables, both category rules, ties, coefficients."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from blueprint.model.examples import tiny_service
from blueprint.survey import SurveyDataError, classify_pairs, kano, kano_from_file
from blueprint.survey.kano import ANSWERS, BPM_OF, CATEGORIES, answer_code, pairs_frame

DATA = Path(__file__).parent / "data" / "survey"


def category(functional: str, dysfunctional: str, table: str = "kano") -> str:
    code = classify_pairs(np.array([answer_code(functional)]), np.array([answer_code(dysfunctional)]), table)
    return CATEGORIES[int(code[0])]


@pytest.mark.parametrize(
    ("functional", "dysfunctional", "expected"),
    [
        ("like", "dislike", "O"),
        ("like", "neutral", "A"),
        ("like", "live-with", "A"),
        ("must-be", "dislike", "M"),
        ("live-with", "dislike", "M"),
        ("neutral", "neutral", "I"),
        ("dislike", "like", "R"),
        ("like", "like", "Q"),
        ("dislike", "dislike", "Q"),
    ],
)
def test_standard_table_cells(functional, dysfunctional, expected):
    assert category(functional, dysfunctional) == expected


def test_pouliot_table_differs_only_on_contradictory_middle_answers():
    differ = [(f, d) for f in ANSWERS for d in ANSWERS if category(f, d) != category(f, d, "pouliot")]
    assert differ == [("must-be", "must-be"), ("live-with", "live-with")]
    assert category("must-be", "must-be", "pouliot") == "Q"


def test_words_numbers_and_usual_phrasings_are_the_same_answers():
    assert (
        kano_from_file(DATA / "kano-words.csv").to_dict()
        == kano_from_file(DATA / "kano-numbers.csv").to_dict()
    )
    assert [
        answer_code(x) for x in ("I like it", "Expect", "I am neutral", "I can tolerate it", "DISLIKE")
    ] == [0, 1, 2, 3, 4]
    assert answer_code("love it") is None and answer_code(6) is None


def test_counts_category_coefficients_and_bpm():
    result = kano_from_file(DATA / "kano-words.csv").attributes.set_index("attribute")
    wifi = result.loc["wifi"]
    assert (wifi["O"], wifi["M"], wifi["n"]) == (2, 1, 3)
    assert wifi["category"] == "O" and wifi["bpm"] == "performance"
    assert wifi["better"] == pytest.approx(2 / 3) and wifi["worse"] == pytest.approx(-1.0)
    late = result.loc["late-checkout"]
    assert (late["A"], late["I"], late["category"], late["bpm"]) == (2, 1, "A", "motivation")


def test_berger_rule_and_most_frequent_can_disagree():
    # I is the single most frequent answer, but A+O+M outnumber I+R+Q: Berger picks among A, O, M.
    pairs = [("neutral", "neutral")] * 4 + [("like", "neutral")] * 3 + [("like", "dislike")] * 3
    berger = kano(pairs_frame("spa", pairs)).attributes.iloc[0]
    frequent = kano(pairs_frame("spa", pairs), rule="frequent").attributes.iloc[0]
    assert berger["category"] == "O" and berger["tied"] == ["O", "A"]
    assert frequent["category"] == "I" and frequent["tied"] == []


def test_ties_are_reported_and_broken_m_o_a_i():
    pairs = [("like", "dislike")] * 2 + [("must-be", "dislike")] * 2
    row = kano(pairs_frame("bar", pairs)).attributes.iloc[0]
    assert row["category"] == "M" and row["tied"] == ["M", "O"]
    assert "ties" in kano(pairs_frame("bar", pairs)).summary()[1]


def test_level_groups_follow_the_rule_and_are_flagged():
    pairs = [("like", "dislike")] * 2 + [("neutral", "neutral")] * 2
    row = kano(pairs_frame("gym", pairs)).attributes.iloc[0]
    assert row["category"] == "I"
    assert row["tied"] == ["O", "I"]


def test_questionable_category_proposes_no_bpm():
    row = kano(pairs_frame("x", [("like", "like")] * 3)).attributes.iloc[0]
    assert row["category"] == "Q" and row["bpm"] is None
    assert np.isnan(row["better"])


def test_blank_pairs_are_skipped_one_blank_is_an_error():
    frame = pairs_frame("wifi", [("like", "dislike"), (None, None), ("must-be", "dislike")])
    assert kano(frame).attributes.iloc[0]["n"] == 2
    with pytest.raises(
        SurveyDataError, match="row 3, column dysfunctional: blank while its pair is answered"
    ):
        kano(pairs_frame("wifi", [("like", "dislike"), ("like", None)]))


def test_bad_answers_are_located():
    with pytest.raises(SurveyDataError) as info:
        kano_from_file(DATA / "kano-bad-answer.csv")
    text = str(info.value)
    assert "kano-bad-answer.csv, row 3, column functional: 'love it' is not a Kano answer" in text
    assert "row 4, column dysfunctional: '6' is not a Kano answer" in text


def test_a_respondent_answering_twice_is_an_error():
    frame = pd.DataFrame(
        {
            "respondent": [1, 1],
            "attribute": ["wifi", "wifi"],
            "functional": ["like", "like"],
            "dysfunctional": ["dislike", "dislike"],
        }
    )
    with pytest.raises(SurveyDataError, match="respondent 1 answers 'wifi' more than once"):
        kano(frame)


def test_unknown_rule_or_table_is_refused():
    with pytest.raises(SurveyDataError, match="unknown rule"):
        kano(pairs_frame("a", [("like", "dislike")]), rule="mode")
    with pytest.raises(SurveyDataError, match="unknown evaluation table"):
        kano(pairs_frame("a", [("like", "dislike")]), table="mine")


def test_json_shape():
    data = kano_from_file(DATA / "kano-words.csv").to_dict()
    assert data["version"] == 1
    first = data["attributes"][0]
    assert set(first) >= {"attribute", "counts", "category", "better", "worse", "bpm"}
    assert list(first["counts"]) == ["A", "O", "M", "I", "R", "Q"]


def test_bpm_mapping():
    assert BPM_OF == {
        "M": "basic",
        "O": "performance",
        "A": "motivation",
        "I": "indifferent",
        "R": "reverse",
        "Q": None,
    }


def test_respondents_who_skip_an_attribute_are_counted_not_dropped():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "respondent": [1, 2, 3, 1, 2, 3],
            "attribute": ["wifi", "wifi", "wifi", "pool", "pool", "pool"],
            "functional": ["like", "like", None, "must-be", None, None],
            "dysfunctional": ["dislike", "live-with", None, "dislike", None, None],
        }
    )
    rows = {r["attribute"]: r for r in kano(frame).to_dict()["attributes"]}
    assert (rows["wifi"]["n"], rows["wifi"]["skipped"]) == (2, 1)
    assert (rows["pool"]["n"], rows["pool"]["skipped"]) == (1, 2)
    assert sum(rows["pool"]["counts"].values()) == rows["pool"]["n"]


def test_answers_without_an_attribute_are_a_located_problem(tmp_path):
    path = tmp_path / "kano.csv"
    path.write_text("respondent,attribute,functional,dysfunctional\n1,wifi,like,dislike\n2,,like,neutral\n")
    with pytest.raises(SurveyDataError) as raised:
        kano_from_file(path)
    (problem,) = raised.value.problems
    assert (problem.source, problem.row, problem.column) == (str(path), 3, "attribute")
    assert "without an attribute" in problem.message


def test_the_questionnaires_own_wording_and_chinese_labels_are_answers():
    # Kano et al.'s options as forms print them ("I like it that way", full stop and all)...
    forms = kano_from_file(DATA / "kano-forms-that-way.csv").attributes.set_index("attribute")
    row = forms.loc["free-parking"]
    assert (row["O"], row["M"], row["I"], row["n"]) == (1, 1, 2, 4)
    # ...and a Chinese questionnaire's five options (我很喜欢 ... 我很不喜欢).
    zh = kano_from_file(DATA / "kano-clinic-zh.csv").attributes.set_index("attribute")
    assert (zh.loc["online-booking", "A"], zh.loc["online-booking", "M"]) == (2, 1)
    assert zh.loc["clean-toilets", "category"] == "M" and zh.loc["clean-toilets", "M"] == 3
    assert [answer_code(a) for a in ("喜欢", "理所当然", "无所谓", "能忍受", "不喜欢")] == [0, 1, 2, 3, 4]
    assert answer_code("I like it that way, sort of") is None


def test_a_category_not_clearly_ahead_of_the_next_is_flagged_by_fongs_test():
    # Fong (1996): the top two counts a and b differ significantly (90 %) when
    # |a - b| >= 1.65 * sqrt((a + b)(2n - a - b) / 2n).
    one = kano(pairs_frame("free-parking", [("like", "dislike")]))  # O1 of 1: 1.17 needed
    row = one.attributes.iloc[0]
    assert row["category"] == "O" and not row["significant"]
    [note] = one.notes
    assert note.startswith(
        "free-parking: O is not clearly ahead of the next category (O1 against 0 of 1 answer"
    )
    assert "Fong's test, 90 %: a lead of 1 needs 1.17" in note and "ask more customers" in note
    assert one.to_dict()["attributes"][0]["significant"] is False and one.to_dict()["notes"] == [note]
    # 8 must-be against 2 one-dimensional of 10: 6 >= 1.65 * sqrt(10 * 10 / 20) = 3.69.
    clear = kano(pairs_frame("wifi", [("neutral", "dislike")] * 8 + [("like", "dislike")] * 2))
    assert bool(clear.attributes.iloc[0]["significant"]) and clear.notes == []
    # 5 against 3 of 8: 2 < 1.65 * sqrt(8 * 8 / 16) = 3.3.
    close = kano(pairs_frame("spa", [("neutral", "dislike")] * 5 + [("like", "dislike")] * 3))
    assert not close.attributes.iloc[0]["significant"]
    assert "(M5 against O3 of 8 answers" in close.notes[0]


def test_a_bpm_proposal_from_a_category_that_is_not_significant_says_so():
    from blueprint.survey.writeback import bpm_proposals, describe

    service = tiny_service()
    factor = next(iter(service.factors))
    result = kano(pairs_frame(factor, [("like", "neutral")]))
    [change] = bpm_proposals(result, service)
    assert not change.significant and change.to_dict()["significant"] is False
    assert "not significant (Fong's test): ask more customers before accepting" in describe([change])


def test_an_attribute_no_one_answered_has_no_category_and_no_traceback():
    data = pd.DataFrame(
        {
            "respondent": [1, 1],
            "attribute": ["a", "b"],
            "functional": ["like", None],
            "dysfunctional": ["dislike", None],
        }
    )
    result = kano(data)
    rows = result.to_dict()["attributes"]
    assert (rows[1]["attribute"], rows[1]["category"], rows[1]["n"], rows[1]["skipped"]) == ("b", None, 0, 1)
    assert rows[1]["significant"] is None
    assert [n.split(":")[0] for n in result.notes] == ["a"]


def test_a_respondent_answering_twice_is_located_in_the_files_column(tmp_path):
    export = tmp_path / "kano.csv"
    export.write_text(
        "Guest e-mail,attribute,functional,dysfunctional\n"
        "ana@example.com,late-checkout,like,neutral\n"
        "ana@example.com,late-checkout,must-be,dislike\n",
        encoding="utf-8",
    )
    with pytest.raises(SurveyDataError) as caught:
        kano_from_file(export, columns={"respondent": "Guest e-mail"})
    problem = caught.value.problems[-1]
    assert (problem.row, problem.column) == (3, "Guest e-mail")
    assert "was the form sent twice?" in problem.hint
