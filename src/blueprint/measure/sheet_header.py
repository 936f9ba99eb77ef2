"""Where a sheet's header is: row 1, or the first row of column names below a report's title.

Kept apart from :mod:`.workbook`, which reads the sheet, so that the search
for summary rows (:mod:`.summary_rows`) numbers the rows as it does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["TITLE_ROWS", "header_row"]

#: how many rows a workbook's title may take above its header
TITLE_ROWS = 10


def header_row(rows: Iterator[tuple[Any, ...]]) -> tuple[int, list[Any], list[tuple[Any, ...]]]:
    """The header's row number and cells, and the rows read past it that hold data.

    A report heads its sheet with a title (the dealer's name, the report and
    its dates), a line to itself above the column names. Rows holding one
    text cell, with empty rows between, are such a title when a row of two
    or more column names (text) follows within :data:`TITLE_ROWS` rows;
    otherwise the first row is the header, as in a sheet of one column.
    """
    seen: list[tuple[Any, ...]] = []
    for row in rows:
        seen.append(row)
        filled = [cell for cell in row if cell not in (None, "")]
        if len(filled) >= 2 and all(isinstance(cell, str) for cell in filled):
            return len(seen), list(row), []  # the column names, below a title (or in row 1)
        if len(filled) > 1 or (filled and not isinstance(filled[0], str)) or len(seen) >= TITLE_ROWS:
            break  # a row of data: the first row was the header
    return 1, list(seen[0]) if seen else [], seen[1:]
