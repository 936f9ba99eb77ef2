"""Does the data look recorded in another unit than the metric says? A documented heuristic.

A check-in metric recorded in seconds but exported in minutes gives values
sixty times too small: every check-in "passes" a 180-second target. Nothing in
a single value gives this away, but the values as a whole do, because a
standard is set near what the operation delivers.

The heuristic: take ``observed``, the value at the required share (or the
mean or median the standard compares), in the metric's data unit, and divide
it by the target in the same unit. In a real operation this ratio lies well
within 1/20..20 — a standard twenty times stricter or laxer than delivery is
rare. When it falls outside, try reading the data in each other unit of the
same quantity (minutes, hours, days for durations; share and percent for
proportions). If one of them puts the ratio within 1/5..5, the data probably
is in that unit and the measurement is marked ``implausible`` instead of
passing or failing. If no unit explains it, the numbers stand: a standard may
really be far off.

>>> implausible(observed=1.9, target=180.0, data_unit="seconds")
'minutes'
>>> implausible(observed=150.0, target=180.0, data_unit="seconds") is None
True
>>> implausible(observed=0.5, target=180.0, data_unit="seconds") is None  # far off, yet no unit explains it
True
"""

from __future__ import annotations

import math

from ..model.units import UNITS

__all__ = ["FAR", "NEAR", "implausible", "weighted_median"]

#: a ratio of observed to target beyond this factor (either way) is suspicious
FAR = 20.0
#: another unit explains the data when it brings the ratio within this factor
NEAR = 5.0


def implausible(*, observed: float | None, target: float, data_unit: str) -> str | None:
    """The unit the data seems to be recorded in, or None when ``data_unit`` is plausible."""
    if observed is None or not math.isfinite(observed) or not math.isfinite(target):
        return None
    if target <= 0 or observed <= 0:
        return None
    if data_unit not in UNITS:
        return None
    ratio = observed / target
    if 1 / FAR <= ratio <= FAR:
        return None
    quantity, factor = UNITS[data_unit]
    best: tuple[float, str] | None = None
    for unit, (other_quantity, other_factor) in UNITS.items():
        if other_quantity is not quantity or unit == data_unit:
            continue
        # Read each value as if written in ``unit``, then convert it to ``data_unit``.
        other = ratio * other_factor / factor
        distance = abs(math.log(other))
        if distance <= math.log(NEAR) and (best is None or distance < best[0]):
            best = (distance, unit)
    return best[1] if best else None


def weighted_median(values: list[tuple[float | None, int]]) -> float | None:
    """The median of ``(value, weight)`` pairs, skipping missing values.

    >>> weighted_median([(1.0, 1), (5.0, 10), (100.0, 2)])
    5.0
    """
    pairs = sorted((v, w) for v, w in values if v is not None and not math.isnan(v) and w > 0)  # type: ignore[misc]
    total = sum(w for _, w in pairs)
    if not total:
        return None
    running = 0
    for value, weight in pairs:
        running += weight
        if running * 2 >= total:
            return value
    return pairs[-1][0]
