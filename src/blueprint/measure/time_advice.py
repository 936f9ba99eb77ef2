"""What to do about timestamps that do not read: the format a source declares, or the one to declare.

When rows are left out for an unreadable timestamp, :func:`advise` looks at
the values that did not read, tries the common shapes on them
(:data:`~.time_text.CANDIDATES`) and names the format that reads them all.
It never picks one silently: ``03/04/2026`` is 3 April or 4 March, and when
no value has a day above 12 the advice names both formats and leaves the
choice to whoever knows the system.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding
from .codes import finding
from .columns import Columns, spelt
from .duck import View
from .prepare import Issue
from .time_text import CANDIDATES, timestamp_of

if TYPE_CHECKING:
    from ..model.service import Service
    from .duck import Engine
    from .specs import Spec

__all__ = ["SAMPLE", "advise", "declared", "declared_for", "fitting"]

#: how many distinct unreadable values are looked at to suggest a format
SAMPLE = 2000


def declared(cols: Columns, specs: list[Spec]) -> tuple[Columns, Issue | None]:
    """``cols`` with the timestamp format the source's standards declare, or an issue when they disagree.

    A format declared in the service file wins over the command line's, which
    serves the sources that declare none.
    """
    return _declared(cols, [(s.standard, s.timestamp_format) for s in specs])


def declared_for(cols: Columns, service: Service, source: str) -> tuple[Columns, Issue | None]:
    """:func:`declared` for the standards of ``service`` measured on ``source``."""
    found = [(s.id, s.measurement.timestamp_format) for s in service.standards.values()
             if s.measurement is not None and s.measurement.source == source]  # fmt: skip
    return _declared(cols, found)


def _declared(cols: Columns, found: list[tuple[str, str | None]]) -> tuple[Columns, Issue | None]:
    formats = sorted({fmt for _, fmt in found if fmt})
    if len(formats) > 1:
        who = ", ".join(sorted({f"{sid} {fmt!r}" for sid, fmt in found if fmt}))
        issue = Issue(
            "BP341",
            f"its standards declare different timestamp formats ({who}): one file has one format",
            "give every standard on this source the same measurement.timestamp_format",
            cols.timestamp,
        )
        return cols, issue
    return (replace(cols, timestamp_format=formats[0]), None) if formats else (cols, None)


#: the share of the unreadable values a format must read to be suggested (the rest: typing slips)
MOST = 0.8


def fitting(values: list[str]) -> list[str]:
    """The candidate formats that read the most of ``values`` on DuckDB (at least :data:`MOST` of them).

    Several come back only when they read as many: then the values cannot
    tell them apart (day first or month first).

    >>> fitting(["13/12/2026 09:30", "01/12/2026 17:05"])
    ['%d/%m/%Y %H:%M']
    >>> fitting(["03/04/2026 09:30"])
    ['%d/%m/%Y %H:%M', '%m/%d/%Y %H:%M']
    >>> fitting(["soon"])
    []
    """
    import duckdb

    if not values:
        return []
    counts = ", ".join(f"count(try_strptime(v, ${i + 2}))" for i in range(len(CANDIDATES)))
    with duckdb.connect() as con:
        row = con.execute(f"SELECT {counts} FROM (SELECT unnest($1::VARCHAR[]) AS v)",
                          [values, *CANDIDATES]).fetchone()  # fmt: skip
    read = dict(zip(CANDIDATES, row or (), strict=True))
    best = max(read.values(), default=0)
    return [fmt for fmt, n in read.items() if n == best] if best and best >= MOST * len(values) else []


def _misfits(values: list[str], fmt: str) -> list[str]:
    """The values ``fmt`` does not read either."""
    import duckdb

    with duckdb.connect() as con:
        query = "SELECT v FROM (SELECT unnest($1::VARCHAR[]) AS v) WHERE try_strptime(v, $2) IS NULL"
        rows = con.execute(query, [values, fmt]).fetchall()
    return sorted(str(r[0]) for r in rows)


def advise(
    findings: list[Finding], engine: Engine, source_table: Any, cols: Columns, source: str
) -> list[Finding]:
    """``findings`` with the unreadable-timestamp finding (BP349) saying what to do about it.

    It names an example value that did not read and, for text without a
    declared format, the format that reads the values (or both, when the day
    and the month cannot be told apart). When no row's timestamp reads at all
    it is an error (BP341): nothing of the source can be placed in time.
    ``source_table`` is the source as the engine opened it, on DuckDB or Spark
    (the same advice on both); the candidate formats are tried on the
    unreadable values in a DuckDB of their own.
    """
    at = [i for i, f in enumerate(findings) if f.rule == "BP349"]
    if not at or engine.name not in ("duckdb", "pyspark"):
        return findings  # nothing to say, and no query to build
    table = engine.con.table(source_table.name) if isinstance(source_table, View) else source_table
    column = spelt(cols.timestamp, list(table.columns))
    if column not in table.columns or not table[column].type().is_string():
        return findings
    text = table[column].strip()
    fmt = cols.timestamp_format
    stamp = timestamp_of(table[column], engine.name, fmt)
    bad = text.notnull() & (text != "") & stamp.isnull()
    counts = table.aggregate(unread=bad.sum(), written=(text.notnull() & (text != "")).sum()).execute()
    unread, written = int(counts["unread"][0] or 0), int(counts["written"][0] or 0)
    if unread == 0:
        return findings
    values = [str(v) for v in table.filter(bad).select(v=text).distinct().limit(SAMPLE).execute()["v"]]
    example = min(values, key=lambda v: (len(v), v)) if fmt else _telling(values)
    old = findings[at[0]]
    said = f"{unread:,} of {written:,} written timestamps" + (
        "" if unread < written else f" in column {column!r}"
    )
    if fmt:
        message = f"{said} do not match the declared timestamp format {fmt!r}, e.g. {example!r}"
        formats = [f for f in fitting(values) if f != fmt]
        hint = "correct measurement.timestamp_format (or --timestamp-format), or fix the values at the source"
        if formats:
            hint = f"these read as {_either(formats)}: correct measurement.timestamp_format "
            hint += "(or --timestamp-format)"
        if _swap(fmt) in formats and unread < written:
            hint += "; the rows that did read may have their day and month swapped"
    else:
        message = f"{said} are not ISO 8601 dates and times, e.g. {example!r}"
        formats = fitting(values)
        hint, message = _suggestion(formats, message)
    slips = _misfits(values, formats[0]) if formats else []
    if slips:
        message += f" ({len(slips):,} distinct value(s) fit no common format, e.g. {slips[0]!r})"
    if unread == written:
        new = finding("BP341", f"source {source!r}: no timestamp reads: {message}", hint,
                      subject=source, location=old.location)  # fmt: skip
    else:
        new = replace(old, message=f"{old.message}; {message}", hint=hint)
    return [*findings[: at[0]], new, *findings[at[0] + 1 :]]


def _suggestion(formats: list[str], message: str) -> tuple[str, str]:
    """The hint (and message) for unreadable text given the formats that read the most of it."""
    where = "in the standards' measurement, or --timestamp-format"
    if not formats:
        hint = (
            "write timestamps as ISO 8601 (2026-12-07 09:30:00), or declare how they are written: "
            f"timestamp_format: '%d/%m/%Y %H:%M' (say) {where}"
        )
        return hint, message
    first = formats[0]
    if _swap(first) in formats:
        day, month = sorted((first, _swap(first)), key=lambda f: f.index("%d") > f.index("%m"))
        message += (
            f": the values fit both day first ({day!r}) and month first ({month!r}), so neither is taken"
        )
        hint = "declare the one the system writes: timestamp_format: "
        hint += f"'{day}' (day first) or '{month}' (month first) {where}"
        return hint, message
    return (
        f"declare it: timestamp_format: '{first}' {where} '{first}'",
        f"{message}; they read as {first!r}",
    )


def _either(formats: list[str]) -> str:
    """The format that reads the values, or both when day and month cannot be told apart."""
    first = formats[0]
    if _swap(first) not in formats:
        return repr(first)
    day, month = sorted((first, _swap(first)), key=lambda f: f.index("%d") > f.index("%m"))
    return f"{day!r} (day first) or {month!r} (month first)"


def _swap(fmt: str) -> str:
    return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


def _telling(values: list[str]) -> str:
    """The value that shows the shape best: one with a field above 12 if any, else the shortest."""

    def above(value: str) -> bool:
        return any(12 < int(n) <= 31 for n in re.findall(r"\d+", value)[:2])

    return min(values, key=lambda v: (not above(v), len(v), v))
