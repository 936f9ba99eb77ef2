"""Survey instruments: which item measures which SERVQUAL dimension, on which scale.

The standard instrument is the 22-item SERVQUAL of Parasuraman, Zeithaml and
Berry (1988, revised 1991): tangibles 1-4, reliability 5-9, responsiveness
10-13, assurance 14-17, empathy 18-22, answered on a 7-point scale. In the 1988
wording the responsiveness and empathy statements (10-13, 18-22) were worded
negatively; the 1991 revision made every statement positive. Declaring the 1988
wording reverse-scores those nine items.

A custom instrument maps any item names to dimensions (and, optionally, to the
key factors of a service), e.g. from a CSV with ``item,dimension,factor``.

>>> ins = standard_instrument()
>>> ins.dimension_of["7"], len(ins.items), ins.scale
('reliability', 22, Scale(low=1.0, high=7.0))
>>> sorted(standard_instrument(wording=1988).reversed, key=int)[:3]
['10', '11', '12']
>>> Scale.parse("1-5").reverse(2)
4.0
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model.vocabulary import Dimension
from .errors import Problem, SurveyDataError

__all__ = [
    "DIMENSIONS",
    "NEGATIVE_1988",
    "SERVQUAL_22",
    "SERVQUAL_22_WORDING",
    "Instrument",
    "Scale",
    "dimension_name",
    "item_id",
    "natural_order",
    "standard_instrument",
]

#: The five dimensions in the order SERVQUAL reports them.
DIMENSIONS: tuple[str, ...] = tuple(
    d.value
    for d in (
        Dimension.TANGIBLES,
        Dimension.RELIABILITY,
        Dimension.RESPONSIVENESS,
        Dimension.ASSURANCE,
        Dimension.EMPATHY,
    )
)

_RANGES = {
    "tangibles": (1, 4),
    "reliability": (5, 9),
    "responsiveness": (10, 13),
    "assurance": (14, 17),
    "empathy": (18, 22),
}

#: Item number (as text) to dimension for the standard 22-item instrument.
SERVQUAL_22: dict[str, str] = {str(n): dim for dim, (lo, hi) in _RANGES.items() for n in range(lo, hi + 1)}

#: What each of the 22 standard items asks about, in a few words (for screens that name items).
_WORDING = (
    "up-to-date equipment", "facilities that look appealing", "staff who look neat",
    "materials that look appealing", "doing things by the promised time",
    "sincere interest in solving problems", "getting it right the first time",
    "service at the promised time", "records kept without errors",
    "saying when the service will happen", "prompt service", "staff always willing to help",
    "staff never too busy to respond", "staff who inspire confidence", "feeling safe when dealing with them",
    "staff who are always courteous", "staff who know enough to answer", "attention to each customer",
    "opening hours that suit customers", "staff who give personal attention",
    "having the customer's interests at heart", "understanding each customer's needs",
)  # fmt: skip
SERVQUAL_22_WORDING: dict[str, str] = {str(n): text for n, text in enumerate(_WORDING, start=1)}

#: Negatively worded statements of the 1988 instrument (reverse-scored when declared).
NEGATIVE_1988: frozenset[str] = frozenset(str(n) for n in (*range(10, 14), *range(18, 23)))


@dataclass(frozen=True)
class Scale:
    """The answer scale, lowest and highest point (7-point SERVQUAL: 1 to 7)."""

    low: float = 1.0
    high: float = 7.0

    def __post_init__(self) -> None:
        import math

        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise SurveyDataError(
                f"the scale {self.low:g}-{self.high:g} has no end; give the lowest and highest "
                "answer as numbers, e.g. 1-7"
            )
        if not self.low < self.high:
            raise SurveyDataError(
                f"the scale {self.low:g}-{self.high:g} is empty; give it as LOW-HIGH, e.g. 1-7"
            )

    @classmethod
    def parse(cls, text: str | tuple[float, float] | Scale) -> Scale:
        """``"1-7"``, ``"1..5"``, ``(1, 5)`` or a Scale."""
        if isinstance(text, Scale):
            return text
        if isinstance(text, (tuple, list)):
            try:
                low, high = (float(x) for x in text)
            except (TypeError, ValueError):
                raise SurveyDataError(
                    f"cannot read the scale {text!r}; give it as (LOW, HIGH), e.g. (1, 7)"
                ) from None
            return cls(low, high)
        parts = text.replace("..", "-").replace(",", "-").split("-")
        try:
            low, high = (float(p) for p in parts if p.strip())
        except ValueError:
            raise SurveyDataError(f"cannot read the scale {text!r}; write it as LOW-HIGH, e.g. 1-7") from None
        return cls(low, high)

    def as_list(self) -> list[float | int]:
        """``[low, high]`` for JSON, whole numbers written without a decimal point."""
        return [int(x) if float(x).is_integer() else x for x in (self.low, self.high)]

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2

    def reverse(self, value: float) -> float:
        """The answer as a positively worded item would have it."""
        return self.low + self.high - value

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g}"


def dimension_name(text: object, *, source: str | None = None, row: int | None = None) -> str:
    """The canonical dimension for ``text`` (case-insensitive); a located error otherwise."""
    name = str(text).strip().lower()
    if name in DIMENSIONS:
        return name
    close = difflib.get_close_matches(name, DIMENSIONS, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(DIMENSIONS)}"
    raise SurveyDataError([Problem(f"unknown dimension {text!r}", source, row, "dimension", hint)])


@dataclass(frozen=True)
class Instrument:
    """Items, the dimension each belongs to, reverse-scored items, the scale and factor links."""

    dimension_of: Mapping[str, str]
    scale: Scale = Scale()
    reversed: frozenset[str] = frozenset()
    factor_of: Mapping[str, str] = field(default_factory=dict)
    name: str = "custom"

    @property
    def items(self) -> list[str]:
        return list(self.dimension_of)

    @property
    def dimensions(self) -> list[str]:
        """Dimensions present, in SERVQUAL order."""
        present = set(self.dimension_of.values())
        return [d for d in DIMENSIONS if d in present]

    def items_of(self, dimension: str) -> list[str]:
        return [i for i, d in self.dimension_of.items() if d == dimension]

    def with_factors(self, factor_of: Mapping[str, str]) -> Instrument:
        """A copy linking items to key factors (``{"7": "checkin-speed"}``)."""
        unknown = sorted(set(factor_of) - set(self.dimension_of), key=natural_order)
        if unknown:
            raise SurveyDataError(
                f"factor links name items the instrument does not have: {', '.join(unknown)}"
            )
        return Instrument(self.dimension_of, self.scale, self.reversed, dict(factor_of), self.name)

    @classmethod
    def custom(
        cls,
        dimension_of: Mapping[object, object],
        *,
        scale: Scale | str = "1-7",
        reversed: Iterable[object] = (),
        factor_of: Mapping[object, object] | None = None,
        source: str | None = None,
    ) -> Instrument:
        """An instrument from ``{item: dimension}``; dimension names are checked."""
        mapping = {item_id(k): dimension_name(v, source=source) for k, v in dimension_of.items()}
        rev = frozenset(item_id(i) for i in reversed)
        factors = {item_id(k): str(v) for k, v in (factor_of or {}).items() if v not in (None, "")}
        return cls(mapping, Scale.parse(scale), rev, factors)


def standard_instrument(*, wording: int = 1991, scale: Scale | str = "1-7") -> Instrument:
    """The 22-item SERVQUAL; ``wording=1988`` reverse-scores the negatively worded items."""
    if wording not in (1988, 1991):
        raise SurveyDataError(f"unknown SERVQUAL wording {wording}; use 1988 or 1991")
    reversed_items = NEGATIVE_1988 if wording == 1988 else frozenset()
    return Instrument(dict(SERVQUAL_22), Scale.parse(scale), reversed_items, {}, f"SERVQUAL-22 ({wording})")


def item_id(value: object) -> str:
    """Item ids as text; ``7``, ``7.0`` and ``"7"`` are the same item."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def natural_order(text: str) -> tuple[int, str]:
    """A sort key putting numbered items first, in number order (2 before 10), then named ones."""
    return (int(text), "") if text.isdigit() else (10**9, text)
