"""Boxes, edge paths and background drawing, in page coordinates.

The views place every node and route every edge themselves and hand
Graphviz finished coordinates (``neato -n2``): layout is then exact,
deterministic and fast even for hundreds of moments, and Graphviz only draws.
Layouts work with y growing downwards, like a page; :class:`Page` turns
that into Graphviz's y-up points when the DOT is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .dot_quote import number

__all__ = ["ARROW", "Box", "Page", "arrow_path", "rounded_path"]

Point = tuple[float, float]

#: length of an arrowhead drawn with arrowsize=0.8
ARROW = 8.0


@dataclass(frozen=True)
class Box:
    """A node's rectangle: centre and size, in points."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2

    def contains(self, point: Point, pad: float = 0.0) -> bool:
        return abs(point[0] - self.x) <= self.w / 2 + pad and abs(point[1] - self.y) <= self.h / 2 + pad


@dataclass
class Page:
    """The drawing area: its height (to flip y) and the background drawing operations."""

    width: float
    height: float
    ops: list[str] = field(default_factory=list)

    def pt(self, point: Point) -> str:
        """A point as Graphviz ``x,y`` (y up)."""
        return f"{number(point[0])},{number(self.height - point[1])}"

    def pos(self, box: Box) -> str:
        """A node's ``pos`` attribute (with ``!``: pinned)."""
        return self.pt((box.x, box.y)) + "!"

    def edge_pos(self, controls: list[Point], tip: Point | None = None) -> str:
        """An edge's ``pos``: cubic Bézier control points, then the arrow's tip if it has one."""
        body = " ".join(self.pt(p) for p in controls)
        return body if tip is None else f"e,{self.pt(tip)} {body}"

    # -- background (xdot drawing operations, drawn under every node) -----------

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str, stroke: str | None = None) -> None:
        self.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill, stroke or fill)

    def polygon(self, points: list[Point], fill: str, stroke: str) -> None:
        self._colours(stroke, fill)
        self.ops.append(f"S 5 -solid S 15 -setlinewidth(1) P {len(points)} " + self._coords(points))

    def polyline(self, points: list[Point], colour: str, *, style: str = "solid", width: float = 1.0) -> None:
        self._colours(colour, None)
        line_width = f"setlinewidth({number(width)})"
        self.ops.append(
            f"S {len(style)} -{style} S {len(line_width)} -{line_width} L {len(points)} "
            + self._coords(points)
        )

    def xdot(self) -> str:
        """The ``_background`` attribute value."""
        return " ".join(self.ops)

    def _colours(self, stroke: str, fill: str | None) -> None:
        self.ops.append(f"c {len(stroke)} -{stroke}")
        if fill is not None:
            self.ops.append(f"C {len(fill)} -{fill}")

    def _coords(self, points: list[Point]) -> str:
        return " ".join(f"{number(x)} {number(self.height - y)}" for x, y in points)


def rounded_path(points: list[Point], radius: float = 6.0) -> list[Point]:
    """Bézier control points for an orthogonal polyline, its corners rounded.

    The result starts at ``points[0]``, ends at ``points[-1]`` and has
    ``3k + 1`` points, as Graphviz's ``pos`` wants.

    >>> rounded_path([(0, 0), (0, 12)])
    [(0, 0), (0.0, 4.0), (0.0, 8.0), (0, 12)]
    """
    pts = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(pts) == 1:
        pts = [pts[0], pts[0]]
    out: list[Point] = [pts[0]]
    current = pts[0]
    for i in range(1, len(pts)):
        corner = pts[i]
        if i == len(pts) - 1:
            _straight(out, current, corner)
            break
        after = pts[i + 1]
        r = min(radius, _dist(current, corner) / 2, _dist(corner, after) / 2)
        enter = _towards(corner, current, r)
        leave = _towards(corner, after, r)
        _straight(out, current, enter)
        out.extend([_towards(enter, corner, r * 0.55), _towards(leave, corner, r * 0.55), leave])
        current = leave
    return out


def arrow_path(points: list[Point], radius: float = 6.0) -> tuple[list[Point], Point]:
    """Control points of an orthogonal path that ends in an arrow, and the arrow's tip.

    The last leg is shortened by the arrow's length, so the head fills the gap.
    """
    tip = points[-1]
    base = _towards(tip, points[-2], ARROW) if len(points) > 1 else tip
    return rounded_path([*points[:-1], base], radius), tip


def _straight(out: list[Point], a: Point, b: Point) -> None:
    out.extend([(a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
                (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b])  # fmt: skip


def _towards(a: Point, b: Point, distance: float) -> Point:
    length = _dist(a, b)
    if length == 0:
        return a
    return (a[0] + (b[0] - a[0]) / length * distance, a[1] + (b[1] - a[1]) / length * distance)


def _dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])
