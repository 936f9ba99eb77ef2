"""Sample size (Cochran) for means and proportions, with the finite population correction."""

from __future__ import annotations

import math

import pytest

from blueprint.survey import SurveyDataError, sample_size_mean, sample_size_proportion
from blueprint.survey.sample_size import z_for


def test_mean_formula_rounds_up():
    size = sample_size_mean(sd=1.2, margin=0.2)
    assert size.n0 == math.ceil((z_for(0.95) * 1.2 / 0.2) ** 2) == 139
    assert size.n == 139


def test_exact_results_are_not_pushed_up_by_rounding_noise():
    # (2 x 1.5 / 0.3)^2 is exactly 100; floating point must not make it 101.
    assert sample_size_mean(sd=1.5, margin=0.3, z=2.0).n0 == 100


def test_finite_population_correction():
    size = sample_size_mean(sd=1.0, margin=0.1, population=500)
    assert size.n0 == 385
    assert size.n == math.ceil(385 / (1 + 384 / 500))
    assert size.enough(size.n) and not size.enough(size.n - 1)


def test_higher_confidence_needs_more():
    assert sample_size_proportion(margin=0.05, confidence=0.99).n0 > sample_size_proportion(margin=0.05).n0
    assert z_for(0.99) == pytest.approx(2.5758, abs=1e-4)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sample_size_mean(sd=0, margin=0.1), "sd must be a positive number"),
        (lambda: sample_size_mean(sd=1, margin=-1), "margin must be a positive number"),
        (lambda: sample_size_proportion(p=1.5, margin=0.05), "between 0 and 1"),
        (lambda: sample_size_proportion(margin=0.05, confidence=95), "between 0 and 1"),
        (lambda: sample_size_proportion(margin=0.05, population=0), "at least 1"),
    ],
)
def test_bad_arguments_are_explained(call, message):
    with pytest.raises(SurveyDataError, match=message):
        call()


def test_the_response_rate_says_how_many_questionnaires_to_send(capsys):
    from blueprint.cli import main

    # A clinic of 800 patients, answers within ±0.2 on a 7-point scale (s = 1.2), one in four answering.
    size = sample_size_mean(sd=1.2, margin=0.2, population=800, response_rate=0.25)
    assert (size.n0, size.n, size.to_send) == (139, 119, 476)
    assert size.to_dict()["to_send"] == 476 and sample_size_mean(sd=1.2, margin=0.2).to_send is None
    assert main(["survey", "sample-size", "--sd", "1.2", "--margin", "0.2", "--population", "800",
                 "--response-rate", "0.25"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "send 476 questionnaires: 25% are expected to answer" in out
    assert "a bigger sample does not cure non-sampling error" in out


@pytest.mark.parametrize("rate", [0.0, 1.5, float("nan")])
def test_a_response_rate_outside_0_to_1_is_refused(rate):
    with pytest.raises(SurveyDataError, match="response rate"):
        sample_size_proportion(margin=0.05, response_rate=rate)


@pytest.mark.parametrize("margin", [5, 1, 10.0])
def test_a_proportion_margin_in_percent_is_refused_not_answered_with_one_response(margin, capsys):
    # "±5 %" typed as 5 would otherwise need 1 response: a wrong answer that looks like a result.
    with pytest.raises(SurveyDataError, match=r"a share: ±5 percentage points is 0\.05"):
        sample_size_proportion(margin=margin)
    from blueprint.cli import main

    assert main(["survey", "sample-size", "--proportion", "0.5", "--margin", str(margin)]) == 2
    err = capsys.readouterr().err
    assert "0.05" in err and "responses needed" not in err


@pytest.mark.parametrize("p", [0, 1, 0.0, 1.0])
def test_a_proportion_of_0_or_1_is_refused_as_it_would_need_no_survey(p):
    # p(1 - p) = 0 would answer "1 response": nothing is known about a share that is certain.
    with pytest.raises(SurveyDataError, match=r"between 0 and 1, not 0 or 1 itself.*0\.5 when unknown"):
        sample_size_proportion(p=p, margin=0.05)


def test_a_proportion_margin_below_one_is_still_answered_by_the_formula():
    # 1.96² · 0.1 · 0.9 / 0.03² = 384.15 → 385; the refusal is only for margins of a whole share or more.
    assert sample_size_proportion(p=0.1, margin=0.03).n0 == 385
    assert sample_size_proportion(p=0.5, margin=0.5).n0 == 4
