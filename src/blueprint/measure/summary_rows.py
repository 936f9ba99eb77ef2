"""Totals and averages at the bottom of an export: rows that are no observation.

A CSV file saved from a spreadsheet or a ticketing tool often ends with a
row that sums or averages the rows above it (``Total;;;987``, ``合计,,346``,
``Average,,8.6``). Counted as an observation, the sum of forty waits is one
more wait, far over any target; the average is one more that looks real. A
row is such a summary when one of its text cells says so, in any letter case
and with or without a colon: ``Total``, ``Sum``, ``Average``, ``合计`` and the
words below. Only text exports are looked at (CSV, TSV, Excel): a Parquet file
or a table written by a system holds no such row, and its query stays as it
was.

Such a row is left out of every metric as a ``summary row`` and counted;
:func:`advise` makes the finding (BP352) name the lines where they are, read
from the file only when some were found.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model.findings import Finding, Location
from .source_lines import TEXT_FILES, separator

__all__ = ["BREAKS", "FIX", "LABELS", "SUMMARY", "advise", "flag", "looked_for"]

#: the reason a summary row is left out
SUMMARY = "summary row"

#: what a summary row says in one of its text cells, written in lower case, without a colon
LABELS = (
    "total", "totals", "grand total", "subtotal", "sub-total", "sub total", "sum", "average", "avg",
    "mean", "summe", "gesamt", "gesamtsumme", "durchschnitt", "mittelwert", "somme", "moyenne",
    "total général", "totaal", "gemiddelde", "suma", "promedio", "media", "totale", "合计", "总计",
    "小计", "平均", "平均值", "合計", "總計", "小計", "総計",
)  # fmt: skip
_WITH_COLON = tuple(f"{word}{colon}" for word in LABELS for colon in ("", ":", "："))
#: the fix when a large file's summary row breaks the type its column was given from the rows above it
BREAKS = (
    "the file ends with a summary row (Total, Sum, Average ...) whose text does not fit the type read "
    "from the rows above it: delete that row, or export without totals"
)
#: the fix for a summary row left out (BP352)
FIX = (
    "export the rows without totals or averages, or delete those lines; a real observation labelled so: "
    "write another word in that cell at the source"
)
#: the files that may end with a summary row
_TEXT_EXPORTS = (*TEXT_FILES, ".xlsx")
#: at most this many lines are named in the finding
_SHOWN = 3


def text_export(where: str) -> bool:
    """Whether the source read from ``where`` is a text export (CSV, TSV, Excel): one that may hold
    totals rows and blank rows, which a table written by a program (Parquet) does not."""
    return where.lower().endswith(_TEXT_EXPORTS)


def looked_for(where: str, files: tuple[str, ...] = ()) -> frozenset[str] | None:
    """The columns of the source read from ``where`` (its path as shown; ``files``, the files it reads)
    to search for summary rows: none (empty), some, or every text column (None).

    Only a text export may hold such rows (CSV, TSV, Excel). A workbook is searched whole (it is small,
    in memory). A text file is searched when its last lines (:data:`_TAIL` bytes) hold a summary row,
    as an export's totals do, and only in the columns that say so there: a file without one at its end
    costs one short read, not a look at every row. A gzipped file is searched when it is small enough
    to unpack (:data:`_UNPACKED` bytes).
    """
    if not text_export(where):
        return frozenset()
    if where.lower().endswith(".xlsx"):
        return None
    found: set[str] = set()
    for name in files or (where,):
        found |= _labelled(Path(name))
    return frozenset(found)


#: how much of a text file's end is read for a summary row
_TAIL = 65536
#: a gzipped file larger than this is not unpacked to look at its end
_UNPACKED = 8 * 1024 * 1024


def _labelled(path: Path) -> set[str]:
    """The columns (by the header) in which the last lines of ``path`` say total, sum, average ..."""
    try:
        if path.name.lower().endswith(".gz"):
            import gzip

            if path.stat().st_size > _UNPACKED:
                return set()
            with gzip.open(path, "rb") as packed:
                whole = packed.read()
            head, tail = whole[:_TAIL], whole[-_TAIL:]
        else:
            with path.open("rb") as text:
                head = text.read(_TAIL)
                text.seek(max(0, path.stat().st_size - _TAIL))
                tail = text.read()
    except (OSError, EOFError, ValueError):
        return set()
    header = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not header:
        return set()
    lines = tail.decode("utf-8", errors="replace").splitlines()[1:]  # the first may be cut, or the header
    return {_column(header[0], line, hit.start(1)) for line in lines if (hit := _cell().search(line))}


def flag(table: Any, columns: frozenset[str] | None) -> Any:
    """A boolean expression: the row has a text cell saying it sums or averages the rows (None: no text).

    ``columns`` names the columns to look at (None: every text column).
    """
    found = None
    for name, kind in table.schema().items():
        if (columns is not None and name not in columns) or not kind.is_string():
            continue
        said = table[name].strip().lower().isin(_WITH_COLON)
        found = said if found is None else found | said
    return None if found is None else found.fill_null(False)


def advise(findings: list[Finding], path: str) -> list[Finding]:
    """``findings`` with the summary-row finding (BP352) naming the lines of ``path`` that hold them,
    and the column that says so."""
    at = [i for i, f in enumerate(findings) if f.rule == "BP352"]
    if not at or path.lower().endswith(".gz"):
        return findings
    sheet = path.lower().endswith(".xlsx")
    lines = _sheet_rows(Path(path)) if sheet else _lines(Path(path))
    if not lines:
        return findings
    shown = ", ".join(f"{n} ({word!r} in column {column!r})" for n, _, word, column in lines[:_SHOWN])
    more = f" and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    old = findings[at[0]]
    first = Location(old.location.file if old.location else path, lines[0][0], lines[0][1])
    said = f"{old.message}: {'row' if sheet else 'line'}{'s' if len(lines) > 1 else ''} {shown}{more}"
    new = replace(old, message=said, location=first)
    return [*findings[: at[0]], new, *findings[at[0] + 1 :]]


@functools.cache
def _cell() -> re.Pattern[str]:
    """A cell saying total, sum, average ... (compiled on first use: most sources hold no text to search)."""
    words = "|".join(re.escape(w) for w in sorted(LABELS, key=len, reverse=True))
    return re.compile(r'(?:^|[,;\t|])\s*"?\s*(' + words + r')\s*[:：]?\s*"?\s*(?=[,;\t|]|$)', re.IGNORECASE)


def _lines(path: Path) -> list[tuple[int, int, str, str]]:
    """The lines of ``path`` with a cell saying total, sum, average ...: the line and the character the
    cell starts at (from 1), the word it says and the column (by the header) it is in.

    A file up to :data:`_READ_WHOLE` bytes is read line by line; in a larger one only the lines of its
    end (:data:`_TAIL` bytes) are looked at, numbered by counting the line ends before them.
    """
    found: list[tuple[int, int, str, str]] = []
    try:
        size = path.stat().st_size
        with path.open("rb") as raw:
            header = raw.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
            first = 2
            if size > _READ_WHOLE:  # count the line ends up to the end's lines, a block at a time
                before = max(raw.tell(), size - _TAIL)
                while raw.tell() < before:
                    first += raw.read(min(1 << 20, before - raw.tell())).count(b"\n")
                raw.readline()  # the line the end starts in may be cut
                first += 1
            for number, line in enumerate(raw, start=first):
                text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                if hit := _cell().search(text):
                    at = hit.start(1)
                    found.append((number, at + 1, hit.group(1), _column(header, text, at)))
    except OSError:
        return []
    return found


def _sheet_rows(path: Path) -> list[tuple[int, int, str, str]]:
    """The rows of the first sheet of workbook ``path`` (as read, :mod:`.workbook`) with a cell saying
    total, sum, average ...: the row and column numbers, the word and the column's header."""
    import itertools
    import zipfile

    import openpyxl

    from .sheet_header import header_row

    found: list[tuple[int, int, str, str]] = []
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        at, cells, rest = header_row(rows)  # below a title, as the workbook is read
        header = [str(cell).strip() if cell is not None else "" for cell in cells]
        for number, row in enumerate(itertools.chain(rest, rows), start=at + 1):
            for index, cell in enumerate(row):
                if isinstance(cell, str) and cell.strip().lower() in _WITH_COLON:
                    name = header[index] if index < len(header) and header[index] else f"column {index + 1}"
                    found.append((number, index + 1, cell.strip().rstrip(":："), name))
                    break
    finally:
        book.close()
    return found


#: a text file larger than this has only its end searched for the lines of summary rows
_READ_WHOLE = 4 * 1024 * 1024


def _column(header: str, line: str, at: int) -> str:
    """The header's name of the field of ``line`` that starts before position ``at``."""
    before = line[:at]
    split = separator(header)
    index = len(next(csv.reader([before], delimiter=split))) - 1 if before else 0
    names = next(csv.reader([header], delimiter=split), [])
    return names[index].strip() if 0 <= index < len(names) else f"field {index + 1}"
