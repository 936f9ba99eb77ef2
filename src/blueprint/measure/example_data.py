"""Seeded operational data for the hotel example (``standards/hotel-stay.yaml``): a year, three hotels.

Five streams, each written to the file its standards name in
``measurement.source`` and recorded in the unit its metric declares:

=======================  =========================================  =======
stream                   metrics (layout)                           per day
=======================  =========================================  =======
reservation calls        call-rings (long: metric, value columns)   6
check-ins                checkin-duration, room-ready-check (wide)  7
room-service orders      room-service-time, tray-collection-time,   4
                         cancel-follow-up-check (wide)
check-outs               checkout-duration, bill-check (wide)       7
complaint call-backs     callback-time (long)                       0.4
=======================  =========================================  =======

Volumes follow the week (arrivals peak on Friday and Saturday, departures on
Sunday) and the season (summer busy, winter quiet), and service slows with
load. Two things are planted for the checks to find: the Harbour hotel misses
its check-in standard in summer (June to August), and room service, on time
for about 98% of orders, meets its 95% standard but not the guarantee
"within 30 minutes, or the meal is on us" (gap 4). A cancelled order has no
delivery time, only a follow-up check: in the wide layout its empty cells are
metrics not observed on that row. Complaint call-backs are
rare enough that a month at one hotel has too few to judge.

``scale`` multiplies the volumes (``scale=100`` gives about five million rows
for benchmarks); the same seed and scale always give the same bytes.

:func:`operations` gives the data for any service: for the hotel these five
streams and, for the hotel's other sources, data drawn from their standards
(:mod:`.example_service`); for another service, that data for every source.

>>> frames = hotel_operations(seed=1)
>>> for name, frame in frames.items():
...     print(name, len(frame))
data/checkin.csv 7822
data/checkout.csv 7796
data/complaints.csv 451
data/reservation_calls.csv 6600
data/room_service_orders.csv 4379
>>> list(frames["data/checkin.csv"].columns)
['timestamp', 'site', 'shift', 'checkin-duration', 'room-ready-check']
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.units import convert

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..model.service import Service
    from .example_service import Plan

__all__ = [
    "HOTELS",
    "Written",
    "example_plan",
    "hotel_operations",
    "operations",
    "write_example",
    "write_operations",
]

#: the three hotels and their size (a multiplier on every volume)
HOTELS = {"harbour": 1.2, "city": 1.0, "airport": 0.8}
YEAR = 2025
_SUMMER = (6, 7, 8)
# Load by month (January first) and by weekday (Monday first), for arrivals and departures.
_SEASON = (0.75, 0.8, 0.9, 1.0, 1.05, 1.25, 1.35, 1.35, 1.1, 0.95, 0.8, 0.85)
_ARRIVE = (0.8, 0.8, 0.9, 1.0, 1.35, 1.3, 0.85)
_DEPART = (0.95, 0.85, 0.85, 0.9, 1.0, 1.1, 1.35)
_FLAT = (1.0,) * 7
# Default source of each metric, used when the service does not name one.
_SOURCES = {
    "call-rings": "data/reservation_calls.csv",
    "checkin-duration": "data/checkin.csv",
    "room-ready-check": "data/checkin.csv",
    "room-service-time": "data/room_service_orders.csv",
    "tray-collection-time": "data/room_service_orders.csv",
    "cancel-follow-up-check": "data/room_service_orders.csv",
    "checkout-duration": "data/checkout.csv",
    "bill-check": "data/checkout.csv",
    "callback-time": "data/complaints.csv",
}
_UNITS = {"checkin-duration": "seconds", "room-service-time": "seconds", "tray-collection-time": "seconds",
          "checkout-duration": "seconds", "callback-time": "minutes"}  # fmt: skip


def hotel_operations(
    *, seed: int = 0, scale: float = 1.0, service: Service | None = None
) -> dict[str, pd.DataFrame]:
    """The example data as DataFrames keyed by source name (as the standards write it).

    With ``service`` (the hotel example), source names and data units are read
    from it; without, the names and units of ``standards/hotel-stay.yaml`` are used.
    """
    import numpy as np
    import pandas as pd

    if scale <= 0:
        raise ValueError("scale must be above 0")
    rng = np.random.default_rng(seed)
    where, units = _names(service)
    frames: dict[str, list[pd.DataFrame]] = {}

    def add(when: Any, site: str, columns: dict[str, Any], *, long: bool = False) -> None:
        # One frame per source file: metrics sharing a source share its rows (wide layout).
        by_source: dict[str, dict[str, Any]] = {}
        for metric, values in columns.items():
            by_source.setdefault(where[metric], {})[metric] = values
        for name, found in by_source.items():
            maker = _long if long else _wide
            frames.setdefault(name, []).append(maker(when, site, found))

    for site, size in HOTELS.items():
        volume = scale * size
        # Reservation calls: rings before an answer, more when the switchboard is busy.
        when, load = _events(rng, 6 * volume, _FLAT, (8, 22))
        rings = 1 + rng.poisson(0.45 * load)
        add(when, site, {"call-rings": rings}, long=True)
        # Check-ins: slower under load; Harbour's desk is overwhelmed in summer.
        when, load = _events(rng, 7 * volume, _ARRIVE, (13, 23))
        slow = 1.35 if site == "harbour" else 1.0
        months = np.array([t.month for t in when.to_pydatetime()]) if len(when) else np.array([], int)
        factor = np.where(np.isin(months, _SUMMER), slow, 1.0) * (0.85 + 0.15 * load)
        seconds = rng.gamma(4.0, 19.0 * factor)
        ready = rng.random(len(when)) < 0.998
        add(
            when,
            site,
            {"checkin-duration": _in(seconds, units["checkin-duration"]), "room-ready-check": ready},
        )
        # Room service: on time for ~98% of orders, so the 95% standard holds and the guarantee does not.
        # A cancelled order (3%) has no delivery or tray time, only the follow-up check.
        when, load = _events(rng, 4 * volume, _FLAT, (7, 23))
        cancelled = rng.random(len(when)) < 0.03
        delivery = np.where(cancelled, np.nan, rng.gamma(4.0, 190.0 * (0.9 + 0.1 * load)))
        tray = np.where(cancelled, np.nan, rng.gamma(3.0, 170.0 * (0.9 + 0.1 * load)))
        follow_up = np.where(cancelled, np.where(rng.random(len(when)) < 0.985, "yes", "no"), "")
        add(when, site, {
            "room-service-time": _in(delivery, units["room-service-time"]),
            "tray-collection-time": _in(tray, units["tray-collection-time"]),
            "cancel-follow-up-check": follow_up,
        })  # fmt: skip
        # Check-outs: quick, and every bill ready (the audit trail is automatic).
        when, load = _events(rng, 7 * volume, _DEPART, (6, 12))
        seconds = rng.gamma(4.0, 19.0 * (0.85 + 0.15 * load))
        add(when, site, {
            "checkout-duration": _in(seconds, units["checkout-duration"]),
            "bill-check": np.ones(len(when), dtype=bool),
        })  # fmt: skip
        # Complaint call-backs: within a day, always; mostly within a few hours.
        when, _ = _events(rng, 0.4 * volume, _FLAT, (0, 24))
        minutes = np.minimum(rng.lognormal(np.log(150.0), 0.8, len(when)), 1380.0)
        add(when, site, {"callback-time": _in(minutes * 60, units["callback-time"])}, long=True)
    return {name: _sorted(pd.concat(parts, ignore_index=True)) for name, parts in sorted(frames.items())}


def operations(
    service: Service | None = None, *, seed: int = 0, scale: float = 1.0, faults: bool = True
) -> dict[str, pd.DataFrame]:
    """Example data for ``service`` as DataFrames keyed by the file to write (``data/checkin.csv``).

    The hotel example (a service holding the hotel's metrics on sources of
    their own) gets the five streams of :func:`hotel_operations`, and data
    drawn from the standards for its other sources; any other service gets
    that data for every source (see :mod:`.example_service`). Without a
    service, the five hotel streams. ``faults=False`` leaves out the planted
    bad rows.
    """
    from .example_service import service_operations

    if service is None:
        return hotel_operations(seed=seed, scale=scale)
    if not is_hotel(service):
        return service_operations(service, seed=seed, scale=scale, faults=faults)
    frames = hotel_operations(seed=seed, scale=scale, service=service)
    rest = service_operations(
        service, seed=seed, scale=scale, sites=HOTELS, skip=_streams(service), faults=faults
    )
    return dict(sorted({**frames, **rest}.items()))


def example_plan(service: Service, *, seed: int = 0) -> Plan:
    """What :func:`operations` draws from the standards: the files, the planted failures, what is left out.

    For the hotel, the standards on its five streams are not in it (their data is described above).
    """
    from .example_service import plan

    if is_hotel(service):
        return plan(service, seed=seed, sites=HOTELS, skip=_streams(service))
    return plan(service, seed=seed)


def _streams(service: Service) -> frozenset[str]:
    return frozenset(_names(service)[0].values())


def is_hotel(service: Service) -> bool:
    """Whether the hotel's five streams fit ``service``: its metrics, on files holding nothing else."""
    if any(metric not in service.metrics for metric in _SOURCES):
        return False
    where, _ = _names(service)
    files = set(where.values())
    return all(
        where.get(s.metric) == s.measurement.source
        for s in service.standards.values()
        if s.measurement is not None and s.measurement.source in files
    )


@dataclass(frozen=True)
class Written:
    """What :func:`write_example` wrote: the files, their rows, and the standards left without data."""

    files: list[Path]
    rows: int
    skipped: dict[str, str]


def write_example(
    out: str | os.PathLike[str],
    *,
    seed: int = 0,
    scale: float = 1.0,
    service: Service | None = None,
    faults: bool = True,
    overwrite: bool = False,
) -> Written:
    """Write the example data under ``out`` (``out/data/checkin.csv``, ...).

    Each file is written as its name says: CSV, TSV (``.tsv``), gzipped
    (``.gz``) or Parquet (``.parquet``, ``.pq``). ``skipped`` maps each
    standard that gets no data (no source, or a table source) to the reason.
    A file that exists already may be the real data the service names, so
    unless ``overwrite`` is true nothing is written and ``FileExistsError``
    lists them.
    """
    frames = operations(service, seed=seed, scale=scale, faults=faults)
    existing = [str(Path(out) / name) for name in frames if (Path(out) / name).exists()]
    if existing and not overwrite:
        raise FileExistsError(
            errno.EEXIST,
            f"{', '.join(existing)} exist{'s' if len(existing) == 1 else ''} already (real data, perhaps); "
            "no example data was written",
        )
    files, rows = [], 0
    for name, frame in frames.items():
        path = Path(out) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(frame, path)
        files.append(path)
        rows += len(frame)
    skipped = example_plan(service, seed=seed).skipped if service is not None else {}
    return Written(files, rows, skipped)


def write_operations(
    out: str | os.PathLike[str],
    *,
    seed: int = 0,
    scale: float = 1.0,
    service: Service | None = None,
    faults: bool = True,
    overwrite: bool = False,
) -> list[Path]:
    """Write the example data under ``out`` (see :func:`write_example`); return the files."""
    written = write_example(out, seed=seed, scale=scale, service=service, faults=faults, overwrite=overwrite)
    return written.files


def _write(frame: pd.DataFrame, path: Path) -> None:
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        frame.to_parquet(path, index=False)
        return
    compression = {"method": "gzip", "mtime": 0} if name.endswith(".gz") else None
    frame.to_csv(
        path,
        index=False,
        sep="\t" if name.endswith((".tsv", ".tsv.gz")) else ",",
        lineterminator="\n",
        date_format="%Y-%m-%d %H:%M:%S",
        compression=compression,  # type: ignore[arg-type]
    )


def _events(
    rng: np.random.Generator, per_day: float, weekly: tuple[float, ...], hours: tuple[int, int]
) -> Any:
    """Timestamps of a year's events at ``per_day`` on average, and the load on each event's day."""
    import numpy as np
    import pandas as pd

    days = pd.date_range(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), freq="D")
    load = np.array([_SEASON[d.month - 1] * weekly[d.weekday()] for d in days])
    counts = rng.poisson(per_day * load)
    day = np.repeat(np.arange(len(days)), counts)
    offset = day * 86400 + rng.integers(hours[0] * 3600, hours[1] * 3600, len(day))
    order = np.argsort(offset, kind="stable")
    # One event per second at most: a log never holds two identical rows for two real events.
    steps = np.arange(len(order))
    offset = np.maximum.accumulate(offset[order] - steps) + steps
    when = pd.Timestamp(YEAR, 1, 1) + pd.to_timedelta(offset, unit="s")
    return pd.DatetimeIndex(when), load[day[order]]


def _long(when: Any, site: str, columns: dict[str, Any]) -> pd.DataFrame:
    """Rows of (timestamp, site, shift, metric, value): one per observation."""
    import pandas as pd

    parts = [
        pd.DataFrame(
            {"timestamp": when, "site": site, "shift": _shift(when), "metric": metric, "value": values}
        )
        for metric, values in columns.items()
    ]
    return pd.concat(parts, ignore_index=True)


def _wide(when: Any, site: str, columns: dict[str, Any]) -> pd.DataFrame:
    """Rows of (timestamp, site, shift, one column per metric): one per event."""
    import pandas as pd

    return pd.DataFrame({"timestamp": when, "site": site, "shift": _shift(when), **columns})


def _shift(when: Any) -> Any:
    import numpy as np

    hour = np.asarray(when.hour)
    return np.where(hour < 7, "night", np.where(hour < 15, "morning", "evening"))


def _in(seconds: Any, unit: str) -> Any:
    """Durations rounded as a system log writes them: whole seconds, or minutes to one decimal."""
    import numpy as np
    import pandas as pd

    values = np.round(
        np.asarray(seconds, dtype=float) * convert(1.0, "seconds", unit), 0 if unit == "seconds" else 1
    )
    return pd.array(values, dtype="Int64") if unit == "seconds" else values


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["timestamp", "site"], kind="stable").reset_index(drop=True)


def _names(service: Service | None) -> tuple[dict[str, str], dict[str, str]]:
    where, units = dict(_SOURCES), dict(_UNITS)
    if service is None:
        return where, units
    named: dict[str, str] = {}
    for standard in service.standards.values():  # the first standard on a metric names its file
        if standard.metric in where and standard.measurement and standard.measurement.source:
            named.setdefault(standard.metric, standard.measurement.source)
    where.update(named)
    for metric_id in units:
        metric = service.metrics.get(metric_id)
        if metric is not None and metric.unit:
            units[metric_id] = metric.unit
    return where, units
