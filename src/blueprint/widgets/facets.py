"""What each moment carries, indexed once, so filters and the side panel never rescan the service.

A :class:`Facets` is built from a service and its findings in one pass. Filter
changes then only intersect small sets: on a 1,000-moment service a filter or
a selection costs microseconds, not a walk over every record.

>>> from blueprint.model.examples import tiny_service
>>> facets = Facets(tiny_service(), [])
>>> facets.matching(stage="in-service")
['check-in', 'room-service']
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..model.queries import cycle_order, moments_of_standard

if TYPE_CHECKING:
    from ..model.findings import Finding
    from ..model.service import Service

__all__ = ["FILTERS", "Facets", "lint_unlocated", "moments_of_finding"]

#: filter name -> label shown above its control
FILTERS = {
    "stage": "Stage",
    "lane": "Lane",
    "element": "Element",
    "bpm": "BPM",
    "dimension": "Dimension",
}


def lint_unlocated(service: Service, config: Any = None) -> list[Finding]:
    """The lint's findings without line numbers, which is fast on large services.

    Locating every finding in the file costs more than the rules themselves
    on a big service; the widgets locate only the few findings they show.
    """
    from ..checks import lint

    quick = copy.copy(service)
    quick.locator = None
    return lint(quick, config)


class Facets:
    """Per-moment sets of stages, lanes, elements, BPM classes, dimensions and findings."""

    def __init__(self, service: Service, findings: list[Finding]) -> None:
        self.order = cycle_order(service)
        self.stage = {m: service.moments[m].stage.value for m in self.order}
        self.values: dict[str, dict[str, set[str]]] = {name: defaultdict(set) for name in FILTERS}
        for moment_id, moment in service.moments.items():
            self.values["stage"][moment.stage.value].add(moment_id)
            for factor in moment.factors:
                self.values["element"][factor.element.value].add(moment_id)
                if factor.bpm is not None:
                    self.values["bpm"][factor.bpm.value].add(moment_id)
                if factor.dimension is not None:
                    self.values["dimension"][factor.dimension.value].add(moment_id)
        self.steps = _supporting_steps(service)
        for moment_id, steps in self.steps.items():
            for step_id in steps:
                self.values["lane"][service.steps[step_id].lane.value].add(moment_id)
        self.findings: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            for moment_id in moments_of_finding(service, finding):
                self.findings[moment_id].append(finding)

    def options(self, name: str) -> list[str]:
        """The values of filter ``name`` that some moment has, sorted."""
        return sorted(self.values[name])

    def matching(self, *, only_findings: bool = False, **chosen: str | None) -> list[str]:
        """Moments (in cycle order) that have every chosen value; None or "" means any."""
        keep: set[str] | None = None
        for name, value in chosen.items():
            if value:
                found = self.values[name].get(value, set())
                keep = set(found) if keep is None else keep & found
        if only_findings:
            with_findings = {m for m, found in self.findings.items() if found}
            keep = with_findings if keep is None else keep & with_findings
        return self.order if keep is None else [m for m in self.order if m in keep]


def moments_of_finding(service: Service, finding: Finding) -> list[str]:
    """The moments a finding is about: its subject's moment, or the moments it serves."""
    subject = finding.subject
    if subject is None:
        return []
    if subject in service.moments:
        return [subject]
    if subject in service.moment_of:
        return [service.moment_of[subject]]
    standard_id = subject
    if subject in service.promises:
        standard_id = service.promises[subject].standard or ""
    if standard_id in service.standards:
        return moments_of_standard(service, standard_id)
    if subject in service.steps:
        return [t for t in service.steps[subject].supports if t in service.moments]
    return []


def _supporting_steps(service: Service) -> dict[str, list[str]]:
    """Every step feeding each moment, directly or through other steps, in file order."""
    feeds = nx.DiGraph()
    feeds.add_nodes_from(service.moments)
    feeds.add_edges_from((u, v) for u, v, k in service.graph.edges(data="kind") if k == "supports")
    position = {step_id: i for i, step_id in enumerate(service.steps)}
    result: dict[str, list[str]] = {}
    for moment_id in service.moments:
        found = [n for n in nx.ancestors(feeds, moment_id) if n in position]
        result[moment_id] = sorted(found, key=position.__getitem__)
    return result
