"""A bare ``0:12`` among ``9 min`` values: a reading of two fields read as its column's other cells say.

``0:12`` alone is a stopwatch's twelve seconds (m:ss), the documented default.
In a column whose other cells carry a unit word (``9 min``, ``12 mins``,
``1 h 5 min``), the export is written in minutes, and ``0:12`` is most
likely twelve minutes (h:mm): read as twelve seconds, a patient who waited
45 minutes (``0:45``) would pass a "within 20 minutes" standard. So:

- cells written in hours or minutes, and none with seconds: the column's
  readings of two fields are read as hours and minutes;
- some cells written with seconds (``45 sec``, ``1m 20s``): they stay minutes
  and seconds, as the column's own precision says.

Either way it is a reading chosen from evidence, never certain, so
:func:`.clock_advice.evidenced` says so in a finding (BP354) that names the column, the line
of the first such reading, the reading chosen and the header that makes it
explicit: ``(h:mm)`` or ``(m:ss)`` in a header settles it and the column is
read as the header says, with no finding (:mod:`.header_units`). A column
without unit words is read as before: a plain stopwatch column is m:ss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ..model.vocabulary import Quantity
from .durations import WORDS
from .header_units import header_clock, header_stopwatch

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["SPACE", "TWO_FIELDS", "Evidence", "evidence", "evidence_sql", "in_hours", "settled"]

#: a reading of two fields with no fraction, as h:mm and m:ss both write it
TWO_FIELDS = r"^[0-9]+:[0-9]{1,2}$"
#: the end of a duration written with unit words (:data:`.durations.WORDS`) that has a seconds part
SECONDS_WORD = r"[0-9] ?s(?:ecs?|econds?)?$"


class Evidence(NamedTuple):
    """How a column's readings of two fields are read, and the cells that say so."""

    metric: str
    column: str
    #: ``h:mm`` or ``m:ss``
    reading: str
    #: how many cells are readings of two fields, and the first of them (sorted)
    readings: int
    example: str
    #: a cell written with its unit word, which shows how the column is written
    witness: str

    @property
    def hours(self) -> bool:
        return self.reading == "h:mm"


def settled(column: str) -> bool:
    """Whether ``column``'s header says how its readings of two fields are written."""
    return header_clock(column) or header_stopwatch(column)


def evidence(
    table: Any, column: str, metrics: Mapping[str, Quantity], metric_column: str | None = None
) -> dict[str, Evidence]:
    """The duration metrics of text ``column`` whose readings of two fields sit among cells with unit words.

    ``metric_column``: the long layout's metric column (each metric's rows
    are looked at apart); None in the wide layout, where ``column`` holds the
    one metric of ``metrics``. One query over the column; none when its
    header settles the reading or it is not text.
    """
    import ibis

    durations = [m for m, q in metrics.items() if q is Quantity.DURATION]
    if not durations or settled(column) or not table[column].type().is_string():
        return {}
    raw = table[column].strip()
    text = raw.lower()

    rows = table
    if metric_column is not None:
        rows = table.mutate(_bp_metric=table[metric_column].cast("string"))
        rows = rows.filter(rows["_bp_metric"].isin(durations))
    else:
        rows = table.mutate(_bp_metric=ibis.literal(durations[0]))
    # One pass (a CSV file is parsed again by every query); the unit words are looked for only in
    # cells with a letter, the readings of two fields only in cells with a colon.
    colon = text.contains(":") & text.re_search(TWO_FIELDS)
    word = (text.upper() != text) & text.re_search(WORDS)  # a duration written with its unit words
    seconds = word & text.re_search(SECONDS_WORD)
    minute_cell = word & ~seconds
    rows = rows.mutate(_bp_text=raw, _bp_colon=colon, _bp_min=minute_cell, _bp_sec=seconds)
    counts = (
        rows.group_by("_bp_metric")
        .aggregate(
            colons=rows["_bp_colon"].sum(),
            in_minutes=rows["_bp_min"].sum(),
            in_seconds=rows["_bp_sec"].sum(),
            example=ibis.ifelse(rows["_bp_colon"], rows["_bp_text"], ibis.null("string")).min(),
            minute_word=ibis.ifelse(rows["_bp_min"], rows["_bp_text"], ibis.null("string")).min(),
            second_word=ibis.ifelse(rows["_bp_sec"], rows["_bp_text"], ibis.null("string")).min(),
        )
        .execute()
    )
    keys = ("_bp_metric", "colons", "in_minutes", "in_seconds", "example", "minute_word", "second_word")
    return _found([tuple(row[k] for k in keys) for row in counts.to_dict("records")], column)


def evidence_sql(
    duck: Any, view: str, column: str, metrics: Mapping[str, Quantity], metric_column: str | None = None
) -> dict[str, Evidence]:
    """:func:`evidence` for a file source opened as DuckDB view ``view``, without Ibis or pandas.

    A measurement that runs a kept query reads its findings this way; the
    SQL is :func:`evidence`'s query as DuckDB runs it (the same patterns).
    """
    durations = sorted(m for m, q in metrics.items() if q is Quantity.DURATION)
    kinds = dict(duck.execute(f'SELECT column_name, column_type FROM (DESCRIBE "{_q(view)}")').fetchall())
    if not durations or settled(column) or kinds.get(column) != "VARCHAR":
        return {}
    metric = "?::VARCHAR" if metric_column is None else f'CAST("{_q(metric_column)}" AS VARCHAR)'
    params: list[Any] = [durations[0]] if metric_column is None else [*durations]
    where = f"WHERE m IN ({', '.join('?' * len(durations))})" if metric_column is not None else ""
    # The patterns written into the query, not bound: DuckDB then compiles each once.
    two, words, secs = (_lit(pattern) for pattern in (TWO_FIELDS, WORDS, SECONDS_WORD))
    query = f"""
        WITH t AS (SELECT * FROM (SELECT {metric} AS m, trim("{_q(column)}", {_lit(SPACE)}) AS raw
                                  FROM "{_q(view)}") {where}),
        w AS (SELECT m, raw, lower(raw) AS t FROM t),
        f AS (SELECT m, raw, t, contains(t, ':') AND regexp_matches(t, {two}) AS colon,
              upper(t) <> t AND regexp_matches(t, {words}) AS word FROM w),
        c AS (SELECT m, raw, colon, word AND NOT regexp_matches(t, {secs}) AS mins,
              word AND regexp_matches(t, {secs}) AS secs FROM f)
        SELECT m, count(*) FILTER (colon), count(*) FILTER (mins), count(*) FILTER (secs),
               min(raw) FILTER (colon), min(raw) FILTER (mins), min(raw) FILTER (secs)
        FROM c GROUP BY m
    """  # fmt: skip
    return _found(duck.execute(query, params).fetchall(), column)


#: the white space ``strip`` takes off both ends of a cell
SPACE = " \t\n\r\v\f"


def _q(name: str) -> str:
    return name.replace('"', '""')


def _lit(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _found(rows: list[tuple[Any, ...]], column: str) -> dict[str, Evidence]:
    """The evidence of each metric's counts: its readings of two fields and its cells with unit words."""
    found: dict[str, Evidence] = {}
    for metric, colons, in_minutes, in_seconds, example, minute_word, second_word in rows:
        if not colons or not (in_minutes or in_seconds):
            continue
        reading, witness = ("m:ss", second_word) if in_seconds else ("h:mm", minute_word)
        found[str(metric)] = Evidence(str(metric), column, reading, int(colons), str(example), str(witness))
    return found


def in_hours(
    table: Any, metrics: Mapping[str, Quantity], wide: Mapping[str, str], value: str, metric_column: str
) -> tuple[set[str], tuple[Evidence, ...]]:
    """A bare 0:12 among 9 min values: the metrics whose readings of two fields are read as hours and
    minutes, as their cells show, and all the evidence found (:class:`Evidence`).

    ``wide`` maps each metric to its own column (the wide layout); when it is
    empty, every metric is read from ``value``, its rows named by ``metric_column``.
    """
    if wide:
        found = [e for m, column in wide.items() for e in evidence(table, column, {m: metrics[m]}).values()]
    else:
        found = list(evidence(table, value, metrics, metric_column).values())
    return {e.metric for e in found if e.hours}, tuple(found)
