"""Workshop vote files the way real exports look: CR line ends, runaway quotes, repeated headers, size."""

from __future__ import annotations

import pytest

from blueprint.io.load import load
from blueprint.model.examples import tiny_service
from blueprint.survey import SurveyDataError
from blueprint.widgets import Workshop
from blueprint.workshop import vote_import
from blueprint.workshop.vote_import import parse_votes, read_votes
from conftest import ROOT

HEADER = "participant,factor,class,importance"


def located(text: str) -> list[str]:
    with pytest.raises(SurveyDataError) as caught:
        parse_votes(text, tiny_service(), source="votes.csv")
    return [str(p) for p in caught.value.problems]


def votes(text: str) -> list[tuple[str, str, str | None, float | None]]:
    return [(v.participant, v.factor, v.category, v.importance) for v in parse_votes(text, tiny_service())]


def test_cr_only_line_ends_with_quoted_cells_are_read():
    # An old spreadsheet's "CSV (Macintosh)" export: lines end in CR alone, text cells quoted.
    text = f'{HEADER}\r"Ana","checkin-speed","must-be",5\r"Bo","food-hot","attractive",4\r'
    assert votes(text) == [("Ana", "checkin-speed", "M", 5.0), ("Bo", "food-hot", "A", 4.0)]


def test_a_quoted_cell_over_lines_keeps_the_line_of_its_row():
    text = f'{HEADER}\r\n"Ana\r\nSilva",checkin-speed,basic,5\r\nBo,food-hot,wow,4\r\n'
    assert located(text) == [
        "votes.csv, line 4, column 3 (class): unknown class 'wow' (fix: use one of: basic, performance, "
        "motivation, indifferent, reverse (or must-be, one-dimensional, attractive; M, O, A, I, R))"
    ]


def test_a_cell_over_the_csv_field_limit_is_located():
    text = f"{HEADER}\nAna,checkin-speed,basic,5\nBo,{'x' * 140_000},basic,4\nCy,food-hot,basic,3\n"
    [problem] = located(text)
    assert problem.startswith("votes.csv, line 3: a cell longer than 131,072 characters")


def test_a_quote_never_closed_points_at_the_row_it_opens():
    text = f'{HEADER}\nAna,checkin-speed,"basic,5\n' + "Bo,food-hot,basic,4\n" * 10_000
    [problem] = located(text)
    assert problem.startswith("votes.csv, line 2: a cell longer than")
    assert "a quote that is never closed" in problem


def test_an_unreadable_header_is_located():
    [problem] = located(f"participant,{'f' * 140_000}\nAna,x\n")
    assert problem.startswith("votes.csv, line 1: a cell longer than 131,072 characters")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("participant,factor,class,factor,importance", "column 4 (factor)"),
        ("Participant,factor,class,importance,participant", "column 5 (participant)"),
        ("Name,checkin-speed class,Checkin-speed class", "column 3 (Checkin-speed class)"),
    ],
)
def test_a_repeated_header_is_refused_not_read_first_wins(header, column):
    row = ",".join(["Ana", "checkin-speed", "basic", "food-hot", "5"][: header.count(",") + 1])
    found = located(f"{header}\n{row}\n")
    assert found[0].startswith(f"votes.csv, line 1, {column}: the column ")
    assert "appears again (first as column" in found[0]


def test_a_vote_file_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "votes.csv"
    path.write_text(f"{HEADER}\n" + "Ana,checkin-speed,basic,5\n" * 50)
    monkeypatch.setattr(vote_import, "MAX_BYTES", 500)
    with pytest.raises(SurveyDataError, match=r"votes\.csv: the file is 0\.0 MiB, above the 0 MiB limit"):
        read_votes(path, tiny_service())
    with pytest.raises(SurveyDataError, match="1,336 characters, above"):
        parse_votes(path.read_text(), tiny_service(), source="votes.csv")


def test_the_workshop_import_shows_the_place_not_a_traceback(tmp_path):
    workshop = Workshop(load(ROOT / "standards" / "hotel-stay.yaml"), participants=["Desk clerk"])
    text = f"{HEADER}\nDesk clerk,checkin-speed,basic,{'9' * 200_000}\n"
    assert workshop.voting.import_csv(text, name="form.csv") == 0
    assert "form.csv, line 2: a cell longer than 131,072 characters" in workshop.voting.import_message.value
