"""Execution time and cost along each path through the cycle, Shostack's way.

Shostack (1984) times every step of the blueprint against a standard and sets
the total beside what customers tolerate: past it, waiting turns into
dissatisfaction, and past the standard the margin of each customer shrinks.
A moment's time is its own ``duration`` plus those of the steps that feed it
(directly or through other steps); a step feeding several moments of one
path is counted once, at the first.

>>> from blueprint.model.examples import tiny_service
>>> service = tiny_service()
>>> _ = service.replace("register-guest", duration={"standard": 2, "tolerable": 5, "unit": "minutes"})
>>> _ = service.replace("check-out", duration={"standard": 90}, cost={"amount": 1.5, "currency": "EUR"})
>>> [(p.moments[-2:], p.standard_seconds, p.tolerable_seconds, p.cost) for p in timing(service).paths]
[(('room-service', 'check-out'), 210.0, 390.0, 1.5), (('check-in', 'check-out'), 210.0, 390.0, 1.5)]
>>> margin(price=4, labour_per_hour=30, seconds=120, cost=0.5)
Margin(seconds=120, per_customer=2.5, per_hour=75.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .journeys import JOURNEY_LIMIT, journeys
from .units import UNITS
from .vocabulary import Comparator, Quantity

if TYPE_CHECKING:
    from .objects import MomentOfTruth, Step, Tolerance
    from .service import Service

__all__ = [
    "TIMING_FORMAT",
    "Margin",
    "MomentTime",
    "PathTime",
    "Timing",
    "WhatIf",
    "margin",
    "margin_curve",
    "moment_times",
    "timing",
    "tolerance_seconds",
    "what_if",
]

#: version of the JSON that ``blueprint timing --format json`` writes
TIMING_FORMAT = 1


@dataclass(frozen=True)
class MomentTime:
    """One moment with the steps that feed it: standard and tolerable seconds, cost.

    ``tolerable`` is what customers accept at this moment: the tolerable times
    of the moment and its steps added up (a part without one counts at its
    standard), or the tightest time ``customer_tolerance`` of its factors when
    that is shorter; ``None`` when neither is written. ``limit`` names which
    (``duration`` or the factor's id).
    """

    moment: str
    steps: tuple[str, ...]
    standard: float
    tolerable: float | None
    limit: str | None
    cost: float
    timed: bool


@dataclass(frozen=True)
class PathTime:
    """One path from first contact to leaving, with its totals."""

    moments: tuple[str, ...]
    standard_seconds: float
    tolerable_seconds: float | None
    cost: float | None
    tolerance_from: str | None = None

    @property
    def too_long(self) -> bool:
        """The standard time is longer than customers tolerate on this path."""
        return self.tolerable_seconds is not None and self.standard_seconds > self.tolerable_seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "moments": list(self.moments),
            "standard_seconds": _number(self.standard_seconds),
            "tolerable_seconds": _number(self.tolerable_seconds),
            "cost": _number(self.cost),
            "too_long": self.too_long,
        }


@dataclass(frozen=True)
class Timing:
    """Every path's time and cost, in the currency the file writes its costs in."""

    paths: tuple[PathTime, ...]
    moments: dict[str, MomentTime]
    currency: str | None
    currencies: tuple[str, ...]
    total_paths: int
    service_tolerance: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def longest(self) -> PathTime | None:
        """The path with the longest standard time (the first of equals)."""
        return max(self.paths, key=lambda p: p.standard_seconds, default=None)

    def to_text(self, what_if: WhatIf | None = None) -> str:
        """A table of the paths (standard, tolerable, cost) for the terminal, and the what-if below it."""
        from .units import amount

        def time(seconds: float | None) -> str:
            if seconds is None:
                return "-"
            return amount(round(seconds / 60, 2), "minutes") if seconds >= 60 else amount(seconds, "seconds")

        money = f"cost ({self.currency})" if self.currency else "cost"
        rows = [("path", "standard", "tolerable", money, "")]
        for path in self.paths:
            cost = "-" if path.cost is None else f"{path.cost:.2f}"
            rows.append((" > ".join(path.moments), time(path.standard_seconds), time(path.tolerable_seconds),
                         cost, "TOO LONG" if path.too_long else ""))  # fmt: skip
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = ["  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip()
                 for row in rows]  # fmt: skip
        if self.service_tolerance is not None:
            lines.append(f"tolerable: customers accept {time(self.service_tolerance)} for the whole visit")
        lines.extend(f"note: {note}" for note in self.notes)
        if what_if is not None:
            lines.extend(["", *what_if.to_text().splitlines()])
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": TIMING_FORMAT,
            "currency": self.currency,
            "service_tolerable_seconds": _number(self.service_tolerance),
            "total_paths": self.total_paths,
            "paths": [p.to_dict() for p in self.paths],
            "moments": [
                {
                    "moment": t.moment,
                    "steps": list(t.steps),
                    "standard_seconds": _number(t.standard),
                    "tolerable_seconds": _number(t.tolerable),
                    "cost": _number(t.cost),
                }
                for t in self.moments.values()
            ],
            "notes": list(self.notes),
        }


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def tolerance_seconds(tolerance: Tolerance | None) -> float | None:
    """A customer tolerance as seconds, when it bounds a time from above (``<=``, ``<``)."""
    if tolerance is None or tolerance.comparator not in (Comparator.LE, Comparator.LT):
        return None
    entry = UNITS.get(tolerance.unit)
    if entry is None or entry[0] is not Quantity.DURATION:
        return None
    return tolerance.value * entry[1]


def _factor_tolerance(moment: MomentOfTruth) -> tuple[float | None, str | None]:
    """The tightest time customers tolerate at a moment by its factors' ``customer_tolerance``."""
    bounds = [
        (seconds, factor.id)
        for factor in moment.factors
        if (seconds := tolerance_seconds(factor.customer_tolerance)) is not None
    ]
    return min(bounds) if bounds else (None, None)


def _tolerable(parts: list[MomentOfTruth | Step], moment: MomentOfTruth) -> tuple[float | None, str | None]:
    """What customers tolerate for these parts of a moment, and where that limit is written."""
    durations = [p.duration for p in parts if p.duration is not None]
    summed = None
    if any(d.tolerable is not None for d in durations):
        summed = sum(d.tolerable_seconds or d.standard_seconds for d in durations)
    bound, factor_id = _factor_tolerance(moment)
    if bound is not None and (summed is None or bound < summed):
        return bound, factor_id
    return summed, ("duration" if summed is not None else None)


def _feeders(service: Service) -> dict[str, list[str]]:
    """Each moment's steps, direct and indirect, in file order."""
    feeds: dict[str, set[str]] = {m: set() for m in service.moments}
    for step_id in service.steps:
        seen, todo = set(), [step_id]
        while todo:
            current = todo.pop()
            if current in seen or current not in service.steps:
                continue
            seen.add(current)
            for target in service.steps[current].supports:
                if target in feeds:
                    feeds[target].add(step_id)
                else:
                    todo.append(target)
    order = list(service.steps)
    return {m: sorted(steps, key=order.index) for m, steps in feeds.items()}


def moment_times(service: Service) -> dict[str, MomentTime]:
    """Each moment's standard time and cost with the steps that feed it, in cycle order.

    A step that feeds several moments counts at the first of them in cycle
    order (``steps`` lists only the steps counted at the moment).
    """
    from .queries import flow_order

    feeders = _feeders(service)
    counted: set[str] = set()
    found: dict[str, MomentTime] = {}
    for moment_id in flow_order(service):
        steps = [s for s in feeders[moment_id] if s not in counted]
        counted.update(steps)
        moment = service.moments[moment_id]
        parts: list[MomentOfTruth | Step] = [moment, *(service.steps[s] for s in steps)]
        standard = sum(p.duration.standard_seconds for p in parts if p.duration is not None)
        cost = sum(p.cost.amount for p in parts if p.cost is not None)
        timed = any(p.duration is not None for p in parts)
        tolerable, limit = _tolerable(parts, moment) if timed else (None, None)
        found[moment_id] = MomentTime(moment_id, tuple(steps), standard, tolerable, limit, cost, timed)
    return found


def timing(service: Service, *, limit: int = JOURNEY_LIMIT) -> Timing:
    """Standard and tolerable time and cost of each path from first contact to leaving.

    A path's tolerable time is the customers' tolerance for the whole visit
    (the service's ``customer_tolerance``) when the file gives one; otherwise
    the sum over its timed moments of what customers tolerate at each (a
    moment with no tolerance written counts at its standard time; an untimed
    moment counts nothing). A step that feeds several moments of a path is
    counted once.
    """
    times = moment_times(service)
    feeders = _feeders(service)
    costs = [m.cost for m in service.moments.values()] + [s.cost for s in service.steps.values()]
    currencies = tuple(dict.fromkeys(cost.currency for cost in costs if cost is not None))
    notes = []
    if len(currencies) > 1:
        notes.append(
            f"costs are written in {', '.join(currencies)}: the totals add them as written; "
            "write every cost in one currency"
        )
    if not any(t.timed for t in times.values()):
        notes.append("no moment or step carries a duration: write duration: {standard: N, unit: seconds}")
    whole = tolerance_seconds(service.info.customer_tolerance)
    found = journeys(service, limit=limit, skip_optional=False)
    if found.bounded:
        notes.append(f"the cycle has {found.total} paths; the first {len(found.paths)} are timed")
    paths = []
    for path in found.paths:
        counted: set[str] = set()
        standard = tolerable = cost = 0.0
        for moment_id in path:
            new_steps = [s for s in feeders[moment_id] if s not in counted]
            counted.update(new_steps)
            moment = service.moments[moment_id]
            parts: list[MomentOfTruth | Step] = [moment, *(service.steps[s] for s in new_steps)]
            own = sum(p.duration.standard_seconds for p in parts if p.duration is not None)
            standard += own
            bound, _ = _tolerable(parts, moment)  # a tolerance counts where something is timed
            timed = any(p.duration is not None for p in parts)
            tolerable += bound if bound is not None and timed else own
            cost += sum(p.cost.amount for p in parts if p.cost is not None)
        paths.append(
            PathTime(
                tuple(path),
                standard,
                whole if whole is not None else tolerable,
                cost if currencies else None,
                "service" if whole is not None else "moments",
            )
        )
    return Timing(
        tuple(paths),
        times,
        currencies[0] if currencies else None,
        currencies,
        found.total,
        whole,
        tuple(notes),
    )


@dataclass(frozen=True)
class Margin:
    """What one customer leaves after labour and costs at one execution time."""

    seconds: float
    per_customer: float
    per_hour: float


def margin(*, price: float, labour_per_hour: float, seconds: float, cost: float = 0.0) -> Margin:
    """Margin per customer and per hour of the server's time when a customer takes ``seconds``.

    Per customer: the price less the labour for that time and the other costs.
    Per hour: that margin times the customers one server serves in an hour,
    back to back (Shostack's reading: a shine that takes twice as long
    halves the customers and eats the margin).
    """
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"the execution time must be a positive number of seconds, not {seconds!r}")
    per_customer = price - labour_per_hour * seconds / 3600 - cost
    return Margin(seconds, round(per_customer, 6), round(per_customer * 3600 / seconds, 6))


def margin_curve(
    *,
    price: float,
    labour_per_hour: float,
    seconds: float,
    cost: float = 0.0,
    up_to: float = 3.0,
    points: int = 9,
) -> list[Margin]:
    """The margin at the standard time and as the time grows to ``up_to`` times it."""
    if points < 2 or up_to <= 1:
        raise ValueError("draw at least two points, up to more than the standard time")
    stretch = [1 + (up_to - 1) * i / (points - 1) for i in range(points)]
    return [
        margin(price=price, labour_per_hour=labour_per_hour, seconds=seconds * k, cost=cost) for k in stretch
    ]


#: the spacing of the what-if's times, in seconds: the first that gives at most nine points
_ROUND_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)


@dataclass(frozen=True)
class WhatIf:
    """Shostack's profitability what-if: the margin at the standard time and as the time grows."""

    price: float
    labour_per_hour: float
    cost: float
    standard_seconds: float
    tolerable_seconds: float | None
    curve: tuple[Margin, ...]
    currency: str | None = None

    @property
    def at_standard(self) -> Margin:
        return self.curve[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "price": self.price,
            "labour_per_hour": self.labour_per_hour,
            "cost": _number(self.cost),
            "standard_seconds": _number(self.standard_seconds),
            "tolerable_seconds": _number(self.tolerable_seconds),
            "currency": self.currency,
            "curve": [
                {"seconds": _number(m.seconds), "per_customer": m.per_customer, "per_hour": m.per_hour}
                for m in self.curve
            ],
        }

    def to_text(self) -> str:
        unit = f" {self.currency}" if self.currency else ""
        head = (
            f"margin at price {self.price:.2f}{unit}, labour {self.labour_per_hour:.2f}{unit} an hour "
            f"and other costs {self.cost:.2f}{unit} a customer:"
        )
        lines = [head, f"  {'time':>9}  {'per customer':>12}  {'per hour':>10}"]
        for point in self.curve:
            mark = "  standard" if point is self.curve[0] else ""
            if self.tolerable_seconds is not None and abs(point.seconds - self.tolerable_seconds) < 1e-6:
                mark = "  tolerable"
            minutes = point.seconds / 60
            lines.append(f"  {minutes:>5.2f} min  {point.per_customer:>12.2f}  {point.per_hour:>10.2f}{mark}")
        return "\n".join(lines)


def what_if(
    found: Timing,
    *,
    price: float,
    labour_per_hour: float,
    cost: float | None = None,
    up_to: float | None = None,
) -> WhatIf:
    """The margin of the longest path at its standard time and as it grows to ``up_to`` times that.

    ``up_to`` defaults to twice the standard time, or to the customers'
    tolerable time when that is longer (at most four times the standard).

    ``cost`` (other costs per customer) defaults to the path's cost from the
    file. The curve also passes through the customers' tolerable time when it
    lies in range. Raises ``ValueError`` when no path has a standard time.
    """
    path = found.longest
    if path is None or path.standard_seconds <= 0:
        raise ValueError("no path has a standard execution time: write duration: on the moments or steps")
    if not all(math.isfinite(x) for x in (price, labour_per_hour)) or price < 0 or labour_per_hour < 0:
        raise ValueError("the price and the labour cost must be finite numbers, zero or more")
    other = path.cost or 0.0 if cost is None else cost
    tolerable = path.tolerable_seconds
    if up_to is None:
        up_to = 2.0 if tolerable is None else max(2.0, min(4.0, tolerable / path.standard_seconds))
    start, end = path.standard_seconds, path.standard_seconds * up_to
    step = next((s for s in _ROUND_STEPS if s * 8 >= end - start), (end - start) / 8)
    times = [start]
    ahead = (start // step + 1) * step  # then on round times: 2:30, 3:00, ...
    while ahead < end - 1e-6:
        times.append(ahead)
        ahead += step
    times.append(end)
    curve = [margin(price=price, labour_per_hour=labour_per_hour, seconds=t, cost=other) for t in times]
    if (
        tolerable is not None
        and path.standard_seconds < tolerable <= path.standard_seconds * up_to
        and all(abs(m.seconds - tolerable) > 1e-6 for m in curve)
    ):
        extra = margin(price=price, labour_per_hour=labour_per_hour, seconds=tolerable, cost=other)
        curve = sorted([*curve, extra], key=lambda m: m.seconds)
    return WhatIf(
        price, labour_per_hour, other, path.standard_seconds, tolerable, tuple(curve), found.currency
    )
