"""Where each box of the blueprint goes: a grid of cycle-order columns and five lanes.

Columns follow the flow: a moment sits one column right of its latest
predecessor and never left of the moment before it in cycle order, so
alternative branches (the bank's channels, say) stack in one column instead
of spreading into a row of look-alike boxes. A step sits in the column of
what it supports (the middle one when it supports several); physical
evidence sits above its moment. Within a lane, boxes of one column stack in
rows, and rows line up across columns, so the gaps between them (the
*bands*) and between columns (the *gutters*) are free for edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .geometry import Box
from .nodes import Label, badges_of, list_label, node_label, step_time

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = [
    "LANE_ORDER",
    "SMALLEST_LABEL_PT",
    "STAGE_NAMES",
    "Grid",
    "Placed",
    "grid",
    "moment_columns",
    "stage_moments",
]

LANE_ORDER = ("evidence", "customer", "frontstage", "backstage", "support")
NODE_W, GUTTER, LABEL_W, MARGIN = 140.0, 56.0, 124.0, 12.0
ROW_GAP, LANE_PAD, MIN_LANE = 26.0, 20.0, 60.0
TITLE_H, HEADER_H, LEGEND_H = 46.0, 30.0, 40.0
_FONT_SIZE = {"moment": 10.5, "step": 10.0, "evidence": 9.5}
#: the smallest type of a box label, in points (the evidence lists)
SMALLEST_LABEL_PT = min(_FONT_SIZE.values())

BandKey = tuple[str, int]
#: the stages a blueprint can be drawn for alone
STAGE_NAMES = ("pre-service", "in-service", "post-service")


def stage_moments(service: Service, stage: str | None = None) -> list[str]:
    """The moments in cycle order, only those of ``stage`` when one is given.

    >>> from blueprint.model.examples import tiny_service
    >>> stage_moments(tiny_service(), "in-service")
    ['check-in', 'room-service']
    """
    from ..model.queries import cycle_order

    if stage is not None and stage not in STAGE_NAMES:
        raise ValueError(f"stage must be one of {', '.join(STAGE_NAMES)}, not {stage!r}")
    order = cycle_order(service)
    return [m for m in order if service.moments[m].stage.value == stage] if stage else order


@dataclass
class Placed:
    """One box: a moment, step or piece of evidence, with its grid cell and page box."""

    key: str
    subject: str
    kind: str
    lane: str
    column: int
    label: Label
    row: int = 0
    stage: str = ""
    box: Box = field(default_factory=lambda: Box(0, 0, 0, 0))


@dataclass
class Grid:
    """The placed boxes and the free bands and gutters between them."""

    nodes: dict[str, Placed]
    columns: int
    lanes: dict[str, tuple[float, float]]
    rows: dict[BandKey, tuple[float, float]]
    bands: dict[BandKey, tuple[float, float]]
    stage_runs: list[tuple[str, int, int]]
    width: float
    height: float
    by_column: dict[int, list[Placed]]

    @staticmethod
    def col_x(column: int) -> float:
        return MARGIN + LABEL_W + GUTTER + column * (NODE_W + GUTTER) + NODE_W / 2

    def gutter(self, index: int) -> tuple[float, float]:
        """The free strip left of column ``index`` (``columns``: right of the last one)."""
        right = self.col_x(index) - NODE_W / 2
        return right - GUTTER, right


def moment_columns(service: Service, order: list[str], branches: str = "spread") -> dict[str, int]:
    """Column of each moment: its place in the cycle (``spread``), or stacked with alternatives.

    With ``branches="stack"`` a moment sits right of its latest predecessor
    and never left of the moment before it, so parallel alternatives share
    a column.
    """
    from ..model.queries import flow_graph

    if branches == "spread":
        return {moment: i for i, moment in enumerate(order)}
    flow = flow_graph(service)
    column: dict[str, int] = {}
    previous = -1
    for moment in order:
        before = [column[p] + 1 for p in flow.predecessors(moment) if p in column]
        column[moment] = max([previous, *before]) if before else previous + 1
        previous = column[moment]
    return column


def _step_columns(service: Service, moment_col: dict[str, int]) -> dict[str, int]:
    """Column of each step: the (lower) middle column of what it supports (-1: none of the moments)."""
    found: dict[str, int] = {}

    def resolve(step_id: str, visiting: frozenset[str]) -> int:
        if step_id in found:
            return found[step_id]
        targets = []
        for target in service.steps[step_id].supports:
            if target in moment_col:
                targets.append(moment_col[target])
            elif target in service.steps and target not in visiting:
                targets.append(resolve(target, visiting | {step_id}))
        targets = sorted(t for t in targets if t >= 0)
        found[step_id] = targets[(len(targets) - 1) // 2] if targets else -1
        return found[step_id]

    for step_id in service.steps:
        resolve(step_id, frozenset())
    return found


def _placements(
    service: Service,
    lang: str | None,
    order: list[str],
    branches: str,
    *,
    only: bool = False,
    span: tuple[int, int] | None = None,
) -> list[Placed]:
    """Every box in its column; ``only``: ``order`` is part of the cycle, keep the steps serving it.

    ``span`` (first, last column): only the boxes of those columns are made (labels cost time).
    """
    from ..model.queries import fail_points

    moment_col = moment_columns(service, order, branches)
    numbers = {ident: label for label, ident, _ in fail_points(service)}
    low, high = span if span is not None else (0, len(service.moments) + len(service.steps))
    placed = []
    for moment_id in order:
        if not low <= moment_col[moment_id] <= high:
            continue
        moment = service.moments[moment_id]
        label = node_label(moment.title_in(lang), NODE_W, size=_FONT_SIZE["moment"],
                           badges=badges_of(service, moment_id, lang, numbers=numbers))  # fmt: skip
        placed.append(Placed(f"m:{moment_id}", moment_id, "moment", "customer", moment_col[moment_id], label,
                             stage=moment.stage.value))  # fmt: skip
        if moment.physical_evidence:
            titles = [item.title_in(lang) for item in moment.physical_evidence]
            label = list_label(titles, NODE_W, size=_FONT_SIZE["evidence"])
            placed.append(
                Placed(f"e:{moment_id}", moment_id, "evidence", "evidence", moment_col[moment_id], label)
            )
    for step_id, column in _step_columns(service, moment_col).items():
        if column < 0 and only:
            continue  # it serves none of the moments drawn
        column = max(column, 0)
        if not low <= column <= high:
            continue
        step = service.steps[step_id]
        label = node_label(step.title_in(lang), NODE_W, size=_FONT_SIZE["step"],
                           note=step_time(step.duration, lang),
                           badges=badges_of(service, step_id, lang, numbers=numbers))  # fmt: skip
        placed.append(Placed(f"s:{step_id}", step_id, "step", step.lane.value, column, label))
    return placed


def grid(
    service: Service,
    lang: str | None = None,
    *,
    branches: str = "spread",
    band_min: dict[BandKey, float] | None = None,
    span: tuple[int, int] | None = None,
    fold: int = 1,
    stage: str | None = None,
) -> Grid:
    """Place every box. ``band_min`` asks for taller bands where edges need room.

    ``stage`` (``pre-service``, ``in-service``, ``post-service``) keeps the
    moments of that stage, their evidence and the steps that serve them,
    directly or through other steps; ``span`` then counts the columns of that stage.

    ``span`` (first, last column) keeps only the boxes of those columns (see
    :func:`pages`), renumbered from 0; edges to boxes left out are not drawn.
    ``fold`` lays the steps stacked under one moment side by side, that many
    to a row, in columns of their own right of it: a moment with a long
    stack of support steps gets wider and less tall.
    """
    band_min = band_min or {}
    order = stage_moments(service, stage)
    placed = _placements(service, lang, order, branches, only=stage is not None, span=span)
    if span is not None:
        first, last = span
        placed = [p for p in placed if first <= p.column <= last]
        for item in placed:
            item.column -= first
    columns = max((p.column for p in placed), default=-1) + 1
    stacks: dict[tuple[str, int], list[Placed]] = {}
    for item in placed:
        stacks.setdefault((item.lane, item.column), []).append(item)
    for (lane, _), stack in stacks.items():
        for row, item in enumerate(_stack_order(service, lane, stack)):
            item.row = row
    if fold > 1:
        for item in placed:
            spread = item.lane in ("frontstage", "backstage", "support")
            item.column = item.column * fold + (item.row % fold if spread else 0)
            item.row = item.row // fold if spread else item.row
        columns = columns * fold
    lanes: dict[str, tuple[float, float]] = {}
    rows: dict[BandKey, tuple[float, float]] = {}
    bands: dict[BandKey, tuple[float, float]] = {}
    y = TITLE_H + HEADER_H
    for lane in LANE_ORDER:
        top = y
        heights: dict[int, float] = {}
        for item in placed:
            if item.lane == lane:
                heights[item.row] = max(heights.get(item.row, 0.0), item.label.height)
        for row in range(len(heights) + 1):
            gap = LANE_PAD if row in (0, len(heights)) else ROW_GAP
            band_top = y
            y += max(gap, band_min.get((lane, row), 0.0))
            bands[(lane, row)] = (band_top, y)
            if row < len(heights):
                rows[(lane, row)] = (y, y + heights[row])
                y += heights[row]
        if y - top < MIN_LANE:  # an empty lane still shows, at a readable height
            y = top + MIN_LANE
            bands[(lane, len(heights))] = (bands[(lane, len(heights))][0], y)
        lanes[lane] = (top, y)
    for item in placed:
        row_top, row_bottom = rows[(item.lane, item.row)]
        item.box = Box(Grid.col_x(item.column), (row_top + row_bottom) / 2, NODE_W, item.label.height)
    by_column: dict[int, list[Placed]] = {}
    for item in placed:
        by_column.setdefault(item.column, []).append(item)
    width = Grid.col_x(columns) - NODE_W / 2 + MARGIN if columns else MARGIN * 2 + LABEL_W + GUTTER
    return Grid(
        nodes={p.key: p for p in placed}, columns=columns, lanes=lanes, rows=rows, bands=bands,
        stage_runs=_stage_runs(service, placed), width=width, height=y + LEGEND_H, by_column=by_column,
    )  # fmt: skip


def _stack_order(service: Service, lane: str, stack: list[Placed]) -> list[Placed]:
    """Top-to-bottom order of the boxes sharing one lane and column.

    Evidence is stacked upwards, so the first moment's evidence sits right
    above it. A step goes below the steps of the stack it supports, so that
    support chains read straight upwards.
    """
    if lane == "evidence":
        return stack[::-1]
    if lane == "customer":
        return stack
    here = {p.subject for p in stack}
    depth: dict[str, int] = {}

    def depth_of(step_id: str, seen: frozenset[str]) -> int:
        if step_id not in depth:
            inside = [t for t in service.steps[step_id].supports if t in here and t not in seen]
            depth[step_id] = 1 + max((depth_of(t, seen | {step_id}) for t in inside), default=-1)
        return depth[step_id]

    return sorted(stack, key=lambda p: depth_of(p.subject, frozenset()))


def _stage_runs(service: Service, placed: list[Placed]) -> list[tuple[str, int, int]]:
    """Consecutive columns of one stage, as (stage, first column, last column)."""
    stage_of: dict[int, str] = {}
    for item in placed:
        if item.kind == "moment" and item.column not in stage_of:
            stage_of[item.column] = service.moments[item.subject].stage.value
    runs: list[tuple[str, int, int]] = []
    for column in sorted(stage_of):
        stage = stage_of[column]
        if runs and runs[-1][0] == stage:  # the next moment's column (folded steps may lie between)
            runs[-1] = (stage, runs[-1][1], column)
        else:
            runs.append((stage, column, column))
    return runs
