"""Geometry of the service cycle: boxes on a circle, arcs between them, chords across.

Angles are in radians, measured clockwise from twelve o'clock, so the first
moment of the cycle sits at the top and the cycle runs clockwise, the way
Albrecht draws it. Points are page coordinates (y down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .geometry import ARROW, Box

__all__ = ["Ring", "fit_radius"]

Point = tuple[float, float]
_GAP = 5.0  # space between a box and the arc or chord that meets it


@dataclass(frozen=True)
class Ring:
    """A circle of radius ``r`` around ``(cx, cy)``."""

    cx: float
    cy: float
    r: float

    def at(self, angle: float, radius: float | None = None) -> Point:
        """The point at ``angle`` (clockwise from the top) on the ring, or on a circle of ``radius``."""
        rr = self.r if radius is None else radius
        return (self.cx + rr * math.sin(angle), self.cy - rr * math.cos(angle))

    def exit_angle(self, box: Box, angle: float, direction: int) -> float:
        """Angle where the ring leaves ``box`` (centred at ``angle``) going clockwise (+1) or back (-1)."""
        low, high = 0.0, math.pi / 2
        for _ in range(40):  # bisection: inside the (padded) box or not
            mid = (low + high) / 2
            if box.contains(self.at(angle + direction * mid), pad=_GAP):
                low = mid
            else:
                high = mid
        return angle + direction * high

    def arc(self, start: float, end: float, radius: float | None = None) -> list[Point]:
        """Cubic Bézier control points of the clockwise arc from ``start`` to ``end``."""
        rr = self.r if radius is None else radius
        pieces = max(1, math.ceil((end - start) / (math.pi / 4)))
        step = (end - start) / pieces
        k = 4 / 3 * math.tan(step / 4) * rr
        points = [self.at(start, rr)]
        for n in range(pieces):
            a0, a1 = start + n * step, start + (n + 1) * step
            p0, p1 = self.at(a0, rr), self.at(a1, rr)
            # Tangent of a clockwise angle on the page is (cos a, sin a).
            points.append((p0[0] + k * math.cos(a0), p0[1] + k * math.sin(a0)))
            points.append((p1[0] - k * math.cos(a1), p1[1] - k * math.sin(a1)))
            points.append(p1)
        return points

    def arrow_arc(self, start: float, end: float) -> tuple[list[Point], Point]:
        """An arc that ends in an arrow at ``end``: control points up to the arrow's base, and its tip."""
        base = end - ARROW / self.r
        return self.arc(start, max(base, start + 1e-3)), self.at(end)

    def chord(self, tail: Box, head: Box, bend: float = 0.45) -> tuple[list[Point], Point]:
        """A curve across the ring from ``tail`` to ``head``, bowing towards the centre, with an arrow."""
        start = self._towards_centre(tail)
        tip = self._towards_centre(head)
        c1 = (start[0] + (self.cx - start[0]) * bend, start[1] + (self.cy - start[1]) * bend)
        c2 = (tip[0] + (self.cx - tip[0]) * bend, tip[1] + (self.cy - tip[1]) * bend)
        dx, dy = tip[0] - c2[0], tip[1] - c2[1]
        length = math.hypot(dx, dy) or 1.0
        base = (tip[0] - dx / length * ARROW, tip[1] - dy / length * ARROW)
        return [start, c1, c2, base], tip

    def _towards_centre(self, box: Box) -> Point:
        """Where a line from the box's centre to the ring's centre leaves the (padded) box."""
        dx, dy = self.cx - box.x, self.cy - box.y
        length = math.hypot(dx, dy)
        if length == 0:
            return (box.x, box.y)
        ux, uy = dx / length, dy / length
        half_w, half_h = box.w / 2 + _GAP, box.h / 2 + _GAP
        t = min(half_w / abs(ux) if ux else math.inf, half_h / abs(uy) if uy else math.inf)
        return (box.x + ux * t, box.y + uy * t)


def fit_radius(sizes: list[tuple[float, float]], minimum: float = 170.0, gap: float = 26.0) -> float:
    """The smallest radius at which neighbouring boxes on the ring keep ``gap`` between them.

    >>> fit_radius([(120, 40)] * 4)
    170.0
    >>> round(fit_radius([(120, 40)] * 40))
    1036
    """
    n = len(sizes)
    if n < 2:
        return minimum
    # Start from a radius whose circumference holds the boxes' heights, then grow.
    radius = max(minimum, sum(h + gap for _, h in sizes) / (2 * math.pi))
    for _ in range(200):
        ring = Ring(0, 0, radius)
        boxes = [Box(*ring.at(2 * math.pi * i / n), w, h) for i, (w, h) in enumerate(sizes)]
        if all(_apart(boxes[i], boxes[(i + j) % n], gap) for i in range(n) for j in (1, 2) if j < n):
            return radius
        radius *= 1.04
    return radius


def _apart(a: Box, b: Box, gap: float) -> bool:
    return abs(a.x - b.x) >= (a.w + b.w) / 2 + gap or abs(a.y - b.y) >= (a.h + b.h) / 2 + gap
