"""The workflows the command line runs, called as library functions (as a notebook would).

The material is Shostack's (1984) shoeshine parlour: a time standard on the
shine timed with a stopwatch (m:ss), a greeting observed on too few days, an
IPA and a Kano survey of three customers, and a workshop's votes.
"""

from __future__ import annotations

import shutil

import pytest

from blueprint import survey
from blueprint.errors import BlueprintError
from blueprint.io.load import load
from blueprint.measure import whole_period_compliance
from blueprint.report.pipeline import read_survey_exports
from blueprint.survey.analysis import SurveyOptionError, SurveyRequest, SurveyRun, run_survey
from blueprint.survey.importance import gap1_context
from blueprint.workshop.vote_review import review_votes_file
from conftest import DATA

SHOP = DATA / "shoeshine"
SERVICE = SHOP / "shoeshine.yaml"


# -- render --data: each standard's verdict over the whole period -----------------------


def test_whole_period_compliance_gives_each_standard_its_status_and_share():
    shown = whole_period_compliance(load(SERVICE), SHOP)
    # 30 of the 40 stopwatch readings are at most 2:00; 4 of 5 customers were greeted
    assert shown == {"shine-2min": ("fail", 0.75), "greet-at-once": ("too few", 0.8)}


# -- check --survey: the importance customers showed, for BP302 ---------------------------


def test_gap1_context_carries_the_surveyed_importance_to_bp302():
    table = survey.read_table(SHOP / "ipa.csv")
    context, notes = gap1_context({"ipa": survey.ipa(table, scale="1-5")}, load(SERVICE))
    weights = context["BP302"]["importance"]
    assert set(weights) == {"quick-shine", "warm-welcome"}
    assert weights["quick-shine"] > weights["warm-welcome"]
    assert "free-newspaper is not a key factor of shoeshine" in " ".join(notes)


def test_gap1_context_without_surveys_or_without_a_service_adds_nothing():
    table = survey.read_table(SHOP / "ipa.csv")
    assert gap1_context({}, load(SERVICE)) == ({}, [])
    assert gap1_context({"ipa": survey.ipa(table, scale="1-5")}, None) == ({}, [])


def test_read_survey_exports_recognises_each_file_and_notes_what_it_took(tmp_path):
    shutil.copy(SHOP / "ipa.csv", tmp_path / "ipa.csv")
    shutil.copy(SHOP / "kano.csv", tmp_path / "kano.csv")
    surveys, notes = read_survey_exports([tmp_path])
    assert set(surveys) == {"ipa", "kano"}
    assert any("importance-performance" in note for note in notes)
    assert read_survey_exports([]) == ({}, [])


def test_read_survey_exports_names_a_file_that_cannot_be_opened(monkeypatch):
    def refuse(paths, **_):
        raise PermissionError(13, "Permission denied", "answers.csv")

    monkeypatch.setattr("blueprint.report.surveys.read_surveys", refuse)
    with pytest.raises(BlueprintError, match=r"^answers\.csv: cannot be read \(Permission denied\)$"):
        read_survey_exports(["answers.csv"])


# -- survey ANALYSIS: which analysis runs with which inputs ------------------------------


def test_run_survey_links_ipa_to_the_service_and_proposes_importance():
    run = run_survey(SurveyRequest("ipa", str(SHOP / "ipa.csv"), scale="1-5", service=str(SERVICE)))
    assert list(run.result.attributes["attribute"]) == ["quick-shine", "warm-welcome", "free-newspaper"]
    table = run.text("table")
    assert "concentrate here: quick-shine" in table
    assert "shine / quick-shine: importance 0.8 -> 0.92" in table
    merged = run.text("json")
    assert '"attributes"' in merged and run.extra and set(run.extra) == {"json", "text"}
    assert load(SERVICE).factors["warm-welcome"].importance is None  # proposed, not written


def test_run_survey_without_a_service_gives_the_analysis_alone():
    run = run_survey(SurveyRequest("kano", str(SHOP / "kano.csv")))
    assert run.extra == {}
    assert run.text("csv") == SurveyRun(run.result).text("csv")
    assert "quick-shine" in run.text("table")


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SurveyRequest("kano", str(SHOP / "kano.csv"), write_back=True), "--write-back needs --service"),
        (SurveyRequest("ipa", str(SHOP / "ipa.csv"), write_back=True), "--write-back needs --service"),
        (SurveyRequest("ipa", str(SHOP / "ipa.csv"), crosshair="high"), "--crosshair 'high': use mean"),
        (SurveyRequest("servqual", str(SHOP / "ipa.csv"), prefixes="E"), "--prefixes 'E': give two"),
        (SurveyRequest("tolerance", str(SHOP / "tolerance-minutes.csv"), unit="min"), "--unit and"),
        (SurveyRequest("nps", str(SHOP / "ipa.csv")), "'nps' is no survey analysis"),
        (SurveyRequest("kano"), "kano needs a survey export"),
    ],
)
def test_run_survey_refuses_options_that_do_not_fit_together(request_, message):
    with pytest.raises(SurveyOptionError, match=message):
        run_survey(request_)


def test_run_survey_sample_size_needs_no_file():
    run = run_survey(SurveyRequest("sample-size", proportion=0.5, margin=0.05, population=400))
    assert run.result.n == survey.sample_size_proportion(p=0.5, margin=0.05, population=400).n < 385


# -- votes: the tag changes a workshop's votes propose --------------------------------------


def test_review_votes_file_proposes_and_only_writes_when_asked(tmp_path):
    path = tmp_path / "shoeshine.yaml"
    shutil.copy(SERVICE, path)
    review = review_votes_file(load(path), SHOP / "votes.csv")
    assert "quick-shine: bpm performance -> basic" in review.to_text()
    assert not review.written and load(path).factors["quick-shine"].bpm == "performance"
    written = review_votes_file(load(path), SHOP / "votes.csv", write=True)
    assert written.written and load(path).factors["quick-shine"].bpm == "basic"


def test_review_votes_file_reads_importance_on_the_scale_given():
    wide = review_votes_file(load(SERVICE), SHOP / "votes.csv", scale="1-10").to_dict()
    narrow = review_votes_file(load(SERVICE), SHOP / "votes.csv", scale="1-5").to_dict()
    assert wide != narrow
    with pytest.raises(BlueprintError):
        review_votes_file(load(SERVICE), SHOP / "votes.csv", scale="5-1")
