"""`report` and `check --survey` read a Kano form's export (a column per question) as `survey kano` does.

The material: the help line's hold-music Kano survey (tests/data/gap1), as a
form tool exports it: a row per caller, the functional and the dysfunctional
question each in a column headed by its own wording.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from blueprint.cli import main
from blueprint.report.surveys import read_surveys
from blueprint.survey import kano_from_file
from conftest import DATA

CENTRE = DATA / "gap1" / "call-centre.yaml"
LONG = DATA / "gap1" / "surveys" / "kano-helpline.csv"
IPA = DATA / "gap1" / "surveys" / "ipa-helpline.csv"
PRESENT = "If you hear music while you hold, how do you feel?"
ABSENT = "If you hear no music while you hold, how do you feel?"
PAIRS = {"hold-music": (PRESENT, ABSENT)}
OPTIONS = ["--survey-functional", f"hold-music={PRESENT}", "--survey-dysfunctional", f"hold-music={ABSENT}"]


def _form(folder: Path) -> Path:
    """The long export's answers as the form tool writes them: a row per caller."""
    folder.mkdir(parents=True, exist_ok=True)
    with LONG.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    path = folder / "hold-music-form.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Caller", PRESENT, ABSENT])
        out.writerows([r["respondent"], r["functional"], r["dysfunctional"]] for r in rows)
    return path


def test_the_report_classifies_a_form_export_as_survey_kano_and_the_long_layout_do(tmp_path):
    form = _form(tmp_path / "surveys")
    results, notes = read_surveys([form], kano_pairs=PAIRS)
    from_long, _ = read_surveys([LONG])
    by_hand = kano_from_file(form, pairs=PAIRS)
    assert results["kano"].attributes.equals(from_long["kano"].attributes)
    assert results["kano"].attributes.equals(by_hand.attributes)
    said = "hold-music-form.csv: Kano, a column per question, 40 rows, Berger et al.'s category rule"
    assert notes == [said]


def _bp302(capsys, surveys: list[str], *extra: str) -> dict[str, str]:
    args = ["check", str(CENTRE), "--format", "json", *(a for s in surveys for a in ("--survey", s)), *extra]
    assert main(args) == 0
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    return {f["subject"]: f["message"] for f in found if f["rule"] == "BP302"}


def test_check_reads_the_form_export_for_gap_1_as_it_reads_the_long_one(tmp_path, capsys):
    form = _form(tmp_path / "surveys")
    with_form = _bp302(capsys, [str(IPA), str(form)], *OPTIONS)
    with_long = _bp302(capsys, [str(IPA), str(LONG)])
    assert "(Kano survey: better" in with_form["hold-music"]
    assert with_form == with_long


def test_the_report_writes_the_kano_diagram_of_a_form_export(tmp_path, capsys):
    form = _form(tmp_path / "surveys")
    out = tmp_path / "report.html"
    assert main(["report", str(CENTRE), "--survey", str(form), *OPTIONS, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Kano better–worse diagram" in page and "hold-music" in page
    assert "a column per question, 40 rows" in page


def test_a_form_export_without_its_questions_named_says_how_to_name_them(tmp_path, capsys):
    form = _form(tmp_path / "surveys")
    out = tmp_path / "report.html"
    assert main(["report", str(CENTRE), "--survey", str(form), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot tell which survey this is" in err
    assert "--survey-functional ATTRIBUTE=COLUMN,... and --survey-dysfunctional ATTRIBUTE=COLUMN" in err
    # Its two questions mapped as a long export's columns: no attribute to count the answers for.
    mapped = f"functional={PRESENT},dysfunctional={ABSENT}"
    assert main(["check", str(CENTRE), "--survey", str(form), "--survey-columns", mapped]) == 1
    err = capsys.readouterr().err
    assert f"{form}, row 1: Kano answers (functional, dysfunctional) without an 'attribute' column" in err
    assert "not --survey-columns" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--survey-functional", "hold-music=Q1"],
         "each attribute needs both of its questions: hold-music (only in --survey-functional)"),
        (["--survey-functional", "hold-music=Q1", "--survey-dysfunctional", "hold-music=Q2"],
         "--survey-functional and --survey-dysfunctional name columns it lacks: 'Q1', 'Q2'"),
    ],
)  # fmt: skip
def test_pairs_that_do_not_fit_the_export_are_refused_with_what_to_write(tmp_path, capsys, extra, said):
    form = _form(tmp_path / "surveys")
    code = main(["report", str(CENTRE), "--survey", str(form), *extra, "-o", str(tmp_path / "r.html")])
    assert code in (1, 2)
    assert said in capsys.readouterr().err


def test_pairs_without_a_survey_are_a_usage_error(capsys):
    assert main(["check", str(CENTRE), *OPTIONS]) == 2
    assert "give --survey FILE too" in capsys.readouterr().err


def test_build_report_takes_the_pairs_in_python(tmp_path):
    from blueprint.io.load import load
    from blueprint.report.pipeline import build_report

    form = _form(tmp_path / "surveys")
    page = build_report(load(CENTRE), survey=[form], survey_kano_pairs=PAIRS, progress=False)
    assert "Kano better–worse diagram" in page and "a column per question" in page
