"""The default engine, DuckDB: one in-memory database per process, and file sources opened on it.

Importing Ibis (and the pandas it brings) takes longer than measuring a
million rows, which matters for the nightly CI step that starts a fresh
process, so a measurement on DuckDB connects without Ibis and makes an Ibis
backend from the connection only when it compiles a query. Every file
source is opened as a view with a fixed name (a CSV file under 32 MB as a
temporary table: read once, where a view would detect its dialect and
types for every statement), so that a query kept by :mod:`.query_cache`
finds its source under the same name on the next run.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .prepare import Issue
from .sources import to_read

__all__ = ["LOAD_BELOW", "MEMORY_HINT", "Engine", "View", "memory_size", "open_view", "size_in_bytes"]


class View(NamedTuple):
    """A file source opened as a DuckDB view: its name, how it was read, and whether into a table."""

    name: str
    reader: str
    loaded: bool = False
    #: the table function reading the file, e.g. ``read_parquet('obs.parquet')``
    read: str = ""
    #: Arrow durations a Parquet file stores as integers: (column, unit of its ticks)
    durations: tuple[tuple[str, str], ...] = ()
    #: the files read, as given to the engine (several when the source is a pattern)
    files: tuple[str, ...] = ()
    #: text columns a Parquet file's statistics show to hold one value in every row: (column, value)
    constant: tuple[tuple[str, str], ...] = ()


class Engine:
    """The connection a measurement runs on: DuckDB by default, Ibis made on first need.

    On DuckDB, every measurement gets its own connection to one in-memory
    database per process: connecting is cheap that way (a new database costs
    tens of milliseconds, more than measuring a million rows), and the views
    and tables a measurement opens stay its own.
    """

    def __init__(self, backend: Any = None, memory_limit: str | None = None) -> None:
        from .ibis_queries import connect

        self.duck: Any = None
        self._con: Any = None
        #: the views and tables this measurement opened: name -> "VIEW" or "TABLE"
        self.opened: dict[str, str] = {}
        if backend is None or backend == "duckdb":
            self.duck = _database().cursor()
            # The database is shared: each measurement runs under its own limit, or DuckDB's. Setting
            # it is skipped when unchanged: after a big query, DuckDB takes tens of milliseconds to set it.
            limit = memory_size(memory_limit) if memory_limit is not None else None
            if _limit_set != [limit]:
                self.duck.execute(f"SET memory_limit = '{limit}'" if limit else "RESET memory_limit")
                _limit_set[:] = [limit]
            # Times are grouped on UTC, as on Spark: never on the zone of the machine that measures.
            self.duck.execute("SET TimeZone = 'UTC'")
        elif memory_limit is not None:
            raise ValueError("a memory limit applies to the default engine, DuckDB; set it on your backend")
        else:
            self._con = connect(backend)

    @property
    def con(self) -> Any:
        """The Ibis backend (created from the DuckDB connection when first asked for)."""
        if self._con is None:
            import ibis

            self._con = ibis.duckdb.from_connection(self.duck)
        return self._con

    @property
    def name(self) -> str:
        return "duckdb" if self.duck is not None else str(getattr(self._con, "name", "ibis"))

    def open_view(self, path: Path) -> tuple[View | None, Issue | None]:
        """Open CSV or Parquet file ``path`` as a view (a small CSV file: a table) named after it."""
        name = _view_name(path)
        if name in self.opened:  # the same file again, e.g. under two source names
            self.duck.execute(f'DROP {self.opened.pop(name)} "{name}"')
        view, issue = open_view(self.duck, path)
        if view is not None:
            self.opened[view.name] = "TABLE" if view.loaded else "VIEW"
        return view, issue


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)\s*", re.IGNORECASE)


def memory_size(text: str) -> str:
    """``text`` as a size DuckDB reads (``2GB``, ``500 MiB``); ValueError when it is not one.

    >>> memory_size("2 gb")
    '2GB'
    """
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a memory size; write it like 2GB or 500MB")
    return match[1] + match[2].upper().replace("I", "i")


def size_in_bytes(text: str) -> float | None:
    """A size as DuckDB shows or reads it (``1.8 GiB``, ``2GB``) in bytes; None when it is not one.

    >>> size_in_bytes("1.5 KiB"), size_in_bytes("2GB")
    (1536.0, 2000000000.0)
    """
    match = _SIZE.fullmatch(text)
    if match is None:
        return None
    unit = match[2].upper()
    return float(match[1]) * (1024 if "I" in unit else 1000) ** "BKMGT".index(unit[0])


#: the memory limit last set on the process's database (None: DuckDB's own); empty: none set yet
_limit_set: list[str | None] = []


@lru_cache(maxsize=1)
def _database() -> Any:
    import duckdb

    _limit_set.clear()
    return duckdb.connect()


# A forked child must not use its parent's database (DuckDB's threads are not forked with it).
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_database.cache_clear)


#: what to do when DuckDB runs out of the memory it may use
MEMORY_HINT = "raise --memory-limit, or measure with --no-duplicates or --no-percentile"

#: a CSV file smaller than this (bytes, uncompressed) is read into memory once when opened
LOAD_BELOW = 32 * 2**20


def _size(path: Path) -> float:
    try:
        return path.stat().st_size
    except OSError:
        return float("inf")


def _view_name(path: Path) -> str:
    return "_bp_src_" + hashlib.sha1(str(path).encode()).hexdigest()[:12]


def open_view(duck: Any, path: Path, *, iso_hint: bool = True) -> tuple[View | None, Issue | None]:
    """Open ``path`` as a view or table named after it, on a connection that has none by that name.

    A small CSV whose first rows write date-times as ``YYYY-MM-DD HH:MM:SS`` is read with that
    format named (``iso_hint``), and again with every format left to DuckDB when a later row
    breaks it.
    """
    name = path.name.lower()
    reader = "parquet" if name.endswith((".parquet", ".pq")) else "csv"
    view = _view_name(path)
    read_from = to_read(path)
    files = [read_from] if isinstance(read_from, str) else read_from
    quoted = _sql_text(files[0]) if len(files) == 1 else "[" + ", ".join(map(_sql_text, files)) + "]"
    options = ", delim = '\\t'" if name.endswith((".tsv", ".tsv.gz")) else ""
    read = (
        f"read_parquet({quoted})"
        if reader == "parquet"
        else f"read_csv({quoted}, auto_detect = true{options})"
    )
    if reader == "csv" and not name.endswith(".gz") and _size(path) < LOAD_BELOW:
        # Read once: a view would detect the CSV dialect and types again for every statement.
        # The sniffer tries every time format on every row whose hours leave 12 or 24 open;
        # a file whose first rows all write YYYY-MM-DD HH:MM:SS is read with that format named.
        iso = _iso_columns(path) if iso_hint and len(files) == 1 else 0
        table_read = read[:-1] + f", timestampformat = '{ISO_TIME}')" if iso else read
        try:
            duck.execute(f'CREATE TEMP TABLE "{view}" AS SELECT * FROM {table_read}')
            if iso and _timestamp_columns(duck, view) < iso:  # a later row broke it: detect afresh
                duck.execute(f'DROP TABLE "{view}"')
                return open_view(duck, path, iso_hint=False)
            kept = _times_as_text(duck, view, table_read, "TABLE", None if iso else files[0])
            return View(view, reader, loaded=True, read=kept, files=tuple(files)), None
        except Exception:  # a bad row: the view below reports it where it always has
            duck.execute(f'DROP TABLE IF EXISTS "{view}"')
            if iso:  # ... unless the format named was what broke: detect it afresh
                return open_view(duck, path, iso_hint=False)
    try:
        duck.execute(f'CREATE TEMP VIEW "{view}" AS SELECT * FROM {read}')
        if reader == "csv":
            read = _times_as_text(duck, view, read, "VIEW", files[0])
        else:
            quoted = files[0].replace("'", "''")
            durations = _parquet_durations(duck, quoted)
            constant = _one_value(duck, quoted) if len(files) == 1 else ()
            return View(
                view, reader, read=read, durations=durations, files=tuple(files), constant=constant
            ), None
    except Exception as exc:  # DuckDB raises its own kinds; the message is what counts
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        kind = "Parquet" if reader == "parquet" else "CSV"
        hint = "check that the file is a complete CSV (UTF-8, header row) or Parquet file"
        return None, Issue("BP340", f"cannot be read as {kind}: {text}",
                           MEMORY_HINT if "out of memory" in text.lower() else hint)  # fmt: skip
    return View(view, reader, read=read, files=tuple(files)), None


#: the date-time format most exports write; told to DuckDB when a CSV's first rows all use it
ISO_TIME = "%Y-%m-%d %H:%M:%S"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def _iso_columns(path: Path, sample: int = 65536) -> int:
    """How many columns of the CSV at ``path`` hold ``YYYY-MM-DD HH:MM:SS`` in each of its first rows.

    A guess from the first 200 rows (cells split at commas): the table read with the format
    named is checked against it afterwards.
    """
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            lines = handle.read(sample).splitlines()[1:-1]  # no header, no row cut short
    except OSError:
        return 0
    rows = [line.split(",") for line in lines[:200] if line]
    width = min((len(row) for row in rows), default=0)
    return sum(all(_ISO.fullmatch(row[i].strip().strip('"')) for row in rows) for i in range(width))


def _timestamp_columns(duck: Any, view: str) -> int:
    return sum(kind.startswith("TIMESTAMP") for _, kind, *_ in duck.execute(f'DESCRIBE "{view}"').fetchall())


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parquet_durations(duck: Any, quoted: str) -> tuple[tuple[str, str], ...]:
    """The Arrow durations the (first) Parquet file at ``quoted`` keeps as integers."""
    from .durations import arrow_durations

    found = duck.execute(
        f"SELECT value FROM parquet_kv_metadata('{quoted}') WHERE key = 'ARROW:schema' LIMIT 1"
    ).fetchall()
    return tuple(arrow_durations(found[0][0]).items()) if found else ()


def _one_value(duck: Any, quoted: str) -> tuple[tuple[str, str], ...]:
    """The text columns of the Parquet file at ``quoted`` that hold one value in every row, by its statistics.

    A column counts only where every row group says so exactly: no missing value, the least and
    the greatest value the same and not cut short (a writer may shorten long values in its
    statistics), and one value across the row groups. A file holding one metric in its metric
    column is then measured without reading that column.
    """
    import duckdb

    try:
        groups = duck.execute(
            "SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count, min_is_exact, "
            f"max_is_exact FROM parquet_metadata('{quoted}') WHERE type = 'BYTE_ARRAY'"
        ).fetchall()
    except duckdb.Error:  # e.g. a memory limit too small for the footer: the columns are read instead
        return ()
    values: dict[str, set[str]] = {}
    unproven: set[str] = set()
    for name, least, greatest, missing, *exact in groups:
        if (
            missing == 0
            and least is not None
            and least == greatest
            and len(least) < 64
            and False not in exact
        ):
            values.setdefault(name, set()).add(least)
        else:
            unproven.add(name)
    proven = {name: found.pop() for name, found in values.items() if name not in unproven and len(found) == 1}
    return tuple(sorted(proven.items()))


def _year_first(path: str, width: int, dated: list[int]) -> bool:
    """Whether the first rows of the CSV file at ``path`` start every value of columns ``dated`` with a year.

    A quick look (no query) that spares asking DuckDB which format it detected; False when unsure.
    """
    import gzip

    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
            lines = handle.read(16384).splitlines()[1:-1]  # no header, no row cut short
    except (OSError, EOFError):
        return False
    for sep in (",", ";", "\t", "|"):
        rows = [line.split(sep) for line in lines[:50] if line]
        if rows and all(len(row) == width for row in rows):
            cells = [row[i].strip().strip('"') for row in rows for i in dated]
            return all(cell[:4].isdigit() for cell in cells if cell)
    return False


def _times_as_text(duck: Any, view: str, read: str, kind: str, sniffed: str | None = None) -> str:
    """``read`` (a CSV reader) with the columns DuckDB took for times of day read as text instead.

    A CSV file holds text, and ``1:52`` in it is more often a stopwatch
    reading (one minute 52) than a time of day, which is how DuckDB reads
    it. As text, a duration metric reads it as a duration (:mod:`.durations`)
    and any other metric counts it as not a number. ``view`` is remade when
    there are such columns. Dates and times DuckDB detected in the file
    ``sniffed`` in a format that does not start with the year
    (``01.12.2026``: day or month first?) are read as text too: such a
    source declares its format (:mod:`.time_advice`), never guessed.
    """
    columns = duck.execute(f'DESCRIBE "{view}"').fetchall()
    times = [
        name for name, kind_, *_ in columns if kind_.startswith("TIME") and not kind_.startswith("TIMESTAMP")
    ]
    dated = [i for i, (_, kind_, *_) in enumerate(columns) if kind_ in ("DATE", "TIMESTAMP")]
    if sniffed is not None and dated and not _year_first(sniffed, len(columns), dated):
        formats = duck.execute("SELECT DateFormat, TimestampFormat FROM sniff_csv(?)", [sniffed]).fetchone()
        pairs = zip(("DATE", "TIMESTAMP"), formats or (), strict=False)
        guessed = {kind_ for kind_, fmt in pairs if fmt and not fmt.startswith("%Y")}
        times += [name for name, kind_, *_ in columns if kind_ in guessed]
    if not times:
        return read
    names = ", ".join("'" + name.replace("'", "''") + "': 'VARCHAR'" for name in times)
    read = read[:-1] + f", types = {{{names}}})"
    duck.execute(f'CREATE OR REPLACE TEMP {kind} "{view}" AS SELECT * FROM {read}')
    return read
