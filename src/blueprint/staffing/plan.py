"""The staff each group needs to keep a wait standard: :func:`staff` reads, :func:`plan` computes.

:func:`demand` reads the data once: arrivals per group from the timestamps of
the standard's source, the mean handling time from the handle metric's
source (and, for Erlang A, the mean patience). :func:`plan` then turns that
demand into the fewest servers per group that meet the standard (or another
target and share, which is what a what-if slider moves) without reading again.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..measure import duck
from ..measure.codes import finding
from ..measure.columns import Columns
from ..measure.outcome import label
from ..measure.source_lookup import Place
from ..model.findings import Finding, Location
from ..model.units import UNITS, converter
from ..model.vocabulary import Comparator, Quantity, Statistic
from . import erlang
from .demand import Counts, Demand, read_counts, slots, time_part
from .output import Need, StaffPlan

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Demand", "Need", "StaffingError", "demand", "plan", "staff"]


class StaffingError(ValueError):
    """The question cannot be asked of this service: a wrong standard or metric, a bad option.

    ``findings`` are the data's located findings that explain it (rows left out and why), if any.
    """

    def __init__(self, message: str, findings: Iterable[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)


def staff(
    service: Service,
    standard: str,
    handle: str,
    *,
    data: str | os.PathLike[str] | None = None,
    tables: Mapping[str, Any] | None = None,
    by: Iterable[str] | str = (),
    columns: Columns | Mapping[str, str] | str | None = None,
    shrinkage: float = 0.0,
    patience: str | None = None,
    simulate: bool = False,
    roster: Any = None,
    seed: int = 0,
    allow_outside: bool = False,
    duplicates: bool = True,
    offered: str | None = None,
) -> StaffPlan:
    """The staff per group that keeps ``standard``'s wait, with ``handle`` the handling-time metric.

    ``by``, ``data``, ``tables`` and ``columns`` mean what they mean for
    :func:`blueprint.measure.measure`. ``shrinkage`` is the share of paid time
    not spent serving (breaks, training, absence): ``rostered = ceil(staff /
    (1 - shrinkage))``. ``patience`` names a duration metric of how long
    customers wait before they give up: Erlang A instead of Erlang C.
    ``simulate`` checks each group by simulation with the observed handling
    times (:mod:`.simulate`). ``roster`` is a roster CSV file (:mod:`.roster`). ``offered`` names
    the column of an interval report (a row per quarter or half hour) that counts the calls offered.
    """
    if offered is not None and not offered.strip():
        raise StaffingError("--offered: name the column of the interval report that counts the calls offered")
    if simulate and offered is not None:
        raise StaffingError(
            f"--simulate with --offered {offered}: the simulation draws each call's handling time from "
            "the calls' own times, and an interval report holds only each interval's mean; plan without "
            "--simulate, or from an export with a row per call"
        )
    found = demand(
        service, standard, handle, data=data, tables=tables, by=by, columns=columns, patience=patience,
        samples=simulate, allow_outside=allow_outside, duplicates=duplicates, offered=offered,
    )  # fmt: skip
    return plan(found, shrinkage=shrinkage, simulate=simulate, roster=roster, seed=seed, service=service)


def demand(
    service: Service,
    standard: str,
    handle: str,
    *,
    data: str | os.PathLike[str] | None = None,
    tables: Mapping[str, Any] | None = None,
    by: Iterable[str] | str = (),
    columns: Columns | Mapping[str, str] | str | None = None,
    patience: str | None = None,
    samples: bool = False,
    allow_outside: bool = False,
    duplicates: bool = True,
    offered: str | None = None,
) -> Demand:
    """Read the arrivals, handling times (and patience) per group for ``standard`` from the data.

    ``offered``: the column of an interval report counting the calls of each row (see :func:`staff`).
    """
    keys = tuple(k.strip() for k in (by.split(",") if isinstance(by, str) else by) if k.strip())
    if len(set(keys)) != len(keys):
        raise StaffingError(f"a grouping key is repeated in {', '.join(keys)}")
    within, share, source, metric = _standard(service, standard)
    if handle in (metric, patience):
        raise StaffingError(
            f"{_at(service, standard)}standard {standard!r} times {metric!r}, and --handle "
            f"{handle} is the same metric{' as --patience' if handle == patience else ''}: the wait "
            "(time in queue) and the handling time (time being served) are two metrics; name a standard "
            "on the wait and the metric of the service time"
        )
    cols = columns if isinstance(columns, Columns) else _columns(columns)
    handle_source = _source_of(service, handle, "--handle", prefer=source)
    patience_source = _source_of(service, patience, "--patience", prefer=source) if patience else None
    engine = duck.Engine()
    place = Place(service, data, None, allow_outside)
    findings: list[Finding] = _not_a_wait(service, standard)
    wanted: dict[str, list[str]] = {}
    for name, where in ((metric, source), (handle, handle_source), (patience, patience_source)):
        if name and where and name not in wanted.setdefault(where, []):
            wanted[where].append(name)
    reads: dict[str, dict[str, Counts] | None] = {}
    for where, names in wanted.items():  # each source once, for all its metrics
        keep = (handle,) if samples and where == handle_source else ()
        reads[where], issues = read_counts(
            engine,
            service,
            names,
            where,
            keys,
            place,
            tables or {},
            cols,
            duplicates=duplicates,
            samples=keep,
            offered=offered,
        )
        findings.extend(issues)

    def read(name: str | None, where: str | None) -> Counts | None:
        got = reads.get(where or "")
        return got[name] if got is not None and name else None

    arrived = read(metric, source)
    handled = read(handle, handle_source)
    waited = read(patience, patience_source)
    if arrived is not None and arrived.blank and patience is None:
        findings.append(_given_up(arrived, metric, source))
    found = Demand(standard, keys, within, share, {}, {}, (0, 0.0), findings=findings)
    if arrived is None or handled is None or (patience and waited is None):
        return found
    if (
        waited is not None and patience_source == source and offered is None
    ):  # a caller who gave up arrived too
        for group, n in waited.arrivals.items():
            arrived.arrivals[group] = arrived.arrivals.get(group, 0) + n
        if waited.first is not None and waited.last is not None:
            arrived.first = min(arrived.first or waited.first, waited.first)
            arrived.last = max(arrived.last or waited.last, waited.last)
    if arrived.first is None or not arrived.arrivals:
        stopped = [f for f in findings if f.severity.value == "error"]
        if stopped:  # the rows are there, but an error at the source keeps them from being read
            codes = ", ".join(sorted({f.rule for f in stopped}))
            said = f"source {source!r} gives no arrivals of {metric!r}: see why above ({codes})"
            raise StaffingError(said, findings)
        raise StaffingError(
            f"source {source!r} holds no row of {metric!r} with a readable time, so no arrivals: map its "
            f"columns (--columns timestamp=NAME,{metric}=NAME) or check the export",
            findings,
        )
    assert arrived.last is not None
    hours = slots(arrived.first, arrived.last, time_part(keys))
    timed = [keys.index(k) for k in time_part(keys)]
    for group, n in sorted(arrived.arrivals.items(), key=lambda item: _order(item[0])):
        span = hours.get(tuple(group[i] for i in timed), 0)
        if n and span:
            found.arrivals[group] = (n, n / span)
    found.handle = {g: (n, total / n) for g, (n, total) in handled.values.items()}
    found.overall_handle = _overall(handled)
    if not found.overall_handle[0]:
        raise StaffingError(f"--handle {handle}: source {handle_source!r} holds no usable value of it "
                            "(measure the service to see why its rows are left out)", findings)  # fmt: skip
    found.handle_samples = handled.samples
    if waited is not None:
        found.patience = {g: (n, total / n) for g, (n, total) in waited.values.items()}
        found.overall_patience = _overall(waited)
        if not found.overall_patience[0]:
            raise StaffingError(
                f"--patience {patience}: source {patience_source!r} holds no usable value of it", findings
            )
    return found


def plan(
    found: Demand,
    *,
    within: float | None = None,
    share: float | None = None,
    shrinkage: float = 0.0,
    simulate: bool = False,
    roster: Any = None,
    seed: int = 0,
    service: Service | None = None,
) -> StaffPlan:
    """The staff per group for ``found``; ``within`` (seconds) and ``share`` replace the standard's."""
    within = found.within if within is None else within
    share = found.share if share is None else share
    if not 0 <= shrinkage < 1:
        raise StaffingError(f"shrinkage {shrinkage!r}: give the share of paid time not serving, 0 to below 1")
    if not 0 < share < 1:
        raise StaffingError(f"share {share!r}: a queue can keep a time standard for a share below 1 only")
    if within < 0:
        raise StaffingError(f"target {within!r} s: a wait cannot be negative")
    needs = []
    for group, (n, rate) in found.arrivals.items():
        needs.append(_need(found, group, n, rate, within, share, shrinkage))
    result = StaffPlan(
        standard=found.standard, by=found.by, within=within, share=share, shrinkage=shrinkage,
        model="erlang-a" if found.patience is not None else "erlang-c", groups=needs,
        findings=list(found.findings),
    )  # fmt: skip
    if simulate:
        from .simulate import check

        result = check(result, found, seed=seed)
    if roster is not None:
        from .roster import compare

        result = compare(result, roster, found, service)
    return result


def _need(
    found: Demand, group: tuple[Any, ...], n: int, rate: float, within: float, share: float, shrinkage: float
) -> Need:
    notes: list[str] = []
    handled, mean = found.handle.get(group, (0, 0.0))
    if not handled:
        handled, mean = found.overall_handle
        notes.append("no handling time in the group, so the mean of all groups is used")
    load = erlang.offered_load(rate, mean)
    abandoned = None
    if found.patience is not None:
        from .erlang_a import staff_for_a

        waited, patience = found.patience.get(group, (0, 0.0))
        if not waited:
            waited, patience = found.overall_patience or (0, 0.0)
            notes.append("no patience in the group, so the mean of all groups is used")
        queue = staff_for_a(rate, mean, patience, within, share)
        servers, level, asa, busy = queue.servers, queue.service_level, queue.asa, queue.occupancy
        abandoned = queue.abandoned
    else:
        servers = erlang.staff_for(rate, mean, within, share)
        level = erlang.service_level(servers, load, mean, within)
        asa, busy = erlang.asa(servers, load, mean), erlang.occupancy(servers, load)
    labels = {k: label(k, v) for k, v in zip(found.by, group, strict=True)}
    return Need(
        keys=labels, arrivals=n, arrivals_per_hour=rate, mean_handle_seconds=mean,
        handle_observations=handled, staff=servers, service_level=level, asa_seconds=asa,
        occupancy=busy, rostered=rostered(servers, shrinkage), abandoned=abandoned, notes=tuple(notes),
    )  # fmt: skip


def rostered(servers: int, shrinkage: float) -> int:
    """The people to roster so that ``servers`` are serving when ``shrinkage`` of paid time is lost.

    >>> rostered(14, 0.3)
    20
    >>> rostered(14, 0.0)
    14
    """
    return math.ceil(servers / (1.0 - shrinkage) - 1e-9)


def _standard(service: Service, standard: str) -> tuple[float, float, str, str]:
    """The wait standard's target in seconds, its share, its source and its metric, or why not."""
    found = service.standards.get(standard)
    if found is None:
        known = ", ".join(sorted(service.standards)[:8])
        raise StaffingError(f"no standard {standard!r} in the service; its standards are: {known}")
    metric = service.metrics.get(found.metric)
    where = f"{_at(service, standard)}standard {standard!r}"
    if metric is None or metric.quantity is not Quantity.DURATION:
        raise StaffingError(
            f"{where} measures {found.metric!r}, not a duration: staffing needs a wait standard"
        )
    if found.comparator not in (Comparator.LE, Comparator.LT):
        raise StaffingError(f"{where} sets a floor ({found.comparator.value} {found.target}): a wait "
                            "standard sets a longest wait, with <= or <")  # fmt: skip
    if found.statistic is not Statistic.EACH:
        raise StaffingError(f"{where} compares the {found.statistic.value}: staffing needs a share of "
                            "customers within a time (share: 0.8 for 80% within the target)")  # fmt: skip
    if found.share is None or found.share >= 1:
        raise StaffingError(f"{where} is for every customer: a queue with random arrivals can keep a wait "
                            "for a share below 1 only; give the standard a share (e.g. 0.95)")  # fmt: skip
    source = found.measurement.source if found.measurement is not None else None
    if not source:
        raise StaffingError(f"{where} names no measurement.source: the arrivals are read from its data")
    assert not isinstance(found.target, bool)  # a duration standard's target is a number
    return converter(found.unit, "seconds")(found.target), float(found.share), source, found.metric


def _source_of(service: Service, metric: str | None, option: str, prefer: str) -> str:
    """The source holding ``metric``: the wait standard's own (``prefer``) when one of its standards reads
    it there, or when no standard reads it anywhere."""
    assert metric is not None
    known = service.metrics.get(metric)
    if known is None:
        raise StaffingError(f"{option} {metric}: the service has no metric {metric!r}")
    if known.quantity is not Quantity.DURATION or known.unit not in UNITS:
        raise StaffingError(f"{option} {metric}: metric {metric!r} is not a duration in a known unit")
    sources = [
        s.measurement.source
        for s in service.standards.values()
        if s.metric == metric and s.measurement is not None and s.measurement.source
    ]
    if not sources:  # a handling time or patience no standard is set on: a column of the wait's export
        return prefer
    return prefer if prefer in sources else sources[0]


def _given_up(arrived: Counts, metric: str, source: str) -> Finding:
    """A warning that rows of the wait's export with a time but no wait are counted as no arrival."""
    said = (
        f"{arrived.blank:,} of {arrived.rows:,} rows of {metric!r} in source {source!r} have a time but an "
        "empty cell: no arrival. Customers who gave up have no wait: Erlang C plans for fewer than came"
    )
    hint = (
        "give the column of how long they waited before giving up, --patience METRIC (Erlang A counts them); "
        "rows that are no customers: leave them out of the export"
    )
    return finding("BP343", said, hint, subject=source, location=Location(arrived.shown or source))


def _not_a_wait(service: Service, standard: str) -> list[Finding]:
    """BP364 when ``standard`` serves no wait point while the service marks some: it may time the service,
    not the wait in the queue that Erlang C plans for."""
    from ..model.queries import moments_of_standard

    waits = [m.id for m in service.moments.values() if m.wait_point]
    served = moments_of_standard(service, standard)
    if not waits or any(service.moments[m].wait_point for m in served):
        return []
    named = ", ".join(repr(m) for m in served) or "no moment"
    return [
        finding(
            "BP364",
            f"standard {standard!r} serves {named}, not a wait point (the service's "
            f"{'is' if len(waits) == 1 else 'are'} {', '.join(map(repr, waits))}): Erlang C plans the wait "
            "in the queue before service",
            f"give --standard a standard on a wait point (timing the queue), or mark {named} "
            "wait_point: true if customers queue there",
            subject=standard,
            location=service.locate(standard),
        )
    ]


def _at(service: Service, standard: str) -> str:
    """``file:line:column: `` of the standard in its service file, where known."""
    place = service.locator(standard, None) if service.locator is not None else None
    return f"{place}: " if place is not None and place.file else ""


def _overall(counts: Counts) -> tuple[int, float]:
    n = sum(k for k, _ in counts.values.values())
    total = sum(s for _, s in counts.values.values())
    return (n, total / n) if n else (0, 0.0)


def _order(group: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((0, v) if isinstance(v, (int, float)) else (1, str(v)) for v in group)


def _columns(value: Mapping[str, str] | str | None) -> Columns:
    if value is None or isinstance(value, str):
        return Columns.parse(value)
    return Columns().with_mapping(dict(value))
