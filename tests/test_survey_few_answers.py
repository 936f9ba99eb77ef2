"""Results drawn from few answers say so: their number of answers, their interval, an evidence word.

The material is a bank branch's SERVQUAL export where only three of twelve
customers had a mortgage talk (and loved it), written for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from blueprint.cli import main
from blueprint.survey import servqual, servqual_from_file
from blueprint.survey.precision import MIN_ANSWERS, combined_interval, evidence
from blueprint.survey.reliability import paired_interval

DATA = Path(__file__).parent / "data" / "survey"
BANK = DATA / "servqual-bank-branch-few-mortgage.csv"
BANK_ITEMS = DATA / "servqual-bank-branch-items.csv"
BANK_COLUMNS = {"respondent": "Customer No", "item": "Question", "expectation": "Expected",
                "perception": "Got"}  # fmt: skip


@pytest.fixture(scope="module")
def bank():
    return servqual_from_file(BANK, instrument=BANK_ITEMS, columns=BANK_COLUMNS, alpha=False)


def test_every_interval_holds_the_gap_it_is_printed_beside_when_items_were_skipped(bank):
    # assurance mixes staff-knowledge (12 answers) and mortgage-advice (3): its gap is the mean
    # of the two item gaps, and so must its interval be, not that of the respondents' own scores.
    for row in bank.dimensions.itertuples():
        assert row.ci_low <= row.gap <= row.ci_high, row.dimension
    overall = bank.overall
    assert overall["ci_low"] <= overall["unweighted"] <= overall["ci_high"]


def test_an_item_with_fewer_than_the_minimum_answers_gives_no_verdict(bank):
    items = bank.items.set_index("item")
    mortgage = items.loc["mortgage-advice"]
    assert mortgage["n"] == 3 < MIN_ANSWERS
    # three identical answers give an interval of zero width: still no evidence
    assert mortgage["evidence"] == "too few answers"
    assert mortgage["significant"] is None
    assert items.loc["counter-wait", "evidence"] == "shown"
    assert items.loc["counter-wait", "significant"] is True
    assert items.loc["branch-tidy", "evidence"] == "not shown"
    assert items.loc["branch-tidy", "significant"] is False
    dims = bank.dimensions.set_index("dimension")
    assert dims.loc["assurance", "fewest_answers"] == 3
    assert dims.loc["assurance", "evidence"] == "too few answers"
    assert bank.overall["evidence"] == "too few answers"
    notes = "\n".join(bank.notes)
    assert "item mortgage-advice: its gap (+1.00) rests on 3 answers, fewer than 5" in notes
    assert "assurance: its gap (+0.17) rests partly on an item with 3 answers" in notes
    assert "not shown to differ from 0 at 95% confidence" in notes
    assert "item branch-tidy -0.08 [-0.51, +0.34]" in notes


def test_the_combined_interval_is_the_paired_interval_when_everyone_answered_everything():
    rng = np.random.default_rng(5)
    gaps = rng.integers(-3, 3, (30, 4)).astype(float)
    estimate, low, high, fewest = combined_interval(gaps, np.full(4, 0.25), 0.95)
    mean, _, plow, phigh, n = paired_interval(gaps.mean(axis=1))
    assert fewest == n == 30
    assert (estimate, low, high) == pytest.approx((mean, plow, phigh))


def test_a_skipped_item_widens_the_interval_and_counts_its_own_answers():
    rng = np.random.default_rng(8)
    gaps = rng.normal(-0.5, 1.0, (40, 2))
    _, low, high, _ = combined_interval(gaps, np.array([0.5, 0.5]), 0.95)
    gaps[6:, 1] = np.nan  # only six answered the second item
    estimate, low6, high6, fewest = combined_interval(gaps, np.array([0.5, 0.5]), 0.95)
    assert fewest == 6
    assert estimate == pytest.approx((gaps[:, 0].mean() + gaps[:6, 1].mean()) / 2)
    assert high6 - low6 > high - low
    assert low6 <= estimate <= high6


def test_evidence_words():
    assert evidence(None, -1, 1) is None  # item means: no answers to count
    assert evidence(4, -2, -1) == "too few answers"
    assert evidence(5, -2, -1) == "shown"
    assert evidence(5, -2, 0.1) == "not shown"
    assert evidence(5, float("nan"), float("nan")) == "not shown"
    assert evidence(40, 3.2, 3.9, line=3.1) == "shown"
    assert evidence(40, 3.0, 3.9, line=3.1) == "not shown"


def test_item_means_carry_no_evidence_and_complete_answers_keep_their_numbers():
    means = pd.DataFrame(
        {"item": ["1", "5"], "dimension": ["tangibles", "reliability"], "expectation": [6, 6.5],
         "perception": [5.5, 5.0]}
    )  # fmt: skip
    result = servqual(means)
    assert "evidence" not in result.items.columns


def test_the_command_says_so_in_every_format(capsys):
    argv = ["survey", "servqual", str(BANK), "--instrument", str(BANK_ITEMS), "--no-alpha", "--columns",
            "respondent=Customer No,item=Question,expectation=Expected,perception=Got"]  # fmt: skip
    assert main(argv) == 0
    table = capsys.readouterr().out
    line = next(x for x in table.splitlines() if x.startswith("mortgage-advice"))
    assert line.split()[-1:] == ["answers"] and "too few answers" in line and " 3 " in line
    assert main([*argv, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    mortgage = next(i for i in doc["items"] if i["item"] == "mortgage-advice")
    assert (mortgage["n"], mortgage["evidence"], mortgage["significant"]) == (3, "too few answers", None)
    assert doc["overall"]["evidence"] == "too few answers"
    assert main([*argv, "--format", "csv"]) == 0
    csv = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert set(csv["evidence"].dropna()) == {"shown", "not shown", "too few answers"}


def test_the_largest_gap_is_not_named_plainly_when_it_rests_on_too_few_answers():
    rows = [(r, "lift-works", "tangibles", 7, 3) for r in range(3)]  # three angry customers
    rows += [(r, "teller-polite", "empathy", 6, 6 - r % 2) for r in range(12)]
    data = pd.DataFrame(rows, columns=["respondent", "item", "dimension", "expectation", "perception"])
    from blueprint.survey.instrument import Instrument

    ins = Instrument({"lift-works": "tangibles", "teller-polite": "empathy"})
    summary = servqual(data, instrument=ins, alpha=False).summary()
    assert summary[1] == "largest gap: tangibles -4.00 (too few answers to draw it from)"


# --- zone of tolerance: a parcel depot asked five customers; only three tried the parcel locker

DEPOT = DATA / "tolerance-parcel-depot-five.csv"


@pytest.fixture(scope="module")
def depot():
    from blueprint.survey import tolerance_from_file

    return tolerance_from_file(DEPOT, scale="1-9")


def test_each_position_says_whether_the_answers_show_it(depot):
    items = depot.items.set_index("item")
    assert list(items["position"]) == ["within", "below", "above", "below"]
    # opening-hours: every customer saw it above desired, the MSS interval stays over 0
    assert items.loc["opening-hours", "mss_low"] > 0
    opening = items.loc["opening-hours"]
    assert (opening["evidence"], opening["significant"]) == ("shown", True)
    # counter-friendly: within, but the MSA interval reaches below 0 (perception may be below adequate)
    assert items.loc["counter-friendly", "msa_low"] < 0 < items.loc["counter-friendly", "msa"]
    assert items.loc["counter-friendly", "evidence"] == "not shown"
    assert items.loc["counter-friendly", "significant"] is False
    assert items.loc["locker-works", "n"] == 3
    assert items.loc["locker-works", "evidence"] == "too few answers"
    assert items.loc["locker-works", "significant"] is None
    notes = "\n".join(depot.notes)
    assert "item locker-works: its position (below) rests on 3 answers, fewer than 5" in notes
    assert "item counter-friendly within (MSA +0.80 [-0.24, +1.84]" in notes
    assert depot.summary()[0].endswith("not shown: 2, too few answers: 1 (see the notes)")


def test_the_interval_of_msa_is_the_paired_t_interval_of_the_customers_own_msa(depot):
    from scipy import stats

    data = pd.read_csv(DEPOT)
    own = data[data["Item"] == "parcel-found-fast"].eval("Perceived - Adequate")
    low, high = stats.t.interval(0.95, len(own) - 1, loc=own.mean(), scale=stats.sem(own))
    row = depot.items.set_index("item").loc["parcel-found-fast"]
    assert (row["msa_low"], row["msa_high"]) == pytest.approx((low, high))


def test_a_dimension_position_rests_on_its_items_answers():
    from blueprint.survey import tolerance

    rows = [(f"r{r}", "10", 8, 5, 4 + r % 2) for r in range(20)]  # responsiveness, item 10: below
    rows += [(f"r{r}", "11", 8, 5, 9) for r in range(2)]  # item 11: two answers, far above
    data = pd.DataFrame(rows, columns=["respondent", "item", "desired", "adequate", "perceived"])
    dims = tolerance(data, scale="1-9").dimensions.set_index("dimension")
    assert dims.loc["responsiveness", "fewest_answers"] == 2
    assert dims.loc["responsiveness", "evidence"] == "too few answers"


def test_a_tolerance_proposal_from_too_few_answers_says_so():
    from blueprint.io.load import load
    from blueprint.survey import tolerance
    from blueprint.survey.tolerance_writeback import describe, tolerance_proposals

    service = load(DATA.parent / "gap1" / "clinic-waiting.yaml")
    data = pd.DataFrame({"respondent": [1, 2, 3], "item": ["W1"] * 3, "desired": [10, 15, 5],
                         "adequate": [20, 30, 25], "perceived": [25, 20, 30]})  # fmt: skip
    changes = tolerance_proposals(tolerance(data, scale="0-120"), service, unit="minutes")
    assert (
        "(adequate level of item W1, 3 respondents; too few answers (fewer than 5): ask more customers "
        "before accepting)" in describe(changes, service)
    )


# --- IPA: a clinic where only two patients said how much online booking matters

CLINIC_IPA = DATA / "ipa-clinic-two-importance.csv"
CLINIC_COLUMNS = {"respondent": "Patient ID", "attribute": "Attribute", "importance": "How important?",
                  "performance": "How did we do?"}  # fmt: skip


@pytest.fixture(scope="module")
def clinic_ipa():
    from blueprint.survey import ipa_from_file

    return ipa_from_file(CLINIC_IPA, columns=CLINIC_COLUMNS, scale="1-5")


def test_a_quadrant_from_two_importance_answers_is_not_given_as_a_verdict(clinic_ipa):
    rows = clinic_ipa.attributes.set_index("attribute")
    booking = rows.loc["online-booking"]
    assert (booking["n"], booking["n_importance"]) == (8, 2)
    assert booking["quadrant"] == "low priority"  # the field keeps its meaning ...
    assert (booking["evidence"], booking["significant"]) == ("too few answers", None)  # ... and says why not
    assert rows.loc["test-results-call", "evidence"] == "shown"
    assert "online-booking: its quadrant (low priority) rests on 2 answers, fewer than 5" in "\n".join(
        clinic_ipa.notes
    )


def test_a_quadrant_whose_interval_crosses_the_crosshair_is_not_shown():
    from blueprint.survey import ipa

    rng = np.random.default_rng(4)
    rows = []
    for r in range(30):
        rows += [(r, "wifi", 5 + rng.integers(-1, 2), 2 + rng.integers(-1, 2)),
                 (r, "bed", 2 + rng.integers(-1, 2), 6 + rng.integers(-1, 2)),
                 (r, "desk", 3 + rng.integers(-2, 3), 4 + rng.integers(-2, 3))]  # fmt: skip
    data = pd.DataFrame(rows, columns=["respondent", "attribute", "importance", "performance"])
    result = ipa(data, crosshair=(3.0, 4.0))  # desk sits right on the crosshair
    words = dict(zip(result.attributes["attribute"], result.attributes["evidence"], strict=True))
    assert words == {"wifi": "shown", "bed": "shown", "desk": "not shown"}
    assert any(n.startswith("quadrant not shown at 95% confidence") and "desk" in n for n in result.notes)


def test_derived_importance_has_intervals_too():
    from blueprint.survey import ipa

    rng = np.random.default_rng(9)
    n = 60
    speed = rng.integers(1, 8, n)
    noise = rng.integers(1, 8, n)
    overall = np.clip(speed + rng.integers(-1, 2, n), 1, 7)
    data = pd.DataFrame({"respondent": range(n), "speed": speed, "noise": noise, "overall": overall})
    for method in ("correlation", "regression"):
        rows = ipa(data, importance=method).attributes.set_index("attribute")
        assert (
            rows.loc["speed", "importance_low"]
            < rows.loc["speed", "importance"]
            < rows.loc["speed", "importance_high"]
        )
        assert rows.loc["noise", "importance_low"] < 0.1 < rows.loc["speed", "importance_low"]
        assert set(rows["evidence"]) <= {"shown", "not shown"}


def test_attribute_means_carry_no_evidence():
    from blueprint.survey import ipa_from_file

    result = ipa_from_file(DATA / "ipa-means.csv")
    assert "evidence" not in result.attributes.columns


def test_the_summary_qualifies_an_urgent_attribute_the_answers_do_not_show():
    from blueprint.survey import ipa

    data = pd.DataFrame({"respondent": [1, 2, 3, 1, 2, 3], "attribute": ["a"] * 3 + ["b"] * 3,
                         "importance": [5, 5, 4, 1, 2, 1], "performance": [1, 2, 1, 5, 4, 5]})  # fmt: skip
    assert ipa(data, scale="1-5").summary()[1] == "concentrate here: a (too few answers)"


def test_the_ipa_chart_draws_a_doubtful_quadrant_hollow_and_names_its_answers(clinic_ipa):
    fig = clinic_ipa.chart()
    ax = fig.axes[0]
    hollow = _hollow(ax)
    assert [tuple(c.get_offsets()[0]) for c in hollow] == [(1.5, 1.5)]  # online-booking only
    assert "online-booking (2 answers)" in [t.get_text() for t in ax.texts]
    assert any("hollow" in t.get_text() for t in ax.get_legend().get_texts())


def test_the_kano_chart_draws_a_category_fong_does_not_support_hollow():
    from blueprint.survey import kano_from_file

    result = kano_from_file(DATA / "kano-words.csv")
    assert not result.attributes["significant"].any()
    ax = result.chart().axes[0]
    hollow = _hollow(ax)
    assert sum(len(c.get_offsets()) for c in hollow) == len(result.attributes)


def _hollow(ax):
    """The marker sets drawn white inside (hollow) on ``ax``."""
    from matplotlib.collections import PathCollection

    return [
        c
        for c in ax.collections
        if isinstance(c, PathCollection) and len(c.get_offsets()) and (c.get_facecolors()[:, :3] == 1).all()
    ]


def test_gap1_does_not_weigh_a_factor_by_three_answers(capsys, tmp_path):
    # three callers rated answer speed (survey item Q3) as vital: too few to tell management it is wrong
    survey = tmp_path / "ipa-three-callers.csv"
    survey.write_text(
        "Respondent,Attribute,Importance,Performance\n1,Q3,5,2\n2,Q3,5,3\n3,Q3,5,2\n", encoding="utf-8"
    )
    centre = str(DATA.parent / "gap1" / "call-centre.yaml")
    assert main(["check", centre, "--format", "json", "--survey", str(survey)]) == 0
    captured = capsys.readouterr()
    found = json.loads(captured.out)["files"][0]["findings"]
    assert [f["subject"] for f in found if f["rule"] == "BP302"] == ["first-contact-resolution"]
    assert (
        "IPA survey: Q3 rests on 3 answers, fewer than 5: too few to weigh answer-speed by; its importance "
        "stays as the file has it until more customers answer"
    ) in captured.err


def test_fail_on_makes_a_ci_job_fail_on_results_the_answers_do_not_support(capsys):
    argv = ["survey", "servqual", str(BANK), "--instrument", str(BANK_ITEMS), "--no-alpha", "--columns",
            "respondent=Customer No,item=Question,expectation=Expected,perception=Got"]  # fmt: skip
    assert main(argv) == 0  # the default: an analysis, not a check
    capsys.readouterr()
    assert main([*argv, "--fail-on", "too-few", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["items"]  # the result is still written in full
    assert "--fail-on too-few: 3 result(s) the answers do not support" in err
    assert "item mortgage-advice: too few answers; dimension assurance: too few answers" in err
    assert main([*argv, "--fail-on", "not-shown"]) == 1
    assert "item branch-tidy: not shown" in capsys.readouterr().err
    tolerance = [
        "survey",
        "tolerance",
        str(DATA / "tolerance-means.csv"),
        "--scale",
        "1-9",
        "--fail-on",
        "not-shown",
    ]
    assert main(tolerance) == 0  # item means: nothing to judge, nothing to fail on
    assert main(["survey", "kano", str(DATA / "kano-words.csv"), "--fail-on", "too-few"]) == 1
    assert "attribute wifi: too few answers" in capsys.readouterr().err


def test_the_report_asks_for_more_answers_instead_of_handing_out_unshown_verdicts(bank, depot, clinic_ipa):
    from html import unescape

    from blueprint.io.load import load
    from blueprint.report.layout import report_html

    service = load(DATA.parent / "services" / "bank-branch.yaml")
    survey = {"servqual": bank, "tolerance": depot, "ipa": clinic_ipa}
    page = unescape(re.sub(r"<[^>]+>", "", report_html(service, survey=survey, pictures=False)))
    # assurance: its gap rests partly on three mortgage answers; tangibles: the interval spans 0
    assert "Close the assurance gap" not in page and "Close the tangibles gap" not in page
    assert (
        "Ask more customers about tangibles before closing a gap there: its gap (-0.08) is not shown" in page
    )
    assert "Close the responsiveness gap" in page  # shown: twelve customers, all below expectation
    assert "below (too few answers)" in page and "within (not shown)" in page
    assert "-0.08 (not shown)" in page and "+0.17 (too few answers)" in page  # the SERVQUAL table
    assert "Overall gap -0.52 (too few answers)" in page
    assert "Concentrate here (important to customers, performed below the rest): test-results-call." in page
    # the gap dashboard counts only the gaps the answers show
    assert "2 more item(s) below expectation that the answers do not show" in page


def test_the_report_zone_chart_draws_positions_the_answers_do_not_show_hollow(depot):
    from blueprint.report.charts import tolerance_chart

    ax = tolerance_chart(depot).axes[0]
    assert len(_hollow(ax)) == 0  # one set of markers, some hollow
    [dots] = [c for c in ax.collections if len(c.get_offsets()) == len(depot.items)]
    white = [bool((face[:3] == 1).all()) for face in dots.get_facecolors()]
    assert white == [w != "shown" for w in depot.items["evidence"]]


def test_factors_and_moments_carry_the_evidence_of_their_items(bank):
    from blueprint.survey import gaps_by_factor

    links = {"counter-wait": "queue", "branch-tidy": "queue", "mortgage-advice": "advice",
             "staff-knowledge": "advice", "personal-attention": "greeting"}  # fmt: skip
    factors = gaps_by_factor(bank, links).set_index("factor")
    # advice mixes a shown gap (-0.67, 12 answers) with one from three answers
    assert (factors.loc["advice", "fewest_answers"], factors.loc["advice", "evidence"]) == (
        3,
        "too few answers",
    )
    # queue: counter-wait (shown) with branch-tidy (not shown): no stronger than its weakest item
    assert factors.loc["queue", "evidence"] == "not shown"
    assert factors.loc["greeting", "evidence"] == "shown"


def test_a_factor_whose_items_point_different_ways_is_not_shown():
    from blueprint.survey import gaps_by_factor, servqual
    from blueprint.survey.instrument import Instrument

    rows = [(r, "a", "empathy", 6, 3) for r in range(10)] + [
        (r, "b", "empathy", 3, 6 - r % 2) for r in range(10)
    ]
    data = pd.DataFrame(rows, columns=["respondent", "item", "dimension", "expectation", "perception"])
    result = servqual(data, instrument=Instrument({"a": "empathy", "b": "empathy"}), alpha=False)
    assert list(result.items["evidence"]) == ["shown", "shown"]
    factor = gaps_by_factor(result, {"a": "care", "b": "care"}).iloc[0]
    assert factor["evidence"] == "not shown"  # -3 and +2.5: the mean's sign is no finding


def test_votes_from_the_command_line_keep_the_widgets_quorum(capsys, tmp_path):
    # six in the room; only one guest rated teller courtesy (and called it a delight)
    votes = tmp_path / "branch-votes.csv"
    votes.write_text(
        "participant,factor,class,importance,role\n"
        "Mrs Okafor,queue-time,must-be,5,customer\nMr Lindqvist,queue-time,must-be,5,customer\n"
        "Ms Berg,queue-time,must-be,4,customer\nTeller Ruiz,queue-time,performance,2,staff\n"
        "Branch manager,queue-time,,2,staff\nMs Haddad,queue-time,must-be,5,customer\n"
        "Mrs Okafor,teller-courtesy,attractive,1,customer\n",
        encoding="utf-8",
    )
    service = tmp_path / "bank-branch.yaml"
    service.write_text(
        (DATA.parent / "votes" / "bank-branch.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    before = service.read_text(encoding="utf-8")
    assert main(["votes", str(service), str(votes), "--write"]) == 0
    out = capsys.readouterr().out
    assert "queue-time:" in out
    assert (
        "below the quorum of 4 votes (more than half of the 6 participants): nothing proposed for "
        "teller-courtesy (1 of 6 voted); let more of the room vote, or add --below-quorum"
    ) in out
    after = service.read_text(encoding="utf-8")
    assert after != before  # queue-time written
    courtesy = [line for line in after.splitlines() if "teller-courtesy" in line]
    assert courtesy == [line for line in before.splitlines() if "teller-courtesy" in line]
    from blueprint.io.load import load

    assert (
        load(service).factors["teller-courtesy"].importance
        == load(DATA.parent / "votes" / "bank-branch.yaml").factors["teller-courtesy"].importance
    )
    assert main(["votes", str(service), str(votes), "--below-quorum", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["factor"] for p in doc["proposals"]] == ["teller-courtesy"]
    assert doc["quorum"] == 4 and doc["below_quorum"] == {}


def test_the_margin_note_does_not_call_a_sample_enough_when_an_item_has_three_answers():
    result = servqual_from_file(BANK, instrument=BANK_ITEMS, columns=BANK_COLUMNS, alpha=False, margin=0.3)
    half = (result.overall["ci_high"] - result.overall["ci_low"]) / 2
    assert half > 0.3
    assert result.notes[-1] == (
        f"12 respondents, but an item has only 3 answers: too few to know the overall gap within ±0.3 at "
        f"95% confidence (its interval is ±{half:.2f})"
    )


def test_an_alpha_from_four_complete_respondents_is_not_read_as_a_finding():
    rng = np.random.default_rng(2)
    rows = [
        (r, "staff-knowledge", "assurance", int(rng.integers(4, 8)), int(rng.integers(2, 8)))
        for r in range(20)
    ]
    rows += [
        (r, "mortgage-advice", "assurance", int(rng.integers(4, 8)), int(rng.integers(2, 8)))
        for r in range(4)
    ]
    data = pd.DataFrame(rows, columns=["respondent", "item", "dimension", "expectation", "perception"])
    from blueprint.survey.instrument import Instrument

    result = servqual(
        data, instrument=Instrument({"staff-knowledge": "assurance", "mortgage-advice": "assurance"})
    )
    notes = [n for n in result.notes if n.startswith("Cronbach's alpha")]
    assert len(notes) == 2 and all(
        "rests on 4 respondents who answered all its items, fewer than 5" in n for n in notes
    )
    assert not any("runs against the others" in n for n in result.notes)


def test_the_dashboard_charts_draw_doubtful_points_hollow_and_say_why_on_hover(clinic_ipa):
    from blueprint.survey import kano_from_file
    from blueprint.widgets.survey_plots import ipa_svg, kano_svg

    svg = ipa_svg(clinic_ipa)
    assert svg.count('fill="white" stroke=') == 1
    assert (
        "online-booking: low priority; importance 1.50, performance 1.50 (2 answers); too few answers" in svg
    )
    kano = kano_svg(kano_from_file(DATA / "kano-words.csv"))
    assert kano.count('fill="white" stroke=') == 2
    assert "(3 answers); too few answers: ask more customers" in kano
    from blueprint.survey import kano as classify
    from blueprint.survey.kano import pairs_frame

    split = classify(pairs_frame("sauna", [("like", "neutral")] * 3 + [("like", "dislike")] * 3))
    assert "(6 answers); not clearly ahead of the next category (Fong&#x27;s test)" in kano_svg(split)


def test_results_from_means_alone_say_that_their_evidence_cannot_be_told():
    from blueprint.survey import ipa_from_file, tolerance_from_file

    means = pd.DataFrame({"item": ["1", "5"], "dimension": ["tangibles", "reliability"],
                          "expectation": [6, 6.5], "perception": [5.5, 5.0]})  # fmt: skip
    for result, what in (
        (servqual(means), "gaps"),
        (tolerance_from_file(DATA / "tolerance-means.csv", scale="1-9"), "positions"),
        (ipa_from_file(DATA / "ipa-means.csv"), "quadrants"),
    ):
        assert (
            f"how many customers gave them, and so whether the {what} hold, cannot be told"
            in result.notes[-1]
        )


def test_the_mean_crosshair_is_not_moved_by_an_attribute_from_two_answers(clinic_ipa):
    rows = clinic_ipa.attributes.set_index("attribute").drop(index="online-booking")
    assert clinic_ipa.crosshair == pytest.approx(
        {"importance": rows["importance"].mean(), "performance": rows["performance"].mean()}
    )
    assert "the mean crosshair leaves out online-booking: fewer than 5 answers" in "\n".join(clinic_ipa.notes)


def test_a_kano_category_from_four_answers_passes_fong_but_is_still_too_few():
    from blueprint.io.load import load
    from blueprint.survey import kano
    from blueprint.survey.kano import pairs_frame
    from blueprint.survey.writeback import bpm_proposals, describe

    # four guests of a ski lodge, all delighted by a boot dryer: Fong's test is passed (lead 4, needs 2.33)
    result = kano(pairs_frame("boot-dryer", [("like", "neutral")] * 4))
    row = result.attributes.iloc[0]
    assert (row["category"], bool(row["significant"]), row["evidence"]) == ("A", True, "too few answers")
    assert result.to_dict()["attributes"][0]["evidence"] == "too few answers"
    assert result.notes == [
        "boot-dryer: its category (A) rests on 4 answers, fewer than 5: too few to draw it from; "
        "ask more customers before relying on it"
    ]
    many = kano(pairs_frame("boot-dryer", [("like", "neutral")] * 12)).attributes.iloc[0]
    assert many["evidence"] == "shown"
    service = load(DATA.parent / "shoeshine" / "shoeshine.yaml")
    factor = next(iter(service.factors))
    changes = bpm_proposals(kano(pairs_frame(factor, [("like", "neutral")] * 4)), service)
    assert "too few answers (fewer than 5): ask more customers before accepting" in describe(changes, service)


def test_control_characters_in_attribute_names_reach_the_terminal_written_out(capsys, tmp_path):
    export = tmp_path / "ipa-hostile.csv"
    export.write_text(
        "respondent,attribute,importance,performance\n"
        '1,"wifi\x1b[31mRED",5,1\n2,"wifi\x1b[31mRED",4,2\n1,"bed\nbug",2,5\n2,"bed\nbug",1,4\n',
        encoding="utf-8",
    )
    assert main(["survey", "ipa", str(export), "--scale", "1-5", "--fail-on", "too-few"]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err
    assert "wifi\\x1b[31mRED" in out and "attribute wifi\\x1b[31mRED: too few answers" in err
    assert "bed\\nbug" in out  # a new line in a name stays in its row of the table


def test_a_regression_with_no_degrees_of_freedom_left_shows_no_quadrant_and_says_why():
    from blueprint.survey import ipa

    rng = np.random.default_rng(5)
    names = ["lift", "breakfast", "wifi", "pool", "parking"]
    data = pd.DataFrame(rng.integers(1, 8, (6, 5)), columns=names)
    data["overall"] = data[names].mean(axis=1).round().astype(int)
    result = ipa(data, importance="regression")  # 6 guests, 5 attributes and the mean: nothing left over
    assert set(result.attributes["evidence"]) == {"not shown"}
    assert result.attributes["importance_low"].isna().all()
    notes = "\n".join(result.notes)
    assert (
        "no interval of the regression coefficients: 6 complete respondents leave no degree of freedom"
        in notes
    )
    assert "an interval crosses, or cannot be computed for (-), the crosshair" in notes


def test_the_dashboard_says_which_gaps_the_answers_do_not_show(bank, depot):
    from blueprint.io.load import load
    from blueprint.widgets import GapDashboard

    dashboard = GapDashboard(load(DATA.parent / "services" / "bank-branch.yaml"), survey={"servqual": bank,
                             "tolerance": depot})  # fmt: skip
    assert dashboard.gap_counts()[5] == 3  # counter-wait, staff-knowledge, personal-attention
    gap5 = dashboard.survey.gap5().value
    assert "overall gap -0.52 (too few answers)" in gap5
    assert "+0.17 (too few answers)" in gap5 and "-0.08 (not shown)" in gap5
    # the depot's items belong to no SERVQUAL dimension: shown item by item (this raised before)
    assert "locker-works" in gap5 and "below (too few answers)" in gap5


def test_the_dashboard_shows_a_servqual_of_item_means(bank):
    from blueprint.io.load import load
    from blueprint.widgets import GapDashboard

    means = servqual_from_file(DATA / "servqual-means-pmc6131925.csv")
    dashboard = GapDashboard(load(DATA.parent / "services" / "bank-branch.yaml"), survey={"servqual": means})
    gap5 = dashboard.survey.gap5().value  # raised KeyError: 'n' (item means have no respondents)
    assert "from item means (respondents unknown)" in gap5
