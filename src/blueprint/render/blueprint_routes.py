"""Edges of the blueprint, routed through the free bands and gutters of the grid.

Every edge is an orthogonal path. It leaves its box, runs in the band next to
it (bands are free across the whole width), and, when boxes of the target's
column are in the way, climbs in the gutter beside that column. Edges that
share a band or gutter get their own track in it, so none runs through a box
or hides another. The flow between neighbouring columns shares one bus in
the middle of the gutter, the way a hand-drawn blueprint fans out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .blueprint_layout import GUTTER, Grid, Placed

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["Route", "Track", "route_edges"]

Point = tuple[float, float]
_TRACK = 7.0  # distance between parallel tracks in one band or gutter
_EDGE_ROOM = 8.0  # free space kept between the outer tracks and the boxes


@dataclass(frozen=True)
class Track:
    """A coordinate still to be chosen: a track in a band (y) or in a gutter (x)."""

    channel: tuple[str, object]
    route: int
    #: tracks of one group may share a line: a fan from one box, or into one box
    group: object = None


@dataclass
class Route:
    """One edge: its ends, kind (flow, loop, supports, evidence) and path."""

    tail: str
    head: str
    kind: str
    points: list[tuple[float | Track, float | Track]]
    arrow: bool = True

    def resolved(self, place: dict[Track, float]) -> list[Point]:
        return [(place[x] if isinstance(x, Track) else x, place[y] if isinstance(y, Track) else y)
                for x, y in self.points]  # fmt: skip


def route_edges(service: Service, grid: Grid) -> tuple[list[Route], dict[tuple[str, int], float]]:
    """All edges with their paths, and the height each crowded band would need."""
    edges = _edges(service, grid)
    offsets = _attach_offsets(grid, edges)
    skips_into: dict[str, int] = {}
    for tail, head, kind in edges:
        if kind == "flow" and grid.nodes[head].column > grid.nodes[tail].column + 1:
            skips_into[head] = skips_into.get(head, 0) + 1
    routes = [_route(i, grid, edge, offsets, skips_into) for i, edge in enumerate(edges)]
    place, needed = _assign_tracks(grid, routes)
    for route in routes:
        route.points = route.resolved(place)  # type: ignore[assignment]
    return routes, needed


def _edges(service: Service, grid: Grid) -> list[tuple[str, str, str]]:
    out = []
    nodes = grid.nodes
    for u, v, data in service.graph.edges(data=True):
        kind = data["kind"]
        if kind == "flow" and not data.get("closing"):
            out.append((f"m:{u}", f"m:{v}", "loop" if data.get("loop") else "flow"))
        elif kind == "supports":
            head = f"m:{v}" if v in service.moments else f"s:{v}"
            out.append((f"s:{u}", head, "supports"))
    out.extend(
        (f"e:{m}", f"m:{m}", "evidence") for m in service.moments if service.moments[m].physical_evidence
    )
    return [e for e in out if e[0] in nodes and e[1] in nodes]


def _sides(tail: Placed, head: Placed) -> tuple[str, str]:
    """Which side a vertical edge leaves its tail and enters its head."""
    if abs(head.box.y - tail.box.y) < 1:
        return "top", "top"
    return ("top", "bottom") if head.box.y < tail.box.y else ("bottom", "top")


def _attach_offsets(grid: Grid, edges: list[tuple[str, str, str]]) -> dict[tuple[int, str], float]:
    """Spread the edges meeting one side of a box, ordered by where their other end is.

    All edges leaving a box by one side share one stem (they fan out
    further on); arrows arriving on that side get places of their own.
    """
    # side -> {slot: (x of the far end(s), edge ends using the slot)}
    sides: dict[tuple[str, str], dict[object, tuple[list[float], list[tuple[int, str]]]]] = {}
    for i, (tail, head, kind) in enumerate(edges):
        if kind in ("flow", "loop"):
            continue
        out_side, in_side = _sides(grid.nodes[tail], grid.nodes[head])
        stem = sides.setdefault((tail, out_side), {}).setdefault(("stem",), ([], []))
        stem[0].append(grid.nodes[head].box.x)
        stem[1].append((i, "tail"))
        sides.setdefault((head, in_side), {})[("arrow", i)] = ([grid.nodes[tail].box.x], [(i, "head")])
    offsets: dict[tuple[int, str], float] = {}
    for (key, _), slots in sides.items():
        ordered = sorted(slots.items(), key=lambda kv: (sum(kv[1][0]) / len(kv[1][0]), str(kv[0])))
        step = min(14.0, (grid.nodes[key].box.w - 30) / max(len(ordered) - 1, 1))
        for n, (_, (_, ends)) in enumerate(ordered):
            for end in ends:
                offsets[end] = (n - (len(ordered) - 1) / 2) * step
    return offsets


def _route(
    i: int,
    grid: Grid,
    edge: tuple[str, str, str],
    offsets: dict[tuple[int, str], float],
    skips_into: dict[str, int],
) -> Route:
    tail_key, head_key, kind = edge
    tail, head = grid.nodes[tail_key], grid.nodes[head_key]
    if kind in ("flow", "loop"):
        # Skips into one moment share a bus; a moment reached by one skip only
        # joins the bus of its source instead (a fan-out, like a choice of channel).
        group = None
        if kind == "flow":
            group = ("into", head_key) if skips_into.get(head_key, 0) > 1 else ("from", tail_key)
        return Route(tail_key, head_key, kind, _flow_points(i, grid, tail, head, kind, group))
    a, b = tail.box, head.box
    out_side, in_side = _sides(tail, head)
    xs, xt = a.x + offsets[(i, "tail")], b.x + offsets[(i, "head")]
    ys = a.top if out_side == "top" else a.bottom
    yt = b.top if in_side == "top" else b.bottom
    near_tail = Track(("band", (tail.lane, tail.row if out_side == "top" else tail.row + 1)), i, tail_key)
    points: list[tuple[float | Track, float | Track]]
    if out_side == in_side:  # same row: arch over through the band above it
        points = [(xs, ys), (xs, near_tail), (xt, near_tail), (xt, yt)]
    elif _clear(grid, head.column, yt, _band_middle(grid, near_tail), {tail_key, head_key}):
        if xs == xt and tail.column == head.column:
            points = [(xs, ys), (xt, yt)]
        else:
            points = [(xs, ys), (xs, near_tail), (xt, near_tail), (xt, yt)]
    else:
        index = head.column if tail.column <= head.column else head.column + 1
        gutter = Track(("gutter", index), i, head_key)
        near_head = Track(
            ("band", (head.lane, head.row + 1 if in_side == "bottom" else head.row)), i, head_key
        )
        points = [
            (xs, ys),
            (xs, near_tail),
            (gutter, near_tail),
            (gutter, near_head),
            (xt, near_head),
            (xt, yt),
        ]
    return Route(tail_key, head_key, kind, points, arrow=kind != "evidence")


def _flow_points(i: int, grid: Grid, tail: Placed, head: Placed, kind: str, group: object) -> list:  # type: ignore[type-arg]
    a, b = tail.box, head.box
    if kind == "flow" and head.column == tail.column + 1:
        bus = grid.gutter(head.column)[0] + GUTTER / 2
        if abs(a.y - b.y) < 0.5:
            return [(a.right, a.y), (b.left, b.y)]
        return [(a.right, a.y), (bus, a.y), (bus, b.y), (b.left, b.y)]
    rows = max(1, sum(1 for lane, _ in grid.rows if lane == "customer"))
    band = Track(("band", ("customer", 0 if kind == "flow" else rows)), i, group)
    leave = Track(("gutter", tail.column + 1), i, group)
    enter = Track(("gutter", head.column), i, group)
    return [(a.right, a.y), (leave, a.y), (leave, band), (enter, band), (enter, b.y), (b.left, b.y)]


def _band_middle(grid: Grid, track: Track) -> float:
    top, bottom = grid.bands[track.channel[1]]  # type: ignore[index]
    return (top + bottom) / 2


def _clear(grid: Grid, column: int, y1: float, y2: float, skip: set[str]) -> bool:
    """No box of ``column`` lies between heights ``y1`` and ``y2``."""
    low, high = min(y1, y2), max(y1, y2)
    return not any(
        p.key not in skip and p.box.bottom > low and p.box.top < high for p in grid.by_column.get(column, [])
    )


def _assign_tracks(
    grid: Grid, routes: list[Route]
) -> tuple[dict[Track, float], dict[tuple[str, int], float]]:
    """Give every track a coordinate: parallel runs in one channel never overlap."""
    runs: dict[tuple[str, object], list[tuple[float, float, Track]]] = {}
    for route in routes:
        pts = route.points
        for (x1, y1), (x2, y2) in itertools.pairwise(pts):
            for track, ends in ((y1, (x1, x2)), (x1, (y1, y2))):
                if isinstance(track, Track) and track is (y2 if track is y1 else x2):
                    lo, hi = sorted(_guess(grid, v) for v in ends)
                    runs.setdefault(track.channel, []).append((lo, hi, track))
    place: dict[Track, float] = {}
    needed: dict[tuple[str, int], float] = {}
    for channel, items in sorted(runs.items(), key=lambda kv: str(kv[0])):
        # Runs of one group (a fan out of one box, or into one) share a track.
        spans: dict[object, tuple[float, float]] = {}
        members: dict[object, list[Track]] = {}
        for lo, hi, track in items:
            key = ("route", track.route) if track.group is None else track.group
            low, high = spans.get(key, (lo, hi))
            spans[key] = (min(low, lo), max(high, hi))
            members.setdefault(key, []).append(track)
        slots: list[float] = []  # where each track is taken up to, along the channel
        slot_of: dict[Track, int] = {}
        for key, (lo, hi) in sorted(spans.items(), key=lambda kv: (kv[1], str(kv[0]))):
            free = next((n for n, end in enumerate(slots) if end < lo - 1), None)
            if free is None:
                slots.append(hi)
                free = len(slots) - 1
            slots[free] = max(slots[free], hi)
            for track in members[key]:
                slot_of[track] = free
        count = len(slots)
        kind, where = channel
        if kind == "band":
            top, bottom = grid.bands[where]  # type: ignore[index]
            needed[where] = count * _TRACK + 2 * _EDGE_ROOM  # type: ignore[index]
            for track, n in slot_of.items():
                place[track] = top + (n + 1) * (bottom - top) / (count + 1)
        else:
            left, right = grid.gutter(where)  # type: ignore[arg-type]
            for track, n in slot_of.items():
                side, depth = n % 2, n // 2
                place[track] = left + 8 + depth * _TRACK if side == 0 else right - 8 - depth * _TRACK
    return place, needed


def _guess(grid: Grid, value: float | Track) -> float:
    """Where a track will roughly be, to tell which runs overlap before tracks are placed."""
    if not isinstance(value, Track):
        return value
    kind, key = value.channel
    if kind == "band":
        return _band_middle(grid, value)
    left, right = grid.gutter(key)  # type: ignore[arg-type]
    return (left + right) / 2
