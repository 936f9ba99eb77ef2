"""Problems with survey data, located by file, row and column, collected and raised once.

Rows are counted as a spreadsheet shows them: the header is row 1, the first
answer row 2. Columns are named by their header (and, for Excel files, also by
their letter), so a consultant can go straight to the cell.

>>> p = Problem("answer 9 is outside the scale 1-7", "guests.csv", row=5, column="P7")
>>> str(p)
'guests.csv, row 5, column P7: answer 9 is outside the scale 1-7'
>>> str(SurveyDataError([p, p, p], limit=2)).splitlines()[-1]
'  ... and 1 more'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import BlueprintError

__all__ = ["Problem", "SurveyDataError", "column_label", "problems_from_mask"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is, and how to fix it."""

    message: str
    source: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str | None = None

    def where(self) -> str:
        parts = [self.source or "<data>"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        located = self.source is not None or self.row is not None or self.column is not None
        text = f"{self.where()}: {self.message}" if located else self.message
        return f"{text} (fix: {self.hint})" if self.hint else text


class SurveyDataError(BlueprintError, ValueError):
    """Survey data that cannot be analysed; ``problems`` lists every located cause."""

    def __init__(
        self, problems: Iterable[Problem] | str, *, limit: int = 10, what: str = "the survey data"
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        shown = [f"  {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            shown.append(f"  ... and {len(self.problems) - limit} more")
        head = (
            str(self.problems[0]) if len(self.problems) == 1 else f"{len(self.problems)} problems in {what}:"
        )
        super().__init__(head if len(self.problems) == 1 else "\n".join([head, *shown]))


def problems_from_mask(
    mask: object,
    frame: object,
    message: str,
    *,
    source: str | None,
    hint: str | None = None,
    limit: int = 20,
) -> list[Problem]:
    """One :class:`Problem` per true cell of ``mask`` (a boolean DataFrame), at most ``limit``.

    ``message`` may use ``{value}``. Rows are the frame's index labels, which
    :func:`.readers.read_table` sets to the file's row numbers (header is row 1).
    """
    import numpy as np

    values = np.asarray(mask, dtype=bool)
    found: list[Problem] = []
    if not values.any():
        return found
    rr, cc = np.nonzero(values)
    order = np.lexsort((cc, rr))[:limit]
    columns = list(frame.columns)  # type: ignore[attr-defined]
    for r, c in zip(rr[order], cc[order], strict=True):
        label = frame.index[r]  # type: ignore[attr-defined]
        file_row = int(label) if hasattr(label, "__index__") else None
        value = _shown(frame.iat[r, c])  # type: ignore[attr-defined]
        found.append(
            Problem(
                message.format(value=value),
                source,
                row=file_row,
                column=column_label(frame, columns[c]),
                hint=hint,
            )
        )
    return found


def column_label(frame: object, name: object) -> str:
    """The column as a person finds it: the file's header, and for a workbook also its letter (``E1 (C)``).

    A column read under another name (``Importance`` as ``importance``, or mapped
    with ``--columns respondent=GuestID``) is named by the file's header.
    """
    attrs = getattr(frame, "attrs", {})
    letter = (attrs.get("letters") or {}).get(str(name))
    header = (attrs.get("headers") or {}).get(str(name), str(name))
    return f"{header} ({letter})" if letter else header


def _shown(value: object) -> str:
    """A cell as a person would type it: ``9`` not ``9.0``, text quoted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return repr(value)
    return str(value)
