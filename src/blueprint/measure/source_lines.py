"""Where in a text export a value is: its line and the character its cell starts at.

The findings about values name the column and a few of the values; a data
owner fixing the export also needs the line, and a CI annotation needs it to
point there. :func:`first_line` reads a CSV or TSV file (not a gzipped one,
and no further than :data:`READ_AT_MOST` bytes) for the first row whose cell
in a column holds one of the values. It is only called when such values were
found, so measuring costs nothing more.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["READ_AT_MOST", "TEXT_FILES", "first_cell", "first_line", "separator"]

#: how far into a file the line of a value is looked for
READ_AT_MOST = 4 * 1024 * 1024
_TEXT = (".csv", ".tsv", ".txt")
#: the text exports, gzipped or not
TEXT_FILES = (*_TEXT, ".csv.gz", ".tsv.gz")


def separator(header: str) -> str:
    """The field separator of a text export, read off its header line: the one of ``,``, ``;``, a tab
    and ``|`` it holds most (``,`` when it holds none).

    >>> separator("Time Stamp;Branch;Wait (min)"), separator("timestamp,metric,value"), separator("wait")
    (';', ',', ',')
    """
    return max(",;\t|", key=header.count)


def first_line(path: str, column: str, values: list[str]) -> tuple[int, int] | None:
    """The line (from 1) and character (from 1) of the first cell of ``column`` holding one of ``values``
    (compared without surrounding spaces), or None when the file is not text or none is found in reach."""
    found = first_cell(path, column, values)
    return None if found is None else found[:2]


def first_cell(path: str, column: str, values: list[str]) -> tuple[int, int, str] | None:
    """:func:`first_line`, with the value found there (without surrounding spaces)."""
    file = Path(path)
    if not file.name.lower().endswith(_TEXT) or not values:
        return None
    wanted = {v.strip() for v in values}
    try:
        with file.open("rb") as raw:
            header = raw.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
            split = separator(header)
            names = [n.strip() for n in next(csv.reader([header], delimiter=split), [])]
            index = _index(names, column)
            if index is None:
                return None
            read = len(header)
            for number, line in enumerate(raw, start=2):
                read += len(line)
                if read > READ_AT_MOST:
                    return None
                text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                cells = next(csv.reader([text], delimiter=split), [])
                if index < len(cells) and cells[index].strip() in wanted:
                    return number, _start(text, split, index) + 1, cells[index].strip()
    except (OSError, csv.Error):
        return None
    return None


def _index(names: list[str], column: str) -> int | None:
    if column in names:
        return names.index(column)
    folded = [n.casefold() for n in names]
    return folded.index(column.casefold()) if folded.count(column.casefold()) == 1 else None


def _start(line: str, separator: str, index: int) -> int:
    """Where field ``index`` of ``line`` starts (a separator inside quotes is no separator)."""
    field, quoted = 0, False
    for at, char in enumerate(line):
        if field == index:
            return at
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            field += 1
    return len(line)
