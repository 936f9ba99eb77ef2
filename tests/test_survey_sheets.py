"""Excel survey exports are read within limits; far cells, damaged archives and blank rows are located.

The workbooks are built here with openpyxl: a clinic's SERVQUAL item means,
a bank branch's wide answers (with the local export's odd header spacing),
and hostile shapes made by hand (a cell at XFD1048576, a patched dimension,
an archive cut short).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from blueprint.cli import main
from blueprint.survey import read_table, servqual
from blueprint.survey.errors import SurveyDataError
from blueprint.survey.servqual import servqual_from_file
from blueprint.survey.sheets import LIMITS

CLINIC_MEANS = [
    ["item", "dimension", "expectation", "perception"],
    *[[n, dim, 6.1, 5.2] for n, dim in ((1, "tangibles"), (5, "reliability"), (10, "responsiveness"))],
    *[[n, dim, 6.4, 5.9] for n, dim in ((14, "assurance"), (18, "empathy"))],
]


def workbook(path: Path, rows: list[list[object]], **cells: object) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Responses"
    for row in rows:
        sheet.append(row)
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def wide_branch(n: int) -> list[list[object]]:
    """A bank branch's wide export: an id, then E1..E22 and P1..P22 (header cells padded with spaces)."""
    header = ["Customer ID", *[f" E{i} " for i in range(1, 23)], *[f"P{i}" for i in range(1, 23)]]
    answers = [
        [*[5 + (r + i) % 3 for i in range(22)], *[4 + (r * i) % 4 for i in range(22)]] for r in range(n)
    ]
    return [header, *[[f"C{r:03}", *row] for r, row in enumerate(answers)]]


def patch_part(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Rewrite one part of the archive (openpyxl writes what is true; a hostile file need not)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    assert old in parts[part], parts[part][:400]
    parts[part] = parts[part].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def problems(exc: pytest.ExceptionInfo[SurveyDataError]) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.message) for p in exc.value.problems]


def test_a_clinic_workbook_is_read_like_its_csv(tmp_path):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    result = servqual_from_file(path)
    assert list(result.items["item"]) == ["1", "5", "10", "14", "18"]
    assert result.items["gap"].round(2).tolist() == [-0.9, -0.9, -0.9, -0.5, -0.5]


_FAR_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))
from blueprint.cli import main
sys.exit(main(["survey", "servqual", sys.argv[1]]))
"""


def test_one_cell_at_xfd1048576_is_refused_with_its_place_under_a_memory_cap(tmp_path):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS, XFD1048576=1)
    assert path.stat().st_size < 30_000
    # A child process capped at 3 GB: reading the sheet padded to its far corner needs over 10 GB.
    # One thread per maths library, so their buffers do not eat the cap on a many-core machine.
    single = {f"{name}_NUM_THREADS": "1" for name in ("OPENBLAS", "OMP", "MKL")}
    done = subprocess.run(
        [sys.executable, "-c", _FAR_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **single},
    )
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1
    assert f"{path}, row 1048576, column XFD: the cell XFD1048576 (1) lies right of the table" in done.stderr
    assert "header ends at column D" in done.stderr


def test_a_patched_dimension_is_not_trusted(tmp_path):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    patch_part(
        path, "xl/worksheets/sheet1.xml", b'<dimension ref="A1:D6" />', b'<dimension ref="A1:XFD1048576" />'
    )
    frame = read_table(path)
    assert frame.shape == (5, 4) and list(frame.index) == [2, 3, 4, 5, 6]


def test_a_dimension_beyond_excels_grid_is_damage(tmp_path):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    patch_part(
        path, "xl/worksheets/sheet1.xml", b'<dimension ref="A1:D6" />', b'<dimension ref="A1:XFE2000000" />'
    )
    with pytest.raises(SurveyDataError) as exc:
        read_table(path)
    [(_, _, message)] = problems(exc)
    assert "damaged" in message and "beyond Excel's grid" in message


def test_a_header_reaching_far_right_is_bounded_by_the_cell_limit(tmp_path, monkeypatch):
    rows = [["item", "expectation", "perception"], *[[i, 6, 5] for i in range(1, 23)]]
    path = workbook(tmp_path / "clinic.xlsx", rows, XFD1="note")
    monkeypatch.setitem(LIMITS, "max_cells", 100_000)
    with pytest.raises(SurveyDataError) as exc:
        read_table(path)
    [(row, _, message)] = problems(exc)
    assert row == 8  # 7 rows x 16,384 columns is the first size over 100,000
    assert "more than 100,000 cells" in message and "reaching column XFD" in message


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("random bytes", "not a zip archive"),
        ("cut in half", "not a zip archive"),
        ("empty zip", "no [Content_Types].xml"),
        ("no workbook part", "damaged"),
        ("broken sheet xml", "damaged"),
        ("broken manifest", "damaged"),
        ("text file renamed", "not a zip archive"),
    ],
)
def test_a_damaged_workbook_is_a_located_problem(tmp_path, capsys, damage, said):
    good = workbook(tmp_path / "good.xlsx", CLINIC_MEANS).read_bytes()
    path = tmp_path / "bank.xlsx"
    if damage == "random bytes":
        path.write_bytes(bytes((i * 7919) % 251 for i in range(4000)))
    elif damage == "cut in half":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "empty zip":
        zipfile.ZipFile(path, "w").close()
    elif damage == "text file renamed":
        path.write_text("item,dimension,expectation,perception\n1,tangibles,6,5\n")
    else:
        buffer = io.BytesIO(good)
        with zipfile.ZipFile(buffer) as archive, zipfile.ZipFile(path, "w") as out:
            for info in archive.infolist():
                data = archive.read(info)
                if damage == "no workbook part" and info.filename == "xl/workbook.xml":
                    continue
                if damage == "broken sheet xml" and info.filename == "xl/worksheets/sheet1.xml":
                    data = data[: len(data) // 2]
                if damage == "broken manifest" and info.filename == "[Content_Types].xml":
                    data = data[: len(data) // 2]
                out.writestr(info.filename, data)
    with pytest.raises(SurveyDataError) as exc:
        servqual_from_file(path)
    [problem] = exc.value.problems
    assert problem.source == str(path) and said in problem.message and problem.hint
    code = main(["survey", "servqual", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and said in err and "Traceback" not in err


def test_size_limits_are_checked_before_reading(tmp_path, monkeypatch):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    monkeypatch.setitem(LIMITS, "max_bytes", 1000)
    with pytest.raises(SurveyDataError, match=r"above the 0\.0 MiB limit for workbooks"):
        read_table(path)
    monkeypatch.setitem(LIMITS, "max_bytes", 2**30)
    monkeypatch.setitem(LIMITS, "max_unpacked_bytes", 2000)
    with pytest.raises(SurveyDataError, match=r"unpacks to .* above the .* limit"):
        read_table(path)


def test_blank_rows_far_down_are_not_respondents(tmp_path):
    rows = wide_branch(6)
    # A row of spaces far below the answers, as a form tool leaves when a response is deleted.
    path = workbook(tmp_path / "branch.xlsx", rows, A900=" ", B900="  ", AS900=" ")
    result = servqual_from_file(path)
    assert result.respondents == 6
    assert int(result.overall["n"]) == 6


def test_rows_keep_the_sheets_numbers_across_gaps(tmp_path):
    rows = wide_branch(3)
    path = workbook(tmp_path / "branch.xlsx", rows, A40="C999", B40=9)
    frame = read_table(path)
    assert list(frame.index) == [2, 3, 4, 40]
    with pytest.raises(SurveyDataError) as exc:
        servqual(frame)
    assert (40, "E1 (B)") in [(row, column) for row, column, _ in problems(exc)]


def test_problems_in_a_workbook_name_the_column_letter(tmp_path, capsys):
    rows = [["Item", "Dimension", "Expectation", "Perception"], *[[*r[:3], "n/a"] for r in CLINIC_MEANS[1:3]]]
    path = workbook(tmp_path / "clinic.xlsx", [*rows, *CLINIC_MEANS[3:]])
    code = main(["survey", "servqual", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}, row 2, column Perception (D): 'n/a' is not a number" in err
    assert f"{path}, row 3, column Perception (D): 'n/a' is not a number" in err


def test_a_duplicate_header_in_a_workbook_is_refused(tmp_path):
    rows = [["item", "expectation", "perception", "perception"], [1, 6, 5, 4]]
    path = workbook(tmp_path / "clinic.xlsx", rows)
    with pytest.raises(SurveyDataError) as exc:
        read_table(path)
    assert problems(exc) == [(1, None, "duplicate column 'perception'")]


def test_a_missing_sheet_lists_the_sheets(tmp_path, capsys):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    code = main(["survey", "servqual", str(path), "--sheet", "Answers"])
    err = capsys.readouterr().err
    assert code == 1 and "no sheet 'Answers'" in err and "'Responses'" in err


def rewrite(path: Path, **parts: bytes) -> None:
    """Replace or add parts of the archive (part names with '/' written as '__')."""
    with zipfile.ZipFile(path) as archive:
        old = {info.filename: archive.read(info) for info in archive.infolist()}
    old.update({name.replace("__", "/"): data for name, data in parts.items()})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in old.items():
            archive.writestr(name, data)


def test_a_shared_strings_part_over_its_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    # Excel keeps text in one shared part that openpyxl reads whole: tiny strings by the million.
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rewrite(
        path,
        **{
            "[Content_Types].xml": types.replace(
                b"</Types>", f'<Override PartName="/xl/strings.xml" ContentType="{kind}"/></Types>'.encode()
            ),
            "xl___rels__workbook.xml.rels": rels.replace(
                b"</Relationships>",
                b'<Relationship Id="rS" Target="strings.xml" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
            ),
            "xl__strings.xml": b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>a</t></si>" * 20_000
            + b"</sst>",
        },
    )
    assert read_table(path).shape == (5, 4)  # under the limit the part is read and changes nothing
    monkeypatch.setitem(LIMITS, "max_part_bytes", 100_000)
    with pytest.raises(
        SurveyDataError, match=r"part xl/strings\.xml unpacks to 0\.3 MiB, above the 0\.1 MiB"
    ):
        read_table(path)


@pytest.mark.parametrize("part", ["xl/styles.xml", "[Content_Types].xml", "xl/workbook.xml"])
def test_parts_read_whole_are_limited(tmp_path, monkeypatch, part):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    padded = data + b"<!--" + b" " * 200_000 + b"-->"  # a comment after the root: still valid XML
    rewrite(path, **{part.replace("/", "__"): padded})
    monkeypatch.setitem(LIMITS, "max_part_bytes", 150_000)
    with pytest.raises(
        SurveyDataError, match=f"part {re.escape(part)} unpacks to 0.2 MiB, above the 0.1 MiB"
    ):
        read_table(path)


def test_empty_cell_elements_count_toward_the_cell_limit(tmp_path, monkeypatch):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    empty_row = b'<row r="7">' + b"<c/>" * 3_000 + b"</row>"
    rewrite(
        path, **{"xl__worksheets__sheet1.xml": sheet.replace(b"</sheetData>", empty_row + b"</sheetData>")}
    )
    assert read_table(path).shape == (5, 4)
    monkeypatch.setitem(LIMITS, "max_cells", 2_000)
    with pytest.raises(SurveyDataError) as exc:
        read_table(path)
    assert problems(exc) == [(7, None, "the sheet holds more than 2,000 cells")]


def test_a_far_header_cell_leaves_no_empty_columns_between(tmp_path):
    path = workbook(tmp_path / "clinic.xlsx", CLINIC_MEANS, XFD1="checked by", XFD3="Dr Lin")
    frame = read_table(path)
    assert list(frame.columns) == ["item", "dimension", "expectation", "perception", "checked by"]
    assert frame.loc[3, "checked by"] == "Dr Lin"
    result = servqual(frame)  # the extra column is ignored like any other
    assert result.items["gap"].round(2).tolist() == [-0.9, -0.9, -0.9, -0.5, -0.5]


def test_a_title_above_the_header_is_named_as_such_once(tmp_path):
    # Paper forms typed into Excel: a title in A1, a blank row, the header in row 3. The title was read
    # as a one-column header and every answer cell reported as lying right of it (23 problems).
    rows = [
        ["Patient survey, typed in from paper, November 2026"],
        [],
        ["Patient", "E1", "E2", "P1", "P2"],
        ["pt1", 6, 7, 5, 6],
        ["pt2", 7, 6, 6, 5],
    ]
    path = workbook(tmp_path / "paper.xlsx", rows)
    with pytest.raises(SurveyDataError) as caught:
        read_table(path)
    [problem] = caught.value.problems
    assert problem.row == 1 and problem.column == "A"
    assert "row 1 holds one cell ('Patient survey, typed in from paper,...)" in problem.message
    assert "read as the header, but row 3 reaches column E" in problem.message
    assert "if row 1 is a title, delete rows 1 to 2" in problem.hint
