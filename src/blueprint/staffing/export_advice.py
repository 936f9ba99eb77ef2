"""What the first rows of an export say about how to read it for staffing, and values to show.

A call list is one row per call at the second it came in. Two kinds of export look alike
but are not: an interval report (a row per quarter or half hour, each counted as one call
unless ``--offered`` names its count), and a log whose times carry a UTC offset (grouped in
UTC hours, not on the site's clock). :func:`shapes` looks at a source's first rows once and
warns of either (BP361, BP363). :func:`unread` finds a few of a metric's values that are no
duration and the line of the first, so that the warning (BP342) shows what the export writes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..measure import duck
from ..measure.codes import finding
from ..measure.columns import Columns, spelt
from ..measure.prepare import CODE, NOT_A_NUMBER, read_number
from ..measure.source_lines import first_line
from ..measure.time_text import timestamp_of
from ..model.findings import Finding, Location
from ..model.units import UNITS

__all__ = ["placed", "shapes", "unread"]

#: how many of a source's first rows are looked at for times that all fall on the quarter hour
_LOOKED_AT = 1000
#: at least this many readable times for them to say anything
_FEWEST_ON_THE_GRID = 8


def shapes(
    engine: duck.Engine, opened: Any, columns: Columns, source: str, at: Location, offered: str | None
) -> list[Finding]:
    """Warnings about how the source's first rows are written: an interval report read as a call list
    (without ``offered``), times with a UTC offset."""
    table = engine.con.table(opened.name) if isinstance(opened, duck.View) else opened
    column = spelt(columns.timestamp, list(table.columns))
    if column not in table.columns:
        return []
    said = _offsets(engine, table, column, columns, source, at)
    return said if offered is not None else _intervals(engine, table, column, columns, source, at) + said


def _intervals(
    engine: duck.Engine, table: Any, column: str, columns: Columns, source: str, at: Location
) -> list[Finding]:
    """A warning (BP361) when the first rows' times all fall on the quarter hour with no seconds.

    A call list's times are spread over the minutes; 09:00, 09:15, 09:30 and nothing else is an
    interval report (each row counted as one call) or booked appointments (arrivals not at random).
    """
    first = table.limit(_LOOKED_AT)
    part = first.select(s=timestamp_of(first[column], engine.name, columns.timestamp_format))
    on_grid = part.s.notnull() & (part.s.minute() % 15 == 0) & (part.s.second() == 0)
    tally = part.aggregate(read=part.s.notnull().sum(), grid=on_grid.sum())
    (counts,) = engine.con.to_pyarrow(tally).to_pylist()
    read, grid = int(counts["read"] or 0), int(counts["grid"] or 0)
    if read < _FEWEST_ON_THE_GRID or grid < read:
        return []
    said = (
        f"source {source!r}: the times of its first {read:,} rows in column {column!r} all fall on the "
        "quarter hour (09:00, 09:15 ...): each row is counted as one arrival at that time"
    )
    hint = (
        "an interval report (a row per quarter or half hour): name its column of calls offered with "
        "--offered COLUMN; booked appointments: they do not arrive at random, so the plan is a rough guide"
    )
    return [finding("BP361", said, hint, subject=source, location=at)]


#: a time written with a UTC offset or as UTC: ``+02:00``, ``-0500``, ``Z``
_OFFSET = r"(?i)(\dz|\butc|[+-]\d{2}:?\d{2})$"


def _offsets(
    engine: duck.Engine, table: Any, column: str, columns: Columns, source: str, at: Location
) -> list[Finding]:
    """A warning (BP363) when the first rows' times carry a UTC offset: their hours are UTC hours."""
    kind = table[column].type()
    example = None
    if kind.is_timestamp() and kind.timezone is not None:
        example = f"a time zone: the column reads as {kind.timezone} times"
    elif kind.is_string() and (columns.timestamp_format is None or "%z" in columns.timestamp_format):
        first = table.limit(_LOOKED_AT)
        text = first[column].strip()
        zoned = first.filter(text.re_search(_OFFSET)).select(v=text).limit(1)
        rows = engine.con.to_pyarrow(zoned).to_pylist()
        example = f"a UTC offset, e.g. {rows[0]['v']!r}" if rows else None
    if example is None:
        return []
    said = (
        f"source {source!r}: the times in column {column!r} carry {example}; they are grouped in UTC "
        "hours, not on the site's clock, so hour 9 is 09:00 UTC"
    )
    hint = (
        "export local times without an offset to plan each site's hours on its own clock, or read the "
        "plan's hours as UTC"
    )
    return [finding("BP363", said, hint, subject=source, location=at)]


def unread(
    engine: duck.Engine, opened: Any, columns: Columns, metric: str, unit: str, layout: str, where: str
) -> tuple[list[str], tuple[int, int] | None]:
    """A few of ``metric``'s values that are no duration, and the line and column of the first of them."""
    import ibis

    table = engine.con.table(opened.name) if isinstance(opened, duck.View) else opened
    names = list(table.columns)
    column = spelt(columns.value if layout == "long" else columns.dimensions.get(metric, metric), names)
    if column not in names or not table[column].type().is_string():
        return [], None
    rows = table
    if layout == "long":
        rows = table.filter(table[spelt(columns.metric, names)].cast("string") == metric)
    per = ibis.literal(UNITS[unit][1])
    reading = read_number(rows[column], False, per=per, backend=engine.name)
    bad = rows.filter(reading["_bp_bad"] == CODE[NOT_A_NUMBER])
    values = bad.select(v=bad[column].strip()).distinct().order_by("v").limit(_EXAMPLES)
    examples = [str(row["v"]) for row in engine.con.to_pyarrow(values).to_pylist()]
    return examples, first_line(where, column, examples) if examples else None


def placed(said: Finding, examples: list[str], place: tuple[int, int] | None) -> Finding:
    """``said`` showing ``examples`` of the values, and at the line and column of the first, when known."""
    if not examples:
        return said
    shown = ", ".join(repr(v[:40]) for v in examples)
    message = f"{said.message}, e.g. {shown}"
    if place is None:
        return replace(said, message=message)
    at = Location(said.location.file if said.location else "", *place)
    return replace(said, message=f"{message} (first at line {place[0]})", location=at)


#: how many values that are no duration a finding shows
_EXAMPLES = 3
