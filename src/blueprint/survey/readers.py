"""Reading survey exports (CSV, Excel, Parquet) and checking their cells with located errors.

Every table is returned with its index set to the file's row numbers (the
header is row 1), so a problem found later in any analysis can still name the
row a consultant sees in the spreadsheet. ``columns`` maps the names an
analysis expects to the names the export uses: ``{"respondent": "GuestID"}``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answer_cells import (
    check_scale,
    numbers_or_problems,
    numeric,
    off_scale_problems,
    out_of_scale,
    source_of,
)
from .column_mapping import map_columns, mapped_names, mapping_pairs, parse_mapping, renamed
from .errors import Problem, SurveyDataError, column_label
from .instrument import Instrument, Scale, dimension_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SERVQUAL_COLUMNS",
    "below_hint",
    "blank_rows",
    "canonical",
    "check_scale",
    "header_below",
    "map_columns",
    "mapped_names",
    "mapping_pairs",
    "numbers_or_problems",
    "numeric",
    "off_scale_problems",
    "out_of_scale",
    "parse_mapping",
    "prepare",
    "read_instrument",
    "read_table",
    "refuse_repeats",
    "require_columns",
    "source_of",
]

SERVQUAL_COLUMNS = ("respondent", "item", "dimension", "factor", "expectation", "perception", "reversed")
_READERS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A survey export as a DataFrame indexed by file row, headers trimmed, ``columns`` renamed."""
    import pandas as pd

    path = Path(path)
    kind = _READERS.get(path.suffix.lower())
    if kind is None:
        raise SurveyDataError(
            [
                Problem(
                    f"cannot read {path.suffix or 'files without an extension'}",
                    str(path),
                    hint="export the survey as .csv, .xlsx or .parquet",
                )
            ]
        )
    if not path.is_file():
        raise SurveyDataError([Problem("no such file", str(path))])
    try:
        if kind == "excel":
            from .sheets import read_workbook

            frame = read_workbook(path, sheet)
        elif kind == "parquet":
            frame = pd.read_parquet(path)
        else:
            sep = "\t" if kind == "tsv" else _delimiter(path)
            # Only an empty cell is a skipped answer; "n/a" or "-" is text the user should see reported.
            _refuse_duplicate_headers(path, sep)
            # A row wider than the header makes pandas warn (or stop, past its first rows); only then
            # is the file read again to name the row, and refused unless the cells beyond are empty.
            try:
                with warnings.catch_warnings(record=True) as said:
                    warnings.simplefilter("always", pd.errors.ParserWarning)
                    frame = pd.read_csv(  # never the first column as an index: rows wider than the
                        path,  # header would shift every answer one question to the left
                        sep=sep,
                        skip_blank_lines=False,
                        encoding="utf-8-sig",
                        keep_default_na=False,
                        na_values=[""],
                        index_col=False,
                    )
            except pd.errors.ParserError:
                _refuse_wide_rows(path, sep)
                raise
            if any(issubclass(w.category, pd.errors.ParserWarning) for w in said):
                _refuse_wide_rows(path, sep)
    except SurveyDataError:
        raise
    except ImportError as exc:
        raise SurveyDataError(
            [
                Problem(
                    f"reading {path.suffix} files needs {exc.name}", str(path), hint=f"pip install {exc.name}"
                )
            ]
        ) from None
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SurveyDataError([Problem(f"cannot be read: {_first_line(exc)}", str(path))]) from None
    frame.attrs["source"] = str(path)
    frame.attrs["excel"] = kind == "excel"
    return prepare(frame, columns=columns)


def prepare(
    frame: pd.DataFrame, *, columns: Mapping[str, str] | None = None, source: str | None = None
) -> pd.DataFrame:
    """``frame`` ready for analysis: file-row index, trimmed headers, mapped columns, no empty rows.

    Frames built in code get rows numbered as if written to a file (first data row 2).
    """
    import pandas as pd

    if frame.attrs.get("prepared"):
        return frame
    out = frame.copy(deep=False)
    out.attrs = dict(frame.attrs)
    if source is not None:
        out.attrs["source"] = source
    if not frame.attrs.get("file_rows"):  # a workbook's reader numbers its rows itself
        out.index = pd.RangeIndex(2, len(out) + 2, name="row")
    out.columns = [str(c).strip() for c in out.columns]
    if columns:
        out = map_columns(out, columns)
    if out.columns.duplicated().any():
        dups = sorted(set(out.columns[out.columns.duplicated()]))
        raise SurveyDataError([Problem(f"duplicate column {d!r}", source_of(out), row=1) for d in dups])
    empty = blank_rows(out)
    if empty.any():
        out = out.loc[~empty]
    if out.empty:  # an analysis of nothing would print zeros and NaN as if it were a result
        raise SurveyDataError(
            [
                Problem(
                    "the data holds no answers (a header alone, or only blank rows)",
                    source_of(out),
                    row=2,
                    hint="export the survey again with its answer rows",
                )
            ]
        )
    out.attrs["prepared"] = True
    return out


def blank_rows(frame: pd.DataFrame) -> Any:
    """A boolean array, true for rows with nothing a person can see: every cell missing or spaces.

    Rows with a value in a numeric column are settled first; text columns are
    then checked on the remaining rows only, each distinct text once.
    """
    import numpy as np
    import pandas as pd

    kinds = [t.kind == "O" or isinstance(t, (pd.StringDtype, pd.CategoricalDtype)) for t in frame.dtypes]
    others = [k for k, text in enumerate(kinds) if not text]
    rows = (
        np.array(frame.iloc[:, others].isna().all(axis=1), dtype=bool)
        if others
        else np.ones(len(frame), bool)
    )
    for k in (k for k, text in enumerate(kinds) if text):
        candidates = np.flatnonzero(rows)
        if not len(candidates):
            break
        column = frame.iloc[candidates, k]
        present = column.notna().to_numpy()
        codes, uniques = pd.factorize(column[present])
        spaces = np.fromiter((isinstance(u, str) and not u.strip() for u in uniques), bool, len(uniques))
        blank = np.ones(len(candidates), bool)
        blank[present] = spaces[codes]
        rows[candidates] = blank
    return rows


def canonical(frame: pd.DataFrame, names: tuple[str, ...] = SERVQUAL_COLUMNS) -> pd.DataFrame:
    """``frame`` with the columns in ``names`` matched case-insensitively and renamed to them."""
    lookup: dict[str, Any] = {}
    for c in frame.columns:
        key = str(c).strip().lower()
        if key in names and key in lookup:
            raise SurveyDataError(
                [
                    Problem(
                        f"the columns {lookup[key]!r} and {c!r} both name {key!r}",
                        source_of(frame),
                        row=1,
                        hint="keep one of them, or rename the other",
                    )
                ]
            )
        lookup[key] = c
    renames = {lookup[n]: n for n in names if n in lookup and lookup[n] != n}
    if not renames:
        return frame
    return renamed(frame, renames)


def require_columns(frame: pd.DataFrame, names: Iterable[str], *, what: str) -> None:
    """Raise a located error naming every missing column."""
    missing = [n for n in names if n not in frame.columns]
    if missing:
        below = {b.casefold() for b in header_below(frame) or []}  # the names a row lower, under questions?
        raise SurveyDataError(
            [
                Problem(
                    f"{what} needs the column {name!r}",
                    source_of(frame),
                    row=1,
                    hint=below_hint(frame)
                    if name.casefold() in below
                    else f"the file has: {', '.join(map(str, frame.columns))}; map yours with "
                    f"--columns {name}=YOUR_NAME",
                )
                for name in missing
            ]
        )


def refuse_repeats(frame: pd.DataFrame, of: str | None = None) -> None:
    """Each respondent once (with ``of``, once per value of that column); a located error otherwise.

    Blank respondent ids are not compared: rows without one stand for themselves.
    """
    if "respondent" not in frame.columns:
        return
    who = frame["respondent"].astype("string").str.strip().fillna("")
    keys = who if of is None else who + "\x1f" + frame[of].astype("string").str.strip().fillna("")
    again = (keys.duplicated(keep="first") & who.ne("")).to_numpy()
    if not again.any():
        return
    first: dict[str, Any] = {}
    for row, key in zip(frame.index, keys, strict=True):
        first.setdefault(key, row)
    problems = []
    for row in frame.index[again][:20]:
        what = "" if of is None else f" {of} {frame.loc[row, of]!s}"
        problems.append(
            Problem(
                f"respondent {who.loc[row]} answers{what} again (first in row {first[keys.loc[row]]})",
                source_of(frame),
                int(row),
                column_label(frame, "respondent"),
                f"keep one row per respondent{'' if of is None else ' and ' + of}; was the form sent twice?",
            )
        )
    raise SurveyDataError(problems)


def _refuse_duplicate_headers(path: Path, sep: str) -> None:
    """pandas renames a repeated header ``E1`` to ``E1.1`` and the analysis would read only the first."""
    import csv

    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        try:
            header = next(csv.reader(handle, delimiter=sep), [])
        except csv.Error:  # a header pandas could read but csv cannot: pandas' names stand
            return
    from collections import Counter

    names = [h.strip() for h in header]
    blank = names.count("")
    if blank > 1:
        filled = [n for n in names if n]
        if len(filled) == 1:  # a title line typed above the header, with the sheet's empty cells
            raise SurveyDataError(
                [
                    Problem(
                        f"row 1 names one column ({filled[0]!r}) and leaves {blank} blank",
                        str(path),
                        row=1,
                        hint="if row 1 is a title, delete the rows above the header: "
                        "the header is the first line",
                    )
                ]
            )
        raise SurveyDataError(
            [
                Problem(
                    f"{blank} columns have no name in the header",
                    str(path),
                    row=1,
                    hint="name each column, or delete the columns that hold nothing",
                )
            ]
        )
    dups = sorted(name for name, n in Counter(names).items() if n > 1)
    if dups:
        raise SurveyDataError(
            [Problem(f"duplicate column {d!r}", str(path), row=1, hint="keep one of them") for d in dups]
        )


def header_below(frame: pd.DataFrame) -> list[str] | None:
    """The first row under the header as names, when every cell of it is text: a header below another.

    Form tools put the question text in row 1 and short codes (``E1``,
    ``functional``) in row 2; an analysis that finds none of its columns in
    row 1 asks this whether row 2 holds them, to say which row to delete.
    """
    if frame.empty:
        return None
    cells = [str(v).strip() for v in frame.iloc[0] if isinstance(v, str) and v.strip()]
    return cells if len(cells) == frame.shape[1] else None


def below_hint(frame: pd.DataFrame) -> str:
    """The fix when :func:`header_below` found the names the analysis expects under row 1."""
    row = int(frame.index[0])
    return (
        f"row {row} holds the column names: if the rows above it are question text or a title, delete "
        "them: the header must be the first line"
    )


def _refuse_wide_rows(path: Path, sep: str) -> None:
    """A row holding values beyond the header's last column is refused, naming the row.

    pandas would take the first column of such a file for an index and move
    every answer one column to the left (a title line above the header, a
    header missing a name, a comment column without one). Empty cells beyond
    the header, as rows ending in a separator leave, are no values.
    """
    import csv

    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        rows = csv.reader(handle, delimiter=sep)
        try:
            header = next(rows, [])
            width = len(header)
            wide = ((n, row) for n, row in enumerate(rows, start=2) if len(row) > width)
            found = next(((n, row) for n, row in wide if any(cell.strip() for cell in row[width:])), None)
        except csv.Error:  # pandas reports what it cannot read
            return
    if found is None:
        return
    number, row = found
    filled = [h.strip() for h in header if h.strip()]
    last = max(i for i, cell in enumerate(row) if cell.strip()) + 1
    at = number
    if len(filled) == 1:
        message = f"row 1 names one column ({filled[0]!r}), but row {number} holds values in {last} columns"
        hint = "if row 1 is a title, delete the rows above the header: the header is the first line"
        at = 1
    else:
        message = (
            f"row {number} holds values in {last} columns, but the header (row 1) names {width}: "
            "its answers cannot be matched to the questions"
        )
        hint = f"name every column in row 1, or delete what lies right of column {width} from row {number} on"
    raise SurveyDataError([Problem(message, str(path), row=at, hint=hint)])


def _delimiter(path: Path) -> str:
    """Comma, semicolon (European spreadsheet exports) or tab, judged from the header line."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    return max((",", ";", "\t"), key=header.count) if header else ","


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _missing(value: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def read_instrument(path: str | Path, *, scale: Scale | str = "1-7") -> Instrument:
    """A custom instrument from a table with ``item,dimension`` and optional ``factor``, ``reversed``."""
    frame = canonical(read_table(path))
    source = str(path)
    if not {"item", "dimension"} <= set(frame.columns):
        raise SurveyDataError(
            f"{source}: an instrument file needs the columns item,dimension (and optionally "
            f"factor, reversed); it has {', '.join(map(str, frame.columns))}"
        )
    dims = {
        row.item: dimension_name(row.dimension, source=source, row=int(i))
        for i, row in zip(frame.index, frame.itertuples(), strict=True)
    }
    factors = {}  # an item whose factor cell is empty is linked to no factor
    if "factor" in frame.columns:
        factors = {
            item: str(f).strip()
            for item, f in zip(frame["item"], frame["factor"], strict=True)
            if not _missing(f) and str(f).strip()
        }
    rev = []
    if "reversed" in frame.columns:
        rev = [
            i
            for i, r in zip(frame["item"], frame["reversed"], strict=True)
            if str(r).strip().lower() in ("1", "true", "yes", "y", "x")
        ]
    ins = Instrument.custom(dims, scale=scale, reversed=rev, factor_of=factors, source=source)
    return Instrument(ins.dimension_of, ins.scale, ins.reversed, ins.factor_of, Path(path).name)
