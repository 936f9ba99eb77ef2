"""Survey exports whose header is not one plain first line, read alike by `survey`, `report` and `check`.

The material: a day spa's zone-of-tolerance survey (desired, adequate and
perceived service on 1-9 per item), exported the ways form tools and
spreadsheets write it: rows ending in a separator, a title typed above the
header, a header missing a name, question text in row 1 with the short codes
in row 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.cli import main
from blueprint.survey import read_table, tolerance
from blueprint.survey.errors import SurveyDataError
from conftest import DATA

SERVICE = DATA / "gap1" / "call-centre.yaml"
HEADER = "Guest,Item,Desired,Adequate,Perceived"
ROWS = [
    "G1,greeting,8,5,7", "G1,massage-on-time,9,6,5", "G2,greeting,7,5,6", "G2,massage-on-time,8,6,8",
    "G3,greeting,9,4,8", "G3,massage-on-time,9,7,6", "G4,greeting,8,5,5", "G4,massage-on-time,8,5,7",
]  # fmt: skip
MAPPING = "respondent=Guest,item=Item"


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _zone(path: Path):
    table = read_table(path, columns={"respondent": "Guest", "item": "Item"})
    return tolerance(table, scale="1-9").items.to_dict("records")


def test_rows_ending_in_a_separator_keep_each_answer_under_its_own_question(tmp_path):
    # The first column was taken for an index: every answer moved one question to the left.
    plain = _zone(_write(tmp_path, "plain.csv", [HEADER, *ROWS]))
    trailing = _zone(_write(tmp_path, "trailing.csv", [HEADER, *(r + "," for r in ROWS)]))
    assert trailing == plain
    assert {r["item"] for r in trailing} == {"greeting", "massage-on-time"}


@pytest.mark.parametrize(
    ("lines", "row", "said", "fix"),
    [
        (  # a title typed above the header, saved without the empty cells to its right
            ["Spa guest survey, November 2026".replace(",", ""), HEADER, *ROWS], 1,
            "row 1 names one column ('Spa guest survey November 2026'), but row 2 holds values in 5 columns",
            "if row 1 is a title, delete the rows above the header",
        ),
        (  # a comment column at the end that the header does not name
            [HEADER, *ROWS[:3], ROWS[3] + ",lovely staff", *ROWS[4:]], 5,
            "row 5 holds values in 6 columns, but the header (row 1) names 5",
            "name every column in row 1",
        ),
    ],
)  # fmt: skip
def test_a_row_wider_than_the_header_is_refused_alike_by_survey_report_and_check(
    tmp_path, capsys, lines, row, said, fix
):
    export = _write(tmp_path / "surveys", "spa.csv", lines)
    with pytest.raises(SurveyDataError) as caught:
        _zone(export)
    [problem] = caught.value.problems
    assert (problem.row, problem.source) == (row, str(export))
    assert said in problem.message and fix in problem.hint
    capsys.readouterr()
    out = tmp_path / "report.html"
    commands = [
        ["survey", "tolerance", str(export), "--columns", MAPPING, "--scale", "1-9"],
        ["report", str(SERVICE), "--survey", str(export), "--survey-columns", MAPPING, "-o", str(out)],
        ["check", str(SERVICE), "--survey", str(export), "--survey-columns", MAPPING],
    ]
    for command in commands:
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert f"{export}, row {row}: {said}" in err, command
        assert "Traceback" not in err
    assert not out.exists()


QUESTIONS = (
    '"Guest","Treatment","The service you wish for (1-9)","The least you accept (1-9)","What you got (1-9)"'
)


def test_question_text_above_the_codes_row_names_the_row_to_delete(tmp_path, capsys):
    export = _write(tmp_path / "surveys", "spa.csv", [QUESTIONS, HEADER, *ROWS])
    out = tmp_path / "report.html"
    for command in (
        ["report", str(SERVICE), "--survey", str(export), "-o", str(out)],
        ["check", str(SERVICE), "--survey", str(export)],
    ):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert f"{export}, row 1: row 1 names no survey's columns (Guest, Treatment, " in err, command
        assert "row 2 holds the column names: if the rows above it are question text" in err, command


def test_servqual_codes_in_row_two_are_named_by_blueprint_survey(tmp_path, capsys):
    items = _write(tmp_path, "items.csv", ["item,dimension", "1,reliability", "2,empathy"])
    export = _write(
        tmp_path, "sq.csv",
        ['"Guest","Expect: on time","Expect: caring","Got: on time","Got: caring"', "Guest,E1,E2,P1,P2",
         "G1,7,6,5,6", "G2,6,7,6,4"],
    )  # fmt: skip
    assert main(["survey", "servqual", str(export), "--instrument", str(items)]) == 1
    err = capsys.readouterr().err
    assert f"{export}, row 1: no SERVQUAL answers found" in err
    assert "row 2 holds the column names" in err


def test_each_survey_command_names_the_codes_row_under_the_question_text(tmp_path, capsys):
    codes = "respondent,item,desired,adequate,perceived"
    export = _write(tmp_path, "spa.csv", [QUESTIONS, codes, *ROWS])
    assert main(["survey", "tolerance", str(export), "--scale", "1-9"]) == 1
    err = capsys.readouterr().err
    assert f"{export}, row 1: zone of tolerance data needs the column 'desired'" in err
    assert "row 2 holds the column names: if the rows above it are question text" in err


KANO = "Guest,Attribute,Functional,Dysfunctional"
KANO_ROWS = [
    "G1,towel-warmer,I like it,I can live with it", "G2,towel-warmer,I expect it,I dislike it",
    "G3,towel-warmer,I am neutral,I am neutral", "G4,towel-warmer,I like it,I am neutral",
]  # fmt: skip


def test_a_kano_question_row_under_the_header_is_named_once_as_a_second_header(tmp_path, capsys):
    asked = (
        'Guest,Attribute,"If the spa has a towel warmer, how do you feel?","If it has none, how do you feel?"'
    )
    export = _write(tmp_path / "surveys", "kano.csv", [KANO, asked, *KANO_ROWS])
    out = tmp_path / "report.html"
    for command in (
        ["survey", "kano", str(export), "--columns", "respondent=Guest"],
        ["report", str(SERVICE), "--survey", str(export), "-o", str(out)],
    ):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert f"{export}, row 2: text in every answer column (If the spa has a towel warmer" in err, command
        assert "delete row 2" in err and "is not a Kano answer" not in err, command


def test_a_respondents_answers_that_are_no_kano_answers_are_never_called_a_header(tmp_path, capsys):
    export = _write(tmp_path, "kano.csv", [KANO, "G0,towel-warmer,yes,no", *KANO_ROWS])
    assert main(["survey", "kano", str(export)]) == 1
    err = capsys.readouterr().err
    assert f"{export}, row 2, column Functional: 'yes' is not a Kano answer" in err
    assert "delete row" not in err
