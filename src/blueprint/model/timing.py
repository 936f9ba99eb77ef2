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

What the time is worth, Shostack's profitability what-if, is in :mod:`.margin`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .journeys import JOURNEY_LIMIT, flow_order, journeys
from .units import UNITS
from .vocabulary import Comparator, Lane, Quantity

if TYPE_CHECKING:
    from .objects import MomentOfTruth, Step, Tolerance
    from .service import Service

__all__ = [
    "TIMING_FORMAT",
    "MomentTime",
    "PathTime",
    "Timing",
    "json_number",
    "moment_times",
    "timing",
    "tolerance_seconds",
]

#: version of the JSON that ``blueprint timing --format json`` writes
TIMING_FORMAT = 1
#: the lanes of the contact staff's work for one customer: what the margin's labour pays for
_SERVING = (Lane.FRONTSTAGE, Lane.BACKSTAGE)


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
    #: the timed frontstage and backstage steps: the contact staff's time with the customer (the
    #: moments' own durations are the customer's: his actions and waits)
    serving_seconds: float = 0.0

    @property
    def too_long(self) -> bool:
        """The standard time is longer than customers tolerate on this path."""
        return self.tolerable_seconds is not None and self.standard_seconds > self.tolerable_seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "moments": list(self.moments),
            "standard_seconds": json_number(self.standard_seconds),
            "tolerable_seconds": json_number(self.tolerable_seconds),
            "cost": json_number(self.cost),
            "too_long": self.too_long,
            "serving_seconds": json_number(self.serving_seconds),
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

    def to_text(self, what_if: Any = None) -> str:
        """A table of the paths (standard, tolerable, cost) for the terminal.

        ``what_if`` (a :class:`~blueprint.model.margin.WhatIf`) adds its table below.
        """
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
            "service_tolerable_seconds": json_number(self.service_tolerance),
            "total_paths": self.total_paths,
            "paths": [p.to_dict() for p in self.paths],
            "moments": [
                {
                    "moment": t.moment,
                    "steps": list(t.steps),
                    "standard_seconds": json_number(t.standard),
                    "tolerable_seconds": json_number(t.tolerable),
                    "cost": json_number(t.cost),
                }
                for t in self.moments.values()
            ],
            "notes": list(self.notes),
        }


def json_number(value: float | None) -> float | int | None:
    """A number for JSON: whole numbers without ``.0``, others to six decimals."""
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
        standard = tolerable = cost = serving = 0.0
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
            serving += sum(
                step.duration.standard_seconds
                for step in (service.steps[s] for s in new_steps)
                if step.duration is not None and step.lane in _SERVING
            )
        paths.append(
            PathTime(
                tuple(path),
                standard,
                whole if whole is not None else tolerable,
                cost if currencies else None,
                "service" if whole is not None else "moments",
                serving,
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
