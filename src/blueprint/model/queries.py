"""Questions asked of a service, as plain functions of the service.

Examples
--------
>>> from blueprint.model.examples import tiny_service
>>> service = tiny_service()
>>> cycle_order(service)
['arrive', 'check-in', 'room-service', 'check-out']
>>> path_count(service)
2
>>> sorted(supporting_steps(service, "check-in"))
['pms-record', 'register-guest']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .journeys import flow_order
from .objects import FailPoint, KeyFactor, Standard

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx
    import pandas as pd

    from .service import Service

__all__ = [
    "coverage",
    "covered_moments",
    "cycle_order",
    "entry_moment",
    "exit_moments",
    "factors_of",
    "fail_point_of",
    "fail_points",
    "flow_graph",
    "flow_order",
    "moments_of_standard",
    "path_count",
    "standards_of",
    "summary",
    "supported_moments",
    "supporting_steps",
]


def flow_graph(service: Service, *, loops: bool = False) -> nx.DiGraph:
    """The moments and their forward flow: a DAG unless ``loops`` is true.

    The closing edge (back to the first moment) is never included.
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(service.moments)
    graph.add_edges_from(
        (u, v)
        for u, v, d in service.graph.edges(data=True)
        if d["kind"] == "flow" and not d["closing"] and (loops or not d["loop"])
    )
    return graph


def entry_moment(service: Service) -> str | None:
    """The first moment of the cycle: where customers start."""
    return next(iter(service.moments), None)


def exit_moments(service: Service) -> list[str]:
    """Moments the customer leaves from (they carry the closing edge)."""
    return [u for u, _, d in service.graph.edges(data=True) if d.get("closing")]


def cycle_order(service: Service) -> list[str]:
    """Moment ids in cycle order.

    The order follows the flow; where branches leave it free, the file's
    order decides, so the result is stable from run to run.
    """
    import networkx as nx

    position = {moment: i for i, moment in enumerate(service.moments)}
    return list(nx.lexicographical_topological_sort(flow_graph(service), key=position.__getitem__))


def path_count(service: Service) -> int:
    """Number of distinct paths from the first moment to any exit.

    Counted by dynamic programming over the acyclic flow (loops excluded), so
    a service with billions of paths is counted without listing them.
    """
    entry = entry_moment(service)
    if entry is None:
        return 0
    graph = flow_graph(service)
    exits = set(exit_moments(service))
    ways: dict[str, int] = {}
    for moment in reversed(cycle_order(service)):
        ways[moment] = int(moment in exits) + sum(ways[s] for s in graph.successors(moment))
    return ways[entry]


def supporting_steps(service: Service, moment_id: str) -> set[str]:
    """Every step that feeds ``moment_id``, directly or through other steps."""
    import networkx as nx

    supports = nx.DiGraph()
    supports.add_edges_from((u, v) for u, v, k in service.graph.edges(data="kind") if k == "supports")
    if moment_id not in supports:
        return set()
    return set(nx.ancestors(supports, moment_id))


def supported_moments(service: Service, step_id: str) -> list[str]:
    """The moments a step feeds, directly or through the steps it supports, in file order.

    >>> from blueprint.model.examples import tiny_service
    >>> supported_moments(tiny_service(), "pms-record")
    ['check-in']
    """
    found = _fed_moments(service, step_id)
    return [m for m in service.moments if m in found]


def _fed_moments(service: Service, step_id: str) -> set[str]:
    seen: set[str] = set()
    found: set[str] = set()
    todo = [step_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        step = service.steps.get(current)
        if step is None:
            continue
        for target in step.supports:
            if target in service.moments:
                found.add(target)
            elif target in service.steps:
                todo.append(target)
    return found


def fail_point_of(record: object) -> FailPoint | None:
    """A moment's or step's fail point as a record (empty for ``fail_point: true``), or None."""
    marked = getattr(record, "fail_point", False)
    if isinstance(marked, FailPoint):
        return marked
    return FailPoint() if marked is True else None


def fail_points(service: Service) -> list[tuple[str, str, FailPoint]]:
    """The numbered fail points, ``(label, id, fail point)``: F1, F2, ... left to right.

    Numbered in cycle order: each moment, then the steps that first feed it
    (in file order); steps that feed no moment come last.

    >>> from blueprint.model.examples import tiny_service
    >>> service = tiny_service()
    >>> _ = service.replace("room-service", fail_point=True)
    >>> _ = service.replace("pms-record", fail_point={"cause": "no reservation found"})
    >>> [(label, ident) for label, ident, _ in fail_points(service)]
    [('F1', 'pms-record'), ('F2', 'room-service')]
    """
    marked = [m.fail_point for m in service.moments.values()] + [s.fail_point for s in service.steps.values()]
    if not any(marked):
        return []
    order = {m: i for i, m in enumerate(flow_order(service))}
    home: dict[str, int] = {}
    for step_id in service.steps:
        ranks = [order[m] for m in _fed_moments(service, step_id) if m in order]
        home[step_id] = min(ranks, default=len(order))
    places: list[tuple[int, int, str]] = [(rank, 0, m) for m, rank in order.items()]
    places += [(home[s], 1 + i, s) for i, s in enumerate(service.steps)]
    found: list[tuple[str, str, FailPoint]] = []
    for _, _, ident in sorted(places):
        point = fail_point_of(service.moments.get(ident) or service.steps[ident])
        if point is not None:
            found.append((f"F{len(found) + 1}", ident, point))
    return found


def factors_of(service: Service, moment_id: str) -> list[KeyFactor]:
    """The key factors tagged at a moment."""
    return list(service.moments[moment_id].factors)


def standards_of(service: Service, moment_id: str) -> list[Standard]:
    """The standards serving a moment, each once, in file order (:func:`moments_of_standard`).

    Those on any of its factors, and those on a step that feeds it, unless the
    step feeds none of the moments of the standard's own factors (BP210).
    """
    ids = {i for f in service.moments[moment_id].factors for i in service.standards_of_factor.get(f.id, [])}
    for step_id, on_step in service.standards_of_step.items():  # the steps that carry standards
        if on_step and moment_id in _fed_moments(service, step_id):
            ids.update(i for i in on_step if moment_id in moments_of_standard(service, i))
    return [s for s in service.standards.values() if s.id in ids]


def moments_of_standard(service: Service, standard_id: str) -> list[str]:
    """The moments a standard serves: those of its key factors, then those its steps feed; for a
    standard on steps alone, those its steps feed.

    A step that feeds none of the moments of the standard's factors (BP210: the
    standard is filed under the wrong moment) does not make it serve the moments
    it feeds: counted there, a moment would look covered by a standard that
    measures none of its factors, and BP201 would not name it.
    """
    standard = service.standards[standard_id]
    own = [m for m in (service.moment_of.get(f) for f in standard.factors) if m is not None]
    found = list(own)
    for step_id in standard.steps:
        fed = supported_moments(service, step_id)
        if not own or set(fed).intersection(own):
            found.extend(fed)
    return list(dict.fromkeys(found))


def covered_moments(service: Service) -> set[str]:
    """Moments with at least one standard serving them (:func:`moments_of_standard`): on one of their
    factors, or on a step that feeds them and is not filed under another moment (BP210)."""
    return {m for standard_id in service.standards for m in moments_of_standard(service, standard_id)}


def coverage(service: Service, *, lang: str | None = None) -> pd.DataFrame:
    """One row per (moment, factor, standard), in cycle order.

    Factors without a standard appear with an empty standard, and moments
    without factors with an empty factor, so gaps in coverage show as blanks.
    """
    import pandas as pd

    rows: list[dict[str, object]] = []
    for moment_id in cycle_order(service):
        moment = service.moments[moment_id]
        base = {"moment": moment.id, "moment_title": moment.title_in(lang), "stage": moment.stage.value}
        if not moment.factors:
            rows.append({**base, "factor": None, "standard": None})
        for factor in moment.factors:
            row: dict[str, object] = {
                **base,
                "factor": factor.id,
                "factor_title": factor.title_in(lang),
                "element": factor.element.value,
                "bpm": factor.bpm.value if factor.bpm else None,
                "dimension": factor.dimension.value if factor.dimension else None,
                "importance": factor.importance,
            }
            standards: list[str | None] = [*service.standards_of_factor.get(factor.id, [])] or [None]
            rows.extend({**row, "standard": s} for s in standards)
    columns = [
        "moment",
        "moment_title",
        "stage",
        "factor",
        "factor_title",
        "element",
        "bpm",
        "dimension",
        "importance",
        "standard",
    ]
    return pd.DataFrame(rows, columns=columns)


def summary(service: Service) -> str:
    """A few lines that say what the service holds."""
    stages: dict[str, int] = {}
    for moment in service.moments.values():
        stages[moment.stage.value] = stages.get(moment.stage.value, 0) + 1
    covered = covered_moments(service)
    factors_with = sum(1 for ids in service.standards_of_factor.values() if ids)

    def marked(nodes: Iterable[str], mark: str) -> int:
        return sum(1 for node in nodes if service.graph.nodes[node].get(mark))

    points = {
        kind: f"fail points {marked(nodes, 'fail_point')}, wait points {marked(nodes, 'wait_point')}"
        for kind, nodes in (("moments", service.moments), ("steps", service.steps))
    }
    lines = [
        f"{service.info.title} ({service.info.id})",
        f"  moments    {len(service.moments)}  ("
        + ", ".join(f"{stage} {count}" for stage, count in stages.items())
        + f"; {points['moments']})",
        f"  steps      {len(service.steps)}  ({points['steps']})",
        f"  factors    {len(service.factors)}  ({factors_with} with a standard)",
        f"  standards  {len(service.standards)}  (covering {len(covered)} of {len(service.moments)} moments)",
        f"  promises   {len(service.promises)}",
        f"  paths      {path_count(service)} from first contact to leaving",
    ]
    timed = [m.duration for m in service.moments.values()] + [s.duration for s in service.steps.values()]
    if any(timed):
        from .timing import timing
        from .units import amount

        longest = timing(service).longest
        if longest is not None:
            minutes = amount(round(longest.standard_seconds / 60, 2), "minutes")
            limit = longest.tolerable_seconds
            said = "" if limit is None else f" (customers tolerate {amount(round(limit / 60, 2), 'minutes')})"
            lines.append(f"  timing     longest path {minutes} at standard{said}: blueprint timing FILE")
    return "\n".join(lines)
