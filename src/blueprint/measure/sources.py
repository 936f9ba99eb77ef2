"""Open an operational data source as an Ibis table: a file, a DataFrame, or a backend table.

What a source may be:

- a CSV (``.csv``, ``.tsv``, also gzipped) or Parquet (``.parquet``, ``.pq``)
  file, or a glob of them (``data/checkins-*.parquet``), read by the backend;
- a pandas or Polars DataFrame, or a PyArrow table, passed in ``tables=``;
- an Ibis table expression, passed in ``tables=`` (any backend);
- a table name the backend knows (``ops.checkins``) — the way to measure in a
  warehouse: a source without a file suffix names a table, read with
  ``con.table``.

Reading never raises: a source that cannot be opened gives an :class:`Issue`
that the caller turns into a finding naming the source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .paths import expand, is_pattern
from .prepare import Issue
from .source_lines import separator

__all__ = ["file_problem", "open_file", "open_object", "open_table", "open_url", "to_read"]


def file_problem(path: Path) -> Issue | None:
    """Why file ``path`` cannot be a source before it is even read: missing, not a file, or empty.

    For a pattern, every file it matches is judged, and a pattern matching none is missing.
    """
    if is_pattern(path):
        matches = expand(path)
        if not matches:
            return Issue("BP332", f"no file matches the pattern {path}", _WHERE, missing=True)
        return next((p for p in map(_not_a_file, matches) if p is not None), None)
    if not path.exists():
        return Issue("BP332", f"source file {path} does not exist", _WHERE, missing=True)
    problem = _not_a_file(path)
    if problem is None and path.stat().st_size == 0:
        return Issue("BP347", "the source file is empty (0 bytes)", "export the observations again")
    return problem


def to_read(path: Path) -> str | list[str]:
    """What the engine is given to read: the file, or each file a pattern matches (never the pattern)."""
    return [str(p) for p in expand(path)] if is_pattern(path) else str(path)


def _not_a_file(path: Path) -> Issue | None:
    from ..io.files import kind_of

    try:
        kind = kind_of(path.stat().st_mode)  # a symbolic link is judged by what it points to
    except OSError as exc:
        return Issue("BP340", f"source file {path} cannot be read ({exc.strerror or exc})", _FIX)
    if kind is not None:  # a pipe would block the reader, a device never ends
        return Issue(
            "BP340", f"source {path} is {kind}, not a file", "point the source at a CSV or Parquet file"
        )
    if is_pattern(path.name):  # the engine would read the name as a pattern again
        return Issue("BP340", f"source file {path} has *, ? or [ in its name", "rename the file")
    return _wide_characters(path)


#: the byte order marks of UTF-16 and UTF-32, longest first (UTF-32's little-endian mark starts as UTF-16's)
_WIDE_MARKS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))  # fmt: skip


def _wide_characters(path: Path) -> Issue | None:
    """Why a text export written in UTF-16 or UTF-32 is not read, as Excel's "Unicode Text" saves one.

    The CSV readers take UTF-8; such a file would fail at its first line with
    a message about the CSV, not about how it was saved.
    """
    from .source_lines import TEXT_FILES

    name = path.name.lower()
    if not name.endswith(TEXT_FILES) or name.endswith(".gz"):
        return None
    try:
        with path.open("rb") as raw:
            start = raw.read(64)
    except OSError:
        return None
    said = next((code for mark, code in _WIDE_MARKS if start.startswith(mark)), None)
    if said is None and len(start) >= 8 and (not any(start[1::2]) or not any(start[0::2])):
        said = "UTF-16"  # no mark, but every other byte zero: Latin text in two bytes a character
    if said is None:
        return None
    return Issue(
        "BP340",
        f"the file is written in {said}, not UTF-8, as Excel saves Unicode Text",
        f"save the export as CSV UTF-8 (Excel: Save As, CSV UTF-8), or convert it (iconv -f {said} -t UTF-8)",
    )


def _guessed_dates(path: Path, table: Any, separator: str) -> list[str]:
    """The date and time columns Polars read from text not starting with the year (``03/04/2026``).

    Polars picks day or month first by itself; such a column is read as
    text instead, for the source to declare its format (``timestamp_format``).
    """
    dated = [name for name, kind in table.schema().items() if kind.is_timestamp() or kind.is_date()]
    if not dated:
        return []
    import polars as pl

    first = to_read(path)
    try:
        head = pl.read_csv(first if isinstance(first, str) else first[0], separator=separator, n_rows=200,
                           infer_schema=False, columns=dated)  # fmt: skip
    except Exception:  # the full read above worked: keep what it found
        return []
    return [n for n in dated if not all(str(v).strip()[:4].isdigit() for v in head[n].drop_nulls())]


def open_file(con: Any, path: Path) -> tuple[Any, Issue | None]:
    """The table in file ``path`` (CSV or Parquet, decided by the suffix)."""
    name = path.name.lower()
    parquet = name.endswith((".parquet", ".pq"))
    problem = file_problem(path)
    if problem is not None:
        return None, problem
    try:
        if parquet:
            refused = _intervals_on_polars(con, path)
            return (None, refused) if refused else (con.read_parquet(to_read(path)), None)
        options: dict[str, Any] = {}
        option = _SEPARATOR_OPTION.get(con.name, "sep")
        if name.endswith((".tsv", ".tsv.gz")):
            options[option] = "\t"
        elif con.name != "duckdb" and (separator := _separator(path)) != ",":
            options[option] = separator  # DuckDB detects it; Polars and Spark read ',' unless told
        if con.name != "polars":
            return con.read_csv(to_read(path), **options), None
        options["try_parse_dates"] = True  # Polars reads dates only when asked
        # Types from every row, not the first hundred: one 'n/a' deep in a column of numbers
        # then makes it a text column (its bad cells counted) instead of failing the whole read.
        options["infer_schema_length"] = None
        table = con.read_csv(to_read(path), **options)
        # ... and times of day too, but 1:52 in a file is more often a stopwatch reading: text
        times = [name for name, kind in table.schema().items() if kind.is_time()]
        times += _guessed_dates(path, table, options.get("separator", ","))
        if not times:
            return table, None
        import polars as pl

        return con.read_csv(to_read(path), **options, schema_overrides=dict.fromkeys(times, pl.String)), None
    except BaseException as exc:  # every backend raises its own kinds (Polars panics on types it cannot read)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return None, _unreadable(parquet, exc)


#: how each engine's ``read_csv`` is told the separator (Spark's, and most others': ``sep``)
_SEPARATOR_OPTION = {"duckdb": "delim", "polars": "separator"}


def _separator(path: Path) -> str:
    """The separator of CSV file ``path`` (the first a pattern matches), read off its header line."""
    import gzip

    first = to_read(path)
    name = first if isinstance(first, str) else first[0] if first else ""
    opener: Any = gzip.open if name.lower().endswith(".gz") else open
    try:
        with opener(name, "rt", encoding="utf-8-sig", errors="replace") as file:
            return separator(file.readline())
    except (OSError, EOFError):
        return ","


def open_url(con: Any, url: str) -> tuple[Any, Issue | None]:
    """The table at ``url`` (an object store's CSV or Parquet file, or folder of them), read by the engine.

    The engine needs the store's connector and credentials (Spark's ``s3a://``
    through Hadoop, DuckDB's through its httpfs extension).
    """
    name = url.lower().rstrip("/")
    parquet = name.endswith((".parquet", ".pq"))
    try:
        if parquet:
            return con.read_parquet(url), None
        if name.endswith((".tsv", ".tsv.gz")):
            return con.read_csv(url, **{_SEPARATOR_OPTION.get(con.name, "sep"): "\t"}), None
        return con.read_csv(url), None
    except Exception as exc:  # each engine raises its own kinds; the message says what went wrong
        return None, _unreadable(parquet, exc)


def _intervals_on_polars(con: Any, path: Path) -> Issue | None:
    """Why Polars cannot read Parquet file ``path``: a column of SQL intervals (DuckDB writes them).

    Polars stops the whole process with a panic message on such a column; it is refused before.
    """
    if con.name != "polars" or is_pattern(path):
        return None
    import pyarrow.parquet as pq

    schema = pq.ParquetFile(path).schema
    columns = (schema.column(i) for i in range(len(schema)))
    intervals = [c.path for c in columns if c.converted_type == "INTERVAL"]
    if not intervals:
        return None
    return Issue(
        "BP340", f"column {intervals[0]!r} holds intervals, which the Polars engine cannot read",
        "measure on the default engine (DuckDB), or write the durations as seconds or as Arrow durations",
        intervals[0],
    )  # fmt: skip


def _unreadable(parquet: bool, exc: BaseException) -> Issue:
    kind = "Parquet" if parquet else "CSV"
    return Issue("BP340", f"cannot be read as {kind}: {_first_line(exc)}", _FIX)


def open_object(con: Any, obj: Any) -> tuple[Any, Issue | None]:
    """A DataFrame (pandas or Polars), PyArrow table or Ibis table as an Ibis table."""
    import ibis
    import ibis.expr.types as ir

    if isinstance(obj, ir.Table):
        return obj, None
    obj = _mixed_as_text(obj)
    try:
        return ibis.memtable(obj), None
    except Exception as exc:
        # A pandas column mixing numbers and text cannot become Arrow; read such columns as text
        # so that the bad cells are counted as 'not a number' rather than failing the source.
        retry = _as_text_columns(obj)
        if retry is not None:
            try:
                return ibis.memtable(retry), None
            except Exception:
                pass
        return None, Issue("BP340", f"cannot be read as a table: {_first_line(exc)}", _FIX)


def open_table(con: Any, name: str) -> tuple[Any, Issue | None]:
    """The table ``name`` (``table`` or ``database.table``) on the backend."""
    database, _, table = name.rpartition(".")
    try:
        return (con.table(table, database=database) if database else con.table(table)), None
    except Exception as exc:
        return None, Issue(
            "BP332",
            f"the backend has no table {name!r}: {_first_line(exc)}",
            "name a table the backend can read, or a file ending in .csv or .parquet",
        )


_WHERE = "generate it, or point --data at the folder that holds it"
_FIX = "check that the file is a complete CSV (UTF-8, header row) or Parquet file"


def _as_text_columns(obj: Any) -> Any:
    import pandas as pd

    if not isinstance(obj, pd.DataFrame):
        return None
    copy = obj.copy()
    for name in copy.columns:
        if copy[name].dtype == object:
            copy[name] = _text(copy[name])
    return copy


def _mixed_as_text(obj: Any) -> Any:
    """A pandas frame whose object columns mix kinds (numbers and text), with those columns as text."""
    import sys

    pd = sys.modules.get("pandas")  # a pandas frame implies pandas is loaded; never import it for others
    if pd is None or not isinstance(obj, pd.DataFrame):
        return obj
    mixed = [
        name for name in obj.columns
        if obj[name].dtype == object and pd.api.types.infer_dtype(obj[name], skipna=True).startswith("mixed")
    ]  # fmt: skip
    if not mixed:
        return obj
    copy = obj.copy()
    for name in mixed:
        copy[name] = _text(copy[name])
    return copy


def _text(column: Any) -> Any:
    from .durations import as_text

    return column.map(as_text).astype("string")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
