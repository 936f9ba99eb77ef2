"""Excel workbooks (.xlsx, .xlsm) read cell by cell within limits, every refusal located.

A workbook is a zip archive of XML parts; a few kilobytes can declare a sheet
of 1,048,576 x 16,384 cells or unpack to gigabytes. Nothing here trusts those
declarations: the file size and the unpacked size of its parts are checked
before a part is opened, the sheet is streamed, only filled cells are kept,
and a filled cell to the right of the header (or beyond Excel's own grid) is
reported with its row and column letter instead of widening the table. A
cell holding only spaces is blank, so a row of them is no row.

``LIMITS`` holds the bounds; change the dict to raise one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXCEL_COLUMNS", "EXCEL_ROWS", "LIMITS", "check_archive", "read_workbook"]

LIMITS: dict[str, int] = {
    "max_bytes": 64 * 2**20,  # the file on disk
    "max_unpacked_bytes": 256 * 2**20,  # all parts of the archive, as their headers declare them
    "max_part_bytes": 16 * 2**20,  # each part openpyxl reads whole (text cells, styles, workbook), unpacked
    "max_cells": 5_000_000,  # cell elements of the sheet, and cells of the table (rows x header columns)
}
#: Excel's grid: rows and columns a sheet can have.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_MAX_PROBLEMS = 20
_RESAVE = "open it in your spreadsheet program and save it again as .xlsx, or export it as .csv"


def read_workbook(path: Path, sheet: str | int | None = None) -> pd.DataFrame:
    """One sheet of ``path`` as a table: header from its first filled row, index the sheet's row numbers."""
    source = str(path)
    check_archive(path, source)
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # styles openpyxl cannot read do not matter to the answers
            book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except SurveyDataError:
        raise
    except Exception as exc:  # any damage inside the archive: a located refusal, never a traceback
        raise _damaged(source, exc) from None
    try:
        ws = _worksheet(book, sheet, source)
        return _table(book, ws, source)
    except SurveyDataError:
        raise
    except Exception as exc:
        raise _damaged(source, exc) from None
    finally:
        book.close()


def check_archive(path: Path, source: str) -> None:
    """Refuse, before openpyxl opens it, a workbook over the size limits or not a workbook at all.

    Raises :class:`SurveyDataError` naming the limit and how to get under it.
    """
    import zipfile

    size = path.stat().st_size
    if size > LIMITS["max_bytes"]:
        raise SurveyDataError(
            [
                Problem(
                    f"the file is {_mib(size)}, above the {_mib(LIMITS['max_bytes'])} limit for workbooks",
                    source,
                    hint="export the survey as .csv or .parquet, or raise "
                    "blueprint.survey.sheets.LIMITS['max_bytes']",
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SurveyDataError(
            [Problem(f"is not an Excel workbook (not a zip archive: {exc})", source, hint=_RESAVE)]
        ) from None
    try:
        with archive:
            parts = archive.infolist()
            whole = _whole_parts(archive)
    except Exception as exc:  # a manifest that is no XML, a part that does not unpack
        raise _damaged(source, exc) from None
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names:
        raise SurveyDataError(
            [
                Problem(
                    "is not an Excel workbook (the archive has no [Content_Types].xml)", source, hint=_RESAVE
                )
            ]
        )
    for part in whole:
        if part.file_size > LIMITS["max_part_bytes"]:
            raise SurveyDataError(
                [
                    Problem(
                        f"the workbook's part {part.filename} unpacks to {_mib(part.file_size)}, above the "
                        f"{_mib(LIMITS['max_part_bytes'])} limit for the parts read whole "
                        "(text cells, styles, the workbook itself)",
                        source,
                        hint="export the survey as .csv or .parquet, or raise "
                        "blueprint.survey.sheets.LIMITS['max_part_bytes']",
                    )
                ]
            )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > LIMITS["max_unpacked_bytes"]:
        raise SurveyDataError(
            [
                Problem(
                    f"the workbook unpacks to {_mib(unpacked)}, above the "
                    f"{_mib(LIMITS['max_unpacked_bytes'])} limit (a zip bomb, or a very large sheet)",
                    source,
                    hint="export the survey as .csv or .parquet, or raise "
                    "blueprint.survey.sheets.LIMITS['max_unpacked_bytes']",
                )
            ]
        )


#: Parts openpyxl reads at fixed places, whole (the sheets it streams).
_FIXED_PARTS = ("xl/styles.xml", "xl/theme/theme1.xml", "docProps/core.xml", "docProps/custom.xml")


def _whole_parts(archive: Any) -> list[Any]:
    """The archive entries openpyxl reads whole, found the way it finds them.

    The manifest first (checked before it is parsed), then the parts it names
    as shared strings or as the workbook, the workbook's relations, and the
    parts openpyxl reads from fixed places.
    """
    from openpyxl.xml.functions import iterparse

    infos = {info.filename: info for info in archive.infolist()}
    manifest = infos.get("[Content_Types].xml")
    if manifest is None or manifest.file_size > LIMITS["max_part_bytes"]:
        return [manifest] if manifest is not None else []
    named: list[str] = []
    with archive.open(manifest) as types:
        for _, element in iterparse(types):
            kind = str(element.get("ContentType", ""))
            if kind.endswith(("sharedStrings+xml", ".main+xml")):
                part = str(element.get("PartName", ""))[1:]
                folder, _, name = part.rpartition("/")
                named += [part, f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"]
            element.clear()
    return [manifest, *(infos[n] for n in (*named, *_FIXED_PARTS) if n in infos)]


def _worksheet(book: Any, sheet: str | int | None, source: str) -> Any:
    names = list(book.sheetnames)
    sheets = book.worksheets
    if not sheets:
        raise SurveyDataError([Problem("the workbook has no worksheet", source, hint=_RESAVE)])
    if sheet is None:
        return sheets[0]
    if isinstance(sheet, int):
        if 0 <= sheet < len(sheets):
            return sheets[sheet]
        raise SurveyDataError(
            [Problem(f"no sheet number {sheet} (there are {len(sheets)}, counted from 0)", source)]
        )
    if sheet not in names:
        raise SurveyDataError(
            [Problem(f"no sheet {sheet!r}", source, hint=f"the workbook has: {', '.join(map(repr, names))}")]
        )
    return book[sheet]


def _table(book: Any, ws: Any, source: str) -> pd.DataFrame:
    import pandas as pd

    _check_dimension(ws, source)
    header: list[Any] | None = None
    header_row = 0
    width = 0
    numbers: list[int] = []
    rows: list[list[Any]] = []
    problems: list[Problem] = []
    used: list[bool] = []  # columns with a header or a value; the others are gaps, not columns
    wide: tuple[int, int] | None = None  # the first row wider than the header, and its last column
    last = elements = 0
    for number, cells in _rows(book, ws):
        if number <= last or number > EXCEL_ROWS:
            raise _damaged(source, ValueError(f"row number {number} out of order or beyond row {EXCEL_ROWS}"))
        last = number
        elements += len(cells)
        if elements > LIMITS["max_cells"]:
            raise _too_many(source, number, f"the sheet holds more than {LIMITS['max_cells']:,} cells")
        filled = [(c["column"], v) for c in cells if (v := _value(c.get("value"))) is not None]
        if not filled:
            continue
        if any(not 1 <= c <= EXCEL_COLUMNS for c, _ in filled):
            raise _damaged(source, ValueError(f"a cell of row {number} lies beyond column XFD"))
        if header is None:
            width = max(c for c, _ in filled)
            header = [None] * width
            for c, v in filled:
                header[c - 1] = v
            used = [h is not None for h in header]
            header_row = number
            continue
        if (len(rows) + 1) * width > LIMITS["max_cells"]:
            raise _too_many(
                source,
                number,
                f"the table has more than {LIMITS['max_cells']:,} cells ({len(rows) + 1:,} rows by "
                f"{width:,} columns, the header reaching column {_letter(width)})",
            )
        values: list[Any] = [None] * width
        if wide is None and max(c for c, _ in filled) > width:
            wide = (number, max(c for c, _ in filled))  # the first row wider than the header
        for c, v in filled:
            if c > width:
                problems.append(_beyond(source, number, c, v, width, header_row))
            else:
                values[c - 1] = v
                used[c - 1] = True
        if len(problems) >= _MAX_PROBLEMS:
            break
        numbers.append(number)
        rows.append(values)
    if problems:
        if header is not None and sum(h is not None for h in header) == 1 and wide is not None:
            raise SurveyDataError([_title(source, header_row, header, *wide)])
        raise SurveyDataError(problems)
    if header is None:
        raise SurveyDataError(
            [Problem("the sheet is empty", source, hint="export the survey with its header and answer rows")]
        )
    names = [f"Unnamed: {i}" if h is None else h for i, h in enumerate(header)]
    frame = pd.DataFrame(rows, index=pd.Index(numbers, name="row", dtype="int64"), columns=range(width))
    frame.columns = pd.Index(names, dtype=object)
    frame = frame.iloc[:, [k for k in range(width) if used[k]]].infer_objects()
    frame.attrs["file_rows"] = True
    frame.attrs["letters"] = {str(n).strip(): _letter(k + 1) for k, n in enumerate(names) if used[k]}
    return frame


def _rows(book: Any, ws: Any) -> Any:
    """``(row number, [cell dicts])`` for every row element of the sheet, without padding.

    openpyxl's own row iterator pads each row to its last column and fills
    gaps between rows; its sheet parser yields only what the file holds.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with ws._get_source() as src:  # the sheet's XML part, streamed
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        parser.row_dimensions = _Discard()  # row heights and styles: not needed, not kept
        yield from parser.parse()


class _Discard(dict):  # type: ignore[type-arg]
    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def _check_dimension(ws: Any, source: str) -> None:
    """The sheet's declared size must lie on Excel's grid; it is never used to allocate anything."""
    rows, columns = ws.max_row, ws.max_column
    if (rows is not None and rows > EXCEL_ROWS) or (columns is not None and columns > EXCEL_COLUMNS):
        raise _damaged(
            source, ValueError(f"the sheet declares {rows:,} rows x {columns:,} columns, beyond Excel's grid")
        )


def _value(value: Any) -> Any:
    """A cell's value, or None for a blank one (empty, or spaces only)."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _too_many(source: str, row: int, message: str) -> SurveyDataError:
    return SurveyDataError(
        [
            Problem(
                message,
                source,
                row=row,
                hint="delete stray cells right of the header, export the survey as .csv or .parquet, "
                "or raise blueprint.survey.sheets.LIMITS['max_cells']",
            )
        ]
    )


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _title(source: str, header_row: int, header: list[Any], wide_row: int, wide_last: int) -> Problem:
    """One problem for a lone cell read as the header while a later row is wider: most often a title."""
    column = next(k for k, h in enumerate(header) if h is not None) + 1
    shown = repr(str(header[column - 1]))
    if len(shown) > 40:
        shown = shown[:37] + "..."
    above = f"row {header_row}" if wide_row - 1 == header_row else f"rows {header_row} to {wide_row - 1}"
    return Problem(
        f"row {header_row} holds one cell ({shown}), read as the header, but row {wide_row} reaches "
        f"column {_letter(wide_last)}",
        source,
        row=header_row,
        column=_letter(column),
        hint=f"if row {header_row} is a title, delete {above}: the header is the first filled row",
    )


def _beyond(source: str, row: int, column: int, value: Any, width: int, header_row: int) -> Problem:
    shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return Problem(
        f"the cell {_letter(column)}{row} ({shown}) lies right of the table, whose header "
        f"ends at column {_letter(width)}",
        source,
        row=row,
        column=_letter(column),
        hint=f"delete the cell, or give its column a header in row {header_row}",
    )


def _damaged(source: str, exc: BaseException) -> SurveyDataError:
    text = str(exc).strip().splitlines()
    reason = text[0] if text else type(exc).__name__
    return SurveyDataError(
        [Problem(f"the workbook is damaged and cannot be read ({reason[:200]})", source, hint=_RESAVE)]
    )


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"
