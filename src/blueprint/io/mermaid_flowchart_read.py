"""Read a Mermaid ``flowchart`` of a blueprint: its lanes, nodes, edges, classes and data lines.

This module only reads what the diagram says; :mod:`blueprint.io.mermaid_import`
turns it into a service document. It reads the flowcharts ``blueprint export``
writes and the common hand-written forms:

- ``subgraph ID ["Title"]`` ... ``end``: a lane, known by its id (``evidence``,
  ``customer``, ``frontstage``, ``backstage``, ``support``) or a word of its
  title (``Patient actions``, ``Onstage``, ``Back office``, ``顾客行为``, ``后台``);
  a node belongs to the lane where it is first named;
- nodes ``id["label"]``, ``id[label]``, ``id(label)``, ``id{label}``, ``id((label))``
  and plain ``id``; a label's lines are split at ``<br/>`` and entity codes decoded;
- edges ``-->`` (flow), ``-.->`` (supports, or the closing edge when labelled),
  ``---`` (physical evidence), ``~~~`` (layout only), with an optional ``|label|``
  or the label inside the link (``a -- label --> b``), chained ``a --> b --> c``
  and grouped ``a --> b & c`` too;
- ``class a,b fail``: the classes of nodes;
- ``%% blueprint-data: [section, record]``: one line per record of the service
  document, JSON with every character that could end a comment or a code block
  escaped (written by :func:`data_lines`).

Examples
--------
>>> lines = ["flowchart LR", "  subgraph customer", '    a["Sit #amp; wait"] --> b', "  end"]
>>> chart = read_flowchart(lines, 0, 4, "x.md")
>>> [(n.id, n.lines, n.lane) for n in chart.nodes.values()]
[('a', ['Sit & wait'], 'customer'), ('b', [], 'customer')]
>>> [(e.source, e.target, e.kind) for e in chart.edges]
[('a', 'b', 'flow')]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .mermaid_labels import node_label
from .mermaid_read import decode_entities, diagram_header

__all__ = [
    "CHANNEL_MARK",
    "DATA_PREFIX",
    "FLAGS",
    "LANES",
    "Edge",
    "Flowchart",
    "Node",
    "data_lines",
    "diagram_kinds",
    "node_ids",
    "read_flowchart",
]

#: the start of a comment line holding one record of the service document
DATA_PREFIX = "%% blueprint-data: "
#: the start of the label line that names a moment's channels
CHANNEL_MARK = "⇄ "
#: the classes that mark a moment's or step's flags, by field name
FLAGS = {
    "fail_point": "fail",
    "wait_point": "wait",
    "optional": "optional",
    "choice": "choice",
    "ritual": "ritual",
}
#: the lanes, top to bottom, as subgraph ids
LANES = ("evidence", "customer", "frontstage", "backstage", "support")
_LANE_WORDS = {
    "evidence": "evidence",
    "physical": "evidence",
    "customer": "customer",
    "customers": "customer",
    "frontstage": "frontstage",
    "onstage": "frontstage",
    "visible": "frontstage",
    "backstage": "backstage",
    "invisible": "backstage",
    "support": "support",
    "supporting": "support",
    # the customer by another name, and the office words of a hand-drawn blueprint
    **dict.fromkeys(("patient", "patients", "guest", "guests", "client", "clients"), "customer"),
    **dict.fromkeys(("passenger", "passengers", "user", "users", "visitor", "visitors"), "customer"),
    "front": "frontstage",
    "back": "backstage",
    "offstage": "backstage",
}
#: lane names in Chinese, found anywhere in a subgraph's id or title (longest first)
_LANE_PHRASES = {
    "有形展示": "evidence",
    "实体证据": "evidence",
    "有形证据": "evidence",
    "支持流程": "support",
    "支持过程": "support",
    "前台": "frontstage",
    "后台": "backstage",
    "顾客": "customer",
    "客户": "customer",
    "患者": "customer",
    "病人": "customer",
    "宾客": "customer",
    "支持": "support",
}
# Words Mermaid reads as statements, never usable as node ids.
_KEYWORDS = frozenset(
    (
        "end",
        "subgraph",
        "graph",
        "flowchart",
        "style",
        "linkstyle",
        "classdef",
        "class",
        "click",
        "call",
        "href",
        "default",
        "direction",
        "interpolate",
        "tb",
        "td",
        "bt",
        "rl",
        "lr",
    )
)
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*mermaid\s*$", re.IGNORECASE)
_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$")
# A node id: letters of any script (a Chinese 到达 as well), digits, _, . and -.
_NODE_ID = re.compile(r"\w[\w.\-]*?(?=$|[\s\[\](){}>|&;@]|:::|-->|-\.-|---|~~~|==>)")
_LINK = re.compile(r"\s*(-\.+->|-\.+-|-{2,}>|-{3,}|={2,}>|={3,}|~~~)\s*(?:\|([^|]*)\|\s*)?")
# Mermaid's other way to label a link: a -- label --> b, a -. label .-> b, a == label ==> b.
_TEXT_LINK = re.compile(r"\s*(--|-\.|==)\s*([^\s\-.=>|][^>]*?)\s*(-{2,}>|-{3,}|\.-+>|\.-+|={2,}>|={3,})\s*")
_AND = re.compile(r"\s*&\s*")
_CLASS_SHORTHAND = re.compile(r":::([\w-]+)")


@dataclass
class Node:
    """A node of the flowchart: its id, its label's lines (decoded, and as written), its lane, where it is."""

    id: str
    lines: list[str]
    lane: str | None
    line: int
    column: int
    raw: list[str] = field(default_factory=list)


@dataclass
class Edge:
    """An edge: ``kind`` is flow (``-->``), dotted (``-.->``), line (``---``) or layout (``~~~``)."""

    source: str
    target: str
    kind: str
    label: str
    line: int


@dataclass
class Flowchart:
    """What a flowchart says, in the order it says it."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    classes: dict[str, set[str]] = field(default_factory=dict)
    data: list[tuple[Any, int]] = field(default_factory=list)  # (decoded JSON, line number)
    findings: list[Finding] = field(default_factory=list)


def node_ids(ids: list[str]) -> dict[str, str]:
    """The Mermaid node id of each Blueprint id: the id itself where Mermaid reads it as one.

    Ids Mermaid would misread (a keyword such as ``end``, a lane's subgraph id
    such as ``support``, a ``.``, ``--``, a leading digit) get ``id_1``,
    ``id_2``, ... (never an id already taken).

    >>> node_ids(["check-in", "end", "a.b", "id_1", "support"])
    {'check-in': 'check-in', 'end': 'id_2', 'a.b': 'id_3', 'id_1': 'id_1', 'support': 'id_4'}
    """
    taken = set(ids)
    result: dict[str, str] = {}
    n = 1
    for ident in ids:
        if _SAFE_ID.match(ident) and ident.lower() not in _KEYWORDS and ident not in LANES:
            result[ident] = ident
            continue
        while f"id_{n}" in taken:
            n += 1
        result[ident] = f"id_{n}"
        taken.add(f"id_{n}")
    return result


def data_lines(document: dict[str, Any], meta: dict[str, Any]) -> list[str]:
    """The ``%% blueprint-data:`` lines for a service document: meta first, then one per record."""
    entries: list[list[Any]] = [["mermaid", meta]]
    for key, value in document.items():
        if isinstance(value, list):
            entries.extend([key, record] for record in value)
        else:
            entries.append([key, value])
    return [DATA_PREFIX + _json_line(entry) for entry in entries]


def _json_line(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    # '<', '>' and '&' could be read as HTML where a host shows the comment, a backtick run could
    # close the Markdown code block, '%' could start a directive: all written as JSON escapes.
    return re.sub(r"[<>&`%]", lambda m: f"\\u{ord(m.group(0)):04x}", text)


def diagram_kinds(lines: list[str]) -> list[tuple[str, int, int]]:
    """Each diagram in ``lines`` as (its first word, its first line, its end): every fenced
    ``mermaid`` block of a Markdown file, or the whole file."""
    spans = []
    for fence in (i for i, line in enumerate(lines) if _FENCE.match(line)):
        marker = lines[fence].strip()[:3]
        after = range(fence + 1, len(lines))
        spans.append((fence + 1, next((j for j in after if lines[j].strip().startswith(marker)), len(lines))))
    kinds = []
    for begin, end in spans or [(0, len(lines))]:
        header = diagram_header(lines, begin, end)
        if header is not None:
            kinds.append((lines[header].split()[0].lower(), header, end))
    return kinds


def read_flowchart(lines: list[str], header: int, end: int, source: str) -> Flowchart:
    """Read the flowchart whose ``flowchart``/``graph`` line is ``lines[header]``, up to ``end``."""
    return _Reader(lines, source).read(header, end)


class _Reader:
    def __init__(self, lines: list[str], source: str) -> None:
        self.lines = lines
        self.source = source
        self.chart = Flowchart()
        self.lane: str | None = None
        self.enclosing: list[str | None] = []  # the lanes of the subgraphs a nested one sits in
        # per open subgraph, when it is no lane: where it starts, and whether a node was read in it
        # without one (a wrapper around the lanes holds none, and is no problem)
        self.unlaned: list[list[Any] | None] = []

    def read(self, header: int, end: int) -> Flowchart:
        for i in range(header + 1, end):
            raw = self.lines[i]
            stripped = raw.strip()
            number, column = i + 1, len(raw) - len(raw.lstrip()) + 1
            if stripped.startswith(DATA_PREFIX.strip()):
                self._data(stripped, number, column)
            elif not stripped or stripped.startswith("%%"):
                continue
            else:
                for part in _statements(stripped):
                    self._statement(part, number, column)
        return self.chart

    def _data(self, text: str, number: int, column: int) -> None:
        try:
            value = json.loads(text[len(DATA_PREFIX.strip()) :])
        except ValueError as exc:
            self._warn(
                number,
                column,
                f"a blueprint-data line is not JSON ({exc}); it is left out",
                "restore the line from the exported file, or delete it",
            )
            return
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
            self._warn(
                number,
                column,
                "a blueprint-data line is not [section, record]; it is left out",
                "restore the line from the exported file, or delete it",
            )
            return
        self.chart.data.append((value, number))

    def _statement(self, text: str, number: int, column: int) -> None:
        word = text.split(None, 1)[0].lower() if text.split() else ""
        if word == "subgraph":
            self._subgraph(text, number, column)
        elif word == "end":
            self.lane = self.enclosing.pop() if self.enclosing else None
            pending = self.unlaned.pop() if self.unlaned else None
            if pending is not None and pending[3]:
                self._warn(
                    pending[0],
                    pending[1],
                    f"subgraph {pending[2]!r} is no lane; its nodes are read without one",
                    "name lanes evidence, customer, frontstage, backstage or support "
                    "(a title such as 'Patient actions' or '顾客行为' works too)",
                )
        elif word == "class":
            _, nodes, name = [*text.split(None, 2), "", ""][:3]
            for node in nodes.split(","):
                self.chart.classes.setdefault(node.strip(), set()).update(name.replace(",", " ").split())
        elif word in ("classdef", "style", "linkstyle", "click", "direction", "accdescr", "acctitle"):
            return  # looks, links and accessibility text: nothing of the service
        else:
            self._chain(text, number, column)

    def _subgraph(self, text: str, number: int, column: int) -> None:
        rest = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
        ident = rest.partition("[")[0].strip().lower()
        words = [ident, *re.findall(r"[a-z]+", decode_entities(rest).lower())]
        lane = next((_LANE_WORDS[w] for w in words if w in _LANE_WORDS), None)
        if lane is None:
            lane = next((_LANE_PHRASES[p] for p in _LANE_PHRASES if p in rest), None)
        if lane is None and self.lane is not None:  # a group drawn inside a lane belongs to it
            lane = self.lane
        self.unlaned.append([number, column, rest.strip(), False] if lane is None else None)
        self.enclosing.append(self.lane)
        self.lane = lane

    def _chain(self, text: str, number: int, column: int) -> None:
        position, previous, link = 0, None, None
        while position < len(text):
            group: list[str] = []
            while True:  # a & b --> c & d: each of a group links to each of the next
                node, position = self._node(text, position, number, column)
                if node is None:
                    self._warn(
                        number,
                        column + position,
                        f"cannot read {text[position:]!r}; the rest of the line is left out",
                        'write nodes as id["label"], edges as a --> b',
                    )
                    return
                group.append(node)
                joined = _AND.match(text, position)
                if joined is None:
                    break
                position = joined.end()
            if previous is not None and link is not None:
                kind = _kind(link[0])
                for source in previous:
                    for target in group:
                        self.chart.edges.append(
                            Edge(source, target, kind, decode_entities(link[1] or ""), number)
                        )
            match = _LINK.match(text, position) or _TEXT_LINK.match(text, position)
            if match is None:
                if text[position:].strip():
                    self._warn(
                        number,
                        column + position,
                        f"cannot read {text[position:].strip()!r}; it is left out",
                        "write edges as a --> b, a -.-> b or a --- b",
                    )
                return
            if match.re is _TEXT_LINK:  # a -- label --> b: the label written inside the link
                link = (match.group(1) + match.group(3), match.group(2).strip())
            else:
                link = (match.group(1), match.group(2))
            previous, position = group, match.end()

    def _node(self, text: str, position: int, number: int, column: int) -> tuple[str | None, int]:
        match = _NODE_ID.match(text, position)
        if match is None or not match.group(0):
            return None, position
        ident, position = match.group(0), match.end()
        found = node_label(text, position)
        if found is None:
            return None, position
        raw, position = found
        label = [decode_entities(part) for part in raw] if position > match.end() else None
        styled = _CLASS_SHORTHAND.match(text, position)  # a:::fail, as `class a fail` says it
        if styled is not None:
            self.chart.classes.setdefault(ident, set()).add(styled.group(1))
            position = styled.end()
        known = self.chart.nodes.get(ident)
        pending = self.unlaned[-1] if self.unlaned and self.lane is None else None
        if pending is not None and (known is None or known.lane is None):
            pending[3] = True  # a node read in a subgraph that is no lane
        if known is None:
            self.chart.nodes[ident] = Node(ident, label or [], self.lane, number, column + match.start(), raw)
        elif label is not None:
            known.lines, known.raw = label, raw
        if known is not None and known.lane is None:
            known.lane = self.lane  # named outside any subgraph first, then placed in a lane
        return ident, position

    def _warn(self, line: int, column: int, message: str, hint: str) -> None:
        location = Location(self.source, line, column)
        self.chart.findings.append(Finding("MM004", Severity.WARNING, message, hint, location=location))


def _kind(link: str) -> str:
    if link == "~~~":
        return "layout"
    if "." in link:
        return "dotted" if link.endswith(">") else "line"
    return "flow" if link.endswith(">") else "line"


def _statements(text: str) -> list[str]:
    """A line split at the ``;`` that end statements (not inside a quoted label)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]
