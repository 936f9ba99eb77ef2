"""Survey exports of any quality end in a result or in problems naming the file (and row, column).

The four example exports (SERVQUAL, Kano, IPA, zone of tolerance) are damaged
the ways exports get damaged (blank, text, out-of-range and fractional
answers, duplicated and deleted rows, a lost header, truncation, another
delimiter, random bytes) and analysed; any exception other than
:class:`SurveyDataError` is a failure, and so is a problem without its file.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import damaged_table

from blueprint.survey import errors
from blueprint.survey.ipa import ipa_from_file
from blueprint.survey.kano import kano_from_file
from blueprint.survey.servqual import servqual_from_file
from blueprint.survey.tolerance import tolerance_from_file
from conftest import ROOT

SURVEY = ROOT / "examples" / "data" / "survey"
ANALYSES = {
    "servqual-hotel.csv": servqual_from_file,
    "kano-hotel.csv": kano_from_file,
    "ipa-hotel.csv": ipa_from_file,
    "tolerance-hotel.csv": tolerance_from_file,
}
#: a few rows of each export keep the cases fast; the damage is what matters
HEADS = {name: (SURVEY / name).read_text(encoding="utf-8").splitlines()[:40] for name in ANALYSES}
CELLS = [
    "", " ", "abc", "n/a", "-", "0", "-1", "99", "3.5", "NaN", "nan", "inf", "-inf", "1e400", "1e-400",
    "٣", "３", "4 ", " 4", '"4"', "4,5", "true", "like", "LIKE", "must-be", "😀", "\u200f4", "0x4",
    "9" * 400, "2025-01-01", "=1+1",
]  # fmt: skip
FUZZ = settings(
    max_examples=int(os.environ.get("BP_FUZZ_EXAMPLES", 120)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def analyse(path: Path, name: str) -> str:
    """``ok`` or ``problems``; raises for anything else (the failure under test)."""
    try:
        ANALYSES[name](path)
    except errors.SurveyDataError as exc:
        assert exc.problems, "an error without problems"
        for problem in exc.problems:
            assert problem.source == str(path) or (problem.source is None and problem.row is None), problem
            assert problem.message, problem
        return "problems"
    return "ok"


def damaged(lines: list[str]) -> st.SearchStrategy[str]:
    """The export with one to four kinds of damage."""
    return damaged_table(lines, CELLS)


@FUZZ
@given(st.sampled_from(sorted(ANALYSES)), st.data())
def test_damaged_exports_give_a_result_or_located_problems(tmp_path, name, data):
    text = data.draw(damaged(HEADS[name]))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    analyse(path, name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(ANALYSES)), st.binary(max_size=300), st.sampled_from([b"", b"\xef\xbb\xbf"]))
def test_random_bytes_give_located_problems(tmp_path, name, raw, bom):
    path = tmp_path / name
    path.write_bytes(bom + raw)
    assert analyse(path, name) == "problems"


def test_an_empty_export_is_a_located_problem(tmp_path):
    for name in ANALYSES:
        path = tmp_path / name
        path.write_text("", encoding="utf-8")
        assert analyse(path, name) == "problems"
        path.write_text(HEADS[name][0] + "\n", encoding="utf-8")
        assert analyse(path, name) == "problems"


def test_an_answer_too_long_for_a_number_is_a_located_problem(tmp_path):
    path = tmp_path / "ipa-hotel.csv"
    lines = list(HEADS["ipa-hotel.csv"])
    cells = lines[1].split(",")
    cells[2] = "9" * 400  # pandas raised OverflowError converting this cell
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        ipa_from_file(path)
    except errors.SurveyDataError as exc:
        [problem] = exc.problems
        assert (problem.source, problem.row, problem.column) == (str(path), 2, "importance")
        assert "outside the scale" in problem.message
    else:
        raise AssertionError("an answer of 400 digits was accepted")


def _workbook(lines: list[str]) -> bytes:
    """The export's first rows as an .xlsx workbook, numbers as numbers."""
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in csv.reader(lines):
        book.active.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOKS = {name: _workbook(HEADS[name]) for name in ANALYSES}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(ANALYSES)), st.sampled_from(["cut", "flip", "zero"]), st.data())
def test_damaged_workbooks_give_a_result_or_located_problems(tmp_path, name, damage, data):
    raw = bytearray(WORKBOOKS[name])
    where = data.draw(st.integers(0, len(raw) - 1))
    if damage == "cut":
        raw = raw[:where]
    else:
        width = data.draw(st.integers(1, 64))
        for i in range(where, min(where + width, len(raw))):
            raw[i] = 0 if damage == "zero" else raw[i] ^ data.draw(st.integers(1, 255))
    path = tmp_path / name.replace(".csv", ".xlsx")
    path.write_bytes(bytes(raw))
    analyse(path, name)


def test_the_undamaged_workbooks_read_like_their_csv(tmp_path):
    for name in ANALYSES:
        path = tmp_path / name.replace(".csv", ".xlsx")
        path.write_bytes(WORKBOOKS[name])
        text = tmp_path / name
        text.write_text("\n".join(HEADS[name]) + "\n", encoding="utf-8")
        assert analyse(path, name) == analyse(text, name), name
