"""The Mermaid ``flowchart`` of a blueprint, with the rest of the service in comment lines.

The diagram shows what Mermaid can draw: one subgraph per lane, a node per
physical evidence, moment and step whose Mermaid id is the Blueprint id, the
flow, supports and evidence edges, the channels of each moment as a line of
its label, and fail, wait, optional, choice and ritual points as classes (a
fail point's label also gives its number, ``F3``, as the blueprint draws it).
Everything else the service holds (its header, factors, standards, metrics,
promises, emotions, stages, translations) follows in ``%% blueprint-data:``
comment lines, one record per line, taken from the same document the saver
writes; Mermaid does not draw them and ``blueprint import`` reads them back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..io.mermaid_flowchart_read import CHANNEL_MARK, FLAGS, LANES, data_lines, node_ids
from ..model.queries import cycle_order, fail_points
from .chart_text import label_words
from .mermaid_text import mermaid_text
from .nodes import wait_standard

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["journey_actors", "to_mermaid_flowchart"]

_STYLES = {
    "evidence": "fill:#f4f1ea,stroke:#a39b8b,color:#333",
    "moment": "fill:#e3eefb,stroke:#2a6ebb,color:#123",
    "step": "fill:#f6f6f6,stroke:#888,color:#222",
    "fail": "stroke:#c0392b,stroke-width:3px",
    "wait": "stroke:#d68910,stroke-width:3px,stroke-dasharray:6 3",
    "optional": "stroke-dasharray:2 2",
    "choice": "font-style:italic",
    "ritual": "font-weight:bold",
}


def to_mermaid_flowchart(service: Service, lang: str | None = None, *, data: bool = True) -> str:
    """A ``flowchart LR`` of the blueprint: one subgraph per lane, flow and supports edges.

    Moments are the customer actions in cycle order; physical evidence is tied
    to its moment with a plain line, steps point (dotted) at what they support,
    the closing edge back to the first moment is dotted and labelled "next
    visit", a loop is labelled "again". Fail and wait points carry an "F" /
    "W" line in their box (with the time standard of a wait point when one is
    set) and a class; a moment's channels are a "⇄" line of its box.

    ``data`` (default) adds the ``%% blueprint-data:`` lines that let
    ``blueprint import`` rebuild the whole service.

    Mermaid has no swimlanes: its layout places the subgraphs itself. To keep
    each lane a left-to-right band, the nodes of a lane are chained in cycle
    order by invisible links (``~~~``); on large services Mermaid may still
    stack the lower lanes in another order. The blueprint view is the exact
    drawing; this one is for pasting into Markdown and for round trips.
    """
    order = cycle_order(service)
    evidence = [item for moment in order for item in service.moments[moment].physical_evidence]
    steps = _steps_in_cycle_order(service, order)
    ids = node_ids([item.id for item in evidence] + order + steps)
    numbers = {ident: label for label, ident, _ in fail_points(service)}  # F1, F2 ... as the blueprint draws

    lines = ["flowchart LR", f"  %% Blueprint of {mermaid_text(service.info.title_in(lang))}"]
    lanes: dict[str, list[str]] = {lane: [] for lane in LANES}
    classes: dict[str, list[str]] = {name: [] for name in _STYLES}
    for item in evidence:
        lanes["evidence"].append(f'{ids[item.id]}["{mermaid_text(item.title_in(lang))}"]')
        classes["evidence"].append(ids[item.id])
    for moment_id in order:
        moment = service.moments[moment_id]
        label = _badged(moment.title_in(lang), numbers.get(moment_id), moment.wait_point,
                        wait_standard(service, moment_id, lang), lang)  # fmt: skip
        if moment.channels:
            titles = [
                service.channels[c].title_in(lang) if c in service.channels else c for c in moment.channels
            ]
            label += "<br/>" + CHANNEL_MARK + ", ".join(mermaid_text(t, journey=True) for t in titles)
        lanes["customer"].append(f'{ids[moment_id]}["{label}"]')
        classes["moment"].append(ids[moment_id])
        _mark(classes, ids[moment_id], moment)
    for step in (service.steps[s] for s in steps):
        label = _badged(step.title_in(lang), numbers.get(step.id), step.wait_point, None, lang)
        lanes[step.lane.value].append(f'{ids[step.id]}["{label}"]')
        classes["step"].append(ids[step.id])
        _mark(classes, ids[step.id], step)
    # Mermaid stacks subgraphs in the reverse of the order they are written, so
    # the lowest lane is written first to get physical evidence on top.
    for lane, nodes in reversed(lanes.items()):
        if nodes:
            lines.append(f'  subgraph {lane} ["{mermaid_text(label_words(lane, lang))}"]')
            lines.extend(f"    {node}" for node in nodes)
            lines.append("  end")
    lines.extend(_edges(service, ids, order, lang))
    for lane, nodes in lanes.items():
        if lane != "customer" and len(nodes) > 1:
            lines.append("  " + " ~~~ ".join(node.split("[", 1)[0] for node in nodes))
    lines.extend(f"  classDef {name} {style}" for name, style in _STYLES.items())
    lines.extend(f"  class {','.join(nodes)} {name}" for name, nodes in classes.items() if nodes)
    if data:
        from ..io.save import to_document

        meta: dict[str, Any] = {"lang": lang}
        renamed = {node: ident for ident, node in ids.items() if node != ident}
        if renamed:
            meta["nodes"] = renamed
        # What the journey's tasks list as actors: an import warns of an edit to them, which it cannot read.
        meta["actors"] = {moment_id: journey_actors(service, moment_id, lang) for moment_id in order}
        lines.extend("  " + line for line in data_lines(to_document(service), meta))
    return "\n".join(lines) + "\n"


def journey_actors(service: Service, moment_id: str, lang: str | None = None) -> list[str]:
    """The actors a journey task lists for a moment: the customer, its channels, the frontstage steps
    that serve it directly."""
    moment = service.moments[moment_id]
    names = [label_words("the customer", lang)]
    names += [service.channels[c].title_in(lang) for c in moment.channels if c in service.channels]
    names += [
        service.steps[u].title_in(lang)
        for u, _, kind in service.graph.in_edges(moment_id, data="kind")
        if kind == "supports" and service.steps[u].lane.value == "frontstage"
    ]
    return list(dict.fromkeys(n for n in names if n.strip()))


def _steps_in_cycle_order(service: Service, order: list[str]) -> list[str]:
    """Step ids ordered by the first moment each one serves, directly or through other steps."""
    import networkx as nx

    supports = nx.DiGraph((u, v) for u, v, k in service.graph.edges(data="kind") if k == "supports")
    position = {moment: i for i, moment in enumerate(order)}
    file_order = {step: i for i, step in enumerate(service.steps)}

    def first(step: str) -> tuple[int, int]:
        served = nx.descendants(supports, step) if step in supports else set()
        return min((position[m] for m in served if m in position), default=len(order)), file_order[step]

    return sorted(service.steps, key=first)


def _badged(title: str, fail: str | None, wait: bool, time_standard: str | None, lang: str | None) -> str:
    """The node's label: its title, ``F3 fail point`` (numbered as the blueprint does), the wait point."""
    label = mermaid_text(title)
    if fail:
        label += f"<br/>{fail} " + mermaid_text(label_words("fail point", lang))
    if wait:
        label += "<br/>W " + mermaid_text(label_words("wait point", lang))
        if time_standard:
            label += " " + mermaid_text(time_standard)
    return label


def _mark(classes: dict[str, list[str]], node: str, record: Any) -> None:
    for name, cls in FLAGS.items():
        if bool(getattr(record, name, False)):
            classes[cls].append(node)


def _edges(service: Service, ids: dict[str, str], order: list[str], lang: str | None) -> list[str]:
    # Flow first, then evidence, then supports; within a kind in cycle order, then by the
    # target's place, so the text is the same on every run and reads in cycle order.
    place = {ident: i for i, ident in enumerate([*order, *service.steps])}
    place.update({item.id: i for i, m in enumerate(order) for item in service.moments[m].physical_evidence})
    rank = {"flow": 0, "evidence": 1, "supports": 2}
    keyed = []
    for u, v, data in service.graph.edges(data=True):
        kind = data["kind"]
        if u not in ids or v not in ids or kind not in rank:
            continue
        if kind == "flow" and data.get("closing"):
            line = f'  {ids[u]} -.->|"{mermaid_text(label_words("next visit", lang))}"| {ids[v]}'
        elif kind == "flow" and data.get("loop"):
            line = f'  {ids[u]} -->|"{mermaid_text(label_words("again", lang))}"| {ids[v]}'
        elif kind == "flow":
            line = f"  {ids[u]} --> {ids[v]}"
        elif kind == "supports":
            line = f"  {ids[u]} -.-> {ids[v]}"
        else:
            line = f"  {ids[u]} --- {ids[v]}"
        keyed.append(((rank[kind], place.get(u, 0), place.get(v, 0)), line))
    return [line for _, line in sorted(keyed)]
