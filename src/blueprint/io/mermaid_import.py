"""Read Mermaid back into a service document: the flowchart and the journey together.

``blueprint export --to mermaid`` writes a flowchart of the blueprint (with the
whole service in ``%% blueprint-data:`` comment lines) and a journey. Reading
them back starts from the data lines and lets the diagrams win for what they
show:

- the flowchart: which moments, steps and physical evidence there are, their
  titles, the lane of each step, the flow between moments (``next``), what
  each step supports, which moment each evidence belongs to, the channels of
  each moment and the fail, wait, optional, choice and ritual classes;
- the journey: the service title and each moment's stage and emotion (a task
  is matched to a moment by its title).

Every difference between a diagram and the data lines is a finding (MM003)
naming the line, and so is everything left out (MM004); a file with no data
lines is built from the diagrams alone. Unchanged, a service comes back field
for field, so export → import → export gives the same text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..model.findings import Finding, Location
from ..model.vocabulary import Severity
from .mermaid_flowchart_read import CHANNEL_MARK, FLAGS, Node, diagram_kinds, read_flowchart
from .mermaid_merge import LISTS, DiagramMerge, flat
from .mermaid_read import decode_entities, emotion_to_score, read_journey

__all__ = ["read_mermaid"]

_STEP_FLAGS = ("fail_point", "wait_point")
_RAW_IN_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def read_mermaid(text: str, source: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    """Read a Mermaid file (or Markdown holding Mermaid blocks) into a service document.

    With a ``flowchart`` (or ``graph``) block, the blueprint's flowchart (the
    first with data lines or a customer lane), its data lines and the journey
    (if any) are read together; otherwise the journey alone
    (:func:`blueprint.io.mermaid_read.read_journey`). Returns the document and the
    findings; the document is None when a finding is an error.
    """
    lines = text.removeprefix("\ufeff").splitlines()
    kinds = diagram_kinds(lines)
    flowcharts = [(i, end) for kind, i, end in kinds if kind in ("flowchart", "graph")]
    if not flowcharts:
        return read_journey(text, source)
    # A document may hold other flowcharts (an overview, an org chart): the blueprint is the first
    # with data lines or a node in the customer lane, else the first flowchart.
    charts = [(span, read_flowchart(lines, *span, source)) for span in flowcharts]
    flowchart, chart = next(
        ((span, c) for span, c in charts if c.data or any(n.lane == "customer" for n in c.nodes.values())),
        charts[0],
    )
    findings = list(chart.findings)
    journey: dict[str, Any] | None = None
    if any(kind == "journey" for kind, _, _ in kinds):
        journey, journey_findings = read_journey(text, source)
        findings += journey_findings
        if journey is None:
            return None, findings
    merge = _Merge(chart, journey, source, lines)
    merge.drawn_title = _front_matter_title(lines, flowchart[0])
    document = merge.document()
    findings += merge.findings
    if not document.get("moments"):
        where = Location(source, flowchart[0] + 1, 1)
        message = "the flowchart has no moment: no node is in a customer lane"
        hint = "put the customer's actions in 'subgraph customer' ... 'end' (as blueprint export writes)"
        findings.append(Finding("MM001", Severity.ERROR, message, hint, location=where))
        return None, findings
    return document, findings


def _front_matter_title(lines: list[str], header: int) -> str | None:
    """The ``title:`` of the front matter a Mermaid editor writes above the diagram's first line."""
    above = [i for i in range(header) if lines[i].strip() and not lines[i].strip().startswith("%%")]
    if not above or lines[above[-1]].strip() != "---":
        return None
    start = next((i for i in reversed(above[:-1]) if lines[i].strip() == "---"), None)
    if start is None:
        return None
    for line in lines[start + 1 : above[-1]]:
        key, sep, value = line.strip().partition(":")
        if sep and key.strip() == "title" and value.strip():
            return value.strip().strip("\"'") or None
    return None


class _Merge(DiagramMerge):
    drawn_title: str | None = None

    def document(self) -> dict[str, Any]:
        doc = dict(self.base)
        doc.setdefault("version", 1)
        doc["service"] = self._service(doc.get("service"))
        lanes = self._lanes()
        moments = self._moments(lanes.get("customer", []))
        self._flow(moments)
        self._evidence(moments, lanes.get("evidence", []))
        steps = self._steps(lanes, {m["id"] for m in moments})
        for key, records in (("moments", moments), ("steps", steps)):
            if records:
                doc[key] = records
            else:
                doc.pop(key, None)
        if self.base.get("channels") or self.new_channels:
            doc["channels"] = list(self.base.get("channels", [])) + self.new_channels
        return {key: doc[key] for key in ("version", "service", *LISTS) if key in doc} | doc

    def _service(self, data: Any) -> dict[str, Any]:
        service = dict(data) if isinstance(data, dict) else {}
        service.setdefault(
            "id", re.sub(r"[^a-z0-9]+", "-", Path(self.source).stem.lower()).strip("-") or "service"
        )
        title = self.journey["service"]["title"] if self.journey else self.drawn_title
        if "title" not in service:
            service["title"] = title or Path(self.source).stem or "Imported blueprint"
        # a title with nothing to show (a no-break space) is written as the service's id, as a task's
        elif title is not None and flat(title) != (flat(self._title_of(service)) or service["id"]):
            line = next(
                (n for n, text in enumerate(self.text_lines, 1) if text.strip().startswith("title ")), 1
            )
            was = self._title_of(service)
            self._set_title(service, title)
            self._conflict(
                line, f"the journey's title is {title!r}, the data line says {was!r}; the journey's is kept"
            )
        return service

    def _lanes(self) -> dict[str, list[Node]]:
        known = {m["id"]: "customer" for m in self.base.get("moments", [])}
        known.update({s["id"]: s.get("lane") for s in self.base.get("steps", [])})
        for moment in self.base.get("moments", []):
            known.update({e.get("id"): "evidence" for e in moment.get("physical_evidence", [])})
        lanes: dict[str, list[Node]] = {}
        for node in self.chart.nodes.values():
            lane = node.lane or known.get(self.real(node.id))
            if lane is None:
                self._left_out(
                    node.line,
                    f"node {node.id!r} is in no lane; it is left out",
                    "put it inside a lane's subgraph (customer, frontstage, backstage, support, evidence)",
                    node.column,
                )
                continue
            lanes.setdefault(lane, []).append(node)
        return lanes

    def _moments(self, nodes: list[Node]) -> list[dict[str, Any]]:
        data = {m["id"]: m for m in self.base.get("moments", [])}
        if (
            not data and self.journey
        ):  # drawn by hand: the journey, not where an edge was typed, gives the order
            nodes = self.journey_order(nodes)
        records = {self.real(n.id): self._moment(n, data) for n in nodes}
        order = [ident for ident in data if ident in records]
        for i, node in enumerate(nodes):
            ident = self.real(node.id)
            if ident not in data:
                after = order.index(self.real(nodes[i - 1].id)) + 1 if i else 0
                order.insert(after, ident)
        for ident in data:
            if ident not in records:
                self._left_out(
                    self.lines.get(ident, 1),
                    f"moment {ident!r} is in the data lines but not in the "
                    "diagram; it is left out with its factors",
                    "put its node back in the customer lane to keep it; standards of its factors must go too",
                )
        self._journey_fields(records, nodes)
        return [records[i] for i in order]

    def _moment(self, node: Node, data: dict[str, dict[str, Any]]) -> dict[str, Any]:
        record = self._record(node, data, "moment")
        self._flags(record, node, tuple(FLAGS), "moment", data)
        channels = self._channels(node)
        if channels is not None and set(channels) != set(record.get("channels", [])):
            if record["id"] in data:
                self._conflict(
                    node.line,
                    f"moment {record['id']!r}: the diagram's channels are "
                    f"{', '.join(channels) or 'none'}; the diagram's are kept",
                    node.column,
                )
            record["channels"] = channels
        elif channels is None and record.get("channels"):
            self._conflict(
                node.line,
                f"moment {record['id']!r} has no channel line in the diagram; its channels are removed",
                node.column,
            )
            record.pop("channels")
        return record

    def _channels(self, node: Node) -> list[str] | None:
        line = next((raw for raw in node.raw[1:] if raw.startswith(CHANNEL_MARK)), None)
        if line is None:
            return None
        known = {}
        for channel in [*self.base.get("channels", []), *self.new_channels]:
            known[flat(self._title_of(channel))] = channel["id"]
            known.setdefault(channel["id"], channel["id"])
        result = []
        for part in line[len(CHANNEL_MARK) :].split(","):
            title = flat(decode_entities(part))
            if not title:
                continue
            if title not in known:
                channel = {"id": self._new_id(title), "title": title}
                self.new_channels.append(channel)
                known[title] = channel["id"]
                self._conflict(
                    node.line, f"channel {title!r} is new; it is added as {channel['id']!r}", node.column
                )
            result.append(known[title])
        return result

    def _journey_fields(self, records: dict[str, dict[str, Any]], nodes: list[Node]) -> None:
        tasks = list(self.journey["moments"]) if self.journey else []
        previous_stage = "pre-service"
        for node in nodes:
            record = records[self.real(node.id)]
            # a title with nothing to show (a no-break space) names its task by the moment's id, as written
            title = flat(self._title_of(record)) or record["id"]
            task = next((t for t in tasks if flat(t["title"]) == title), None)
            old = self.old_titles.get(record["id"])
            task = task or next((t for t in tasks if flat(t["title"]) == old), None)
            if task is None and "stage" not in record:
                record["stage"] = previous_stage
                self._conflict(
                    node.line,
                    f"moment {record['id']!r} has no task in the journey; its stage is "
                    f"taken as {previous_stage}",
                    node.column,
                )
            if task is not None:
                tasks.remove(task)
                self._actors_kept(record["id"], task)
                if task.get("description") and not self.known_moments and "description" not in record:
                    # drawn by hand: the actors are the designer's words, kept as a journey alone keeps them
                    record["description"] = task["description"]
                if record.get("stage") not in (None, task["stage"]):
                    self._conflict(
                        node.line,
                        f"moment {record['id']!r} is {task['stage']} in the journey, "
                        f"{record['stage']} in the data line; the journey is kept",
                        node.column,
                    )
                record["stage"] = task["stage"]
                emotion = task.get("emotion")
                if emotion_to_score(emotion) != emotion_to_score(record.get("emotion")):
                    if "emotion" in record:
                        self._conflict(
                            node.line,
                            f"moment {record['id']!r}: the journey's score says emotion "
                            f"{emotion}; the journey is kept",
                            node.column,
                        )
                    record.pop("emotion", None)
                    if emotion is not None:
                        record["emotion"] = emotion
            previous_stage = record["stage"]
        for task in tasks:
            self._left_out(
                self._task_line(task["title"]),
                f"journey task {task['title']!r} names no moment of the flowchart; it is left out",
                "add the moment to the flowchart's customer lane, or give the task its title",
            )

    def _actors_kept(self, moment_id: str, task: dict[str, Any]) -> None:
        """MM004 when a task lists other actors than the export wrote: they are not read back."""
        written = (self.meta.get("actors") or {}).get(moment_id)
        if not isinstance(written, list):  # a file exported before the actors were noted, or drawn by hand
            return
        was = ", ".join(name for name in (flat(str(actor)) for actor in written) if name)
        now = flat(str(task.get("description", "")).removeprefix("Actors: "))
        if now != was:
            self._left_out(
                self._task_line(task["title"]),
                f"moment {moment_id!r}: the journey lists its actors as {now!r}, the export wrote {was!r}; "
                "actors are not read back from the journey, so this change is left out",
                "the actors are the customer, the moment's channels and the frontstage steps that serve it: "
                "edit them in the flowchart (a step in the frontstage lane, with -.-> to the moment; the "
                "channels in the moment's ⇄ line)",
            )

    def _task_line(self, title: str) -> int:
        """The line of the journey task titled ``title`` (1 if it cannot be found)."""
        for number, line in enumerate(self.text_lines, 1):
            name = line.split("%%", 1)[0].partition(":")[0]
            if line.startswith("    ") and flat(decode_entities(name)) == flat(title):
                return number
        return 1

    def _edge_line(self, source: str) -> int:
        return next((e.line for e in self.chart.edges if self.real(e.source) == source), 1)

    def _flow(self, moments: list[dict[str, Any]]) -> None:
        ids = [m["id"] for m in moments]
        drawn: dict[str, list[str]] = {i: [] for i in ids}
        shown: dict[str, set[tuple[str, str]]] = {i: set() for i in ids}
        for edge in self.chart.edges:
            u, v = self.real(edge.source), self.real(edge.target)
            if u in drawn and v in drawn and edge.kind in ("flow", "dotted"):
                shown[u].add((v, edge.kind))
                if edge.kind == "flow" and v not in drawn[u]:
                    drawn[u].append(v)
        exported = self._exported_flow()
        data_order = [m["id"] for m in self.base.get("moments", [])]
        for position, moment in enumerate(moments):
            ident = moment["id"]
            implied = ids[position + 1 : position + 2]
            if ident in exported and exported[ident] == shown[ident]:
                was = data_order[data_order.index(ident) + 1 : data_order.index(ident) + 2]
                if moment.get("next") is not None or implied == was:
                    continue  # drawn as exported, and the file order still says the same
                moment["next"] = list(drawn[ident])
            elif drawn[ident] != (moment.get("next") if moment.get("next") is not None else implied):
                if ident in exported:
                    self._conflict(
                        self._edge_line(ident),
                        f"moment {ident!r}: the diagram's flow goes to "
                        f"{', '.join(drawn[ident]) or 'nothing'}; the diagram is kept",
                    )
                moment["next"] = list(drawn[ident])

    def _exported_flow(self) -> dict[str, set[tuple[str, str]]]:
        """The flow edges the export of the data lines draws: {moment: {(target, flow | dotted)}}."""
        from .load import read_text

        text = json.dumps(self.base | {"version": 1}, ensure_ascii=False)  # JSON is YAML
        # characters YAML reads as line breaks or refuses raw go in as escapes, as JSON allows
        loaded = read_text(_RAW_IN_YAML.sub(lambda c: f"\\u{ord(c.group()):04x}", text), self.source)
        if loaded.service is None:  # data lines that make no service: every flow comes from the diagram
            return {}
        result: dict[str, set[tuple[str, str]]] = {m: set() for m in loaded.service.moments}
        for u, v, data in loaded.service.graph.edges(data=True):
            if data["kind"] == "flow":
                result[u].add((v, "dotted" if data.get("closing") else "flow"))
        return result

    def _evidence(self, moments: list[dict[str, Any]], nodes: list[Node]) -> None:
        by_id = {m["id"]: m for m in moments}
        data = {e["id"]: e for m in self.base.get("moments", []) for e in m.get("physical_evidence", [])}
        attached: dict[str, list[dict[str, Any]]] = {m: [] for m in by_id}
        for node in nodes:
            ident = self.real(node.id)
            ends = [
                self.real(e.target if self.real(e.source) == ident else e.source)
                for e in self.chart.edges
                if e.kind == "line" and ident in (self.real(e.source), self.real(e.target))
            ]
            owner = next((m for m in ends if m in by_id), None)
            if owner is None:
                self._left_out(
                    node.line,
                    f"evidence {ident!r} is tied to no moment; it is left out",
                    f"tie it to its moment with a line: {node.id} --- MOMENT",
                    node.column,
                )
                continue
            attached[owner].append(self._record(node, data, "evidence"))
        for ident, moment in by_id.items():
            items = attached[ident]
            before = [e["id"] for e in moment.get("physical_evidence", [])]
            if [e["id"] for e in items] != before and sorted(e["id"] for e in items) == sorted(before):
                items.sort(key=lambda e: before.index(e["id"]))  # the diagram's order is its layout's
            if items:
                moment["physical_evidence"] = items
            else:
                moment.pop("physical_evidence", None)

    def _steps(self, lanes: dict[str, list[Node]], moments: set[str]) -> list[dict[str, Any]]:
        data = {s["id"]: s for s in self.base.get("steps", [])}
        nodes = [n for lane in ("frontstage", "backstage", "support") for n in lanes.get(lane, [])]
        step_ids = {self.real(n.id) for n in nodes}
        records: dict[str, dict[str, Any]] = {}
        for node in nodes:
            record = self._record(node, data, "step")
            ident = record["id"]
            if record.get("lane") not in (None, node.lane) and ident in data:
                self._conflict(
                    node.line,
                    f"step {ident!r} is in the {node.lane} lane in the diagram, "
                    f"{record['lane']} in the data line; the diagram is kept",
                    node.column,
                )
            record["lane"] = node.lane
            self._flags(record, node, _STEP_FLAGS, "step", data)
            # From a step, any arrow is a support: steps have no flow of their own, and a hand-drawn
            # blueprint often joins a frontstage action to its moment with a plain -->.
            targets = [
                self.real(e.target)
                for e in self.chart.edges
                if e.kind in ("dotted", "flow") and self.real(e.source) == ident
            ]
            targets = [t for t in dict.fromkeys(targets) if t in moments or t in step_ids]
            if set(targets) != set(record.get("supports", [])):
                if ident in data:
                    self._conflict(
                        node.line,
                        f"step {ident!r} supports {', '.join(targets) or 'nothing'} in "
                        "the diagram; the diagram is kept",
                        node.column,
                    )
                record["supports"] = targets
            if not record.get("supports"):  # a node drawn with no dotted edge has no supports at all
                self._left_out(
                    node.line,
                    f"step {ident!r} supports nothing; it is left out",
                    f"draw what it supports: {node.id} -.-> MOMENT",
                    node.column,
                )
                continue
            records[ident] = record
        for ident in data:
            if ident not in step_ids:
                self._left_out(
                    self.lines.get(ident, 1),
                    f"step {ident!r} is in the data lines but not in the diagram; it is left out",
                    "put its node back in its lane to keep it",
                )
        self._drop_orphans(records, moments)
        order = [i for i in data if i in records] + [i for i in records if i not in data]
        return [records[i] for i in order]

    def _drop_orphans(self, records: dict[str, dict[str, Any]], moments: set[str]) -> None:
        """Steps left supporting only steps that were left out are left out too (none points nowhere)."""
        dropped = True
        while dropped:
            dropped = False
            alive = set(records) | moments
            for ident, record in list(records.items()):
                record["supports"] = [t for t in record["supports"] if t in alive]
                if not record["supports"]:
                    del records[ident]
                    dropped = True
                    self._left_out(
                        self.lines.get(ident, 1),
                        f"step {ident!r} supports only what was left out; it is left out too",
                        "draw what it supports, or restore that node",
                    )
