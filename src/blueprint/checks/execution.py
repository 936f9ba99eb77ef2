"""Execution time against what customers tolerate (Shostack 1984).

A moment's standard execution time (its own ``duration`` with those of the
steps that feed it) longer than customers tolerate there, or a path through
the cycle longer than they tolerate for the whole visit, is designed to
disappoint: waiting beyond the tolerance turns into dissatisfaction. A time
of zero, or of more than half a day for one action, is a slip to correct
before any of these totals can be trusted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.queries import standards_of, supported_moments
from ..model.timing import timing
from ..model.units import amount
from ..model.vocabulary import Quantity
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.objects import Standard
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["LONGEST_STEP", "plausible_duration", "wait_timed", "within_tolerance"]

#: paths named in one finding before the rest are counted
_SHOWN_PATHS = 3


def _time(seconds: float) -> str:
    return (
        amount(round(seconds / 60, 2), "minutes") if seconds >= 120 else amount(round(seconds, 1), "seconds")
    )


@rule(
    "BP273",
    "standard execution time within what customers tolerate",
    "warning",
    gap=2,
    name="within-tolerance",
    cites=("G4",),
    rationale="""
    Shostack (1984) sets each step's standard execution time beside the time
    customers tolerate: beyond it, waiting turns into dissatisfaction (and lost
    profit). A standard must meet customer requirements (guideline 4), so the
    standard time of a moment (with the steps that feed it) must not exceed what
    customers tolerate there (its steps' ``duration.tolerable``, or a factor's
    ``customer_tolerance`` in time), and no path through the cycle may exceed the
    service's ``customer_tolerance`` for the whole visit.
    """,
    example="""
    service:
      customer_tolerance: {value: 5, unit: minutes}
    steps:
      - id: shine
        duration: {standard: 6, unit: minutes}   # BP273: longer than the visit customers accept
    """,
)
def within_tolerance(service: Service, config: LintConfig) -> Iterator[Hit]:
    timed = [m.duration for m in service.moments.values()] + [s.duration for s in service.steps.values()]
    if not any(timed):
        return
    found = timing(service)
    for time in found.moments.values():
        if time.tolerable is not None and time.standard > time.tolerable:
            where = "its steps' tolerable times" if time.limit == "duration" else f"factor {time.limit!r}"
            yield Hit(
                time.moment,
                f"moment {time.moment!r} takes {_time(time.standard)} at standard, longer than the "
                f"{_time(time.tolerable)} customers tolerate ({where})",
                "shorten the steps (blueprint timing FILE shows each), or check the tolerance with customers",
                ("duration",) if service.moments[time.moment].duration else (),
            )
    if found.service_tolerance is None:
        return
    long = [p for p in found.paths if p.too_long]
    if long:
        shown = "; ".join(
            f"{' > '.join(p.moments)} ({_time(p.standard_seconds)})" for p in long[:_SHOWN_PATHS]
        )
        more = f"; and {len(long) - _SHOWN_PATHS} more" if len(long) > _SHOWN_PATHS else ""
        yield Hit(
            service.info.id,
            f"{len(long)} of {len(found.paths)} path(s) take longer at standard than the "
            f"{_time(found.service_tolerance)} customers tolerate for the visit: {shown}{more}",
            "shorten the steps on these paths (blueprint timing FILE), or check the tolerance with customers",
            ("customer_tolerance",),
        )


#: the longest time one moment or step may plausibly take, in seconds: half a day
LONGEST_STEP = 12 * 3600.0


@rule(
    "BP274",
    "execution times that can be true",
    "warning",
    gap=2,
    name="plausible-duration",
    cites=("G5",),
    rationale="""
    A standard must be realistic and easy to understand (guideline 5). A
    ``duration`` whose standard or tolerable time is zero says the action takes
    no time at all, and one moment or step of more than half a day is almost
    always a unit slip (minutes written for seconds): either way every total
    that ``blueprint timing``, the execution-time line and the margin what-if
    add up from it is wrong, silently. The load already refuses a negative or
    non-finite time and a tolerable time shorter than the standard.
    """,
    example="""
    steps:
      - id: buff
        duration: {standard: 0}                        # BP274: takes no time at all
      - id: polish
        duration: {standard: 1800, unit: minutes}      # BP274: 30 hours for one step
    """,
)
def plausible_duration(service: Service, config: LintConfig) -> Iterator[Hit]:
    records = [("moment", m) for m in service.moments.values()] + [
        ("step", s) for s in service.steps.values()
    ]
    for kind, record in records:
        duration = record.duration
        if duration is None:
            continue
        unit = duration.unit.value
        for field, value, seconds in (
            ("standard", duration.standard, duration.standard_seconds),
            ("tolerable", duration.tolerable, duration.tolerable_seconds),
        ):
            if value is None or seconds is None:
                continue
            if value == 0:
                yield Hit(
                    record.id,
                    f"{kind} {record.id!r} has a {field} time of 0 {unit}: it would take no time at all",
                    f"write the time it takes (duration.{field}), or leave duration out until it is timed",
                    ("duration", field),
                )
            elif seconds > LONGEST_STEP:
                yield Hit(
                    record.id,
                    f"{kind} {record.id!r} has a {field} time of {_time(seconds)} "
                    f"({seconds / 3600:.3g} hours), more than half a day for one action",
                    f"check duration.unit ({unit} here; seconds or minutes), "
                    f"or split the {kind} into shorter ones",
                    ("duration", field),
                )
                break  # a tolerable time beyond it says nothing new


@rule(
    "BP275",
    "every wait point has a time standard",
    "warning",
    gap=2,
    name="wait-timed",
    cites=("G4",),
    rationale="""
    A wait point is where the customer waits (Shostack 1984), and waiting turns
    into dissatisfaction past what customers tolerate. Marking the wait without
    saying how long it may last leaves it unmanaged: nothing compares it with the
    customers' tolerance (BP273) and nothing measured tells when it grows. A wait
    point is timed by its ``duration`` (or, for a moment, that of a step feeding
    it) or watched by a standard on a duration metric (on a moment's factors or
    on a step feeding it; on a step, naming the step).
    """,
    example="""
    moments:
      - id: wait-for-table
        wait_point: true      # BP275: no duration, no standard on how long
    """,
)
def wait_timed(service: Service, config: LintConfig) -> Iterator[Hit]:
    for moment in service.moments.values():
        if moment.wait_point and not _moment_timed(service, moment.id):
            yield Hit(
                moment.id,
                f"wait point at moment {moment.id!r} has {_UNTIMED}",
                f"{_HOW_LONG}, or a standard on a duration metric for one of its key factors",
                ("wait_point",),
            )
    for step in service.steps.values():
        if not step.wait_point or step.duration is not None:
            continue
        on_step = [service.standards[s] for s in service.standards_of_step.get(step.id, [])]
        if _times(service, on_step) or any(
            _moment_timed(service, m) for m in supported_moments(service, step.id)
        ):
            continue
        yield Hit(
            step.id,
            f"wait point at step {step.id!r} has {_UNTIMED}",
            f"{_HOW_LONG}, or a standard on a duration metric with steps: [{step.id}]",
            ("wait_point",),
        )


_UNTIMED = "no time standard: nothing says how long customers wait"
_HOW_LONG = (
    "write how long it takes and what customers tolerate: "
    "duration: {standard: ..., tolerable: ..., unit: minutes}"
)


def _moment_timed(service: Service, moment_id: str) -> bool:
    """The moment, or a step feeding it, has a duration, or a standard on a duration metric serves it."""
    if service.moments[moment_id].duration is not None:
        return True
    feeding = (s for s in service.steps.values() if moment_id in supported_moments(service, s.id))
    return any(s.duration is not None for s in feeding) or _times(service, standards_of(service, moment_id))


def _times(service: Service, standards: list[Standard]) -> bool:
    """Some of ``standards`` is on a duration metric."""
    return any(
        s.metric in service.metrics and service.metrics[s.metric].quantity is Quantity.DURATION
        for s in standards
    )
