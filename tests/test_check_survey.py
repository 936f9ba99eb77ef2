"""Gap 1 on survey evidence: `blueprint check --survey` and the report run BP302 on what customers showed."""

from __future__ import annotations

import json

from blueprint.cli import main
from blueprint.io.load import load
from blueprint.report.pipeline import gather
from conftest import DATA

CENTRE = DATA / "gap1" / "call-centre.yaml"
SURVEYS = DATA / "gap1" / "surveys"


def _bp302(capsys, *args):
    assert main(["check", str(CENTRE), "--format", "json", *args]) == 0
    captured = capsys.readouterr()
    found = json.loads(captured.out)["files"][0]["findings"]
    return {f["subject"]: f["message"] for f in found if f["rule"] == "BP302"}, captured.err


def test_without_surveys_bp302_reads_the_files_importance(capsys):
    found, _ = _bp302(capsys)
    assert list(found) == ["first-contact-resolution"]
    assert "(importance)" in found["first-contact-resolution"]


def test_with_surveys_bp302_reads_ipa_and_kano_and_says_so(capsys):
    found, err = _bp302(capsys, "--survey", str(SURVEYS))
    # Item Q3 is the survey evidence of answer-speed; hold-music is named by its id in the Kano file.
    assert found["answer-speed"].startswith(
        "customers weigh 'answer-speed' at 0.93 (IPA survey: stated importance 4.73 on 1-5), "
        "management at 0.4"
    )
    music = found["hold-music"]
    assert "(Kano survey: better 0.17" in music and "care less than assumed" in music
    # The survey's first-contact-resolution (0.92) agrees with management (0.9): the file's 0.5 is replaced.
    assert "first-contact-resolution" not in found
    assert "callback-offer is not a key factor of call-centre" in err
    assert "BP302 reads the importance of 3 factor(s) of call-centre from the surveys" in err


def test_a_survey_path_that_does_not_exist_is_a_usage_error(capsys, tmp_path):
    assert main(["check", str(CENTRE), "--survey", str(tmp_path / "nope")]) == 2
    assert "--survey" in capsys.readouterr().err


def test_an_unreadable_survey_is_a_clear_message_not_a_traceback(capsys, tmp_path):
    bad = tmp_path / "ipa"
    bad.mkdir()
    answers = "respondent,attribute,importance,performance\n1,Q3,very,4\n"
    (bad / "ipa.csv").write_text(answers, encoding="utf-8")
    assert main(["check", str(CENTRE), "--survey", str(bad)]) == 1
    err = capsys.readouterr()
    assert f"{bad / 'ipa.csv'}, row 2, column importance: 'very' is not a number" in err.err
    assert err.out == ""  # nothing is checked on half-read evidence
    (tmp_path / "export.csv").write_text("who,when\nAna,today\n", encoding="utf-8")
    assert main(["check", str(CENTRE), "--survey", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "export.csv: cannot tell which survey this is from its columns" in err
    assert "Traceback" not in err


def test_the_report_runs_gap_1_on_the_surveys_too():
    inputs = gather(load(CENTRE), survey=[SURVEYS])
    messages = {f.subject: f.message for f in inputs.findings if f.rule == "BP302"}
    assert set(messages) == {"answer-speed", "hold-music"}
    assert "IPA survey" in messages["answer-speed"]
    assert any("BP302 reads the importance of 3 factor(s)" in note for note in inputs.survey_notes)


def test_derived_importance_is_relative_to_the_strongest_and_negatives_count_as_nothing():
    import pandas as pd

    from blueprint.survey import ipa
    from blueprint.survey.importance import importance_from_surveys

    # Answers of six callers: overall satisfaction follows answer speed, not hold music.
    rows = []
    for who, (speed, music, overall) in enumerate(
        [(5, 3, 5), (4, 4, 4), (2, 5, 2), (1, 2, 1), (3, 1, 3), (4, 2, 4)]
    ):
        rows += [(who, "Q3", speed, overall), (who, "hold-music", music, overall)]
    table = pd.DataFrame(rows, columns=["respondent", "attribute", "performance", "overall"])
    found = importance_from_surveys({"ipa": ipa(table, importance="correlation", scale="1-5")}, load(CENTRE))
    assert found.weights["answer-speed"] == 1.0
    assert 0 <= found.weights["hold-music"] < 0.5
    assert found.origins["answer-speed"] == (
        "IPA survey: correlation with overall satisfaction 1.00, relative to the strongest"
    )


def test_the_ipa_survey_proposes_the_customers_importance_and_writes_it_back(tmp_path, capsys):
    centre = tmp_path / "call-centre.yaml"
    centre.write_text(CENTRE.read_text(encoding="utf-8"), encoding="utf-8")
    before = centre.read_text(encoding="utf-8")
    ipa_file = str(SURVEYS / "ipa-helpline.csv")
    assert main(["survey", "ipa", ipa_file, "--scale", "1-5", "--service", str(centre)]) == 0
    out = capsys.readouterr().out
    assert (
        "talk-to-agent / first-contact-resolution: importance 0.5 -> 0.92  "
        "(IPA survey: stated importance 4.67 on 1-5)"
    ) in out
    assert "callback-offer is not a key factor of call-centre" in out
    assert centre.read_text(encoding="utf-8") == before
    assert main(["survey", "ipa", ipa_file, "--scale", "1-5", "--service", str(centre), "--write-back"]) == 0
    assert "wrote 2 importance(s)" in capsys.readouterr().out
    saved = load(centre).factors
    # The survey writes the customers' view only; management's assumption stays for BP302 to compare.
    assert (saved["answer-speed"].importance, saved["answer-speed"].assumed_importance) == (0.93, 0.4)
    assert main(["survey", "ipa", ipa_file, "--scale", "1-5", "--write-back"]) == 2
    assert "--write-back needs --service" in capsys.readouterr().err


def test_stated_importance_on_its_own_scale_is_rescaled_on_that_scale(tmp_path, capsys):
    # Importance asked 1-5, performance rated 1-10: the importance 4.67 is 0.92 of its 1-5 scale,
    # not 0.41 of the 1-10 one (which would tell the service customers hardly care).
    centre = tmp_path / "call-centre.yaml"
    centre.write_text(CENTRE.read_text(encoding="utf-8"), encoding="utf-8")
    two = str(DATA / "survey" / "ipa-helpline-two-scales.csv")
    args = ["survey", "ipa", two, "--scale", "1-10", "--importance-scale", "1-5", "--service", str(centre)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "importance 0.5 -> 0.92  (IPA survey: stated importance 4.67 on 1-5)" in out
    assert main(["survey", "ipa", two, "--scale", "1-10", "--format", "json"]) == 0
    assert "--importance-scale 1-5" in json.loads(capsys.readouterr().out)["notes"][0]
    assert main(["survey", "ipa", two, "--importance-scale", "1-x"]) == 2
    assert "--importance-scale 1-x" in capsys.readouterr().err
    assert main(["survey", "ipa", two, "--importance", "correlation", "--importance-scale", "1-5"]) == 2
    assert "stated importance" in capsys.readouterr().err


def test_check_guesses_the_importance_scale_apart_from_the_performance_scale(capsys):
    # Importance 1-5 beside a 1-10 rating: read on 1-10, Q3's 4.67 would be 0.41, "customers care less".
    found, err = _bp302(capsys, "--survey", str(DATA / "survey" / "ipa-helpline-two-scales.csv"))
    assert found["answer-speed"].startswith(
        "customers weigh 'answer-speed' at 0.92 (IPA survey: stated importance 4.67 on 1-5)"
    )
    assert "scale 1-10, importance scale 1-5" in err
