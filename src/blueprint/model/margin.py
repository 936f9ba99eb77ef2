"""What execution time is worth: Shostack's profitability what-if on a timed path.

Shostack (1984) shows the shoeshine making money at its two-minute standard
and almost none at four: the price stays, while labour grows with the time
and the customers one server serves in an hour fall. :func:`what_if` reads
the longest path of a :class:`~blueprint.model.timing.Timing` and gives the
margin per customer and per hour from the standard time to what customers
tolerate.

>>> margin(price=4, labour_per_hour=30, seconds=120, cost=0.5)
Margin(seconds=120, per_customer=2.5, per_hour=75.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .timing import json_number

if TYPE_CHECKING:
    from .timing import Timing

__all__ = ["Margin", "WhatIf", "margin", "margin_curve", "what_if"]


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
    #: the visit's standard time on the path, when the server's time is less (the customer's own
    #: actions and waits cost no labour)
    visit_seconds: float | None = None
    #: no frontstage or backstage step is timed: the whole visit is taken as the server's time
    whole_visit: bool = False

    @property
    def at_standard(self) -> Margin:
        return self.curve[0]

    @property
    def basis(self) -> str | None:
        """What the time is, when it is not simply the visit's: the server's part of it, or the whole visit
        for want of timed staff steps."""
        if self.visit_seconds is not None:
            return (
                f"the server's, its frontstage and backstage steps ({self.standard_seconds / 60:.2f} of the "
                f"visit's {self.visit_seconds / 60:.2f} min): the customer's own actions and waits cost "
                "no labour"
            )
        if self.whole_visit:
            return (
                "the whole visit, as no frontstage or backstage step is timed; time the staff's steps "
                "(duration: on steps) to leave the customer's own time and waits out of the labour"
            )
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "price": self.price,
            "labour_per_hour": self.labour_per_hour,
            "cost": json_number(self.cost),
            "standard_seconds": json_number(self.standard_seconds),
            "tolerable_seconds": json_number(self.tolerable_seconds),
            "currency": self.currency,
            "visit_seconds": json_number(self.visit_seconds),
            "whole_visit": self.whole_visit,
            "curve": [
                {"seconds": json_number(m.seconds), "per_customer": m.per_customer, "per_hour": m.per_hour}
                for m in self.curve
            ],
        }

    def to_text(self) -> str:
        unit = f" {self.currency}" if self.currency else ""
        head = (
            f"margin at price {self.price:.2f}{unit}, labour {self.labour_per_hour:.2f}{unit} an hour "
            f"and other costs {self.cost:.2f}{unit} a customer:"
        )
        lines = [head, *([f"  time: {self.basis}"] if self.basis else [])]
        lines.append(f"  {'time':>9}  {'per customer':>12}  {'per hour':>10}")
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
    """The margin of the longest path at its server's time and as it grows to ``up_to`` times that.

    The server's time is that of the path's timed frontstage and backstage
    steps: a moment's own duration is the customer's (his own action, his
    wait) and costs no labour. When no such step is timed, the whole visit's
    standard time is taken, and :attr:`WhatIf.whole_visit` says so. What
    customers tolerate is reached when the server takes the visit's slack
    (tolerable less standard time) on top of his standard time.

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
    if cost is not None and not (math.isfinite(cost) and cost >= 0):
        raise ValueError(f"other costs {cost:g} a customer: give a finite number, zero or more")
    other = path.cost or 0.0 if cost is None else cost
    served = path.serving_seconds if path.serving_seconds > 0 else path.standard_seconds
    tolerable = path.tolerable_seconds
    if tolerable is not None:  # the server taking the visit's slack; none left when the visit is too long
        tolerable = served + tolerable - path.standard_seconds
        tolerable = tolerable if tolerable > 0 else None
    if up_to is None:
        up_to = 2.0 if tolerable is None else max(2.0, min(4.0, tolerable / served))
    start, end = served, served * up_to
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
        and served < tolerable <= served * up_to
        and all(abs(m.seconds - tolerable) > 1e-6 for m in curve)
    ):
        extra = margin(price=price, labour_per_hour=labour_per_hour, seconds=tolerable, cost=other)
        curve = sorted([*curve, extra], key=lambda m: m.seconds)
    visit = path.standard_seconds if served < path.standard_seconds - 1e-9 else None
    return WhatIf(
        price, labour_per_hour, other, served, tolerable, tuple(curve), found.currency, visit,
        path.serving_seconds <= 0,
    )  # fmt: skip
