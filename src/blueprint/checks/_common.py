"""Small helpers the rule modules share: a standard's quantity, figures written out."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model.units import quantity_of, to_base
from ..model.vocabulary import Comparator, Quantity

if TYPE_CHECKING:
    from ..model.objects import Standard
    from ..model.service import Service

__all__ = ["base_target", "lower_bound", "most_common", "quantity", "same", "show", "upper_bound"]


def quantity(service: Service, standard: Standard) -> Quantity | None:
    """What the standard's metric measures (its unit's quantity if the metric is missing)."""
    metric = service.metrics.get(standard.metric)
    return metric.quantity if metric is not None else quantity_of(standard.unit)


def base_target(standard: Standard) -> float | None:
    """The numeric target in its quantity's base unit, or None for a yes/no target."""
    if isinstance(standard.target, bool):
        return None
    return to_base(standard.target, standard.unit)


def show(value: float | bool, unit: str) -> str:
    """A target as people write it: ``3 minutes``, ``95%``, ``true``.

    >>> show(3, "minutes"), show(0.95, "share"), show(80, "percent"), show(4.5, "score")
    ('3 minutes', '95%', '80%', '4.5')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if unit == "share":
        return f"{value * 100:g}%"
    if unit == "percent":
        return f"{value:g}%"
    if unit in ("score", "count"):
        return f"{value:g}"
    return f"{value:g} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"


def most_common(values: Iterable[str | None]) -> str | None:
    """The value written most often (the first of equals), for hints drawn from the service itself.

    >>> most_common(["Clinic manager", None, "Head nurse", "Head nurse", " "])
    'Head nurse'
    """
    counts = Counter(value.strip() for value in values if value and value.strip())
    return counts.most_common(1)[0][0] if counts else None


def same(a: float, b: float) -> bool:
    """Equal up to rounding (3 minutes and 180 seconds are the same)."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def upper_bound(comparator: Comparator) -> bool:
    """The target is a ceiling: observations must stay at or below it."""
    return comparator in (Comparator.LE, Comparator.LT)


def lower_bound(comparator: Comparator) -> bool:
    """The target is a floor: observations must reach it."""
    return comparator in (Comparator.GE, Comparator.GT)
