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
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..measure import quick
from ..measure.codes import finding
from ..measure.columns import TIME_KEYS, Columns
from ..measure.copies import counted_view
from ..measure.locate import Place, open_source
from ..measure.prepare import BLANK, CODE, DUPLICATE, prepare
from ..model.findings import Finding, Location
from ..model.units import UNITS
from ..model.vocabulary import Quantity

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
    engine: quick.Engine,
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
) -> tuple[dict[str, Counts] | None, list[Finding]]:
    """The rows of each duration metric of ``metrics`` in ``source`` per group of ``keys``, or None and why.

    The source is read once for all of them. ``samples`` names the metrics whose every
    usable value is kept too (for the simulation).
    """
    table, issue, where = open_source(engine, source, place, tables)
    at = Location(where)
    if issue is not None:
        return None, [_found(issue.code, f"source {source!r}: {issue.message}", issue.hint, source, at)]
    units = {m: service.metrics[m].unit if service.metrics[m].unit in UNITS else "seconds" for m in metrics}
    counted, ticks = None, {}
    if isinstance(table, quick.View):
        ticks = dict(table.durations)
        counted = counted_view(engine.duck, table, columns) if duplicates else None
        table = engine.con.table((counted or table).name)
    asked = keys if "date" in keys else (*keys, "date")
    prepared, stopped = prepare(
        table, columns, asked, dict.fromkeys(metrics, Quantity.DURATION), duplicates=duplicates,
        counted=counted is not None, units=units, backend=engine.name, ticks=ticks,
    )  # fmt: skip
    found = [_found(i.code, f"source {source!r}: {i.message}", i.hint, source, at) for i in stopped]
    if prepared is None:
        return None, found
    t = prepared.table
    t = t.filter(t["_bp_m"].isin(metrics))
    names = [f"_bp_k{i}" for i in range(len(asked))]
    timed = ~t["_bp_tbad"] & (t["_bp_bad"] != CODE[DUPLICATE]) & (t["_bp_bad"] != CODE[BLANK])
    usable = ~t["_bp_tbad"] & (t["_bp_bad"] == 0) & (t["_bp_x"] >= 0)
    query = t.group_by(["_bp_m", *names]).aggregate(
        _bp_a=timed.cast("int64").sum(),
        _bp_u=usable.cast("int64").sum(),
        _bp_s=usable.ifelse(t["_bp_x"], 0.0).sum(),
    )
    rows = engine.con.to_pyarrow(query).to_pylist()
    date_at = asked.index("date")
    out = {m: Counts(source) for m in metrics}
    sums: dict[str, dict[tuple[Any, ...], list[float]]] = {m: defaultdict(lambda: [0, 0.0]) for m in metrics}
    dates: dict[str, list[int]] = {m: [] for m in metrics}
    for row in rows:
        metric = row["_bp_m"]
        values = tuple(row[n] for n in names)
        if metric not in out or any(v is None for v in values):
            continue  # no readable time: no arrival, and no group to put a value in
        group = values if "date" in keys else values[:date_at] + values[date_at + 1 :]
        counts = out[metric]
        dates[metric].append(values[date_at])
        counts.arrivals[group] = counts.arrivals.get(group, 0) + int(row["_bp_a"] or 0)
        sums[metric][group][0] += int(row["_bp_u"] or 0)
        sums[metric][group][1] += float(row["_bp_s"] or 0.0) * UNITS[units[metric]][1]
    for metric, counts in out.items():
        counts.values = {g: (int(n), total) for g, (n, total) in sums[metric].items() if n}
        if dates[metric]:
            counts.first, counts.last = min(dates[metric]), max(dates[metric])
    for metric in samples:
        wanted = names if "date" in keys else _without(names, date_at)
        kept = t.filter(usable & (t["_bp_m"] == metric)).select(*wanted, _bp_x=t["_bp_x"])
        per = UNITS[units[metric]][1]  # seconds in one data unit
        for row in engine.con.to_pyarrow(kept).to_pylist():
            group = tuple(row[n] for n in row if n != "_bp_x")
            if all(v is not None for v in group):
                out[metric].samples.setdefault(group, []).append(float(row["_bp_x"]) * per)
    return out, found


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
