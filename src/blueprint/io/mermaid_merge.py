"""What the Mermaid import shares: the data lines read back, the findings, titles and new ids.

:class:`DiagramMerge` holds the service document the ``%% blueprint-data:``
lines carry and the findings of the merge; :mod:`blueprint.io.mermaid_import`
builds on it to let the diagrams win for what they show.
"""

from __future__ import annotations

import re
from typing import Any

from ..escaping import clean
from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .mermaid_flowchart_read import CHANNEL_MARK, FLAGS, Flowchart, Node

__all__ = ["LISTS", "DiagramMerge", "flat"]

#: the sections of a service document that are lists of records with ids
LISTS = ("metrics", "channels", "moments", "steps", "standards", "promises")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def flat(text: str) -> str:
    """``text`` with its whitespace folded and no control character, as a Mermaid label shows it."""
    return " ".join(clean(text).split())


class DiagramMerge:
    """The data lines of a flowchart, the journey, and the findings of merging them."""

    def __init__(
        self, chart: Flowchart, journey: dict[str, Any] | None, source: str, chart_lines: list[str]
    ) -> None:
        self.chart, self.journey, self.source = chart, journey, source
        self.findings: list[Finding] = []
        self.base: dict[str, Any] = {}
        self.meta: dict[str, Any] = {}
        self.lines: dict[str, int] = {}  # record id -> its data line
        self.new_channels: list[dict[str, Any]] = []  # channels named in the diagram only
        self.old_titles: dict[str, str] = {}  # id -> title in the data lines (to find its journey task)
        self.text_lines = chart_lines
        self._read_data()
        lang, nodes = self.meta.get("lang"), self.meta.get("nodes")
        self.lang: str | None = lang if isinstance(lang, str) else None
        self.renamed: dict[str, Any] = nodes if isinstance(nodes, dict) else {}
        self._name_unicode_nodes()

    def _name_unicode_nodes(self) -> None:
        """Node ids a service file cannot hold (``到达``, drawn by hand) get ids it can: ``node-1``, ..."""
        taken = {str(v) for v in self.renamed.values()} | set(self.chart.nodes)
        taken |= {str(r.get("id")) for key in LISTS for r in self.base.get(key, []) if isinstance(r, dict)}
        count = 0
        for ident in self.chart.nodes:
            if ident in self.renamed or _ID.match(ident):
                continue
            count += 1
            while f"node-{count}" in taken:
                count += 1
            self.renamed[ident] = f"node-{count}"
            taken.add(f"node-{count}")

    def real(self, node: str) -> str:
        """The Blueprint id of a Mermaid node (the node id unless the export had to rename it)."""
        return str(self.renamed.get(node, node))

    # -- the data lines -----------------------------------------------------------------

    def _read_data(self) -> None:
        for (key, value), line in self.chart.data:
            if key == "mermaid" and isinstance(value, dict):
                self.meta = value
            elif key in LISTS and isinstance(value, dict) and isinstance(value.get("id"), str):
                self.base.setdefault(key, []).append(value)
                self.lines[value["id"]] = line
            elif key not in LISTS:
                self.base[key] = value
            else:
                self._left_out(
                    line,
                    f"a blueprint-data line of {key} has no id; it is left out",
                    "restore the line from the exported file",
                )

    # -- records -------------------------------------------------------------------

    def _record(self, node: Node, data: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
        ident = self.real(node.id)
        record = dict(data[ident]) if ident in data else {"id": self._new_id(ident)}
        self.old_titles[record["id"]] = flat(self._title_of(record))
        if "title" not in record:
            record["title"] = node.lines[0] if node.lines and node.lines[0] else ident
            if not self.base and len(node.lines) > 1:  # drawn by hand: every line of the label is its title
                record["title"] = flat(" ".join(t for t in node.lines if not t.startswith(CHANNEL_MARK)))
        elif node.lines and node.lines[0] and flat(node.lines[0]) != flat(self._title_of(record)):
            self._conflict(
                node.line,
                f"{kind} {ident!r} is titled {node.lines[0]!r} in the diagram, "
                f"{self._title_of(record)!r} in the data line; the diagram's title is kept",
                node.column,
            )
            self._set_title(record, node.lines[0])
        return record

    def _flags(
        self, record: dict[str, Any], node: Node, fields: tuple[str, ...], kind: str, data: dict[str, Any]
    ) -> None:
        classes = self.chart.classes.get(node.id, set())
        for name in fields:
            shown = FLAGS[name] in classes
            if shown != bool(record.get(name, False)):
                if record["id"] in data:
                    self._conflict(
                        node.line,
                        f"{kind} {record['id']!r}: the diagram {'marks' if shown else 'does not mark'} "
                        f"it {name.replace('_', ' ')}; the diagram is kept",
                        node.column,
                    )
                if shown:
                    record[name] = record.get(name) or True  # a fail point's cause and fail-safe stay
                else:
                    record.pop(name, None)

    @property
    def known_moments(self) -> set[str]:
        """The ids of the moments the data lines hold (none in a flowchart drawn by hand)."""
        return {m["id"] for m in self.base.get("moments", [])}

    def journey_order(self, nodes: list[Node]) -> list[Node]:
        """``nodes`` in the order of their journey tasks (matched by title); a node with no task follows
        the node named before it in the flowchart."""
        titles = [flat(t["title"]) for t in self.journey["moments"]] if self.journey else []
        placed = sorted(
            (n for n in nodes if n.lines and flat(n.lines[0]) in titles),
            key=lambda n: titles.index(flat(n.lines[0])),
        )
        for i, node in enumerate(nodes):
            if node not in placed:
                before = nodes[i - 1] if i else None
                placed.insert(placed.index(before) + 1 if before in placed else 0, node)
        return placed

    def _title_of(self, record: dict[str, Any]) -> str:
        translations = record.get("translations") or {}
        return (
            str(translations.get(self.lang, record.get("title", "")))
            if self.lang
            else str(record.get("title", ""))
        )

    def _set_title(self, record: dict[str, Any], title: str) -> None:
        if self.lang:
            record["translations"] = {**(record.get("translations") or {}), self.lang: title}
        else:
            record["title"] = title

    def _new_id(self, text: str) -> str:
        if _ID.match(text):
            return text
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "item"

    def _conflict(self, line: int, message: str, column: int = 1) -> None:
        hint = "check the diagram's change, then run 'blueprint check' on the written file"
        self._add("MM003", line, column, message, hint)

    def _left_out(self, line: int, message: str, hint: str, column: int = 1) -> None:
        self._add("MM004", line, column, message, hint)

    def _add(self, rule: str, line: int, column: int, message: str, hint: str) -> None:
        location = Location(self.source, line, column)
        self.findings.append(Finding(rule, Severity.WARNING, message, hint, location=location))
