"""A unit finding (BP345) on durations written h:mm but read as m:ss: name the header, not the unit.

A reading of two fields (``1:10``) is a stopwatch's minutes and seconds unless
the column's header says h:mm (:func:`.header_units.header_clock`). Delays a
dealer-management system writes as hours and minutes, under a plain header,
then look sixty times too short, and the unit check stops their standard
saying they "look recorded in days". Setting the metric's unit, as that
finding's fix says, would not help: the readings are converted to whatever
unit the metric has. :func:`advise` adds the likelier cause and its fix when
the column holds such readings.

:func:`evidenced` says where such readings were read as the column's other
cells show (:mod:`.clock_evidence`): a bare ``0:12`` among ``9 min`` values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Comparator, Quantity
from .clock_evidence import SPACE, TWO_FIELDS, Evidence, evidence, evidence_sql, settled
from .codes import finding
from .columns import Columns, spelt
from .duck import View
from .source_lines import first_cell

if TYPE_CHECKING:
    from .duck import Engine
    from .prepare import Prepared
    from .specs import Spec

__all__ = ["advise", "evidenced", "looked_for", "still_read"]


def advise(
    findings: list[Finding], engine: Engine, opened: Mapping[str, tuple[Any, Columns, str]], specs: list[Spec]
) -> list[Finding]:
    """``findings`` with each unit finding on a column of two-field readings saying they may be h:mm.

    ``opened`` holds each source measured: the table as the engine opened it, the columns as mapped
    for it and its layout (``long`` or ``wide``).
    """
    at = [i for i, f in enumerate(findings) if f.rule == "BP345" and "look recorded in" in f.message]
    if not at:
        return findings
    by_id = {spec.id: spec for spec in specs}
    found = list(findings)
    for i in at:
        spec = by_id.get(found[i].subject or "")
        source = spec.source if spec is not None and spec.quantity is Quantity.DURATION else None
        if spec is None or source is None or source not in opened:
            continue
        shown = _two_fields(engine, *opened[source], spec.metric)
        if shown is None:
            continue
        column, example = shown
        old = found[i]
        found[i] = replace(
            old,
            message=f"{old.message}; or its readings written like {example!r}, read as minutes and "
            "seconds (m:ss), are hours and minutes",
            hint=f"if they are hours and minutes, say so in the column's header: {column + ' (h:mm)'!r}; "
            f"else {old.hint}",
        )
    return found


def _two_fields(
    engine: Engine, source: Any, cols: Columns, layout: str, metric: str
) -> tuple[str, str] | None:
    """The column ``metric`` is read from and its first reading of two fields, if it is text holding one."""
    table = engine.con.table(source.name) if isinstance(source, View) else source
    names = list(table.columns)
    column = spelt(cols.value if layout == "long" else cols.dimensions.get(metric, metric), names)
    if column not in names or not table[column].type().is_string() or settled(column):
        return None
    by = spelt(cols.metric, names) if layout == "long" else None
    read = evidence(table, column, {metric: Quantity.DURATION}, by).get(metric)
    if read is not None and read.hours:  # read as h:mm already, as the column's other cells say
        return None
    rows = table if by is None else table.filter(table[by].cast("string") == metric)
    text = rows[column].strip()
    first = rows.filter(text.re_search(TWO_FIELDS)).select(v=text).order_by("v").limit(1).execute()["v"]
    return (column, str(first.iloc[0])) if len(first) else None


def looked_for(
    engine: Engine, source_table: Any, cols: Columns, specs: Sequence[Spec], layout: str
) -> list[Evidence]:
    """The evidence (:mod:`.clock_evidence`) of the source's columns as they are now, looked for afresh."""
    view = source_table.name if isinstance(source_table, View) else None
    names = _names(engine, source_table)
    metrics = {spec.metric: spec.quantity for spec in specs}

    def look(column: str, of: Mapping[str, Quantity], by: str | None = None) -> list[Evidence]:
        if view is not None:  # a file on DuckDB: its own SQL, as a kept query runs without Ibis
            return list(evidence_sql(engine.duck, view, column, of, by).values())
        return list(evidence(source_table, column, of, by).values())

    by = spelt(cols.metric, names) if layout == "long" else None
    value = spelt(cols.value, names)
    if by is not None:
        return look(value, metrics, by) if value in names and by in names else []
    found: list[Evidence] = []
    for m, q in metrics.items():
        column = spelt(cols.dimensions.get(m, m), names)
        if column in names:
            found += look(column, {m: q})
    return found


def still_read(
    engine: Engine, view: View, cols: Columns, specs: Sequence[Spec], prepared: Prepared
) -> Prepared | None:
    """``prepared`` (a kept query's) with the evidence found now, or None when it no longer holds.

    A kept query reads a column's readings of two fields as the evidence it was compiled with said
    (h:mm among minutes); a file written anew may say otherwise, and then the query is compiled again.
    """
    now = looked_for(engine, view, cols, specs, prepared.layout)

    def readings(found: Sequence[Evidence]) -> set[tuple[str, str, str]]:
        return {(e.metric, e.column, e.reading) for e in found}

    return replace(prepared, clocks=tuple(now)) if readings(now) == readings(prepared.clocks or ()) else None


def evidenced(
    engine: Engine,
    source_table: Any,
    cols: Columns,
    specs: Sequence[Spec],
    layout: str,
    source: str,
    at: Location,
    path: str | None,
    known: Sequence[Evidence] | None = None,
) -> list[Finding]:
    """A finding (BP354) for each metric whose readings of two fields are read as its column's cells say.

    ``source_table`` is the source as the engine opened it, ``cols`` the
    columns mapped for it and ``layout`` ``long`` or ``wide``, as
    :func:`.prepare.prepare` read them; ``at`` is the source's location,
    ``path`` its file (a text export places the finding at the first such
    reading's line and column); the finding's subject is the first of
    ``specs`` measured on the metric. ``known``: the evidence the preparation
    found (:attr:`.prepare.Prepared.clocks`, or :func:`still_read` for a kept
    query), not looked for again; None: looked for here.
    """  # fmt: skip
    chosen = list(known) if known is not None else looked_for(engine, source_table, cols, specs, layout)
    if not chosen:
        return []
    by = spelt(cols.metric, _names(engine, source_table)) if layout == "long" else None
    out = []
    for ev in chosen:
        placed = None
        if path is not None:  # the first such reading in the file, whichever it is, is the one shown
            placed = first_cell(path, ev.column, _readings(engine, source_table, ev, by))
        if placed is not None:
            ev = ev._replace(example=placed[2])
        location = Location(at.file, *placed[:2]) if placed is not None and at.file else at
        line = f" at line {placed[0]}, column {placed[1]}" if placed is not None else ""
        if ev.hours:
            why = f"the column's other cells are written in hours or minutes (e.g. {ev.witness!r})"
            read = f"hours and minutes (h:mm): {ev.example!r} is {_as(ev.example, True)}"
        else:
            why = f"the column's other cells are written down to the second (e.g. {ev.witness!r})"
            read = f"minutes and seconds (m:ss): {ev.example!r} is {_as(ev.example, False)}"
        of = f", metric {ev.metric!r}" if layout == "long" else ""
        message = (
            f"source {source!r}, column {ev.column!r}{of}: {ev.readings:,} reading(s) written with a "
            f"colon and no unit, {'the first' if placed else 'e.g.'} {ev.example!r}{line}; {why}, so they "
            f"are read as {read}"
        )
        # The reading chosen is the longer one (h:mm) or the shorter (m:ss): a standard bounded on the
        # other side could pass a case the other reading fails, and the message says which.
        lenient = (Comparator.GE, Comparator.GT) if ev.hours else (Comparator.LE, Comparator.LT)
        risky = [spec.id for spec in specs if spec.metric == ev.metric and spec.comparator in lenient]
        if risky:
            message += (
                f"; if they are {'minutes and seconds' if ev.hours else 'hours and minutes'}, "
                f"{risky[0]!r} may pass cases it fails: settle the header before trusting it"
            )
        hours, stopwatch = (f"{ev.column} ({form})" for form in ("h:mm", "m:ss"))
        if layout == "long":  # the value column's header speaks for every metric in it
            hint = (
                "if that is wrong, or to settle it, write each with its unit at the source (25 min, "
                f"25 sec); the header {hours!r} or {stopwatch!r} settles it only for every metric of the "
                "column at once"
            )
        else:
            hint = (
                f"if that is wrong, or to settle it, say it in the column's header: {hours!r} for hours "
                f"and minutes, {stopwatch!r} for a stopwatch's minutes and seconds"
            )
            if _words(ev.column) == _words(ev.metric):  # the column is found by the metric's id
                hint += f" (and map it: --columns {ev.metric}='{ev.column} ({ev.reading})')"
            hint += "; or write each with its unit (25 min, 25 sec)"
        subject = next((spec.id for spec in specs if spec.metric == ev.metric), ev.metric)
        out.append(finding("BP354", message, hint, subject=subject, location=location))
    return out


#: how many distinct readings of two fields are looked for in the file, for the first one's line
_LOOKED_FOR = 200


def _readings(engine: Engine, source_table: Any, ev: Evidence, by: str | None) -> list[str]:
    """The distinct readings of two fields ``ev`` is about (at most :data:`_LOOKED_FOR`);
    ``by`` is the long layout's metric column."""
    if isinstance(source_table, View):
        column, view = (name.replace('"', '""') for name in (ev.column, source_table.name))
        of = "" if by is None else ' WHERE CAST("' + by.replace('"', '""') + '" AS VARCHAR) = ?'
        query = (f'SELECT DISTINCT v FROM (SELECT trim("{column}", ?) AS v FROM "{view}"{of}) '
                 f"WHERE regexp_matches(v, ?) LIMIT {_LOOKED_FOR}")  # fmt: skip
        of_metric = [] if by is None else [ev.metric]
        rows = engine.duck.execute(query, [SPACE, *of_metric, TWO_FIELDS]).fetchall()
        return [str(row[0]) for row in rows]
    rows = source_table if by is None else source_table.filter(source_table[by].cast("string") == ev.metric)
    text = rows[ev.column].strip()
    found = rows.filter(text.re_search(TWO_FIELDS)).select(v=text).distinct().limit(_LOOKED_FOR).execute()
    return [str(v) for v in found["v"]]


def _names(engine: Engine, source_table: Any) -> list[str]:
    if isinstance(source_table, View):
        return [row[0] for row in engine.duck.execute(f'DESCRIBE "{source_table.name}"').fetchall()]
    return list(source_table.columns)


def _words(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.casefold())


def _as(example: str, hours: bool) -> str:
    """``0:12`` as the words of the reading chosen: 12 minutes, or 12 seconds."""
    first, second = (int(n) for n in example.split(":"))
    big, small = ("hour", "minute") if hours else ("minute", "second")
    said = [f"{n} {w}{'s' if n != 1 else ''}" for n, w in ((first, big), (second, small)) if n]
    return " ".join(said) or f"0 {small}s"
