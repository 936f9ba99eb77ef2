"""Answer cells as numbers on the answer scale; each cell that is not one is a located problem.

A survey export's answers are read as numbers: a blank cell is a skipped answer
(NaN), text is reported with its row and column, and the first rows holding text
in every answer column are named once each as more header (Qualtrics exports the
question text and import ids under the header row).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import Problem, SurveyDataError, problems_from_mask

if TYPE_CHECKING:
    import pandas as pd

    from .instrument import Scale

__all__ = ["check_scale", "numbers_or_problems", "numeric", "off_scale_problems", "out_of_scale", "source_of"]


def source_of(frame: pd.DataFrame) -> str:
    """The file a frame was read from, as problems name it."""
    return str(frame.attrs.get("source", "<data>"))


def numeric(frame: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """The columns ``names`` as numbers (blank cells NaN); non-numeric cells are a located error."""
    problems: list[Problem] = []
    converted, _ = numbers_or_problems(frame, names, problems)
    if problems:
        raise SurveyDataError(problems)
    return converted


def numbers_or_problems(
    frame: pd.DataFrame, names: Iterable[str], problems: list[Problem]
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The columns ``names`` as numbers, a located problem added for each cell that is not one.

    Returns the numbers (those cells NaN) and the mask of those cells (None when every
    column is numeric), so that later checks can tell them from blank answers.
    """
    names = list(names)
    block = frame[names]
    if all(t.kind in "biuf" for t in block.dtypes):
        return block, None
    converted = block.apply(_to_numbers)
    text = block.astype("string").apply(lambda s: s.str.strip())
    bad = converted.isna() & block.notna() & text.ne("").fillna(False)
    headers = header_rows(bad, block)
    problems += headers
    problems += problems_from_mask(
        bad & ~bad.index.isin([p.row for p in headers])[:, None],
        block,
        "{value} is not a number",
        source=source_of(frame),
        hint="answers must be numbers; leave a skipped answer blank",
    )
    return converted, bad


def header_rows(bad: pd.DataFrame, block: pd.DataFrame) -> list[Problem]:
    """One problem for each of the first rows holding text in every answer column.

    Such rows are more header, not answers: Qualtrics puts the question text and
    its import ids under the header row. Said once per row, not once per cell.
    ``bad`` marks the cells that are no answer (a number, a Kano answer).
    """
    if bad.shape[1] < 2:
        return []
    rows = []
    for position in range(min(3, len(bad))):
        if not bad.iloc[position].all():
            break
        rows.append(position)
    if not rows:
        return []
    numbers = [int(bad.index[p]) for p in rows]
    shown = " and ".join(map(str, numbers)) if len(numbers) < 3 else f"{numbers[0]} to {numbers[-1]}"
    hint = f"delete row{'s' if len(numbers) > 1 else ''} {shown}: the answers start below them"
    problems = []
    for position, number in zip(rows, numbers, strict=True):
        first = str(block.iloc[position].iloc[0]).strip()
        first = first if len(first) <= 40 else first[:39] + "…"
        problems.append(
            Problem(
                f"text in every answer column ({first}, ...): a second header row, as Qualtrics "
                "exports the question text and import ids",
                source_of(block),
                number,
                hint=hint,
            )
        )
    return problems


def _to_numbers(column: pd.Series) -> pd.Series:
    import pandas as pd

    try:
        return pd.to_numeric(column, errors="coerce")
    except OverflowError:  # an integer too long for a float: read cell by cell (it becomes inf)
        return column.map(_to_number).astype(float)


def _to_number(cell: Any) -> float:
    try:
        return float(str(cell).strip())
    except ValueError:
        return float("nan")


def check_scale(values: pd.DataFrame, scale: Scale, *, source: str, what: str = "answer") -> None:
    """Every non-blank cell of ``values`` lies on ``scale``; a located error otherwise."""
    problems = off_scale_problems(values, scale, source=source, what=what)
    if problems:
        raise SurveyDataError(problems)


def off_scale_problems(
    values: pd.DataFrame, scale: Scale, *, source: str, what: str = "answer"
) -> list[Problem]:
    """A located problem for each non-blank cell of ``values`` off ``scale``."""
    outside = out_of_scale(values.to_numpy(), scale)
    if outside is None:
        return []
    return problems_from_mask(
        outside,
        values,
        f"{what} {{value}} is outside the scale {scale}",
        source=source,
        hint=f"declare the scale the survey used, e.g. --scale 1-5 (now {scale})",
    )


def out_of_scale(array: Any, scale: Scale) -> Any:
    """The boolean mask of cells off ``scale`` (blanks are fine), or None when there are none."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        outside = (array < scale.low) | (array > scale.high)
    return outside if outside.any() else None
