"""Flag the identical copies of a file's rows on DuckDB: hash every row, group only the suspects.

The duplicate check counts rows identical in every column once. Grouping
by every column builds a hash table as big as the data: at 50 million rows
that took 13.5 s and 4.9 GB on two cores, more than the measurement itself.
Identical rows have identical hashes, so one 64-bit hash per row, sorted
with NumPy (10 million in 0.45 s on two cores), shows every row that may
have a copy; a row whose hash is unique has none. Only the suspects are
grouped by every column. The counts stay exact: a hash collision makes two different rows
suspects, and grouping them by their columns keeps them apart. What that
grouping finds is a small table of the copies' positions (a Parquet file's
row number, a loaded table's row id), so the measurement reads the file once
and looks each row's position up, rather than hashing every row again.

Every row is grouped at once where the probe would cost more than it
saves or cannot work: a big CSV file (parsed again by every read), a file
that is mostly copies (a whole export appended twice), a file whose hashes
would take more than half of DuckDB's memory limit (they are held outside
DuckDB and cannot spill to disk as its grouping can), a file with a
column named like the position (``file_row_number``, ``rowid``, in any
letter case), which hides it, and a source of several files (a pattern),
whose row numbers start again in each file.

The result is a view of the file with every row and ``_bp_copy``: false
for the first of identical rows, true for each further copy. A copy is then
a row left out for a reason, like a negative duration, and the measurement
counts rows instead of summing a count of copies per row: at 50 million rows,
carrying such a count beside the percentiles cost 1.5 s of a 9 s query.
:func:`~.prepare.prepare` reads the flag instead of grouping itself. The
view's columns do not depend on what the probe found, so a kept query
(:mod:`.query_cache`) runs on it whether or not the file has duplicates today.
"""

from __future__ import annotations

from typing import Any

from . import copies_memo
from .columns import Columns
from .copies_memo import Found
from .duck import View, size_in_bytes
from .prepare import Issue, checks_duplicates, reserved

__all__ = ["HASH_BYTES", "MOSTLY_COPIES", "counted_view"]

#: above this share of rows with a copy, every row is grouped at once rather than only the suspects
MOSTLY_COPIES = 0.05
#: what the probe holds per row at its peak: the hash in DuckDB's result and in numpy's array
HASH_BYTES = 16
#: files with at least this many rows sort their hashes in slices, one per DuckDB thread
SLICE_ABOVE = 1_000_000


def counted_view(duck: Any, view: View, columns: Columns, notes: list[Issue] | None = None) -> View | None:
    """A view of ``view``'s rows, each further copy of a row flagged in ``_bp_copy``.

    None when the file's rows cannot be told apart from copies (no timestamp
    and no id column): then the check does not apply. None too when a column
    is named like Blueprint's own (``_bp_...``, in any letter case): :func:`~.prepare.prepare`
    reports it. A file whose declared id column (``columns.id``) proves unique has no copy without
    any row hashed; ``notes`` then gets an info issue saying so.
    """
    names = [row[0] for row in duck.execute(f'DESCRIBE "{view.name}"').fetchall()]
    if not checks_duplicates(names, columns) or any(reserved(name) for name in names):
        return None
    counted = view._replace(name=f"{view.name}_n")
    # The rows' own names: the id, and in the long layout the metric (one id per event, a row per metric).
    ids = []
    if columns.id is not None and columns.id in names:
        ids = [columns.id, *([columns.metric] if columns.metric in names else [])]
    found = _counting(duck, view, names, ids, notes)
    duck.execute(f'CREATE OR REPLACE TEMP VIEW "{counted.name}" AS {found}')
    return counted


def _counting(
    duck: Any, view: View, names: list[str], ids: list[str] | None = None, notes: list[Issue] | None = None
) -> str:
    """The query flagging ``view``'s copies, from what a probe of it finds (or found on the same file)."""
    every = _flagged(f'"{view.name}"')
    if view.reader == "csv" and not view.loaded:
        return every  # a big CSV file is parsed again by every read: one grouping costs less
    # Where a row is found again: a file's row number, a table's row id (neither is in ``*``).
    rows_at, position = (f'"{view.name}"', "rowid") if view.loaded else (view.read, "file_row_number")
    if position in (name.lower() for name in names):
        return every  # a column of that name, in any case, hides the position
    if len(view.files) > 1:
        return every  # several files: each numbers its rows from 0, so a row number is no position
    rows = duck.execute(f'SELECT count(*) FROM "{view.name}"').fetchall()[0][0]  # Parquet: its footer
    if rows * HASH_BYTES > _memory_limit(duck) / 2:
        return every  # the hashes would crowd DuckDB out, and they cannot spill to disk as it can
    table = f"{view.name}_copies"
    memo = copies_memo.entry(duck, view, names, ids or [], (MOSTLY_COPIES,))
    found = copies_memo.recall(memo)
    if found is None:
        found = _probe(duck, view, names, rows, ids or [], (rows_at, position, table))
        copies_memo.keep(memo, found)
    elif found.copies == "positions":  # found on this very file before: its copies' positions again
        duck.execute(f'CREATE OR REPLACE TEMP TABLE "{table}" AS SELECT unnest(?::BIGINT[]) AS _bp_at',
                     [list(found.at)])  # fmt: skip
    if found.unique and notes is not None and ids:
        named = f"the id column {ids[0]!r}" + (f" with the metric column {ids[1]!r}" if ids[1:] else "")
        why = f"{named} names every row differently (the rows were not hashed)"
        notes.append(Issue("BP351", f"duplicate check: no row has a copy, as {why}"))
    if found.copies == "none":
        return f'SELECT *, false AS _bp_copy FROM "{view.name}"'
    if found.copies == "every":
        return every
    return f'SELECT *, {position} IN (SELECT _bp_at FROM "{table}") AS _bp_copy FROM {rows_at}'


def _probe(
    duck: Any, view: View, names: list[str], rows: int, ids: list[str], where: tuple[str, str, str]
) -> Found:
    """What ``view`` holds: no copy, mostly copies, or the copies' positions (kept in ``where``'s table).

    Rows whose ``ids`` (the id column, with the metric in the long layout) all differ have no copy.
    """
    rows_at, position, table = where
    if ids:  # each row named differently: no two rows are alike, whatever the other columns hold
        # One column: an empty id is not counted, so a file with one is hashed as any other. Two: a
        # pair of an empty id and a metric is counted once however often it is there.
        named = _quoted(ids[0]) if len(ids) == 1 else "(" + ", ".join(map(_quoted, ids)) + ")"
        distinct = duck.execute(f'SELECT count(DISTINCT {named}) FROM "{view.name}"').fetchall()[0][0]
        if distinct == rows:
            return Found("none", unique=True)
    columns = ", ".join(_quoted(name) for name in names)
    suspects = _suspects(duck, f'SELECT hash({columns}) AS h FROM "{view.name}"', f"{table}_hashes")
    if not suspects or suspects > rows * MOSTLY_COPIES:
        duck.execute(f'DROP TABLE "{table}_hashes"')
        # none: no row has a copy; mostly copies: reading the suspects apart costs more than grouping all
        return Found("none" if not suspects else "every")
    # Qualified: a source column may be named ``h`` too.
    row_hash = "hash(" + ", ".join(f"_bp_rows.{_quoted(name)}" for name in names) + ")"
    duck.execute(f"""
        CREATE OR REPLACE TEMP TABLE "{table}" AS SELECT _bp_at FROM (
            SELECT {position} AS _bp_at,
                   row_number() OVER (PARTITION BY {columns} ORDER BY {position}) AS _bp_nth
            FROM {rows_at} AS _bp_rows WHERE {row_hash} IN (SELECT h FROM "{table}_hashes")
        ) WHERE _bp_nth > 1
    """)  # fmt: skip
    duck.execute(f'DROP TABLE "{table}_hashes"')
    many = duck.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
    at = (
        ()
        if many > copies_memo.MOST_POSITIONS
        else tuple(r[0] for r in duck.execute(f'SELECT _bp_at FROM "{table}"').fetchall())
    )
    return Found("positions", at=at, complete=many <= copies_memo.MOST_POSITIONS)


def _flagged(rows: str) -> str:
    """``rows`` grouped by every column, then each group given back as its first row and its copies."""
    return f"""
        SELECT * EXCLUDE (_bp_n, _bp_i), _bp_i > 0 AS _bp_copy FROM (
            SELECT *, unnest(range(_bp_n)) AS _bp_i
            FROM (SELECT *, count(*) AS _bp_n FROM {rows} GROUP BY ALL)
        )
    """  # fmt: skip


def _suspects(duck: Any, hashes: str, table: str) -> int:
    """Keep the hashes the query ``hashes`` gives more than once in the temporary ``table`` (``h``); how many.

    NumPy sorts them: it holds 8 bytes a row where a grouping on DuckDB holds several times that,
    and sorting is quicker than grouping at every size (10 million rows: 0.45 s against 1.0 s on
    two cores). The measurement imports NumPy anyway to fold and judge its result.
    """
    duck.register(f"{table}_found", {"h": _repeated(duck, hashes)})  # scanned in place
    duck.execute(f'CREATE OR REPLACE TEMP TABLE "{table}" AS SELECT h FROM "{table}_found"')
    duck.unregister(f"{table}_found")
    return int(duck.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])


def _repeated(duck: Any, hashes: str) -> Any:
    """The hashes the query ``hashes`` gives more than once, each once (a numpy array).

    A sort runs on one core; it releases the GIL, so each of DuckDB's threads sorts a slice
    of the hashes at once, and a stable sort then merges the sorted slices in one pass.
    """
    import numpy as np

    values = next(iter(duck.execute(hashes).fetchnumpy().values()))
    threads = _threads(duck)
    if threads > 1 and len(values) >= SLICE_ABOVE:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(np.ndarray.sort, np.array_split(values, threads)))
        values.sort(kind="stable")  # a merge of the sorted runs
    else:
        values.sort()
    return np.unique(values[1:][values[1:] == values[:-1]])


def _threads(duck: Any) -> int:
    """How many threads DuckDB runs (its ``threads`` setting, the machine's cores by default)."""
    try:
        return max(1, int(duck.execute("SELECT current_setting('threads')").fetchall()[0][0]))
    except Exception:  # an older or unusual DuckDB: one sort
        return 1


def _memory_limit(duck: Any) -> float:
    """DuckDB's memory limit in bytes (it shows it as ``18.6 GiB``)."""
    shown = duck.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    size = size_in_bytes(str(shown))
    return size if size is not None else float("inf")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
