"""Units a standard's target may be written in, and which quantity each fits.

A target is always written with an explicit unit; comparisons between targets
(a promise against its standard, two standards on one metric) convert both to
the quantity's base unit first.
"""

from __future__ import annotations

from collections.abc import Callable

from .vocabulary import Quantity

__all__ = [
    "BASE_UNIT",
    "UNITS",
    "amount",
    "convert",
    "converter",
    "quantity_of",
    "to_base",
    "unit_word",
    "units_for",
]

#: unit -> (quantity, factor to the quantity's base unit)
UNITS: dict[str, tuple[Quantity, float]] = {
    "seconds": (Quantity.DURATION, 1.0),
    "minutes": (Quantity.DURATION, 60.0),
    "hours": (Quantity.DURATION, 3600.0),
    "days": (Quantity.DURATION, 86400.0),
    "count": (Quantity.COUNT, 1.0),
    "share": (Quantity.PROPORTION, 1.0),
    "percent": (Quantity.PROPORTION, 0.01),
    "score": (Quantity.SCORE, 1.0),
    "boolean": (Quantity.BINARY, 1.0),
}

BASE_UNIT: dict[Quantity, str] = {
    Quantity.DURATION: "seconds",
    Quantity.COUNT: "count",
    Quantity.PROPORTION: "share",
    Quantity.SCORE: "score",
    Quantity.BINARY: "boolean",
}


def units_for(quantity: Quantity) -> list[str]:
    """The units that fit ``quantity``, smallest first.

    >>> units_for(Quantity.DURATION)
    ['seconds', 'minutes', 'hours', 'days']
    """
    return [unit for unit, (q, _) in UNITS.items() if q is quantity]


def quantity_of(unit: str) -> Quantity | None:
    """The quantity a unit measures, or None for a unit we do not know."""
    entry = UNITS.get(unit)
    return entry[0] if entry else None


def to_base(value: float, unit: str) -> float:
    """``value`` in ``unit`` expressed in its quantity's base unit.

    >>> to_base(3, "minutes")
    180.0
    """
    return float(value) * UNITS[unit][1]


def convert(value: float, unit: str, to: str) -> float:
    """Convert between two units of the same quantity.

    >>> convert(180, "seconds", "minutes")
    3.0
    """
    return converter(unit, to)(value)


def converter(unit: str, to: str) -> Callable[[float], float]:
    """:func:`convert` from ``unit`` to ``to`` as a function, for converting many values.

    >>> converter("minutes", "seconds")(1.5)
    90.0
    """
    if UNITS[unit][0] is not UNITS[to][0]:
        raise ValueError(f"cannot convert {unit} to {to}: they measure different quantities")
    times, per = UNITS[unit][1], UNITS[to][1]
    return lambda value: float(value) * times / per


#: units written in the plural in the file, with their singular
_SINGULAR = {"seconds": "second", "minutes": "minute", "hours": "hour", "days": "day"}


def unit_word(value: float, unit: str) -> str:
    """``unit`` as English writes it after ``value``: singular for exactly one, else plural.

    >>> unit_word(1, "minutes"), unit_word(3, "minutes"), unit_word(1.5, "hours"), unit_word(1, "score")
    ('minute', 'minutes', 'hours', 'score')
    """
    return _SINGULAR.get(unit, unit) if float(value) == 1.0 else unit


def amount(value: float, unit: str) -> str:
    """``value`` with its unit: ``1 minute``, ``3 minutes``, ``0.5 days``.

    >>> amount(1, "minutes"), amount(3, "minutes"), amount(1.0, "days"), amount(-1, "seconds")
    ('1 minute', '3 minutes', '1 day', '-1 seconds')
    """
    return f"{value:g} {unit_word(value, unit)}"
