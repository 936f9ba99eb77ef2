"""Properties that must hold for any data: order invariance, equal weights, Kano counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from blueprint.survey import kano, servqual
from blueprint.survey.kano import ANSWERS

answers = hnp.arrays(np.int64, st.tuples(st.integers(2, 25), st.just(44)), elements=st.integers(1, 7))


def wide(block: np.ndarray) -> pd.DataFrame:
    names = [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)]
    return pd.DataFrame(block, columns=names)


@settings(max_examples=40, deadline=None)
@given(answers, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_respondent_order(block, rnd):
    order = list(range(len(block)))
    rnd.shuffle(order)
    first, second = servqual(wide(block)), servqual(wide(block[order]))
    for column in ("expectation", "perception", "gap", "sd_gap", "ci_low", "ci_high"):
        assert np.allclose(first.items[column], second.items[column], equal_nan=True)
    for column in ("gap", "alpha_expectation", "alpha_perception"):
        assert np.allclose(first.dimensions[column], second.dimensions[column], equal_nan=True)
    assert np.isclose(first.overall["weighted"], second.overall["weighted"])


@settings(max_examples=40, deadline=None)
@given(answers)
def test_equal_weights_give_the_unweighted_score(block):
    result = servqual(
        wide(block),
        weights={d: 20 for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")},
    )
    assert np.isclose(result.overall["weighted"], result.overall["unweighted"])
    assert np.isclose(result.overall["unweighted"], result.dimensions["gap"].mean())


pairs = st.lists(
    st.tuples(st.sampled_from(["wifi", "spa", "bar"]), st.sampled_from(ANSWERS), st.sampled_from(ANSWERS)),
    min_size=1,
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(pairs, st.sampled_from(["berger", "frequent"]), st.sampled_from(["kano", "pouliot"]))
def test_kano_counts_sum_to_the_respondents(rows, rule, table):
    frame = pd.DataFrame(rows, columns=["attribute", "functional", "dysfunctional"])
    result = kano(frame, rule=rule, table=table).attributes.set_index("attribute")
    expected = frame["attribute"].value_counts()
    for attribute, n in expected.items():
        assert result.loc[attribute, ["A", "O", "M", "I", "R", "Q"]].sum() == n == result.loc[attribute, "n"]
        assert result.loc[attribute, "category"] in ("A", "O", "M", "I", "R", "Q")


@settings(max_examples=40, deadline=None)
@given(pairs)
def test_kano_better_and_worse_stay_in_range(rows):
    frame = pd.DataFrame(rows, columns=["attribute", "functional", "dysfunctional"])
    result = kano(frame).attributes
    better, worse = result["better"].dropna(), result["worse"].dropna()
    assert ((better >= 0) & (better <= 1)).all() and ((worse >= -1) & (worse <= 0)).all()
