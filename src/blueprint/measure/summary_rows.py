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
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model.findings import Finding, Location

__all__ = ["LABELS", "SUMMARY", "advise", "flag", "looked_for"]

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
#: the files that may end with a summary row
_TEXT_EXPORTS = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".xlsx")
#: at most this many lines are named in the finding
_SHOWN = 3


def looked_for(where: str) -> bool:
    """Whether a source read from ``where`` (its path as shown) may hold summary rows: a text export."""
    return where.lower().endswith(_TEXT_EXPORTS)


def flag(table: Any, skip: frozenset[str] = frozenset()) -> Any:
    """A boolean expression: the row has a text cell saying it sums or averages the rows (None: no text).

    ``skip`` names columns not to look at (the duplicate check's own).
    """
    found = None
    for name, kind in table.schema().items():
        if name in skip or not kind.is_string():
            continue
        said = table[name].strip().lower().isin(_WITH_COLON)
        found = said if found is None else found | said
    return None if found is None else found.fill_null(False)


def advise(findings: list[Finding], path: str) -> list[Finding]:
    """``findings`` with the summary-row finding (BP352) naming the lines of ``path`` that hold them,
    and the column that says so."""
    at = [i for i, f in enumerate(findings) if f.rule == "BP352"]
    if not at or path.lower().endswith((".gz", ".xlsx")):
        return findings
    lines = _lines(Path(path))
    if not lines:
        return findings
    shown = ", ".join(f"{n} ({word!r} in column {column!r})" for n, _, word, column in lines[:_SHOWN])
    more = f" and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    old = findings[at[0]]
    first = Location(old.location.file if old.location else path, lines[0][0], lines[0][1])
    said = f"{old.message}: line{'s' if len(lines) > 1 else ''} {shown}{more}"
    new = replace(old, message=said, location=first)
    return [*findings[: at[0]], new, *findings[at[0] + 1 :]]


_CELL = re.compile(
    r'(?:^|[,;\t|])\s*"?\s*(' + "|".join(re.escape(w) for w in sorted(LABELS, key=len, reverse=True))
    + r')\s*[:：]?\s*"?\s*(?=[,;\t|]|$)',
    re.IGNORECASE,
)  # fmt: skip


def _lines(path: Path) -> list[tuple[int, int, str, str]]:
    """The lines of ``path`` with a cell saying total, sum, average ...: the line and the character the
    cell starts at (from 1), the word it says and the column (by the header) it is in."""
    found: list[tuple[int, int, str, str]] = []
    header = ""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as text:
            for number, line in enumerate(text, start=1):
                line = line.rstrip("\r\n")
                if number == 1:
                    header = line
                elif hit := _CELL.search(line):
                    start = hit.start(1)
                    found.append((number, start + 1, hit.group(1), _column(header, line, start)))
    except OSError:
        return []
    return found


def _column(header: str, line: str, at: int) -> str:
    """The header's name of the field of ``line`` that starts before position ``at``."""
    before = line[:at]
    separator = max(",;\t|", key=header.count)  # the separator the header uses most
    index = len(next(csv.reader([before], delimiter=separator))) - 1 if before else 0
    names = next(csv.reader([header], delimiter=separator), [])
    return names[index].strip() if 0 <= index < len(names) else f"field {index + 1}"
