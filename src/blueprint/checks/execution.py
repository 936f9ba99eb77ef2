"""Execution time against what customers tolerate (Shostack 1984).

A moment's standard execution time (its own ``duration`` with those of the
steps that feed it) longer than customers tolerate there, or a path through
the cycle longer than they tolerate for the whole visit, is designed to
disappoint: waiting beyond the tolerance turns into dissatisfaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.timing import timing
from ..model.units import amount
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..model.service import Service
    from .lint_config import LintConfig

__all__ = ["within_tolerance"]

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
