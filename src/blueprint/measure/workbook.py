"""Read an Excel workbook (``.xlsx``) as a source of observations: its first sheet, header in row 1.

A title above the header (one cell a row, as reports head a sheet) is passed
over: the header is then the first row of column names below it.

Cells keep the type Excel gives them: numbers, text, yes/no (TRUE/FALSE),
dates and times. A cell formatted as a time (``mm:ss``, ``h:mm:ss``) holds a
fraction of a day; it arrives as a time of day, or as a duration for the
``[h]:mm:ss`` formats, and a duration metric reads either as the time it
shows (:mod:`.durations`). A column mixing kinds (times typed in some rows,
text in others) is read as text, each cell written as Blueprint reads it
back, so that no cell is lost and a bad one is counted where it is.

The sheet is read as a stream (openpyxl's read-only mode) and bounded: the
archive is held to the survey reader's limits before it is opened
(:data:`blueprint.survey.sheets.LIMITS`), and a sheet wider than
:data:`MAX_COLUMNS` columns is refused with a finding rather than read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model.findings import Finding
from .durations import as_text
from .prepare import Issue
from .sheet_header import header_row

__all__ = ["MAX_COLUMNS", "on_first_sheet", "read_workbook"]

#: the widest sheet read; a cell further right usually means a stray mark far off the data
MAX_COLUMNS = 1000


def read_workbook(path: Path) -> tuple[Any, Issue | None]:
    """The first sheet of ``path`` as a PyArrow table (column per header), or the issue that stops it."""
    import zipfile

    import openpyxl
    import pyarrow as pa

    from ..survey.errors import SurveyDataError
    from ..survey.sheets import check_archive

    try:
        check_archive(path, str(path))  # the survey reader's limits: size, unpacked size, parts read whole
    except SurveyDataError as exc:
        problem = exc.problems[0]
        return None, Issue("BP340", problem.message, (problem.hint or _FIX).replace("the survey", "the data"))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return None, Issue("BP340", f"cannot be read as an Excel workbook: {text}", _FIX)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared size may be wrong: read the rows that are there
        shown = (tuple(map(_shown, row)) for row in sheet.iter_rows())  # a percent cell as it shows
        at, header, rest = header_row(shown)
        while header and header[-1] in (None, ""):
            header.pop()
        if not header:
            hint = "export the observations again, with the column names in row 1"
            return None, Issue("BP347", "the workbook's first sheet has no header row", hint)
        rows = itertools.chain(rest, shown)
        if len(header) > MAX_COLUMNS:
            return None, _too_wide(len(header))
        names = [_name(cell, i) for i, cell in enumerate(header)]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            hint = f"give each column its own name in row {at}"
            return None, Issue("BP341", f"more than one column is named {twice[0]!r}", hint, twice[0])
        columns: list[list[Any]] = [[] for _ in header]
        for number, row in enumerate(rows, start=at + 1):
            if len(row) > MAX_COLUMNS:
                return None, _too_wide(len(row))
            if all(cell is None or cell == "" for cell in row):
                continue  # an empty row between or after the data
            if len(row) > len(columns) and any(cell not in (None, "") for cell in row[len(columns) :]):
                return None, Issue(
                    "BP341", f"row {number} has values right of the last column with a header",
                    f"give every column a header in row {at}, or delete the stray cells",
                )  # fmt: skip
            for values, cell in zip(columns, (*row, *[None] * (len(columns) - len(row))), strict=False):
                values.append(cell)
    finally:
        book.close()
    return pa.table({name: _array(values) for name, values in zip(names, columns, strict=True)}), None


def _shown(cell: Any) -> Any:
    """A cell's value, but a number formatted as a percent (``0.0%``) as the text it shows (``8%``).

    Excel keeps 8% as 0.08: read as a number, a percent metric would take it
    for 0.08%, and "at most 5%" would pass at 30%. Written with its percent
    sign it is read as a percent or share metric reads one (8 or 0.08).
    """
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in _unquoted(cell):
        return f"{value * 100:.12f}".rstrip("0").rstrip(".") + "%"
    return value


def _unquoted(cell: Any) -> str:
    """The cell's number format without its quoted text (``"in %" 0`` shows no percent)."""
    text = str(getattr(cell, "number_format", "") or "")
    return re.sub(r'"[^"]*"|\\.', "", text)


def on_first_sheet(findings: list[Finding], path: str | None) -> list[Finding]:
    """``findings`` with a missing column's (BP341) saying which sheet was read, in a workbook of several.

    The observations are read from the first sheet; a report often puts a
    summary there and the rows on another, whose columns the finding then
    does not list.
    """
    if not path or not path.lower().endswith(".xlsx"):
        return findings
    at = [i for i, f in enumerate(findings) if f.rule == "BP341" and "no column" in f.message]
    if not at:
        return findings
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return findings
    try:
        names = list(book.sheetnames)
    finally:
        book.close()
    if len(names) < 2:
        return findings
    others = ", ".join(repr(n) for n in names[1:])
    said = (
        f"; the columns are the first sheet's, {names[0]!r}: move the sheet of observations ({others}) first"
    )
    return [replace(f, hint=f"{f.hint}{said}") if i in at else f for i, f in enumerate(findings)]


def _array(values: list[Any]) -> Any:
    """A column's cells as one Arrow array: their own type, or text where kinds are mixed."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        return pa.array([as_text(v) for v in values], pa.string())


def _name(cell: Any, index: int) -> str:
    text = "" if cell is None else str(cell).strip()
    return text or f"column {index + 1}"


def _too_wide(width: int) -> Issue:
    return Issue(
        "BP340",
        f"the first sheet reaches column {width:,}, more than the {MAX_COLUMNS:,} read",
        "delete stray cells far to the right of the data, or export the observations as CSV",
    )


_FIX = "check that the file is a complete .xlsx workbook (save it again from Excel), or export it as CSV"
