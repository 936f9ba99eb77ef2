"""Survey inputs that used to pass without comment: refused, or noted in the result.

The data is a bank branch's wide SERVQUAL export written here (a respondent
id, a local visit time, E1..E22 and P1..P22), damaged the ways exports are:
a form sent twice, a response with nothing answered, a column exported twice.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from blueprint.cli import main
from blueprint.io.load import read_text
from blueprint.survey import SurveyDataError, read_table, servqual
from blueprint.survey.instrument import Instrument, Scale
from blueprint.survey.sample_size import sample_size_mean, sample_size_proportion

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "examples" / "data" / "survey"


def branch(n: int, *, ids: bool = True) -> pd.DataFrame:
    """n customers of a bank branch; answers vary so every alpha is defined."""
    rows = []
    for r in range(n):
        row: dict[str, object] = {"respondent": f"K-{1000 + r}"} if ids else {}
        row["Visit (local time)"] = f"07.12.2026 {9 + r % 8:02}:{(7 * r) % 60:02}"
        row.update({f"E{i}": 4 + (r * 3 + i * (r % 5)) % 4 for i in range(1, 23)})
        row.update({f"P{i}": 3 + (r * 5 + i * (r % 7)) % 5 for i in range(1, 23)})
        rows.append(row)
    return pd.DataFrame(rows)


def write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def messages(exc: pytest.ExceptionInfo[SurveyDataError]) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.message) for p in exc.value.problems]


# -- the scale ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scale",
    [
        yaml.safe_load("scale: [-.inf, .inf]")["scale"],
        (float("-inf"), float("inf")),
        (1, float("inf")),
        "1-inf",
        (float("nan"), 7),
    ],
)
def test_a_scale_without_ends_is_refused(scale):
    with pytest.raises(SurveyDataError, match=r"the scale .* (has no end|is empty)"):
        Scale.parse(scale)
    with pytest.raises(SurveyDataError):
        Instrument.custom({"1": "tangibles", "2": "tangibles"}, scale=scale)
    with pytest.raises(SurveyDataError):
        servqual(branch(5), scale=scale)


@pytest.mark.parametrize("scale", ["[-.inf, .inf]", "[1, .inf]", "[.nan, 5]"])
def test_a_metric_scale_without_ends_is_a_located_finding(scale):
    text = (DATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    rating = (
        "  - id: help-score\n    title: Guest rating of the help\n    quantity: score\n"
        f"    unit: score\n    scale: {scale}\nmoments:"
    )
    loaded = read_text(text.replace("moments:", rating, 1), "mini.yaml")
    [finding] = [f for f in loaded.findings if "scale" in f.message]
    assert (
        finding.message
        == "metric 'help-score': scale must be two finite numbers [lowest, highest], e.g. [1, 5]"
    )
    assert (finding.location.line, finding.location.column) == (19, 12)


# -- confidence ---------------------------------------------------------------------------


@pytest.mark.parametrize("confidence", [1.5, float("nan"), 0.0, 1.0, -0.2])
def test_a_confidence_outside_0_to_1_is_refused(confidence):
    with pytest.raises(SurveyDataError, match="must lie between 0 and 1"):
        servqual(branch(30), confidence=confidence)


# -- respondents --------------------------------------------------------------------------


def test_a_respondent_answering_twice_in_the_wide_layout_is_refused(tmp_path):
    frame = branch(200)
    sent_twice = pd.concat([frame, frame.iloc[[3, 50, 51, 120, 199]]], ignore_index=True)
    path = write(sent_twice, tmp_path / "branch.csv")
    with pytest.raises(SurveyDataError) as exc:
        servqual(read_table(path))
    assert messages(exc) == [
        (202, "respondent", "respondent K-1003 answers again (first in row 5)"),
        (203, "respondent", "respondent K-1050 answers again (first in row 52)"),
        (204, "respondent", "respondent K-1051 answers again (first in row 53)"),
        (205, "respondent", "respondent K-1120 answers again (first in row 122)"),
        (206, "respondent", "respondent K-1199 answers again (first in row 201)"),
    ]
    assert servqual(read_table(write(frame, tmp_path / "once.csv"))).respondents == 200


def call_centre(kind: str) -> pd.DataFrame:
    """A call centre's after-call survey, long: three callers rating three attributes (answers differ)."""
    rows = []
    for r, caller in enumerate(("C-17", "C-18", "C-19")):
        for k, attribute in enumerate(("waiting-time", "first-call-fix", "agent-courtesy")):
            if kind == "tolerance":
                rows.append({"respondent": caller, "item": attribute, "desired": 8, "adequate": 4 + k,
                             "perceived": 5 + (r + k) % 4})  # fmt: skip
            else:
                rows.append({"respondent": caller, "attribute": attribute, "importance": 3 + (r * k) % 5,
                             "performance": 2 + (r + 2 * k) % 6, "overall": 3 + r})  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("analysis", "options", "what"),
    [
        ("tolerance", {"scale": "1-9"}, "item"),
        ("ipa", {}, "attribute"),
        ("ipa", {"importance": "correlation"}, "attribute"),
    ],
)
def test_a_caller_answering_an_item_twice_is_refused(analysis, options, what):
    from blueprint import survey

    frame = call_centre(analysis)
    twice = pd.concat([frame, frame.iloc[[4]]], ignore_index=True)
    getattr(survey, analysis)(frame, **options)  # once each: analysed
    with pytest.raises(SurveyDataError) as exc:
        getattr(survey, analysis)(twice, **options)
    assert messages(exc) == [
        (11, "respondent", f"respondent C-18 answers {what} first-call-fix again (first in row 6)")
    ]


def test_a_wide_ipa_export_with_a_respondent_twice_is_refused():
    from blueprint.survey import ipa

    wide = pd.DataFrame(
        {"respondent": ["C-17", "C-18", "C-19", "C-20", "C-18"], "waiting-time": [2, 4, 3, 5, 4],
         "first-call-fix": [3, 5, 2, 4, 5], "overall": [2, 5, 3, 4, 5]}
    )  # fmt: skip
    with pytest.raises(SurveyDataError) as exc:
        ipa(wide, importance="regression")
    assert messages(exc) == [(6, "respondent", "respondent C-18 answers again (first in row 3)")]


def test_repeated_rows_without_ids_are_noted(tmp_path):
    frame = branch(40, ids=False)
    path = write(pd.concat([frame, frame.iloc[[0, 7]]], ignore_index=True), tmp_path / "branch.csv")
    result = servqual(read_table(path))
    assert result.respondents == 42
    assert any(n.startswith("rows 42, 43 repeat an earlier row in every column") for n in result.notes)


def test_nullable_integer_answers_are_checked_for_repeats():
    frame = branch(10, ids=False).astype({f"E{i}": "Int64" for i in range(1, 23)})
    result = servqual(pd.concat([frame, frame.iloc[[4]]], ignore_index=True))
    assert result.respondents == 11
    assert any(n.startswith("row 12 repeats an earlier row in every column") for n in result.notes)


def test_a_response_with_nothing_answered_is_not_a_respondent(tmp_path):
    frame = branch(30)
    empty = {"respondent": "K-9999", "Visit (local time)": "07.12.2026 17:59"}
    path = write(pd.concat([frame, pd.DataFrame([empty])], ignore_index=True), tmp_path / "branch.csv")
    result = servqual(read_table(path))
    assert result.respondents == 30
    assert "row 32 answers no item; not counted as a respondent" in result.notes
    assert "row 32 answers no item" in result.to_dict()["notes"][0]


def test_a_row_of_spaces_in_a_csv_is_no_row(tmp_path):
    path = tmp_path / "branch.csv"
    write(branch(12), path)
    with path.open("a") as handle:
        handle.write(" ," * 45 + " \n")
    assert servqual(read_table(path)).respondents == 12


# -- reliability --------------------------------------------------------------------------


def test_a_zero_variance_alpha_is_null_with_a_note():
    frame = branch(25)
    for i in range(1, 5):  # every customer rates the branch's tangibles the same, item by item
        frame[f"E{i}"] = 6
    result = servqual(frame)
    tangibles = result.dimensions.set_index("dimension").loc["tangibles"]
    assert math.isnan(tangibles["alpha_expectation"])
    assert not math.isnan(tangibles["alpha_perception"])
    assert (
        "Cronbach's alpha of tangibles expectation is undefined (null): the 25 respondents who "
        "answered all its items have the same total (no variance)"
    ) in result.notes
    assert len([n for n in result.notes if "Cronbach" in n]) == 1


# -- headers ------------------------------------------------------------------------------


def test_a_duplicate_csv_header_is_refused(tmp_path):
    path = tmp_path / "branch.csv"
    text = write(branch(5), path).read_text().splitlines()
    text[0] = text[0].replace(",P1,", ",E1,")  # an export that wrote E1 twice and P1 never
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(SurveyDataError) as exc:
        read_table(path)
    assert messages(exc) == [(1, None, "duplicate column 'E1'")]


def test_headers_equal_but_for_case_are_refused(tmp_path):
    path = tmp_path / "clinic.csv"
    path.write_text("Item,item,dimension,expectation,perception\n1,2,tangibles,6,5\n")
    with pytest.raises(SurveyDataError) as exc:
        servqual(read_table(path))
    assert messages(exc) == [(1, None, "the columns 'Item' and 'item' both name 'item'")]


# -- sample size ---------------------------------------------------------------------------


@pytest.mark.parametrize("margin", [1e-300, 1e-9, 5e-324])
def test_a_margin_too_small_for_any_survey_is_refused(margin):
    with pytest.raises(SurveyDataError, match="would need more than 1e\\+15 responses"):
        sample_size_mean(sd=1.2, margin=margin)
    with pytest.raises(SurveyDataError, match="would need more than 1e\\+15 responses"):
        sample_size_proportion(p=0.5, margin=margin)


# -- the command line ----------------------------------------------------------------------


KANO = str(EXAMPLES / "kano-hotel.csv")
IPA = str(EXAMPLES / "ipa-hotel.csv")
SERVQUAL = str(EXAMPLES / "servqual-hotel.csv")
TOLERANCE = str(EXAMPLES / "tolerance-hotel.csv")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["kano", KANO, "--chart", "{tmp}/k.xyz"], "--chart {tmp}/k.xyz: name a .png, .svg or .pdf file"),
        (["ipa", IPA, "--chart", "{tmp}/no/ipa.png"], "the folder {tmp}/no does not exist"),
        (["sample-size", "--margin", "1e-300", "--sd", "1"], "would need more than 1e+15 responses"),
        (["sample-size", "--margin", "1e-300", "--proportion", "0.5"], "would need more than 1e+15"),
        (["servqual", SERVQUAL, "-o", "{tmp}/no/out.json"], "the folder {tmp}/no does not exist"),
        (["tolerance", TOLERANCE, "--scale", "1-9", "-o", "{tmp}"], "-o {tmp}: is a folder; name a file"),
        (["kano", KANO, "-o", "{tmp}"], "-o {tmp}: is a folder"),
        (
            ["servqual", SERVQUAL, "--confidence", "1.5"],
            "argument --confidence: 1.5 must lie between 0 and 1",
        ),
        (["servqual", SERVQUAL, "--confidence", "nan"], "argument --confidence: nan must lie between 0"),
        (["sample-size", "--sd", "1", "--margin", "0.1", "--confidence", "1.5"], "must lie between 0 and 1"),
        (["servqual", SERVQUAL, "--margin", "0"], "argument --margin: 0 must be a positive number"),
        (["sample-size", "--sd", "-1", "--margin", "0.1"], "sd must be a positive number"),
        (["tolerance", TOLERANCE, "--scale", "1-inf"], "--scale 1-inf: the scale 1-inf has no end"),
        (["ipa", IPA, "--scale", "five"], "--scale five: cannot read the scale 'five'"),
    ],
)
def test_bad_arguments_are_usage_errors(tmp_path, capsys, argv, said):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    try:
        code = main(["survey", *argv])
    except SystemExit as stop:  # argparse refuses its own arguments this way
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2
    assert said.replace("{tmp}", str(tmp_path)) in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written, no chart, no temporary file
