"""Seeded example data for any service, drawn from its own standards.

A consultant who models a client's service wants to show the dashboard and
the report before real data exists. :func:`service_operations` reads the
standards of a service and writes, for every ``measurement.source``, a year
of observations the engine reads exactly as a real export:

- one file per source, named as the source names it (CSV, TSV, gzipped or
  Parquet, by its suffix; a glob such as ``logs/calls-*.parquet`` becomes
  ``logs/calls-2025.parquet``);
- a source with one metric in the **long** layout (``metric`` and ``value``
  columns), a source shared by several metrics in the **wide** one (a column
  per metric, now and then an empty cell where a metric was not observed);
- values in the unit the metric is recorded in, rounded as a system writes
  them; a local ``timestamp`` without an offset, a ``site``, the ``shift``,
  and a ``channel`` where the standard's moment names channels;
- values placed around each target so that every group (site and month)
  passes, except where a standard is planted to fail: about one standard in
  five misses its target at one site for three months;
- a few bad rows of each kind the engine reports (:mod:`.example_faults`).

The same service, seed and scale always give the same frames. A standard
without ``measurement.source``, or whose source is a warehouse table or
leads outside the output folder, gets no data; :func:`plan` says why.

>>> from blueprint.model.examples import tiny_service
>>> plan(tiny_service()).skipped
{'checkin-3min': 'it has no measurement.source; name the file its data comes from (e.g. data/checks.csv)'}
>>> service_operations(tiny_service(), seed=1)
{}
"""

from __future__ import annotations

import math
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.units import convert
from ..model.vocabulary import Comparator, MeasurementMethod, Quantity, Statistic
from .paths import SourcePathError, is_file_source, resolve_source
from .specs import Spec, compile_specs

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..model.service import Service

__all__ = ["SITES", "Plan", "plan", "service_operations"]

YEAR = 2025
#: sites of a service that does not say where it is delivered (a multiplier on the volume of each)
SITES = {"north": 1.0, "central": 1.0, "south": 1.0}
#: events a day at each site, and the fewest a month, so that every site-month can be judged
PER_DAY = 1.6
FLOOR = 36
#: share of the standards planted to fail somewhere
FAILING = 0.2
_SEASON = (0.8, 0.8, 0.9, 1.0, 1.0, 1.15, 1.25, 1.25, 1.05, 0.95, 0.85, 0.9)
#: recording precision by data unit (a finer one when a target needs it)
_GRID = {"seconds": 1.0, "minutes": 0.1, "hours": 0.01, "days": 0.01, "count": 1.0,
         "share": 0.0001, "percent": 0.01, "score": 1.0, "boolean": 1.0}  # fmt: skip
_ROLES = {"timestamp", "site", "shift", "channel", "metric", "value"}


@dataclass(frozen=True)
class Plan:
    """What example data a service gets: a file per source, and what is planted or left out.

    ``files`` maps each source to the file written for it (relative to the
    output folder); ``specs`` holds the standards measured on each file
    (two sources naming one file, ``x.csv`` and ``./x.csv``, share it);
    ``failing`` maps each standard planted to fail to its site and months
    (1..12); ``skipped`` maps each standard that gets no data to the reason.
    """

    files: dict[str, str] = field(default_factory=dict)
    specs: dict[str, list[Spec]] = field(default_factory=dict)
    failing: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def plan(
    service: Service,
    *,
    seed: int = 0,
    sites: dict[str, float] | None = None,
    skip: frozenset[str] = frozenset(),
) -> Plan:
    """Which file each source gets, which standards fail where, and which get no data.

    ``skip`` names sources written by someone else (the hotel's own streams).
    """
    import numpy as np

    specs, _ = compile_specs(service, promises=False)
    out = Plan()
    for spec in specs:
        source = spec.source
        if source in skip:
            continue
        why = _unwritable(source)
        if why is not None:
            out.skipped[spec.standard] = why
            continue
        assert source is not None
        name = out.files.setdefault(source, os.path.normpath(_file_name(source)).replace(os.sep, "/"))
        out.specs.setdefault(name, []).append(spec)
    measured = sorted(s.standard for group in out.specs.values() for s in group)
    rng = np.random.default_rng([seed, 11])
    count = min(max(round(len(measured) * FAILING), 1), len(measured) - 1) if len(measured) > 1 else 0
    names = sorted(sites or SITES)
    for standard in sorted(rng.choice(measured, count, replace=False).tolist()) if count else []:
        start = int(rng.integers(1, 11))
        out.failing[standard] = (names[int(rng.integers(len(names)))], (start, start + 1, start + 2))
    return out


def service_operations(
    service: Service,
    *,
    seed: int = 0,
    scale: float = 1.0,
    sites: dict[str, float] | None = None,
    skip: frozenset[str] = frozenset(),
    faults: bool = True,
) -> dict[str, pd.DataFrame]:
    """A year of observations for every source of ``service``, keyed by the file to write.

    ``faults=False`` leaves out the planted bad rows.
    """
    import numpy as np

    from .example_faults import plant

    if scale <= 0:
        raise ValueError("scale must be above 0")
    sites = sites or SITES
    layout = plan(service, seed=seed, sites=sites, skip=skip)
    channels = _channels(service)
    frames: dict[str, pd.DataFrame] = {}
    for name, specs in sorted(layout.specs.items()):
        rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
        method = _method(service, specs)
        touch = sorted({c for s in specs for c in channels.get(s.standard, ())})
        frames[name] = _source_frame(rng, name, specs, layout.failing, sites, scale, method, touch)
    return plant(frames, service, seed) if faults else frames


def _unwritable(source: str | None) -> str | None:
    if source is None:
        return "it has no measurement.source; name the file its data comes from (e.g. data/checks.csv)"
    if not is_file_source(source):
        return f"its source {source!r} names a table on the backend; example data is written as files"
    if re.search(r"\[", source):
        return f"its source {source!r} is a pattern with [...]; name a file or a pattern with *"
    try:
        resolve_source(_file_name(source), base=Path("/example"), root=Path("/example"))
    except SourcePathError:
        return f"its source {source!r} leads outside the data folder"
    return None


def _file_name(source: str) -> str:
    """The file written for a source: a pattern's wildcards filled in, so that the pattern matches it."""
    return source.replace("**", str(YEAR)).replace("*", str(YEAR)).replace("?", "0")


def _method(service: Service, specs: list[Spec]) -> MeasurementMethod | None:
    for spec in specs:
        measurement = service.standards[spec.standard].measurement
        if measurement is not None:
            return measurement.method
    return None


def _channels(service: Service) -> dict[str, tuple[str, ...]]:
    """The channels of the moments each standard's factors belong to."""
    of_factor = {f.id: tuple(m.channels) for m in service.moments.values() for f in m.factors}
    return {
        s.id: tuple(dict.fromkeys(c for f in s.factors for c in of_factor.get(f, ())))
        for s in service.standards.values()
    }


def _source_frame(
    rng: np.random.Generator,
    source: str,
    specs: list[Spec],
    failing: dict[str, tuple[str, tuple[int, ...]]],
    sites: dict[str, float],
    scale: float,
    method: MeasurementMethod | None,
    channels: list[str],
) -> pd.DataFrame:
    """The rows of one source: events at every site, a value per metric, long or wide."""
    import numpy as np
    import pandas as pd

    metrics: dict[str, list[Spec]] = {}
    for spec in specs:
        metrics.setdefault(spec.metric, []).append(spec)
    wide = len(metrics) > 1 and not _ROLES & set(metrics)
    hours = (0, 24) if method is MeasurementMethod.SYSTEM_LOG else (8, 20)
    parts = []
    for site, size in sites.items():
        when = _times(rng, PER_DAY * size * scale, hours)
        months = np.asarray(when.month)
        base = {"timestamp": when, "site": site, "shift": _shift(when)}
        if channels:
            base["channel"] = rng.choice(channels, len(when))
        columns = {}
        for i, (metric, group) in enumerate(metrics.items()):
            values = _metric_values(rng, group, failing, site, months)
            if wide and i > 0:  # now and then a metric is not observed on a row: an empty cell
                values = np.where(rng.random(len(values)) < 0.02, np.nan, values)
            columns[metric] = _shown(values, group[0], method, parquet=_parquet(source))
        if wide:
            parts.append(pd.DataFrame({**base, **columns}))
        else:
            for metric, values in columns.items():
                parts.append(pd.DataFrame({**base, "metric": metric, "value": values}))
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["timestamp", "site"], kind="stable").reset_index(drop=True)


def _times(rng: np.random.Generator, per_day: float, hours: tuple[int, int]) -> pd.DatetimeIndex:
    """A year of event times, at least ``FLOOR`` a month, at most one a second."""
    import numpy as np
    import pandas as pd

    days = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
    month = np.asarray(days.month) - 1
    counts = rng.poisson(per_day * np.asarray(_SEASON)[month])
    for m in range(12):
        short = FLOOR - int(counts[month == m].sum())
        if short > 0:
            np.add.at(counts, rng.choice(np.flatnonzero(month == m), short), 1)
    day = np.repeat(np.arange(len(days)), counts)
    offset = np.sort(day * 86400 + rng.integers(hours[0] * 3600, hours[1] * 3600, len(day)))
    steps = np.arange(len(offset))
    offset = np.maximum.accumulate(offset - steps) + steps
    return pd.DatetimeIndex(pd.Timestamp(YEAR, 1, 1) + pd.to_timedelta(offset, unit="s"))


def _shift(when: pd.DatetimeIndex) -> Any:
    import numpy as np

    hour = np.asarray(when.hour)
    return np.where(hour < 7, "night", np.where(hour < 15, "morning", "evening"))


def _metric_values(
    rng: np.random.Generator,
    specs: list[Spec],
    failing: dict[str, tuple[str, tuple[int, ...]]],
    site: str,
    months: np.ndarray,
) -> np.ndarray:
    """One value per event, in the data unit: each month's cases spread evenly over the design."""
    import numpy as np

    unit = specs[0].data_unit
    targets = [_in_unit(s, unit) for s in specs]
    grid = _grid(unit, targets)
    values = np.empty(len(months))
    for month in range(1, 13):
        rows = np.flatnonzero(months == month)
        fails = {s.standard for s in specs if failing.get(s.standard, ("", ()))[0] == site
                 and month in failing[s.standard][1]}  # fmt: skip
        # Stratified draws: the share of cases below each point of the design is met to one case.
        u = (rng.permutation(len(rows)) + rng.random(len(rows))) / max(len(rows), 1)
        values[rows] = _draw(u, specs, targets, fails, grid)
    return values


def _draw(u: np.ndarray, specs: list[Spec], targets: list[float], fails: set[str], grid: float) -> np.ndarray:
    import numpy as np

    first = specs[0]
    meets = [_meet_share(s, s.standard in fails) for s in specs]
    if first.quantity is Quantity.BINARY or first.comparator is Comparator.EQ:
        # A yes/no (or exact) metric: the target value for the cases that meet, another for the rest.
        good = targets[0]
        share = min(meets) if fails else max(meets)
        other = (1.0 - good) if first.quantity is Quantity.BINARY else _other(first, good, grid)
        return np.where(u < share, good, other)
    up = sum(1 if s.comparator in (Comparator.LE, Comparator.LT) else -1 for s in specs) >= 0
    points = []
    for spec, target, meet in zip(specs, targets, meets, strict=True):
        if spec.comparator in (Comparator.LE, Comparator.LT):
            points.append((target - (grid if spec.comparator is Comparator.LT else 0.0), meet))
        else:
            points.append((target + (grid if spec.comparator is Comparator.GT else 0.0), 1.0 - meet))
    lo, hi = _span(first, targets, up, grid)
    points = sorted([(lo, 0.0), *points, (hi, 1.0)])
    shares = [p[1] for p in points]
    if fails:  # a failing point wins: the points below it come down with it
        for i in range(len(shares) - 2, -1, -1):
            shares[i] = min(shares[i], shares[i + 1])
    else:
        for i in range(1, len(shares)):
            shares[i] = max(shares[i], shares[i - 1])
    for i in range(1, len(shares)):  # strictly increasing, as interpolation needs
        shares[i] = max(shares[i], shares[i - 1] + 1e-12)
    x = np.interp(u, shares, [p[0] for p in points])
    if first.statistic is Statistic.MEAN:  # an average: centre the values on one side of the target
        x = _centred(x, targets[0], (max(lo, first.low), hi), up, first.standard in fails)
        return np.clip(np.round(x / grid) * grid, first.low, first.high)
    x = np.ceil(x / grid - 1e-9) * grid if up else np.floor(x / grid + 1e-9) * grid
    return np.clip(x, first.low, first.high)


def _centred(x: np.ndarray, target: float, span: tuple[float, float], up: bool, fail: bool) -> np.ndarray:
    """``x`` moved so that its mean lies clearly below (or above) the target, within the span."""
    import numpy as np

    lo, hi = span
    worse = 1.0 if up else -1.0
    if fail:
        wanted = target + 0.35 * ((hi - target) if up else (target - lo)) * worse
    else:
        wanted = target - 0.25 * ((target - lo) if up else (hi - target)) * worse
    for _ in range(3):  # clipping at the ends moves the mean a little; shift again
        if len(x):
            x = np.clip(x + (wanted - x.mean()), lo, hi)
    return x


def _meet_share(spec: Spec, fail: bool) -> float:
    """The share of a group's cases that meet the standard: with a margin, or clearly short of it."""
    if spec.required is None:  # a mean or a median: most cases on the right side, or most not
        return 0.3 if fail else 0.8
    allowed = 1.0 - spec.required
    if fail:
        return max(0.0, 1.0 - min(0.9, allowed + max(0.06, allowed / 2)))
    # A group of some forty cases: allow misses only where the standard leaves room for a few.
    return 1.0 if allowed * 40 < 3 else 1.0 - 0.4 * allowed


def _span(spec: Spec, targets: list[float], up: bool, grid: float) -> tuple[float, float]:
    """The best and worst values of the design (low and high end), within the metric's bounds."""
    low, high = min(targets), max(targets)
    top = spec.high if math.isfinite(spec.high) else None
    if spec.quantity is Quantity.SCORE:
        lo, hi = spec.low, spec.high
    elif spec.quantity is Quantity.PROPORTION and not up:
        assert top is not None
        lo, hi = low - max(6 * (top - low), 0.02 * top), top
    else:
        lo, hi = low * (0.15 if up else 0.3), max(high * 2.5, high + 3 * grid)
        if top is not None:
            hi = min(hi, top)
    # Rounded up (or down) later: the values at the ends must be reachable.
    return (max(lo, spec.low) - 0.999 * grid, hi) if up else (max(lo, spec.low), hi + 0.999 * grid)


def _other(spec: Spec, good: float, grid: float) -> float:
    step = max(grid, abs(good) * 0.5)
    return good + step if good + step <= spec.high else good - step


def _in_unit(spec: Spec, unit: str) -> float:
    if spec.quantity is Quantity.BINARY or spec.data_unit == unit:
        return spec.target
    return convert(spec.target, spec.data_unit, unit)


def _grid(unit: str, targets: list[float]) -> float:
    """The recording step of ``unit``, made finer until every target lies on it."""
    grid = _GRID.get(unit, 0.01)
    while grid > 1e-6 and any(abs(t / grid - round(t / grid)) > 1e-6 for t in targets):
        grid /= 10
    return grid


def _shown(values: np.ndarray, spec: Spec, method: MeasurementMethod | None, *, parquet: bool) -> Any:
    """Values as the export writes them: yes/no words, whole numbers, or decimals to the step."""
    import numpy as np
    import pandas as pd

    empty = np.isnan(values)
    if spec.quantity is Quantity.BINARY:
        if parquet:
            return pd.array([None if e else bool(v == 1.0) for e, v in zip(empty, values, strict=True)],
                            dtype="boolean")  # fmt: skip
        words = {MeasurementMethod.SURVEY: ("1", "0"), MeasurementMethod.SYSTEM_LOG: ("True", "False")}
        yes, no = words.get(method or MeasurementMethod.CHECKLIST, ("yes", "no"))
        return np.where(empty, "", np.where(values == 1.0, yes, no)).astype(object)
    if np.all(np.isclose(values[~empty], np.round(values[~empty]))):
        return pd.array(np.round(values), dtype="Float64").astype("Int64")  # an empty cell stays empty
    digits = max(0, -math.floor(math.log10(_grid(spec.data_unit, [])))) + 6
    return np.round(values, digits)


def _parquet(source: str) -> bool:
    return source.lower().endswith((".parquet", ".pq"))
