"""Mermaid text for a service: a flowchart of the blueprint and a ``journey`` of the cycle.

Teams paste these into Markdown that renders on code hosts. User text never
reaches Mermaid raw: every character Mermaid's grammar or the HTML it emits
could read as syntax is written as a Mermaid entity code (``#quot;``,
``#35;``), which Mermaid turns back into the literal character when it draws.

Examples
--------
>>> from blueprint.model.examples import tiny_service
>>> print(to_mermaid_journey(tiny_service()))  # doctest: +NORMALIZE_WHITESPACE
journey
  title Tiny hotel
  section Pre-service
    %% blueprint: emotion none
    Arrive at the hotel: 3: Customer
  section In-service
    %% blueprint: emotion none
    Check in at the desk: 3: Customer, Clerk registers guest
    %% blueprint: emotion none
    Order room service: 3: Customer
  section Post-service
    %% blueprint: emotion none
    Check out: 3: Customer
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..io.mermaid_read import EMOTION_COMMENT, emotion_to_score
from ..model.queries import cycle_order
from .chart_text import label_words
from .nodes import wait_standard

if TYPE_CHECKING:
    from ..model.service import Service

__all__ = ["mermaid_text", "to_mermaid_flowchart", "to_mermaid_journey", "to_mermaid_markdown"]

_LANES = ("evidence", "customer", "frontstage", "backstage", "support")  # top to bottom

# Characters that are syntax somewhere in Mermaid or in the HTML it produces.
# Named codes where HTML has one everybody knows, numeric codes otherwise.
_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
_ALWAYS = set('"<>&#;`%') | {"\ufb02", "\u00b6"}  # the last two are Mermaid's own placeholders
_IN_JOURNEY = set(":,")
# A journey line starting with one of these words is read as that statement.
_JOURNEY_KEYWORDS = ("title", "section", "acctitle", "accdescr")


def mermaid_text(value: str, *, journey: bool = False) -> str:
    """``value`` on one line with every character Mermaid could read as syntax encoded.

    ``journey`` also encodes ``:`` and ``,``, which separate a journey task's
    name, score and actors.

    >>> mermaid_text('Say "hi" <b>; #1')
    'Say #quot;hi#quot; #lt;b#gt;#59; #35;1'
    >>> mermaid_text("Pay: card, cash", journey=True)
    'Pay#58; card#44; cash'
    >>> _task_name("Section 2: pay")
    '#83;ection 2#58; pay'
    """
    special = _ALWAYS | _IN_JOURNEY if journey else _ALWAYS
    flat = " ".join(value.split())  # newlines and tabs would end the statement
    return "".join(_NAMED.get(c, f"#{ord(c)};") if c in special else c for c in flat)


def _task_name(value: str) -> str:
    text = mermaid_text(value, journey=True)
    if text.lower().startswith(_JOURNEY_KEYWORDS):
        text = f"#{ord(text[0])};{text[1:]}"  # a task named "section x" stays a task
    return text


def to_mermaid_flowchart(service: Service, lang: str | None = None) -> str:
    """A ``flowchart LR`` of the blueprint: one subgraph per lane, flow and supports edges.

    Moments are the customer actions in cycle order; physical evidence is tied
    to its moment with a plain line, steps point (dotted) at what they support,
    the closing edge back to the first moment is dotted and labelled.
    Fail and wait points carry an "F" / "W" line in their box, with the time
    standard of a wait point when one is set.

    Mermaid has no swimlanes: its layout places the subgraphs itself. To keep
    each lane a left-to-right band, the nodes of a lane are chained in cycle
    order by invisible links (``~~~``); on large services Mermaid may still
    stack the lower lanes in another order. The blueprint view is the exact
    drawing; this one is for pasting into Markdown.
    """
    order = cycle_order(service)
    ids = {moment: f"M{i}" for i, moment in enumerate(order, 1)}
    evidence = [(item, moment) for moment in order for item in service.moments[moment].physical_evidence]
    ids.update({item.id: f"E{i}" for i, (item, _) in enumerate(evidence, 1)})
    steps = _steps_in_cycle_order(service, order)
    ids.update({step: f"S{i}" for i, step in enumerate(steps, 1)})

    lines = ["flowchart LR", f"  %% Blueprint of {mermaid_text(service.info.title_in(lang))}"]
    lanes: dict[str, list[str]] = {lane: [] for lane in _LANES}
    classes: dict[str, list[str]] = {"evidence": [], "moment": [], "step": [], "fail": [], "wait": []}
    for item, _ in evidence:
        lanes["evidence"].append(f'{ids[item.id]}["{mermaid_text(item.title_in(lang))}"]')
        classes["evidence"].append(ids[item.id])
    for moment_id in order:
        moment = service.moments[moment_id]
        label = _badged(moment.title_in(lang), bool(moment.fail_point), moment.wait_point,
                        wait_standard(service, moment_id, lang), lang)  # fmt: skip
        lanes["customer"].append(f'{ids[moment_id]}["{label}"]')
        classes["moment"].append(ids[moment_id])
        _mark(classes, ids[moment_id], bool(moment.fail_point), moment.wait_point)
    for step in (service.steps[s] for s in steps):
        label = _badged(step.title_in(lang), bool(step.fail_point), step.wait_point, None, lang)
        lanes[step.lane.value].append(f'{ids[step.id]}["{label}"]')
        classes["step"].append(ids[step.id])
        _mark(classes, ids[step.id], bool(step.fail_point), step.wait_point)
    # Mermaid stacks subgraphs in the reverse of the order they are written, so
    # the lowest lane is written first to get physical evidence on top.
    for lane, nodes in reversed(lanes.items()):
        if nodes:
            lines.append(f'  subgraph {lane} ["{mermaid_text(label_words(lane, lang))}"]')
            lines.extend(f"    {node}" for node in nodes)
            lines.append("  end")
    lines.extend(_edges(service, ids, lang))
    for lane, nodes in lanes.items():
        if lane != "customer" and len(nodes) > 1:
            lines.append("  " + " ~~~ ".join(node.split("[", 1)[0] for node in nodes))
    lines.extend(_class_lines(classes))
    return "\n".join(lines) + "\n"


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


def _badged(title: str, fail: bool, wait: bool, time_standard: str | None, lang: str | None) -> str:
    label = mermaid_text(title)
    if fail:
        label += "<br/>F " + mermaid_text(label_words("fail point", lang))
    if wait:
        label += "<br/>W " + mermaid_text(label_words("wait point", lang))
        if time_standard:
            label += " " + mermaid_text(time_standard)
    return label


def _mark(classes: dict[str, list[str]], node: str, fail: bool, wait: bool) -> None:
    if fail:
        classes["fail"].append(node)
    if wait:
        classes["wait"].append(node)


def _edges(service: Service, ids: dict[str, str], lang: str | None) -> list[str]:
    lines = []
    for u, v, data in service.graph.edges(data=True):
        if u not in ids or v not in ids:
            continue
        kind = data["kind"]
        if kind == "flow" and data.get("closing"):
            lines.append(f'  {ids[u]} -.->|"{mermaid_text(label_words("next visit", lang))}"| {ids[v]}')
        elif kind == "flow" and data.get("loop"):
            lines.append(f'  {ids[u]} -->|"{mermaid_text(label_words("again", lang))}"| {ids[v]}')
        elif kind == "flow":
            lines.append(f"  {ids[u]} --> {ids[v]}")
        elif kind == "supports":
            lines.append(f"  {ids[u]} -.-> {ids[v]}")
        elif kind == "evidence":
            lines.append(f"  {ids[u]} --- {ids[v]}")
    return sorted(lines, key=_edge_order(ids))


def _edge_order(ids: dict[str, str]):  # type: ignore[no-untyped-def]
    # Flow first, then evidence, then supports; within a kind by node number,
    # so the text is the same on every run and reads in cycle order.
    rank = {"M": 0, "E": 1, "S": 2}

    def key(line: str) -> tuple[int, int, str]:
        node = line.split()[0]
        return rank[node[0]], int(node[1:]), line

    return key


def _class_lines(classes: dict[str, list[str]]) -> list[str]:
    styles = {
        "evidence": "fill:#f4f1ea,stroke:#a39b8b,color:#333",
        "moment": "fill:#e3eefb,stroke:#2a6ebb,color:#123",
        "step": "fill:#f6f6f6,stroke:#888,color:#222",
        "fail": "stroke:#c0392b,stroke-width:3px",
        "wait": "stroke:#d68910,stroke-width:3px,stroke-dasharray:6 3",
    }
    lines = [f"  classDef {name} {style}" for name, style in styles.items()]
    lines.extend(f"  class {','.join(nodes)} {name}" for name, nodes in classes.items() if nodes)
    return lines


def to_mermaid_journey(service: Service, lang: str | None = None) -> str:
    """A Mermaid ``journey``: title, one section per run of a stage, one task per moment.

    The score is :func:`blueprint.io.mermaid_read.emotion_to_score` of the
    moment's expected emotion (``emotion + 3`` within 1..5);
    the actors are the customer, the moment's channels and the frontstage
    steps that serve it directly. Where the score cannot carry the emotion
    (none set, or ±3) a ``%% blueprint: emotion ...`` comment above the task
    keeps it for ``blueprint import``.
    """
    lines = ["journey", f"  title {mermaid_text(service.info.title_in(lang), journey=True)}"]
    stage: str | None = None
    for moment_id in cycle_order(service):
        moment = service.moments[moment_id]
        if moment.stage.value != stage:
            stage = str(moment.stage.value)
            lines.append(f"  section {mermaid_text(label_words(stage, lang), journey=True)}")
        score = emotion_to_score(moment.emotion)
        if moment.emotion is None or moment.emotion + 3 != score:
            lines.append(f"    {EMOTION_COMMENT} {'none' if moment.emotion is None else moment.emotion}")
        actors = ", ".join(mermaid_text(a, journey=True) for a in _actors(service, moment_id, lang))
        title = _task_name(moment.title_in(lang)) or _task_name(moment.id)
        lines.append(f"    {title}: {score}: {actors}")
    return "\n".join(lines) + "\n"


def _actors(service: Service, moment_id: str, lang: str | None) -> list[str]:
    moment = service.moments[moment_id]
    names = [label_words("the customer", lang)]
    names += [service.channels[c].title_in(lang) for c in moment.channels if c in service.channels]
    names += [
        service.steps[u].title_in(lang)
        for u, _, kind in service.graph.in_edges(moment_id, data="kind")
        if kind == "supports" and service.steps[u].lane.value == "frontstage"
    ]
    return list(dict.fromkeys(n for n in names if n.strip()))


def to_mermaid_markdown(service: Service, lang: str | None = None, *, source: str | None = None) -> str:
    """Markdown with both diagrams in fenced ``mermaid`` blocks, ready to paste or commit.

    ``source`` (the service file) is named in the note under the heading.
    """
    title = _markdown_text(service.info.title_in(lang))
    origin = f" from `{_markdown_code(source)}`" if source else ""
    parts = [
        f"# {title}",
        "",
        f"Generated{origin} by `blueprint export --to mermaid`; edit the service file, not this one.",
        "",
        "## Blueprint",
        "",
        "```mermaid",
        to_mermaid_flowchart(service, lang).rstrip("\n"),
        "```",
        "",
        "## Customer journey",
        "",
        "```mermaid",
        to_mermaid_journey(service, lang).rstrip("\n"),
        "```",
    ]
    return "\n".join(parts) + "\n"


def _markdown_text(value: str) -> str:
    # Markdown reads punctuation as formatting and passes HTML through: escape both.
    flat = " ".join(value.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|~" else c for c in flat)


def _markdown_code(value: str) -> str:
    return " ".join(value.split()).replace("`", "'")
