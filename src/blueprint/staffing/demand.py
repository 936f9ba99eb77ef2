"""Read what staffing needs from the operational data: arrivals per group, and handling times.

A metric's rows are read as the measurement reads them (:mod:`blueprint.measure`:
the source found under ``--data``, the columns mapped, durations such as
``1:52`` converted, duplicate rows counted once) and counted per group and
date in one query. Arrivals are the rows of the standard's metric with a
readable timestamp (a duplicate copy or an empty cell is no arrival); a
handling time is a usable value of the handle metric.

The hours a group spans are counted on the calendar: every hour from the
first to the last date the source holds, with the time keys of ``by``
(``weekday``, ``hour``, ``month``, ...) worked out for each. A group's
arrivals an hour are its arrivals over its hours, so an hour in which nobody
came counts as an hour of no demand rather than vanishing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..measure import duck, summary_rows
from ..measure.codes import finding
from ..measure.columns import TIME_KEYS, Columns
from ..measure.copies import counted_view
from ..measure.prepare import BLANK, CODE, DUPLICATE, MISSING, NOT_A_NUMBER, SUMMARY, prepare
from ..measure.source_lookup import Place, open_source
from ..measure.time_advice import advise, declared_for
from ..model.findings import Finding, Location
from ..model.units import UNITS
from ..model.vocabulary import Quantity
from .export_advice import placed, shapes, unread

__all__ = ["Counts", "Demand", "read_counts", "slots"]


@dataclass
class Counts:
    """One metric's rows per group (``keys`` without the date unless asked for), from one source."""

    source: str
    #: arrivals (rows with a readable time) per group
    arrivals: dict[tuple[Any, ...], int] = field(default_factory=dict)
    #: usable values per group: how many, and their sum in seconds
    values: dict[tuple[Any, ...], tuple[int, float]] = field(default_factory=dict)
    #: the first and last date with a readable time (as yyyymmdd)
    first: int | None = None
    last: int | None = None
    #: every usable value in seconds, per group (only when asked for)
    samples: dict[tuple[Any, ...], list[float]] = field(default_factory=dict)
    #: rows with a readable time and a group but an empty cell for the metric (wide layout), and all rows
    blank: int = 0
    rows: int = 0
    #: the source's file as findings name it
    shown: str = ""


@dataclass
class Demand:
    """What the data says about a standard's queue, per group: read once, planned many times."""

    standard: str
    by: tuple[str, ...]
    within: float  # seconds
    share: float
    arrivals: dict[tuple[Any, ...], tuple[int, float]]  # group -> (arrivals, per hour)
    handle: dict[tuple[Any, ...], tuple[int, float]]  # group -> (observations, mean seconds)
    overall_handle: tuple[int, float]
    patience: dict[tuple[Any, ...], tuple[int, float]] | None = None
    overall_patience: tuple[int, float] | None = None
    handle_samples: dict[tuple[Any, ...], list[float]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def read_counts(
    engine: duck.Engine,
    service: Any,
    metrics: list[str],
    source: str,
    keys: tuple[str, ...],
    place: Place,
    tables: Mapping[str, Any],
    columns: Columns,
    *,
    duplicates: bool = True,
    samples: tuple[str, ...] = (),
    offered: str | None = None,
) -> tuple[dict[str, Counts] | None, list[Finding]]:
    """The rows of each duration metric of ``metrics`` in ``source`` per group of ``keys``, or None and why.

    The source is read once for all of them. ``samples`` names the metrics whose every
    usable value is kept too (for the simulation). ``offered`` names the column of an interval
    report that says how many calls each row stands for: a row's arrivals, and the weight of its
    value (an interval's mean) in the group's mean.
    """
    table, issue, where = open_source(engine, source, place, tables)
    at = Location(where)
    if issue is not None:
        return None, [_found(issue.code, f"source {source!r}: {issue.message}", issue.hint, source, at)]
    columns, clash = declared_for(columns, service, source)  # the source's own timestamp format
    if clash is not None:
        return None, [_found(clash.code, f"source {source!r}: {clash.message}", clash.hint, source, at)]
    units = {m: service.metrics[m].unit if service.metrics[m].unit in UNITS else "seconds" for m in metrics}
    opened, counted, ticks = table, None, {}
    summaries = summary_rows.looked_for(where, table.files if isinstance(table, duck.View) else ())
    if isinstance(table, duck.View):
        ticks = dict(table.durations)
        counted = counted_view(engine.duck, table, columns) if duplicates else None
        table = engine.con.table((counted or table).name)
    asked = keys if "date" in keys else (*keys, "date")
    if offered is not None:  # read like a grouping key, then summed rather than grouped by
        columns, asked = columns.with_mapping({OFFERED: offered}), (*asked, OFFERED)
    prepared, stopped = prepare(
        table, columns, asked, dict.fromkeys(metrics, Quantity.DURATION), duplicates=duplicates,
        counted=counted is not None, units=units, backend=engine.name, ticks=ticks, summaries=summaries,
        text=summary_rows.text_export(where),
    )  # fmt: skip
    stopped = [_offered_missing(i, offered) for i in stopped] if offered is not None else stopped
    found = [_found(i.code, f"source {source!r}: {i.message}", i.hint, source, at) for i in stopped]
    if prepared is None:
        return None, found
    t = prepared.table
    names = [f"_bp_k{i}" for i in range(len(keys if "date" in keys else (*keys, "date")))]
    date_at = asked.index("date")
    wanted = names if "date" in keys else _without(names, date_at)
    t = t.filter(t["_bp_m"].isin(metrics))
    bad = t["_bp_bad"]
    summed = bad == CODE[SUMMARY]  # a totals or average row: no call, whatever its time says
    keyed = ~t["_bp_tbad"] & ~summed
    for name in names:  # a row without a readable time, or without a key, has no group
        keyed &= t[name].notnull()
    timed = keyed & (bad != CODE[DUPLICATE]) & (bad != CODE[BLANK])
    usable = keyed & (bad == 0) & (t["_bp_x"] >= 0)
    calls: Any = 1  # the calls a row stands for: one, or the interval report's count
    uncounted = timed & ~timed
    if offered is not None:
        calls = t[f"_bp_k{len(names)}"].try_cast("float64")
        readable = calls.notnull() & (calls >= 0)
        uncounted = timed & ~readable
        timed, usable = timed & readable, usable & readable
    day = t[names[date_at]]
    tally = {f"_bp_n{CODE[why]}": (bad == CODE[why]).cast("int64").sum() for why in _TOLD}
    rows = t.count()
    if prepared.weighted:  # a table in memory (a workbook): one row per distinct row, its copies in _bp_n
        rows = t["_bp_n"].sum()
        tally[f"_bp_n{CODE[DUPLICATE]}"] = (t["_bp_n"] - 1).sum()
    query = t.group_by(["_bp_m", *wanted]).aggregate(
        _bp_a=timed.ifelse(calls, 0).sum(),
        _bp_u=usable.ifelse(calls, 0).sum(),
        _bp_s=usable.ifelse(t["_bp_x"] * calls, 0.0).sum(),
        _bp_uncounted=uncounted.cast("int64").sum(),
        _bp_first=timed.ifelse(day, None).min(),
        _bp_last=timed.ifelse(day, None).max(),
        _bp_rows=rows,
        _bp_timeless=(t["_bp_tbad"] & ~summed).cast("int64").sum(),
        _bp_keyless=(~t["_bp_tbad"] & ~summed & ~keyed).cast("int64").sum(),
        _bp_summary=summed.cast("int64").sum(),
        _bp_blank=(keyed & (bad == CODE[BLANK])).cast("int64").sum(),
        _bp_negative=((bad == 0) & (t["_bp_x"] < 0)).cast("int64").sum(),
        **tally,
    )
    out = {m: Counts(source, shown=where) for m in metrics}
    told: dict[str, Counter[str]] = {m: Counter() for m in metrics}
    for row in engine.con.to_pyarrow(query).to_pylist():
        metric = row["_bp_m"]
        counts = out[metric]
        told[metric].update({k: int(v or 0) for k, v in row.items() if k.startswith(_TALLIES)})
        group = tuple(row[n] for n in wanted)
        if row["_bp_a"]:
            counts.arrivals[group] = round(row["_bp_a"])
            first, last = row["_bp_first"], row["_bp_last"]
            counts.first = first if counts.first is None else min(counts.first, first)
            counts.last = last if counts.last is None else max(counts.last, last)
        if row["_bp_u"]:
            counts.values[group] = (round(row["_bp_u"]), float(row["_bp_s"]) * UNITS[units[metric]][1])
    for metric in metrics:
        said = _left_out(metric, told[metric], keys, source, at, offered)
        if told[metric][f"_bp_n{CODE[NOT_A_NUMBER]}"]:  # show some of those values, and where the first is
            shown = unread(engine, opened, columns, metric, units[metric], prepared.layout, where)
            said = [placed(f, *shown) if f.rule == "BP342" else f for f in said]
        found.extend(said)
        out[metric].blank, out[metric].rows = told[metric]["_bp_blank"], told[metric]["_bp_rows"]
    found.extend(_summaries(told, source, at))
    found = _timestamp_advice(found, advise(found, engine, opened, columns, source))
    found.extend(shapes(engine, opened, columns, source, at, offered))
    for metric in samples:
        kept = t.filter(usable & (t["_bp_m"] == metric)).select(*wanted, _bp_x=t["_bp_x"])
        per = UNITS[units[metric]][1]  # seconds in one data unit
        for row in engine.con.to_pyarrow(kept).to_pylist():
            group = tuple(row[n] for n in row if n != "_bp_x")
            if all(v is not None for v in group):
                out[metric].samples.setdefault(group, []).append(float(row["_bp_x"]) * per)
    return out, summary_rows.advise(found, where)


#: reasons a row is left out that the plan reports, by the measurement's code
_TOLD = (DUPLICATE, MISSING, NOT_A_NUMBER)
#: the counts of rows per group the plan reports
_TALLIES = (
    "_bp_n",
    "_bp_rows",
    "_bp_timeless",
    "_bp_keyless",
    "_bp_negative",
    "_bp_summary",
    "_bp_uncounted",
    "_bp_blank",
)
#: the grouping key an interval report's count of calls is read as
OFFERED = "calls offered"


def _left_out(
    metric: str, told: Counter[str], keys: tuple[str, ...], source: str, at: Location, offered: str | None
) -> list[Finding]:
    """A finding for each kind of row of ``metric`` the plan could not use, with how many of how many."""
    rows = told["_bp_rows"]
    of = f"of {rows:,} rows of {metric!r} in source {source!r}"
    dimensions = [k for k in keys if k not in TIME_KEYS] or ["a grouping key"]
    said = [
        ("_bp_timeless", "BP349", "have an empty or unreadable timestamp: no arrival, no group",
         "write each time as ISO 8601, e.g. 2025-03-03 09:00:17"),
        ("_bp_keyless", "BP343", f"have no {' or '.join(dimensions)}: they are in no group",
         "fill the column, or group by fewer keys"),
        (f"_bp_n{CODE[DUPLICATE]}", "BP346", "are further copies of a row: counted once", None),
        (f"_bp_n{CODE[MISSING]}", "BP343", "have no value: arrivals, but in no mean", None),
        (f"_bp_n{CODE[NOT_A_NUMBER]}", "BP342", "are not durations: arrivals, but in no mean",
         "write durations as seconds, 2:30 (m:ss), 3m15s or PT2M30S"),
        ("_bp_negative", "BP344", "are negative: arrivals, but in no mean", None),
        ("_bp_uncounted", "BP342", f"have no count of calls offered in column {offered!r}: no arrivals",
         "write the calls offered in each interval as a plain number (0 for none)"),
    ]  # fmt: skip
    return [
        _found(code, f"{told[key]:,} {of} {what}", hint, source, at)
        for key, code, what, hint in said
        if told[key]
    ]


def _offered_missing(issue: Any, offered: str) -> Any:
    """``issue`` about the count of calls offered said as the ``--offered`` option, not as a grouping key."""
    key = f"for the grouping key {OFFERED!r}"
    if key not in issue.message:
        return issue
    columns = (issue.hint or "").partition("; ")[2]
    hint = "name the column of the interval report that counts the calls offered: --offered NAME"
    return issue._replace(message=issue.message.replace(key, "(--offered)"), hint=f"{hint}; {columns}")


def _timestamp_advice(said: list[Finding], advised: list[Finding]) -> list[Finding]:
    """``advised`` (the measurement's advice on the first unreadable-timestamp finding: the format that
    reads the times, or an error when none reads) with its fix given to every metric's finding."""
    changed = [new for old, new in zip(said, advised, strict=True) if old is not new]
    if not changed:
        return advised
    hint = changed[0].hint
    return [replace(f, hint=hint) if f.rule == "BP349" else f for f in advised]


def _summaries(told: dict[str, Counter[str]], source: str, at: Location) -> list[Finding]:
    """One finding for the totals and average rows of ``source`` left out of every metric (BP352)."""
    per_metric = {m: t["_bp_summary"] for m, t in sorted(told.items()) if t["_bp_summary"]}
    if not per_metric:
        return []
    each = ", ".join(f"{n:,} of {told[m]['_bp_rows']:,} rows of {m!r}" for m, n in per_metric.items())
    said = f"source {source!r}: rows that sum or average the rows above them are no arrivals, left out: "
    said += each
    return [_found("BP352", said, summary_rows.FIX, source, at)]


def slots(first: int, last: int, keys: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    """How many hours from date ``first`` to ``last`` (yyyymmdd) fall in each value of the time ``keys``.

    The values are those the measurement groups by (weekday 0 for Monday, month ``202507``).

    >>> slots(20250707, 20250713, ("weekday",))[(0,)]   # one Monday in that week: 24 hours
    24
    >>> slots(20250707, 20250720, ("weekday", "hour"))[(6, 9)]   # Sundays at nine: two
    2
    """
    start, end = _day(first), _day(last)
    out: Counter[tuple[Any, ...]] = Counter()
    day = start
    while day <= end:
        parts = {
            "year": day.year,
            "quarter": day.year * 10 + (day.month - 1) // 3 + 1,
            "month": day.year * 100 + day.month,
            "date": day.year * 10000 + day.month * 100 + day.day,
            "weekday": day.weekday(),
        }
        if "hour" in keys:
            for hour in range(24):
                parts["hour"] = hour
                out[tuple(parts[k] for k in keys)] += 1
        else:
            out[tuple(parts[k] for k in keys)] += 24
        day += dt.timedelta(days=1)
    return out


def time_part(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The time keys among ``keys``, in order."""
    return tuple(k for k in keys if k in TIME_KEYS)


def _without(names: list[str], at: int) -> list[str]:
    return names[:at] + names[at + 1 :]


def _day(value: int) -> dt.date:
    return dt.date(value // 10000, value // 100 % 100, value % 100)


def _found(code: str, message: str, hint: str | None, source: str, at: Location) -> Finding:
    return finding(code, message, hint, subject=source, location=at)
